"""Last year's sheet: which one it is, and which of its rows each row of this year's sheet continues.

Most projects recur, so a reviewer's first question is "what changed from last year?". The rules of
rules/history.py (H01–H04) answer it from what this module pairs up:
- `find_previous(sheet, candidates)`: the same unit's same project of an earlier year among sheets
  (a `--previous` file, a batch's previous-year folder, or the corpus);
- `pair_rows(sheet, previous)`: this year's row → last year's row it continues (same name, or a near
  one in the same 二级), each of last year's rows used once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.names import normalize_pair
from assistant.schema import Sheet
from assistant.text import dice, squash

# Two project names are the same project above this similarity (years and numbers removed).
SAME_PROJECT = 0.75
# Two indicator names are the same indicator above this similarity (same 二级), or when equal.
SAME_INDICATOR = 0.6

_YEAR = re.compile(r"(19|20)\d{2}\s*年?度?")
_CODE = re.compile(r"^[\[【(（]?[\d\-]+[\]】)）]?[-—\s]*|[\[【][^\]】]*[\]】]")
_NOISE = re.compile(r"[\d\s\-—_（）()【】\[\]“”\"'、，,。.]+")


def project_key(name: str | None) -> str:
    """A project name without years, numbers and punctuation: "2024年社区矫正经费" → "社区矫正经费"."""
    return _NOISE.sub("", _YEAR.sub("", squash(name)))


def unit_key(sheet: Sheet) -> str:
    """The unit a sheet belongs to, without the codes systems print ("[055]", "404-")."""
    unit = squash(sheet.implementing_unit or sheet.department or "")
    return _CODE.sub("", unit)


def _year(sheet: Sheet) -> int | None:
    return sheet.year or (sheet.end_date.year if sheet.end_date else None)


def same_project(sheet: Sheet, other: Sheet) -> bool:
    mine, theirs = unit_key(sheet), unit_key(other)
    if mine and theirs and mine != theirs:
        return False
    a, b = project_key(sheet.project_name), project_key(other.project_name)
    if not a or not b:
        return False
    # Without a unit on both sides only a near-identical name is the same project.
    floor = SAME_PROJECT if mine and theirs else 0.9
    return a == b or dice(a, b) >= floor


def find_previous(sheet: Sheet, candidates: Iterable[Sheet]) -> Sheet | None:
    """The latest earlier-year sheet of the same unit's same project, or None."""
    year = _year(sheet)
    if year is None:
        return None
    best: Sheet | None = None
    for other in candidates:
        other_year = _year(other)
        if other_year is None or other_year >= year or other is sheet:
            continue
        if not same_project(sheet, other):
            continue
        best_year = _year(best) if best is not None else None
        if best is None or (best_year is not None and other_year > best_year):
            best = other
    return best


@dataclass(frozen=True)
class RowPair:
    now: int  # index in this year's sheet
    before: int  # index in last year's sheet
    same_name: bool


def pair_rows(sheet: Sheet, previous: Sheet) -> list[RowPair]:
    """This year's rows paired with the rows of last year they continue (greedy, best match first)."""
    now = [
        (i, squash(ind.name), normalize_pair(ind.level1, ind.level2)[1])
        for i, ind in enumerate(sheet.indicators)
    ]
    before = [
        (j, squash(ind.name), normalize_pair(ind.level1, ind.level2)[1])
        for j, ind in enumerate(previous.indicators)
    ]
    candidates: list[tuple[float, int, int, bool]] = []
    for i, name, level2 in now:
        if not name:
            continue
        for j, old, old_level2 in before:
            if not old:
                continue
            if name == old:
                candidates.append((2.0, i, j, True))
            elif level2 == old_level2 and (score := dice(name, old)) >= SAME_INDICATOR:
                candidates.append((score, i, j, False))
    pairs: list[RowPair] = []
    used_now: set[int] = set()
    used_before: set[int] = set()
    for _, i, j, same in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_now or j in used_before:
            continue
        used_now.add(i)
        used_before.add(j)
        pairs.append(RowPair(i, j, same))
    return sorted(pairs, key=lambda p: p.now)


@dataclass
class PreviousSheets:
    """Last year's sheets to compare with, looked up by project and unit (a batch's --previous folder).

    `always`: the one sheet a user named as last year's (`--previous last.xlsx`), used for every sheet
    whatever its name says."""

    sheets: list[Sheet]
    always: Sheet | None = None

    def __post_init__(self) -> None:
        self._by_project: dict[str, list[Sheet]] = {}
        self._by_unit: dict[str, list[Sheet]] = {}
        for s in self.sheets:
            self._by_project.setdefault(project_key(s.project_name), []).append(s)
            if key := unit_key(s):
                self._by_unit.setdefault(key, []).append(s)

    def previous_of(self, sheet: Sheet) -> Sheet | None:
        if self.always is not None:
            return self.always
        candidates = list(self._by_project.get(project_key(sheet.project_name), ()))
        if key := unit_key(sheet):
            candidates += self._by_unit.get(key, ())
        return find_previous(sheet, candidates)
