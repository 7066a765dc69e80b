"""Cell text as extracted from PDFs, HTML, Excel and Word: clean it without losing what it says.

Every layout adapter turns its input into a grid of cell strings; these helpers remove the
extraction noise (HTML tags, Word bookmarks, template placeholders) the same way for all of them.
"""

from __future__ import annotations

import html
import re

Grid = list[list[str]]

CHECKED = "☑"
UNCHECKED = "☐"

_INPUT_TAG = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_WORD_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")

# Template leftovers: "指标1：", "指标2： .....", ".....", "……".
_PLACEHOLDER_TOKEN = r"(?:指标\s*\d+\s*[：:]|[.。…·．]{2,}|…)"
_PLACEHOLDER = re.compile(rf"^(?:\s|{_PLACEHOLDER_TOKEN})*$")
_LEADING_SLOT = re.compile(r"^\s*指标\s*\d+\s*[：:]\s*")
_TRAILING_SLOT = re.compile(
    r"\s*(?:指标\s*\d+\s*[：:]\s*)+(?:[.。…·．]{2,}|…)?\s*$|\s+(?:[.。…·．]{3,}|…+)\s*$"
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\xa0]+(?=[{_CJK}])")


def _checkbox(match: re.Match[str]) -> str:
    tag = match.group(0).lower()
    if "checkbox" not in tag and "radio" not in tag:
        return ""
    return f" {CHECKED} " if re.search(r"\bchecked\b", tag) else f" {UNCHECKED} "


def strip_markup(text: str) -> str:
    """HTML fragments and Word artefacts out, text in: "<p>目标</p>" → "目标"; checkboxes → ☑/☐."""
    if "<" in text:
        text = _INPUT_TAG.sub(_checkbox, text)
        text = _BREAK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "[bookmark:" in text:
        text = _WORD_BOOKMARK.sub("", text)
    return text


def clean_cell(text: str | None) -> str:
    """One cell as a person reads it: markup removed, outer whitespace trimmed (inner kept)."""
    if not text:
        return ""
    text = strip_markup(str(text))
    text = _MARKDOWN_HEADING.sub("", text)
    return text.strip()


def is_placeholder(text: str) -> bool:
    """A template slot nobody filled in ("指标1：", "指标2： .....", "....."): never an indicator."""
    return bool(_PLACEHOLDER.match(text))


def strip_slot_markers(text: str) -> str:
    """Remove the form's "指标1：" prefix and a trailing empty "指标2： ....." slot from a filled cell."""
    text = _LEADING_SLOT.sub("", text)
    text = _TRAILING_SLOT.sub("", text)
    return text.strip()


def join_cjk_breaks(text: str) -> str:
    """Remove line-break spaces inside Chinese words ("（特 约调解）" → "（特约调解）"); keep other spaces."""
    return _SPACE_BETWEEN_CJK.sub("", text).strip()
