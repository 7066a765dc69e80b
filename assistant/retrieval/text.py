"""Text normalisation shared by indexing, search and the retrieval eval.

Chinese indicator text is matched on character n-grams, not words: research/tech.md §3 measured
char n-grams above jieba segmentation (domain terms like 调解案件数 split inconsistently).
"""

from __future__ import annotations

import re
import unicodedata

# Anything that is not a letter, digit or CJK character separates segments; n-grams never
# cross it, so "数量（件）" does not produce the junk bigram "量件".
_SEPARATORS = re.compile(r"[^\w]+|_+")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")


def normalize(text: str | None) -> str:
    """NFKC (full-width → half-width), lower case, stripped."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def segments(text: str | None) -> list[str]:
    return [part for part in _SEPARATORS.split(normalize(text)) if part]


def char_ngrams(text: str | None, sizes: tuple[int, ...] = (1, 2)) -> list[str]:
    """Character n-grams of every segment, with repeats (BM25 counts term frequency)."""
    grams: list[str] = []
    for segment in segments(text):
        for n in sizes:
            if n == 1:
                grams.extend(segment)
            else:
                grams.extend(segment[i : i + n] for i in range(len(segment) - n + 1))
    return grams


def name_key(name: str | None) -> str:
    """The key two indicator names share when they say the same thing ("满意度 " == "满意度")."""
    return "".join(segments(name))


def sentences(text: str | None, min_chars: int = 4) -> list[str]:
    """Split a goal paragraph into its clauses (。；! ? or line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if len(part.strip()) >= min_chars]
