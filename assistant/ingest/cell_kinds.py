"""What a cell of an indicator row is, and which column it belongs to.

A row's cells are read by what they are — a target value, a bare number (a value or a weight), a
unit, a comparator, a direction (正向/反向), a value type (定量/定性), a value basis (计划标准…), a
description ("反映…"), a scoring rule ("…得10分"), or plain text (a name, a qualitative target, a
remark) — and placed into the table's columns in order: `align` finds the placement, left to right,
that fits the cells' kinds best, leaving out the columns a compacted row has no cell for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.ingest.vocabulary import (
    COMPARATORS,
    DESCRIPTION_CUES,
    DIRECTIONS,
    SCORING,
    STANDARDS,
    UNIT_ONLY,
    VAGUE_VALUE,
    VALUE_TYPES,
)
from assistant.schema import MEASURABLE_KINDS
from assistant.values import parse_value

_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")
_BLANKS = frozenset({"-", "—", "/", "——", "－", "--"})


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> str:
    text = text.strip()
    if not text or text in _BLANKS:
        return "blank"
    if text in COMPARATORS:
        return "comparator"
    if text in DIRECTIONS:
        return "direction"
    if text in VALUE_TYPES:
        return "value_type"
    if text in STANDARDS:
        return "standard"
    if _NUMBER.match(text):
        return "number"
    if UNIT_ONLY.match(text):
        return "unit"
    if SCORING.search(text) and len(text) > 4:
        return "scoring"
    if text.startswith(DESCRIPTION_CUES) and len(text) > 4:
        return "desc"
    if parse_value(text).kind in MEASURABLE_KINDS and len(text) <= 30:
        return "value"
    if VAGUE_VALUE.match(text) and len(text) <= 8:
        return "value"
    return "text"


def _weight_like(text: str) -> bool:
    try:
        number = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        return False
    return 0 <= number <= 100


# How well a cell of each kind fits a column of each role (0: not at all).
_FIT: dict[str, dict[str, float]] = {
    "value": {
        "value": 4,
        "number": 3.5,
        "text": 2.2,
        "unit": 1.2,
        "comparator": 1,
        "desc": 0.5,
        "scoring": 0.2,
    },
    "mid_term": {"value": 3, "number": 3, "text": 1.5, "unit": 0.5},
    "other": {"value": 3, "number": 3, "text": 1.5, "unit": 0.5, "desc": 0.5},
    "history": {"value": 3, "number": 3, "text": 1.2},
    "desc": {"desc": 4, "text": 2, "scoring": 1.5, "value": 0.5, "number": 0.2},
    "unit": {"unit": 4, "number": 0.6, "text": 0.3},
    "comparator": {"comparator": 4, "direction": 1},
    "direction": {"direction": 4, "comparator": 2, "value_type": 1},
    "weight": {"number": 3, "value": 0.3},
    "value_type": {"value_type": 4},
    "scoring": {"scoring": 4, "text": 1.5, "desc": 1.5},
    "standard": {"standard": 4, "text": 1.5, "desc": 1.2},
    "remark": {"text": 1, "desc": 0.8, "value": 0.5, "number": 0.5, "standard": 0.5},
    "goal_name": {"text": 1.5},
    "index": {"number": 1},
}
_LEFTOVER = -1.0
BLANK_FIT = 0.3


def fit(text: str, role: str) -> float:
    kind = cell_kind(text)
    if kind == "blank":
        return BLANK_FIT
    score = _FIT.get(role, {}).get(kind, 0.0)
    if role == "weight" and kind == "number" and not _weight_like(text):
        return 0.2
    return score


def placement_score(cells: list[str], roles: list[str | None]) -> float:
    """How well cells fit the roles they stand in (None: a cell left over)."""
    return sum(
        _LEFTOVER if role is None else fit(cell, role) for cell, role in zip(cells, roles, strict=True)
    )


def align(cells: list[str], roles: list[str]) -> list[int | None]:
    """For each cell (in order), the index of the role it fills, or None for a cell left over.

    Roles are filled left to right, each by at most one cell; a role may stay empty (a compacted
    row has no cell for it). The placement with the best total fit wins; ties keep cells left."""
    n, m = len(cells), len(roles)
    neg = float("-inf")
    # best[i][j]: best score with the first i cells placed among the first j roles
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step: list[list[str | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(m + 1):
            options: list[tuple[float, str]] = []
            if j and best[i][j - 1] > neg:
                options.append((best[i][j - 1], "skip-role"))
            if j and best[i - 1][j - 1] > neg:
                score = fit(cells[i - 1], roles[j - 1])
                if score > 0:
                    options.append((best[i - 1][j - 1] + score, "place"))
            if best[i - 1][j] > neg:
                options.append((best[i - 1][j] + _LEFTOVER, "leftover"))
            if options:
                best[i][j], step[i][j] = max(options, key=lambda o: o[0])
    placement: list[int | None] = [None] * n
    i, j = n, m
    while i > 0:
        move = step[i][j]
        if move == "skip-role":
            j -= 1
        elif move == "place":
            placement[i - 1] = j - 1
            i, j = i - 1, j - 1
        else:
            i -= 1
    return placement
