"""The header part of a form (项目名称 … 年度总体目标): recognise labels by meaning, read their values.

Labels are recognised by what they say (the label table in assistant/data/ingest_labels.json), never
by column position, because PDF extraction shifts columns. A label's value is the next non-empty cell
on its row that is not itself a label, or, for a label standing alone at the end of its row (one cell
per line, cells run together), the cell on the next row; a unit printed between a label and its value
("资金总额 / (万元) / 380") is the unit. Goal texts, whose header row is printed above them, are read
from the row below. Codes printed with a department or unit ("[305]", "【305012】", "305-", "305_",
"(305)") are removed from its name.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from assistant.ingest.cells import CHECKED, UNCHECKED, join_cjk_breaks
from assistant.ingest.vocabulary import (
    PUBLISHER_LABELS,
    UNIT_IN_LABEL,
    department_level,
    is_chrome,
    label_key,
)
from assistant.ingest.vocabulary import field_of as _field_of
from assistant.values import parse_number

__all__ = [
    "HeaderFields",
    "budget_unit",
    "checked_option",
    "field_of",
    "is_title",
    "label_key",
    "latest_year",
    "parse_date",
    "read_header",
    "strip_code",
    "title_year",
    "unit_in",
]

field_of = _field_of

_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_MONTH = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})(?!\d)")
_YEAR_IN_TITLE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*度")
_YEAR_ANY = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年(?!\s*[-~～至到—]\s*(?:20|19)\d{2})")
_BUDGET_UNIT_LINE = re.compile(r"^\d{6}\s*(\S.*)$")
_TITLE = re.compile(r"绩效目标.{0,8}表|绩效目标设定|绩效目标公开|绩效目标申报|绩效(?:评价)?指标表")
# The budget year in a title: "某部门2019年项目支出…表", "2024项目支出…表" (not a fund's batch year:
# "2023年第二批…资金…表").
_TITLE_YEAR = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})(?!\d)\s*(?:年度|年?\s*(?:项目支出|部门预算|部门项目|预算))"
)
# A code printed before a department or unit: "[305]", "【305012】", "(305)", "305-", "305_", "305".
_CODE = re.compile(
    r"^\s*(?:[\[【(（]\s*[\dA-Za-z]{2,}\s*[\]】)）]|\d{2,}\s*[-_—－]|\d{3,}(?=[\u4e00-\u9fff]))\s*"
)
# Rows of a unit's project list: "201003某某学校12.00" (code, name, amount).
_CODE_NAME_AMOUNT = re.compile(r"^\s*(\d{3,})\s*(\D.*?)\s*(\d[\d,]*(?:\.\d+)?)\s*$")
_UNIT_CELL = re.compile(r"^[(（]\s*(万元|元)\s*[)）]$")
_MONEY_FIELDS = ("total", "annual_total", "mid_total", "issued", "fiscal", "annual_fiscal", "funds_block")
_GOALS = ("overall_goal", "annual_goal")
_NO_VALUE = ("region", "unit", "carryover", "ignored")


def unit_in(text: str) -> str | None:
    match = UNIT_IN_LABEL.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
    if not match:
        return None
    return match.group(1) or match.group(2)


def strip_code(text: str) -> str:
    """ "[305]某省教育厅" → "某省教育厅"; a name without a code is returned as it is."""
    stripped = _CODE.sub("", text, count=1).strip()
    return stripped or text


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
    """The budget year a title states: "(2023年度)", "（ 2023 年度）", "(2021年)", "(2020)年度"."""
    text = unicodedata.normalize("NFKC", text)
    match = _YEAR_IN_TITLE.search(text)
    if match:
        return int(match.group(1))
    if is_title(text) and (match := _TITLE_YEAR.search(text)):
        return int(match.group(1))  # "某部门2019年项目支出预算绩效目标表"
    key = "".join(text.split())
    match = re.fullmatch(r"[(（]?(20\d{2}|19\d{2})[)）]?年度?[)）]?", key)
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
    """A form's title ("某某项目绩效目标表", "…绩效目标设定"), not a sentence that mentions one."""
    stripped = text.strip()
    return bool(_TITLE.search(stripped)) and "。" not in stripped and not stripped.endswith((":", "："))


def budget_unit(text: str) -> str | None:
    """A budget-unit line "343101某区司法局" → the unit's name, its code removed."""
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
    department_level: int = 0
    funds_unit: bool = False  # the unit came from a funds label
    titles: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # long texts of the header (overview, goals)

    def money(self, key: str, scale: float) -> float | None:
        raw = self.values.get(key)
        number = parse_number(raw)
        if number is None:
            return None
        own = unit_in(raw or "") or ("万元" if raw and re.search(r"\d\s*万元", raw) else None)
        if own is not None:  # "75万元": the amount says its own unit
            scale = 10000.0 if own == "万元" else 1.0
        return round(number * scale, 2)


def read_header(rows: list[list[str]], preamble: list[list[str]]) -> HeaderFields:
    """Read the header fields of one form from its preamble (title lines) and header rows."""
    found = HeaderFields()
    for row in preamble:
        for cell in row:
            _read_preamble_cell(found, cell)
    _read_unit_list(rows, found)
    entries = [(r, col, cell) for r, row in enumerate(rows) for col, cell in enumerate(row) if cell]
    row_sizes: dict[int, int] = {}
    for r, _, _ in entries:
        row_sizes[r] = row_sizes.get(r, 0) + 1
    pending_goals: list[tuple[int, str]] = []
    pending_row = -1
    used: set[int] = set()
    for i, (r, col, cell) in enumerate(entries):
        if i in used:
            continue
        if pending_goals and r != pending_row:
            texts = [
                (c, text) for k, (rr, c, text) in enumerate(entries) if rr == r and field_of(text) is None
            ]
            if texts and all(field_of(text) is None for rr, _, text in entries if rr == r):
                _store_goals(texts, pending_goals, found)
                used.update(k for k, (rr, _, _) in enumerate(entries) if rr == r)
                pending_goals = []
                continue
            pending_goals = []
        name = field_of(cell)
        if name is None:
            if (inline := _inline_field(cell)) is not None:
                label, inline_value = inline
                text_value, rest = _value_before_next_label(inline_value)
                _store(found, field_of(label) or "", text_value, label)
                if rest and (unit := unit_in(rest)) and found.unit is None:
                    found.unit = unit
            elif is_chrome(cell):
                _read_chrome(cell, entries, i, used, found)
            else:
                _read_stray(found, cell, row_sizes[r] == 1)
            continue
        if (unit := unit_in(cell)) and (
            found.unit is None or (name in _MONEY_FIELDS and not found.funds_unit)
        ):
            # the unit printed in a funds label ("资金情况(万元)") is the amounts' own, whatever a
            # "单位：元" line above the sheet says
            if name in _MONEY_FIELDS or name == "funds_block":
                found.funds_unit = True
            found.unit = unit
        value_at = _value_at(entries, i, row_sizes)
        value: str | None = None
        if value_at is not None:
            for k in range(i + 1, value_at):
                if (unit := unit_in(entries[k][2])) and found.unit is None:
                    found.unit = unit
                used.add(k)
            value = entries[value_at][2]
        if name in _GOALS:
            if value is None or _is_heading_row(entries, i):
                pending_goals.append((col, name))
                pending_row = r
            else:
                used.add(value_at)  # type: ignore[arg-type]
                found.goals.setdefault(name, value)
                found.texts.append(value)
            continue
        if name == "funds_block":
            # "项目资金（万元） | 120": a funds label with an amount and no breakdown.
            if value is not None and parse_number(value) is not None and _plain_amount(value):
                found.values.setdefault("funds_block", value)
                used.add(value_at)  # type: ignore[arg-type]
            continue
        if name in _NO_VALUE or value is None:
            if name == "ignored" and value is not None and len(value) > 20:
                found.texts.append(value)
            if name == "ignored" and value is not None:
                used.add(value_at)  # type: ignore[arg-type]
            continue
        used.add(value_at)  # type: ignore[arg-type]
        _store(found, name, value, cell)
    return found


def _read_preamble_cell(found: HeaderFields, cell: str) -> None:
    if not cell:
        return
    if found.year is None:
        found.year = title_year(cell)
    if found.unit is None and (unit := unit_in(cell)) and field_of(cell) in ("unit", None):
        found.unit = unit
    if "budget_unit" not in found.values and (unit_name := budget_unit(cell)):
        found.values["budget_unit"] = join_cjk_breaks(unit_name)
    if is_title(cell):
        found.titles.append(cell)
        found.values.setdefault("title", cell)
    if is_chrome(cell) and (inline := _colon_pair(cell)) and label_key(inline[0]) in PUBLISHER_LABELS:
        found.values.setdefault("publisher", inline[1])


def _read_stray(found: HeaderFields, cell: str, alone: bool) -> None:
    if found.year is None and (year := title_year(cell)):
        found.year = year
        return
    if is_title(cell):
        found.titles.append(cell)
        found.values.setdefault("title", cell)
        return
    if found.unit is None and (unit := unit_in(cell)) and len(cell) < 16:
        found.unit = unit
        return
    if len(cell) > 20:
        found.texts.append(cell)
    if alone and len(cell) <= 60:
        found.notices.append(f"表头中有未能归入任何字段的内容：「{cell}」")


def _read_chrome(
    cell: str, entries: list[tuple[int, int, str]], i: int, used: set[int], found: HeaderFields
) -> None:
    """Page furniture ("发布机构 | 某局", "来源：某局"): only the publisher is kept (a last resort for
    the department); its value is never a header field."""
    pair = _colon_pair(cell)
    label, value = pair if pair else (cell, None)
    if value is None and i + 1 < len(entries) and entries[i + 1][0] == entries[i][0]:
        value = entries[i + 1][2]
        used.add(i + 1)
    if value and label_key(label) in PUBLISHER_LABELS:
        found.values.setdefault("publisher", value.strip())
    if value and is_title(value):
        found.titles.append(value)


def _colon_pair(cell: str) -> tuple[str, str] | None:
    match = re.match(r"^\s*([^:：]{1,12})[:：]\s*(\S.*?)\s*$", cell)
    return (match.group(1), match.group(2)) if match else None


def _is_heading_row(entries: list[tuple[int, int, str]], i: int) -> bool:
    """A goal label on a row of labels only (项目总目标 | 年度总体目标): its texts are on the next row."""
    r = entries[i][0]
    on_row = [cell for rr, _, cell in entries if rr == r]
    return sum(1 for cell in on_row if field_of(cell) in _GOALS) >= 2 and all(
        field_of(cell) is not None for cell in on_row
    )


def _value_at(entries: list[tuple[int, int, str]], i: int, row_sizes: dict[int, int]) -> int | None:
    """Where the value of the label at entries[i] stands, or None."""
    r = entries[i][0]
    j = i + 1
    while j < len(entries) and _UNIT_CELL.match(label_key(entries[j][2])):
        j += 1  # "(万元)" between a label and its amount
    if j >= len(entries):
        return None
    nr, _, candidate = entries[j]
    if field_of(candidate) is not None or is_chrome(candidate):
        return None
    if nr == r:
        return j
    last_on_row = all(rr != r for rr, _, _ in entries[i + 1 : j])
    if not last_on_row:
        return None
    # A label alone at the end of its row takes the next row's cell, when that row is one cell
    # (one cell per line) or the label's row is (a label printed above its value).
    if row_sizes[r] == 1 or row_sizes[nr] == 1:
        return j
    return None


def _plain_amount(value: str) -> bool:
    return bool(re.fullmatch(r"\s*\d[\d,，]*(?:\.\d+)?\s*(?:万元|元)?\s*", value))


def _value_before_next_label(value: str) -> tuple[str, str]:
    """ "某局金额单位:万元" → ("某局", "金额单位:万元"): a value run into the next label of its line."""
    from assistant.ingest.run_together import split_header_run

    pieces = split_header_run(value)
    if len(pieces) > 1 and field_of(pieces[0]) is None and field_of(pieces[1]) is not None:
        return pieces[0], "".join(pieces[1:])
    return value, ""


_INLINE = re.compile(r"^([^:：]{2,14})[:：]\s*(\S.*)$", re.DOTALL)


def _inline_field(cell: str) -> tuple[str, str] | None:
    """ "项目名称：法律援助经费" — a label and its value in one cell (Word paragraphs often do this)."""
    match = _INLINE.match(cell)
    if not match:
        return None
    name = field_of(match.group(1))
    if name is None or name in ("region", "unit", "funds_block", "carryover", "ignored"):
        return None
    return match.group(1), match.group(2).strip()


def _store(found: HeaderFields, name: str, value: str, label: str) -> None:
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
        found.texts.append(value)
    elif name in _GOALS:
        found.goals.setdefault(name, value)
        found.texts.append(value)
    elif name == "department":
        level = department_level(label)
        if level > found.department_level:
            found.values["department"] = value
            found.department_level = level
    elif name in _MONEY_FIELDS and parse_number(value) is None:
        return  # "年度资金总额 | 其中：财政资金": no amount
    elif name == "budget_unit":
        found.values.setdefault("budget_unit_label", value)
    elif name:
        found.values.setdefault(name, value)


def _store_goals(texts: list[tuple[int, str]], headers: list[tuple[int, str]], found: HeaderFields) -> None:
    """The row under a goal header row holds the goal texts; match them to headers by column."""
    if len(texts) == len(headers):
        pairs = [(name, text) for (_, name), (_, text) in zip(headers, texts, strict=True)]
    else:
        pairs = []
        for col, text in texts:
            left = [h for h in headers if h[0] <= col] or headers[:1]
            pairs.append((left[-1][1], text))
    for name, text in pairs:
        found.texts.append(text)
        if name in found.goals:
            found.goals[name] += "\n" + text
        else:
            found.goals[name] = text


def _read_unit_list(rows: list[list[str]], found: HeaderFields) -> None:
    """A system export's 单位(专项)名称 list: the unit's own row, then its projects' rows, each a code,
    a name and an amount ("201003某某学校12.00")."""
    listing = [cells for row in rows if (cells := [c for c in row if c])]
    for k, cells in enumerate(listing):
        if not any(label_key(c).startswith(("单位(专项)名称", "单位代码")) for c in cells):
            continue
        items = [m for row in listing[k + 1 :] if (m := code_name_amount(row))]
        if len(items) >= 2:
            found.values.setdefault("implementing_unit", items[0][1])
            found.values.setdefault("project_name", items[-1][1])
            found.values.setdefault("total", items[-1][2])
        return


def code_name_amount(cells: list[str]) -> tuple[str, str, str] | None:
    """ "201003某某学校12.00" (or its parts in cells) → (code, name, amount), else None."""
    text = " ".join(c for c in cells if c)
    match = _CODE_NAME_AMOUNT.match(text)
    if not match or len(match.group(2).strip()) < 2:
        return None
    return match.group(1), match.group(2).strip(), match.group(3)
