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


def append_row(worksheet: Any, values: Iterable[object]) -> int:
    """worksheet.append, safe: strings stay strings, XML-safe. Returns the new row's number."""
    cleaned = [xml_safe(v) if isinstance(v, str) else v for v in values]
    worksheet.append(cleaned)
    row = worksheet.max_row
    for column, value in enumerate(cleaned, start=1):
        if isinstance(value, str):
            worksheet.cell(row=row, column=column).data_type = "s"
    return row


def csv_cell(value: object) -> object:
    """A value for csv.writer: text that a spreadsheet would run as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value
