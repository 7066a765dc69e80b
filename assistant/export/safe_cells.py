"""Cells of every written table (.xlsx, .csv) as inert text: never a live formula, never a broken file.

A value a user typed ("=HYPERLINK(…)", "+1", "-2+3", "@SUM(…)", a tab or CR first) must not become a
formula when a reviewer opens the report in Excel or WPS (CSV/formula injection, OWASP). In .xlsx
every string cell is stored as a string (openpyxl would otherwise store a leading "=" as a
formula); in .csv, where the program opening it decides, such a value is prefixed with "'", which
Excel and WPS show as text and hide. Characters XML cannot carry are dropped (one would make
openpyxl refuse the whole workbook).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.export.form_layout import xml_safe

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def set_cell(worksheet: Any, row: int, column: int, value: object) -> Any:
    """Write one openpyxl cell: strings always as strings (no formula), XML-safe."""
    if isinstance(value, str):
        value = xml_safe(value)
    cell = worksheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append_row(worksheet: Any, values: Iterable[object]) -> None:
    """worksheet.append with XML-safe strings; call `strings_as_text` once when the sheet is full."""
    worksheet.append([xml_safe(v) if isinstance(v, str) else v for v in values])


def strings_as_text(worksheet: Any) -> None:
    """Every string cell of the sheet stored as a string: openpyxl makes a leading "=" a formula.
    One pass at the end (a per-row fix that asks for `max_row` is quadratic)."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def csv_cell(value: object) -> object:
    """A value for csv.writer: text that a spreadsheet would run as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value
