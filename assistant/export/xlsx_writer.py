"""Sheets → an .xlsx workbook: one worksheet per sheet, in the official form layout.

Cells wrap, and each row is given the height its longest cell needs (Excel does not grow rows
with merged cells by itself, so a long 年度目标 would otherwise show one line). Printed on A4
landscape, one page wide.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence

from assistant.export.basis import CONFIRM
from assistant.export.form_layout import FormTable, build_form, xml_safe
from assistant.export.safe_cells import set_cell
from assistant.schema import Sheet

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
# Column widths (Excel character units) by what the column holds.
WIDTHS = {
    "label": 11,
    "level1": 12,
    "level2": 14,
    "name": 30,
    "description": 40,
    "value": 16,
    "other": 16,
    "basis": 20,
}
FONT_SIZE = 11
LINE_HEIGHT = 15.0  # points per wrapped line at FONT_SIZE
PADDING = 4.0


def worksheet_title(index: int, sheet: Sheet, taken: set[str]) -> str:
    base = _BAD_TITLE.sub("", xml_safe(f"{index}.{sheet.project_name}"))[:31] or str(index)
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def text_width(text: str) -> int:
    """Width in Excel character units: a CJK (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in str(text).split("\n"))


def row_heights(form: FormTable, widths: list[float]) -> dict[int, float]:
    """Height (points) of each row that needs more than one line (0-based rows)."""
    span: dict[tuple[int, int], float] = {}
    tall: set[tuple[int, int]] = set()  # cells merged down over several rows: they have room
    for first_row, first_col, last_row, last_col in form.merges:
        if first_row == last_row:
            span[(first_row, first_col)] = sum(widths[first_col : last_col + 1])
        else:
            tall.add((first_row, first_col))
    heights: dict[int, float] = {}
    for r, row in enumerate(form.rows[2:], start=2):
        lines = 1
        for c, value in enumerate(row):
            if value is None or (r, c) in tall or not isinstance(value, str):
                continue
            lines = max(lines, lines_needed(value, span.get((r, c), widths[c])))
        if lines > 1:
            heights[r] = lines * LINE_HEIGHT + PADDING
    return heights


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    to_confirm = PatternFill("solid", fgColor="FFF2CC")  # a 依据 cell that says 请确认
    taken: set[str] = set()
    for index, sheet in enumerate(sheets, start=1):
        worksheet = workbook.create_sheet(worksheet_title(index, sheet, taken))
        form = build_form(sheet)
        widths = [float(WIDTHS.get(role, 16)) for role in form.roles]
        for r, row in enumerate(form.rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = set_cell(worksheet, r, c, value)  # "=100.00(%)" is a value, not a formula
                cell.alignment = wrap
                if r > 2:
                    cell.border = border
                if (r - 1, c - 1) in form.money_cells:
                    cell.number_format = "#,##0.00"
                if form.roles[c - 1] == "basis" and isinstance(value, str) and CONFIRM in value:
                    cell.fill = to_confirm
        worksheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        for title_row in (1, 2):
            worksheet.cell(row=title_row, column=1).alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
        for first_row, first_col, last_row, last_col in form.merges:
            worksheet.merge_cells(
                start_row=first_row + 1,
                start_column=first_col + 1,
                end_row=last_row + 1,
                end_column=last_col + 1,
            )
        for col, width in enumerate(widths):
            worksheet.column_dimensions[openpyxl.utils.get_column_letter(col + 1)].width = width
        for at, height in row_heights(form, widths).items():
            worksheet.row_dimensions[at + 1].height = height
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
