"""Sheets → an .xlsx workbook: one worksheet per sheet, in the official form layout."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from assistant.export.form_layout import build_form, xml_safe
from assistant.export.safe_cells import set_cell
from assistant.schema import Sheet

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_WIDTHS = {0: 12, 1: 14, 2: 16, 3: 36}


def worksheet_title(index: int, sheet: Sheet, taken: set[str]) -> str:
    base = _BAD_TITLE.sub("", xml_safe(f"{index}.{sheet.project_name}"))[:31] or str(index)
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    taken: set[str] = set()
    for index, sheet in enumerate(sheets, start=1):
        worksheet = workbook.create_sheet(worksheet_title(index, sheet, taken))
        form = build_form(sheet)
        for r, row in enumerate(form.rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = set_cell(worksheet, r, c, value)  # "=100.00(%)" is a value, not a formula
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if r > 2:
                    cell.border = border
                if (r - 1, c - 1) in form.money_cells:
                    cell.number_format = "#,##0.00"
        worksheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        worksheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        worksheet.cell(row=2, column=1).alignment = Alignment(horizontal="center")
        for first_row, first_col, last_row, last_col in form.merges:
            worksheet.merge_cells(
                start_row=first_row + 1,
                start_column=first_col + 1,
                end_row=last_row + 1,
                end_column=last_col + 1,
            )
        for col in range(form.columns):
            letter = openpyxl.utils.get_column_letter(col + 1)
            worksheet.column_dimensions[letter].width = _WIDTHS.get(col, 18)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
