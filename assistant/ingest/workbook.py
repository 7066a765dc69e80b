"""Worksheets (from .xlsx, .xls, converted .ods/.et, HTML tables) → Sheets, the same way for every format.

A spreadsheet reader extracts each visible worksheet as a grid of cell texts, as the person who
filled it saw it, plus notices for what it left out (hidden rows, a formula without a result).
Here each grid is cut into the forms laid side by side on it (each found by its own header block),
date serials standing as plain numbers in a date field are read as dates (with a notice), every
form goes through the one grid parser, and the reader's notices go onto the sheets they concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.cells import Grid
from assistant.ingest.errors import IngestError
from assistant.ingest.form_fields import field_of
from assistant.ingest.form_indicators import header_roles
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.number_format import serial_to_date
from assistant.schema import Sheet

NO_FORM = "工作簿中没有找到绩效目标表（没有“项目名称”行或“一级指标/二级指标/三级指标”表头）"
_DATE_FIELDS = frozenset({"start_date", "end_date", "period"})
# 1954-01-01 … 2099-12-31 as Excel serials: a five-digit number in a date field is one of these.
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_FIRST_SERIAL, _LAST_SERIAL = 19725, 73415


def hidden_sheet(name: str) -> str:
    return f"已跳过隐藏的工作表「{name}」（如模板的下拉选项表，不是填报内容）"


@dataclass
class LeftOut:
    """What a spreadsheet reader leaves out of one worksheet because a person does not see it (hidden
    rows and columns) or it lies past the column bound, collected as it reads and said as notices."""

    max_columns: int
    rows: list[int] = field(default_factory=list)  # 1-based numbers of hidden rows with content
    columns: set[int] = field(default_factory=set)  # 1-based numbers of hidden columns with content
    beyond: int = 0  # cells with content past max_columns

    def cell(self, column: int, text: str, hidden: bool) -> str:
        """The text to keep for a cell (column 1-based): "" for a hidden one."""
        if hidden:
            if text:
                self.columns.add(column)
            return ""
        return text

    def add_row(self, grid: Grid, number: int, cells: list[str], hidden: bool) -> None:
        """Append a row (number 1-based) to the grid, or leave it out when hidden, as if not there."""
        if hidden:
            if any(cells):
                self.rows.append(number)
            return
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)

    def notices(self, title: str) -> list[str]:
        from openpyxl.utils import get_column_letter

        said = []
        if self.rows:
            said.append(f"工作表「{title}」的隐藏行未读取（第 {ranges(self.rows)} 行）")
        if self.columns:
            letters = "、".join(get_column_letter(c) for c in sorted(self.columns))
            said.append(f"工作表「{title}」的隐藏列未读取（{letters} 列）")
        if self.beyond:
            said.append(
                f"工作表「{title}」第 {self.max_columns} 列之后还有 {self.beyond} 个单元格有内容，未读取"
            )
        return said


def ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5、9"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(parts)


@dataclass
class SheetGrid:
    """One worksheet as shown: its title, its cells, and what reading it left out or changed."""

    title: str
    grid: Grid
    notices: list[str] = field(default_factory=list)


def sheets_of(
    worksheets: list[SheetGrid], source: str, workbook_notices: list[str] | None = None
) -> list[Sheet]:
    """Every form on every worksheet, numbered in workbook order (ids "<stem>#<n>")."""
    sheets: list[Sheet] = []
    for worksheet in worksheets:
        notices = list(worksheet.notices)
        grid = dates_in_date_fields(worksheet.grid, notices)
        for block in side_by_side(grid):
            for sheet in parse_forms(block, source):
                sheet.notices.extend(notices)
                sheets.append(sheet)
    stem = Path(source).stem or source
    for index, sheet in enumerate(sheets, start=1):
        sheet.id = f"{stem}#{index}"
        sheet.source_index = index
        sheet.notices.extend(workbook_notices or [])
    if not sheets:
        extra = "；".join(workbook_notices or [])
        raise IngestError(source, NO_FORM + (f"（{extra}）" if extra else ""))
    return sheets


def dates_in_date_fields(grid: Grid, notices: list[str]) -> Grid:
    """A date serial (45292) in General format next to a date label reads as its date (2024-01-01)."""
    out = grid
    for r, row in enumerate(grid):
        label = ""
        for c, text in enumerate(row):
            if not text:
                continue
            if label and field_of(label) in _DATE_FIELDS and _SERIAL.match(text):
                serial = float(text)
                day = serial_to_date(serial) if _FIRST_SERIAL <= serial <= _LAST_SERIAL else None
                if day is not None:
                    if out is grid:
                        out = [list(cells) for cells in grid]
                    out[r][c] = day.isoformat()
                    notices.append(
                        f"「{label}」填的是 Excel 日期序号 {text}（单元格为常规格式），已按日期 {day} 读取"
                    )
            label = text
    return out


def side_by_side(grid: Grid) -> list[Grid]:
    """The forms laid side by side on one worksheet, each as a grid of its own columns.

    Columns empty in every row separate blocks; a block holding a form's own header (a 项目名称 row
    or an indicator header row) starts a form, a block without one belongs to the form on its left
    (a form's own spacer column). One form, or none found, gives the grid back whole.
    """
    width = max((len(row) for row in grid), default=0)
    if width < 3:
        return [grid]
    used = [False] * width
    for row in grid:
        for c, text in enumerate(row):
            if text:
                used[c] = True
    blocks: list[tuple[int, int]] = []
    c = 0
    while c < width:
        if not used[c]:
            c += 1
            continue
        start = c
        while c < width and used[c]:
            c += 1
        blocks.append((start, c))
    if len(blocks) < 2:
        return [grid]
    forms: list[tuple[int, int]] = []
    for start, end in blocks:
        if _starts_a_form(grid, start, end) or not forms:
            forms.append((start, end))
        else:
            forms[-1] = (forms[-1][0], end)
    if len(forms) < 2 or sum(_starts_a_form(grid, s, e) for s, e in forms) < 2:
        return [grid]
    # The first block also takes any leading columns (a title left of the first form).
    forms[0] = (0, forms[0][1])
    return [[row[start:end] for row in grid] for start, end in forms]


def _starts_a_form(grid: Grid, start: int, end: int) -> bool:
    for row in grid:
        cells = row[start:end]
        if not any(cells):
            continue
        if any(text and field_of(text) == "project_name" for text in cells) or header_roles(cells):
            return True
    return False
