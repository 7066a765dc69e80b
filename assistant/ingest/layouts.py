"""The readers, in one ordered declaration: text layouts tried in order, binary formats by suffix.

Every reader ends in the same grid parser (`form_parser.parse_forms`). The text layouts live in
`text_layouts` (the HTML reader falls back on them); here they are listed beside the binary formats.
The binary readers import openpyxl / python-docx / pdfplumber / xlrd only when a file is actually
read; the legacy formats (.xls, .doc, WPS, OpenDocument) go through `legacy_formats`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.ingest.docx_reader import read_docx
from assistant.ingest.html_reader import read_html
from assistant.ingest.legacy_formats import LEGACY_READERS
from assistant.ingest.pdf_reader import read_pdf
from assistant.ingest.text_layouts import TEXT_LAYOUTS, Layout, TextReader
from assistant.ingest.xlsx_reader import read_xlsx
from assistant.schema import Sheet

BinaryReader = Callable[[bytes, str], list[Sheet]]

BINARY_READERS: Mapping[str, BinaryReader] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    **LEGACY_READERS,
}

__all__ = ["BINARY_READERS", "TEXT_LAYOUTS", "BinaryReader", "Layout", "TextReader"]
