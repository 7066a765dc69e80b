"""The header part of a form (项目名称 … 年度总体目标): recognise labels by meaning, read their values.

Labels are recognised by what they say, never by column position, because PDF extraction shifts
columns. A label's value is the next non-empty cell on its row that is not itself a label; goal
texts, whose header row is printed above them, are read from the row below.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from assistant.ingest.cells import CHECKED, UNCHECKED, join_cjk_breaks
from assistant.text import squash
from assistant.values import parse_number

# field name → label pattern, matched against the label with whitespace removed and NFKC applied.
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("project_name", r"项目名称"),
    ("department", r"主管部门|主管单位|主管部门名称|主管部门及代码"),
    ("implementing_unit", r"实施单位|项目实施单位|实施单位名称|预算单位|项目单位"),
    ("project_type", r"项目类别|项目性质|项目类型|项目属性"),
    ("start_date", r"计划开始日期|计划开始时间|项目开始日期|开始日期|开始时间"),
    ("end_date", r"计划完成日期|计划完成时间|计划结束日期|项目完成日期|完成日期|结束日期"),
    ("period", r"项目期限|实施期限|项目起止时间|起止时间|项目实施期"),
    ("funds_block", r"项目资金|资金情况|项目资金情况|预算规模及资金用途|资金来源"),
    ("total", r"项目资金总额|资金总额|项目总金额|项目总投资|预算数|预算金额|项目预算"),
    ("annual_total", r"年度资金申请总额|年度资金总额|年度预算数|本年度资金|年度资金"),
    ("fiscal", r"(其中:?)?(财政资金|财政拨款|财政性资金)"),
    ("annual_fiscal", r"(其中:?)?(当年财政拨款|本年财政拨款)"),
    ("other", r"(其中:?)?(其他资金|其它资金|自筹资金)"),
    ("carryover", r"(其中:?)?上年结转资金|(其中:?)?上年结转"),
    ("annual_goal", r"年度总体目标|年度总目标|年度目标|年度绩效目标|当年目标"),
    ("overall_goal", r"项目总目标|总体目标|总目标|实施期目标|实施期总目标|中长期目标|项目总体目标"),
    ("goal", r"绩效目标"),
    ("year", r"预算年度|申报年度|项目年度|年度"),
    ("region", r"项目绩效目标|绩效指标|资金用途|年度绩效指标"),
    ("unit", r"单位:?(万元|元)|金额单位:?(万元|元)"),
)
_FIELD_RES = tuple((name, re.compile(rf"^(?:{pattern})$")) for name, pattern in _FIELD_PATTERNS)

_UNIT_IN_LABEL = re.compile(r"[(（]\s*(万元|元)\s*[)）]|单位\s*[:：]\s*(万元|元)")
_PAREN_TAIL = re.compile(r"[(（][^()（）]*[)）]\s*$")
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_MONTH = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})(?!\d)")
_YEAR_TITLE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*度")
_YEAR_ANY = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年(?!\s*[-~～至到]\s*(?:20|19)\d{2})")
_BUDGET_UNIT_LINE = re.compile(r"^\d{6}\s*(\S.*)$")
_TITLE = re.compile(r"绩效目标.{0,6}表")


def label_key(text: str) -> str:
    return squash(text).strip(":*")


@lru_cache(maxsize=4096)
def field_of(text: str) -> str | None:
    """Which header field a label cell names ("项目资金 (万元)" → funds_block), or None."""
    key = label_key(text)
    if not key or len(key) > 24:
        return None
    bare = _PAREN_TAIL.sub("", key)
    for candidate in (key, bare):
        for name, pattern in _FIELD_RES:
            if pattern.match(candidate):
                return name
    return None


def unit_in(text: str) -> str | None:
    match = _UNIT_IN_LABEL.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
    if not match:
        return None
    return match.group(1) or match.group(2)


def parse_date(text: str | None, end_of_month: bool = False) -> date | None:
    """ "2023年1月1日", "2023-01-01", "2023.1.1"; a month alone ("2023年12月") is its first day,
    or its last day when `end_of_month` (the end of a period)."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    match = _DATE.search(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        month = _MONTH.search(text)
        if not month:
            return None
        year, number = int(month.group(1)), int(month.group(2))
        day = calendar.monthrange(year, number)[1] if end_of_month else 1
        return date(year, number, day)
    except ValueError:
        return None


def title_year(text: str) -> int | None:
    """The budget year a title states: "(2023年度)", "（ 2023 年度）"."""
    match = _YEAR_TITLE.search(unicodedata.normalize("NFKC", text))
    return int(match.group(1)) if match else None


def latest_year(text: str) -> int | None:
    """The latest year a document mentions ("2024年12月31日前", "2024年提前下达"), ranges' ends excluded.

    Used only when a form has no year field: budget documents name earlier years (the
    documents they cite) but not later ones, so the latest year is the budget year.
    """
    years = [int(y) for y in _YEAR_ANY.findall(unicodedata.normalize("NFKC", text))]
    return max(years) if years else None


def checked_option(text: str) -> str | None:
    """The ticked option of a checkbox cell, or None when the cell has no boxes.

    HTML forms put the box after its label ("专项资金 ☑ 经常性项目 ☐"); glyph forms put it
    before ("☑专项资金 □经常性项目"). A cell that starts with a box is read box-first.
    """
    marks = f"{CHECKED}{UNCHECKED}"
    if CHECKED not in text and UNCHECKED not in text:
        return None
    stripped = text.strip()
    parts = re.split(f"([{marks}])", stripped)
    box_first = stripped[0] in marks
    options: list[tuple[str, bool]] = []
    if box_first:
        for i in range(1, len(parts) - 1, 2):
            options.append((parts[i + 1].strip(), parts[i] == CHECKED))
    else:
        for i in range(0, len(parts) - 1, 2):
            options.append((parts[i].strip(), parts[i + 1] == CHECKED))
    chosen = [label for label, ticked in options if ticked and label]
    return "、".join(chosen) if chosen else ""


def is_title(text: str) -> bool:
    return bool(_TITLE.search(text))


def budget_unit(text: str) -> str | None:
    """A budget-unit line "343101天津市滨海新区司法局" → the unit's name, its code removed."""
    match = _BUDGET_UNIT_LINE.match(text.strip())
    return match.group(1).strip() if match else None


@dataclass
class HeaderFields:
    """What the header rows of one form say, before it becomes a Sheet."""

    values: dict[str, str] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)
    unit: str | None = None
    year: int | None = None
    goals: dict[str, str] = field(default_factory=dict)
    other_funds: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def money(self, key: str, scale: float) -> float | None:
        number = parse_number(self.values.get(key))
        return None if number is None else round(number * scale, 2)


def read_header(rows: list[list[str]], preamble: list[list[str]]) -> HeaderFields:
    """Read the header fields of one form from its preamble (title lines) and header rows."""
    found = HeaderFields()
    for row in preamble:
        for cell in row:
            if not cell:
                continue
            if found.year is None:
                found.year = title_year(cell)
            if found.unit is None and (unit := unit_in(cell)) and field_of(cell) in ("unit", None):
                found.unit = unit
            if "budget_unit" not in found.values and (unit_name := budget_unit(cell)):
                found.values["budget_unit"] = join_cjk_breaks(unit_name)
            if "title" not in found.values and is_title(cell):
                found.values["title"] = cell
    pending_goals: list[tuple[int, str]] = []
    for row in rows:
        cells = [(col, cell) for col, cell in enumerate(row) if cell]
        if not cells:
            continue
        if pending_goals and _read_goal_row(cells, pending_goals, found):
            pending_goals = []
            continue
        pending_goals = []
        if all(field_of(cell) is None and _inline_field(cell) is None for _, cell in cells):
            stray = [cell for _, cell in cells if not title_year(cell) and not is_title(cell)]
            if stray:
                text = "；".join(stray)
                shown = text if len(text) <= 60 else text[:60] + "…"
                found.notices.append(f"表头中有未能归入任何字段的内容：「{shown}」")
            elif found.year is None:
                found.year = next((y for _, cell in cells if (y := title_year(cell))), None)
            continue
        for position, (col, cell) in enumerate(cells):
            name = field_of(cell)
            if name is None:
                if (inline := _inline_field(cell)) is not None:
                    name, text = inline
                    _store(found, name, text)
                elif found.year is None:
                    found.year = title_year(cell)
                continue
            if (unit := unit_in(cell)) and found.unit is None:
                found.unit = unit
            value = _value_after(cells, position)
            if name in ("overall_goal", "annual_goal"):
                if value is None:
                    pending_goals.append((col, name))
                else:
                    found.goals.setdefault(name, value)
            elif name == "funds_block":
                # "项目资金（万元） | 120": a funds label with an amount and no breakdown.
                if value is not None and parse_number(value) is not None:
                    found.values.setdefault("funds_block", value)
            elif name in ("region", "unit", "carryover"):
                continue
            elif value is not None:
                _store(found, name, value)
    return found


_INLINE = re.compile(r"^([^:：]{2,12})[:：]\s*(\S.*)$", re.DOTALL)


def _inline_field(cell: str) -> tuple[str, str] | None:
    """ "项目名称：法律援助经费" — a label and its value in one cell (Word paragraphs often do this)."""
    match = _INLINE.match(cell)
    if not match:
        return None
    name = field_of(match.group(1))
    if name is None or name in ("region", "unit", "funds_block", "carryover", "overall_goal", "annual_goal"):
        return None
    return name, match.group(2).strip()


def _store(found: HeaderFields, name: str, value: str) -> None:
    if name == "year":
        if found.year is None and (match := re.search(r"(19|20)\d{2}", value)):
            found.year = int(match.group(0))
    elif name == "project_type":
        option = checked_option(value)
        found.types.append(value if option is None else option)
    elif name == "other":
        found.other_funds.append(value)
    elif name == "goal":
        found.goals.setdefault("goal", value)
    else:
        found.values.setdefault(name, value)


def _value_after(cells: list[tuple[int, str]], position: int) -> str | None:
    if position + 1 >= len(cells):
        return None
    candidate = cells[position + 1][1]
    if field_of(candidate) is not None:
        return None
    return candidate


def _read_goal_row(cells: list[tuple[int, str]], headers: list[tuple[int, str]], found: HeaderFields) -> bool:
    """The row under a goal header row holds the goal texts; match them to headers by column."""
    texts = [(col, cell) for col, cell in cells if field_of(cell) is None]
    if not texts:
        return False
    if len(texts) == len(headers):
        pairs = [(name, text) for (_, name), (_, text) in zip(headers, texts, strict=True)]
    else:
        pairs = []
        for col, text in texts:
            left = [h for h in headers if h[0] <= col] or headers[:1]
            pairs.append((left[-1][1], text))
    for name, text in pairs:
        if name in found.goals:
            found.goals[name] += "\n" + text
        else:
            found.goals[name] = text
    return True
