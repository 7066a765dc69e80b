"""A Sheet laid out as the official 财政项目支出绩效目标表: cells and merged ranges.

The .xlsx and .docx writers draw this same layout, and the ingestion readers read it back to
the same Sheet (the round trip is tested). Category labels stand once per group, merged down
over the group's rows, as on the printed form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.export.basis import BASIS_HEADER, basis_label, has_basis
from assistant.schema import Sheet
from assistant.values import yuan_per

TITLE = "财政项目支出绩效目标表"

Cell = str | float | None

# Characters XML 1.0 cannot carry (control characters, lone surrogates): openpyxl and python-docx
# refuse a whole file over one of them, and text pasted from a terminal or a PDF can hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass
class FormTable:
    """Rows of cells plus merged ranges (first_row, first_col, last_row, last_col; 0-based, inclusive)."""

    columns: int
    roles: list[str] = field(default_factory=list)  # what each column holds (writers size them by it)
    rows: list[list[Cell]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    money_cells: set[tuple[int, int]] = field(default_factory=set)

    def add(self, cells: dict[int, Cell] | None = None) -> int:
        row: list[Cell] = [None] * self.columns
        for col, value in (cells or {}).items():
            row[col] = xml_safe(value) if isinstance(value, str) else value
        self.rows.append(row)
        return len(self.rows) - 1

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        if (first_row, first_col) != (last_row, last_col):
            self.merges.append((first_row, first_col, last_row, last_col))


def other_value_keys(sheet: Sheet) -> list[str]:
    return list(dict.fromkeys(key for ind in sheet.indicators for key in ind.other_values))


def build_form(sheet: Sheet) -> FormTable:
    """The form for one sheet (title lines included as merged rows at the top).

    A drafted sheet (rows that carry where their values came from) gets a last 依据 column, so a
    recipient sees which values are estimates to confirm.
    """
    has_description = any(ind.description for ind in sheet.indicators)
    basis = has_basis(sheet)
    others = [key for key in other_value_keys(sheet) if not (basis and key == BASIS_HEADER)]
    # columns: 0 region label | 1 一级 | 2 二级 | 3 三级 | [描述] | 年度指标值 | [other value columns] | [依据]
    value_col = 4 + int(has_description)
    basis_col = value_col + 1 + len(others) if basis else None
    columns = value_col + 1 + len(others) + int(basis)
    last = columns - 1
    roles = ["label", "level1", "level2", "name", *(["description"] if has_description else []), "value"]
    roles += ["other"] * len(others) + (["basis"] if basis else [])
    form = FormTable(columns, roles)

    row = form.add({0: TITLE})
    form.merge(row, 0, row, last)
    row = form.add({0: f"（{sheet.year}年度）" if sheet.year else "（    年度）"})
    form.merge(row, 0, row, last)

    def pair_row(label_a: str, value_a: Cell, label_b: str, value_b: Cell) -> None:
        r = form.add({0: label_a, 1: value_a, 3: label_b, 4: value_b})
        form.merge(r, 1, r, 2)
        form.merge(r, 4, r, last)

    pair_row("项目名称", sheet.project_name, "项目类别", sheet.project_type)
    pair_row("主管部门", sheet.department, "实施单位", sheet.implementing_unit)
    pair_row(
        "计划开始日期",
        sheet.start_date.isoformat() if sheet.start_date else None,
        "计划完成日期",
        sheet.end_date.isoformat() if sheet.end_date else None,
    )

    funds = sheet.funds
    unit = funds.unit_as_written
    scale = yuan_per(unit)
    first = len(form.rows)
    for label, amount in (
        ("项目资金总额", funds.total),
        ("其中：财政资金", funds.fiscal),
        ("其他资金", funds.other),
    ):
        r = form.add({1: label, 3: None if amount is None else round(amount / scale, 6)})
        form.merge(r, 1, r, 2)
        form.merge(r, 3, r, last)
        form.money_cells.add((r, 3))
    form.rows[first][0] = f"项目资金（{unit}）" if unit else "项目资金"
    form.merge(first, 0, first + 2, 0)

    r = form.add({0: "项目绩效目标", 1: "项目总目标", 3: "年度总体目标"})
    form.merge(r, 1, r, 2)
    form.merge(r, 3, r, last)
    g = form.add({1: sheet.overall_goal, 3: sheet.annual_goal})
    form.merge(g, 1, g, 2)
    form.merge(g, 3, g, last)
    form.merge(r, 0, g, 0)

    header: dict[int, Cell] = {0: "绩效指标", 1: "一级指标", 2: "二级指标", 3: "三级指标", value_col: "年度指标值"}
    if has_description:
        header[4] = "绩效指标描述"
    for offset, key in enumerate(others, start=1):
        header[value_col + offset] = key
    if basis_col is not None:
        header[basis_col] = BASIS_HEADER
    table_top = form.add(header)
    level1_start = level2_start = None
    previous: tuple[str, str] | None = None
    for ind in sheet.indicators:
        cells: dict[int, Cell] = {3: ind.name, value_col: ind.value.raw}
        if has_description:
            cells[4] = ind.description
        for offset, key in enumerate(others, start=1):
            cells[value_col + offset] = ind.other_values.get(key)
        if basis_col is not None:
            cells[basis_col] = basis_label(ind) or ind.other_values.get(BASIS_HEADER)
        r = form.add(cells)
        if previous is None or ind.level1 != previous[0]:
            _close_group(form, level1_start, r - 1, 1)
            _close_group(form, level2_start, r - 1, 2)
            form.rows[r][1] = ind.level1 or None
            form.rows[r][2] = ind.level2 or None
            level1_start = level2_start = r
        elif ind.level2 != previous[1]:
            _close_group(form, level2_start, r - 1, 2)
            form.rows[r][2] = ind.level2 or None
            level2_start = r
        previous = (ind.level1, ind.level2)
    end = len(form.rows) - 1
    _close_group(form, level1_start, end, 1)
    _close_group(form, level2_start, end, 2)
    form.merge(table_top, 0, end, 0)
    return form


def _close_group(form: FormTable, start: int | None, end: int, col: int) -> None:
    if start is not None and end > start:
        form.merge(start, col, end, col)


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if value != int(value) or abs(value) >= 1000 else f"{value:.2f}"
    return str(value)
