"""The official form saved as comma-separated values (Excel's "另存为 CSV").

Parsed with the csv module (quoted cells may hold commas, e.g. "3,588,054.00"), then read by the
grid parser like any other layout.
"""

from __future__ import annotations

import csv
import io

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_indicators import header_roles
from assistant.ingest.form_parser import parse_forms
from assistant.schema import Sheet


def csv_grid(text: str) -> Grid:
    return [[clean_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def looks_like_csv_form(text: str) -> bool:
    head = text[:20000]
    if "\t" in head or head.count(",") + head.count("，") < 6:
        return False
    lines = [line for line in head.splitlines() if line.count(",") >= 2]
    if len(lines) < 3:
        return False
    # Commas are common in prose; the file is CSV only when its commas separate an indicator header.
    try:
        return any(len(row) >= 3 and header_roles(row) for row in csv_grid(head))
    except csv.Error:
        return False


def read_csv_form(text: str, source: str) -> list[Sheet]:
    return parse_forms(csv_grid(text), source, text)
