"""The readers, in one ordered declaration: text layouts tried in order, binary formats by suffix.

Every reader ends in the same grid parser (`form_parser.parse_forms`); the text layouts listed before
the general text reader are only the ones whose lines are not table rows at all (our own JSON, the
tab-indented one-cell-per-line layout, an indented tree, CSV with quoted commas). The binary readers
import openpyxl / python-docx / pdfplumber only when a workbook, document or PDF is actually read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from assistant.ingest.csv_form import looks_like_csv_form, read_csv_form
from assistant.ingest.docx_reader import read_docx
from assistant.ingest.indented_tree import looks_like_indented_tree, read_indented_tree
from assistant.ingest.json_reader import looks_like_sheet_json, read_sheet_json
from assistant.ingest.pdf_reader import read_pdf
from assistant.ingest.text_reader import read_text_form
from assistant.ingest.vertical_form import looks_like_vertical_form, read_vertical_form
from assistant.ingest.xlsx_reader import read_xlsx
from assistant.schema import Sheet

TextReader = Callable[[str, str], list[Sheet]]
BinaryReader = Callable[[bytes, str], list[Sheet]]


class Layout(NamedTuple):
    name: str
    detect: Callable[[str], bool]
    read: TextReader


def _any_text(text: str) -> bool:
    return True


TEXT_LAYOUTS: tuple[Layout, ...] = (
    Layout("sheet-json", looks_like_sheet_json, read_sheet_json),
    Layout("vertical-form", looks_like_vertical_form, read_vertical_form),
    Layout("indented-tree", looks_like_indented_tree, read_indented_tree),
    Layout("csv-form", looks_like_csv_form, read_csv_form),
    Layout("text", _any_text, read_text_form),
)

BINARY_READERS: Mapping[str, BinaryReader] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
