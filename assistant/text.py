"""Text primitives every capability shares: normalisation, character n-grams, Dice, Chinese numerals.

One implementation of each. Chinese indicator text is matched on characters, not words
(research/tech.md §3 measured character n-grams above jieba segmentation: domain terms like
调解案件数 split inconsistently), so every similarity in the product is built from `ngrams`.

This module imports nothing from the package: it is the bottom of the kernel (text ← values ←
schema ← everything else).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- normalisation -----------------------------------------------------------------------------

# ASCII comparators drafters type for ≥/≤, in every order they are typed in.
_ASCII_COMPARATORS: tuple[tuple[str, str], ...] = ((">=", "≥"), ("<=", "≤"), ("=>", "≥"), ("=<", "≤"))
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """NFKC (full-width → half-width, ≧ stays ≧) and ASCII comparators folded to ≥/≤; spaces kept."""
    text = unicodedata.normalize("NFKC", text or "")
    for ascii_sign, sign in _ASCII_COMPARATORS:
        text = text.replace(ascii_sign, sign)
    return text


@lru_cache(maxsize=65536)
def squash(text: str | None) -> str:
    """`fold`, then all whitespace removed: how names, values and labels are compared
    (PDF extraction breaks words with spaces; "≥ 90 %" and "≥90%" say the same)."""
    return _SPACE.sub("", fold(text))


def lower(text: str | None) -> str:
    """`fold`, lower-cased and stripped, spaces kept: the form search tokenises (spaces separate)."""
    return fold(text).lower().strip()


# Anything that is not a letter, digit or CJK character separates segments; n-grams never
# cross it, so "数量（件）" does not produce the junk bigram "量件".
_SEPARATORS = re.compile(r"[^\w]+|_+")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")
_PUNCT = re.compile(r"[，,。．.、；;：:！!？?“”\"'‘’（）()\[\]【】《》<>{}·\-—_/\\|~～…]+")


def segments(text: str | None) -> list[str]:
    """The runs of letters, digits and CJK characters of `lower(text)`."""
    return [part for part in _SEPARATORS.split(lower(text)) if part]


def sentences(text: str | None, min_chars: int = 4) -> list[str]:
    """Split a goal paragraph into its clauses (。；! ? or line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if len(part.strip()) >= min_chars]


def name_key(name: str | None) -> str:
    """The key two indicator names share when they say the same thing ("满意度 " == "满意度")."""
    return "".join(segments(name))


# --- character n-grams -------------------------------------------------------------------------


def ngrams(text: str, n: int) -> list[str]:
    """The character n-grams of text, in order, with repeats."""
    return [text[i : i + n] for i in range(len(text) - n + 1)]


def segment_ngrams(text: str | None, sizes: tuple[int, ...] = (1, 2)) -> list[str]:
    """N-grams of every segment, with repeats (BM25 counts term frequency); none crosses punctuation."""
    return [gram for segment in segments(text) for n in sizes for gram in ngrams(segment, n)]


def padded_ngrams(text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """N-grams of "^text$", so a gram can also say "starts with" or "ends with" (the 二级 model)."""
    padded = f"^{text}$"
    return [gram for n in sizes for gram in ngrams(padded, n)]


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    """The set of bigrams of text with punctuation removed (a one-character text is its own gram)."""
    text = _PUNCT.sub("", text)
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(ngrams(text, 2))


def dice_of(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice coefficient of two gram sets."""
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def dice(a: str, b: str) -> float:
    """Bigram Dice similarity of two texts, 0–1: the product's one notion of "similar names"."""
    return dice_of(bigrams(a), bigrams(b))


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


_CJK_RUN = re.compile("[\u4e00-\u9fff]{2,}")


def cjk_bigrams(text: str) -> frozenset[str]:
    """Bigrams of two Chinese characters (digits, Latin letters and punctuation carry no topic)."""
    # Runs of Chinese characters found by the regex engine: the critic asks this of every row name
    # and every project text, and a per-character test in Python was a tenth of its time.
    return frozenset(run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1))


# --- Chinese numerals ----------------------------------------------------------------------------

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "[一二两三四五六七八九十]+"  # a run of numeral characters, for regexes


def chinese_numeral(token: str) -> int | None:
    """ "三" → 3, "十二" → 12, "二十" → 20, "二十三" → 23; None for anything else ("十十", "一二")."""
    if "十" in token:
        tens, _, ones = token.partition("十")
        if (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS) or len(tens) > 1:
            return None
        return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0)
    return CN_DIGITS.get(token)
