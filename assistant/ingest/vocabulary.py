"""The words of a 绩效目标表 and what they mean to the reader (domain data: assistant/data/ingest_labels.json).

Every lookup takes a cell as printed and compares its `label_key` (NFKC, whitespace removed, outer
colons and asterisks dropped), so "项 目 名 称：" and "项目名称" are the same label. The data file says
where each group of words comes from; this module only builds the lookups.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.text import squash

_DATA = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "ingest_labels.json").read_text(encoding="utf-8")
)


@lru_cache(maxsize=32768)
def label_key(text: str) -> str:
    return squash(text).strip(":*")


def _keys(words: list[str]) -> list[str]:
    return [label_key(word) for word in words]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


# --- header fields -------------------------------------------------------------------------------

_FIELD_NAMES = (
    "project_name", "department", "budget_unit", "implementing_unit", "project_type", "start_date",
    "end_date", "period", "funds_block", "total", "annual_total", "mid_total", "issued", "fiscal",
    "annual_fiscal", "other", "carryover", "annual_goal", "overall_goal", "goal", "year", "region", "unit",
    "ignored",
)  # fmt: skip
FIELD_LABELS: dict[str, str] = {}
for _name in _FIELD_NAMES:
    for _key in _keys(_DATA["fields"][_name]):
        FIELD_LABELS.setdefault(_key, _name)
DEPARTMENT_LEVEL: dict[str, int] = {
    label_key(k): v for k, v in _DATA["fields"]["department_by_level"].items() if k != "about"
}
for _key in DEPARTMENT_LEVEL:
    FIELD_LABELS.setdefault(_key, "department")
# Fields whose labels may appear run into their value ("专项名称某某补助…"), longest first.
FIELD_PREFIXES: tuple[str, ...] = _longest_first([k for k, v in FIELD_LABELS.items() if len(k) >= 4])
FIELD_PREFIX = re.compile("|".join(map(re.escape, FIELD_PREFIXES)))

_PAREN_TAIL = re.compile(_DATA["field_patterns"]["paren_tail"])
UNIT_IN_LABEL = re.compile(_DATA["field_patterns"]["unit_in_label"])
_OF_WHICH = re.compile(r"^其中:?")


@lru_cache(maxsize=8192)
def field_of(text: str) -> str | None:
    """Which header field a label cell names ("项目资金 (万元)" → funds_block), or None."""
    key = label_key(text)
    if not key or len(key) > 24:
        return None
    bare = _PAREN_TAIL.sub("", key)
    for candidate in (key, bare, _OF_WHICH.sub("", key), _OF_WHICH.sub("", bare)):
        if candidate and (name := FIELD_LABELS.get(candidate)) is not None:
            return name
    if UNIT_IN_LABEL.fullmatch(key.replace("金额", "")):
        return "unit"
    return None


def department_level(text: str) -> int:
    """How local a 主管部门 label is (县级 3, 市级 2, 省级 1; any other 主管部门 label 4: the sheet's own)."""
    return DEPARTMENT_LEVEL.get(_PAREN_TAIL.sub("", label_key(text)), 4)


# --- indicator columns ---------------------------------------------------------------------------

COLUMN_ROLES: dict[str, str] = {}
for _role, _words in _DATA["columns"].items():
    if _role != "source":
        for _key in _keys(_words):
            COLUMN_ROLES.setdefault(_key, _role)
_COLUMN_PATTERNS = {
    role: re.compile(pattern) for role, pattern in _DATA["column_patterns"].items() if role != "about"
}
COLUMN_TITLES: tuple[str, ...] = _longest_first(list(COLUMN_ROLES))
# Titles of two characters or more, longest first (a regex alternation tries them in that order).
COLUMN_TITLE = re.compile("|".join(map(re.escape, [t for t in COLUMN_TITLES if len(t) >= 2])))


@lru_cache(maxsize=8192)
def column_role(text: str) -> str | None:
    """The role of an indicator column title ("计量单位" → unit, "2023年实际实现值" → history)."""
    key = label_key(text)
    if not key or len(key) > 16:
        return None
    if (role := COLUMN_ROLES.get(key)) is not None:
        return role
    if _COLUMN_PATTERNS["history"].search(key):
        return "history"
    if _COLUMN_PATTERNS["value"].search(key):
        return "value"
    if _COLUMN_PATTERNS["mid_term"].search(key):
        return "mid_term"
    bare = _PAREN_TAIL.sub("", key)
    if bare != key and (role := COLUMN_ROLES.get(bare)) is not None:
        return role
    return None


# --- labels that end a table, and page chrome ----------------------------------------------------

_STOP = _keys(_DATA["stop_labels"]["labels"])
_STOP_WITH_COLON = _keys(_DATA["stop_labels"]["with_colon"])
_STOP_RE = re.compile(
    rf"^(?:(?:{'|'.join(map(re.escape, _longest_first(_STOP)))})(?:$|[:：\s])"
    rf"|(?:{'|'.join(map(re.escape, _longest_first(_STOP_WITH_COLON)))})[:：])"
)
_STOP_PATTERNS = [re.compile(p) for p in _DATA["stop_labels"]["patterns"]]
CHROME_LABELS: frozenset[str] = frozenset(_keys(_DATA["chrome"]["labels"]))
PUBLISHER_LABELS: frozenset[str] = frozenset(_keys(_DATA["publisher_labels"]))
_CHROME_RE = re.compile(rf"^(?:{'|'.join(map(re.escape, _longest_first(list(CHROME_LABELS))))})\s*[:：|]")


def is_stop_label(cell: str) -> bool:
    """A signature or note label standing as a label: "填报人", "联系电话：…", "注：…" — not a name that
    starts with such a word ("联系电话接通率")."""
    text = unicodedata.normalize("NFKC", cell).strip()
    return bool(_STOP_RE.match(text)) or any(p.search(text) for p in _STOP_PATTERNS)


def is_chrome(cell: str) -> bool:
    """Page furniture: "索引号", "发布机构：…", "扫一扫" (a label of its own or followed by a colon)."""
    key = label_key(cell)
    return key in CHROME_LABELS or bool(_CHROME_RE.match(unicodedata.normalize("NFKC", cell).strip()))


# --- what an indicator cell is -------------------------------------------------------------------

_CELLS = _DATA["cells"]
DIRECTIONS: frozenset[str] = frozenset(_CELLS["direction"])
VALUE_TYPES: frozenset[str] = frozenset(_CELLS["value_type"])
STANDARDS: frozenset[str] = frozenset(_CELLS["standard"])
PLACEHOLDERS: frozenset[str] = frozenset(_CELLS["placeholders"])
COMPARATORS: tuple[str, ...] = _longest_first(_CELLS["comparators"])
DESCRIPTION_CUES: tuple[str, ...] = _longest_first(_CELLS["description_cues"])
RUN_TOGETHER_DESCRIPTION_STARTS: tuple[str, ...] = _longest_first(_CELLS["run_together_description_starts"])
SCORING = re.compile(_CELLS["scoring_pattern"])
NAME_HEADS: tuple[str, ...] = _longest_first(_CELLS["name_heads"])

_VAGUE = _DATA["vague_values"]
VAGUE_VALUE = re.compile(
    rf"(?:{'|'.join(map(re.escape, _longest_first(_VAGUE['degrees'])))})"
    rf"(?:{'|'.join(map(re.escape, _longest_first(_VAGUE['verbs'])))})"
)
VALUE_ONLY_DEGREES: tuple[str, ...] = _longest_first(_VAGUE["value_only_degrees"])
MEASURE_WORDS: tuple[str, ...] = _longest_first(_DATA["measure_words"]["words"])
_MEASURE = "|".join(map(re.escape, MEASURE_WORDS))
# A unit as printed after a number: a measure word, or several joined by "/" or "." (元/人/月, 元/人.每天).
UNIT = rf"(?:{_MEASURE})(?:\s*[/.·]\s*每?(?:{_MEASURE}))*"
UNIT_ONLY = re.compile(rf"^\s*(?:[≥≤=><≧≦]\s*)?(?:[(（]\s*)?(?:{UNIT})(?:\s*[)）])?\s*$")
