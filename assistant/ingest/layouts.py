"""Registers the layout readers with the dispatcher. Each reader lives in its own module.

Text layouts are tried in order, most specific first. The binary readers import openpyxl /
python-docx / pdfplumber only when a workbook, document or PDF is actually read.
"""

from __future__ import annotations

from assistant.ingest import dispatch
from assistant.ingest.cell_lines import looks_like_cell_lines, read_cell_lines
from assistant.ingest.checkbox_form import looks_like_checkbox_form, read_checkbox_form
from assistant.ingest.csv_form import looks_like_csv_form, read_csv_form
from assistant.ingest.docx_reader import read_docx
from assistant.ingest.indented_tree import looks_like_indented_tree, read_indented_tree
from assistant.ingest.pdf_reader import read_pdf
from assistant.ingest.pipe_table import looks_like_pipe_table, read_pipe_table
from assistant.ingest.spaced_columns import looks_like_spaced_columns, read_spaced_columns
from assistant.ingest.tsv_form import looks_like_tsv_form, read_tsv_form
from assistant.ingest.vertical_form import looks_like_vertical_form, read_vertical_form
from assistant.ingest.xlsx_reader import read_xlsx

_TEXT_LAYOUTS = (
    ("checkbox-form", looks_like_checkbox_form, read_checkbox_form),
    ("vertical-form", looks_like_vertical_form, read_vertical_form),
    ("tsv-form", looks_like_tsv_form, read_tsv_form),
    ("pipe-table", looks_like_pipe_table, read_pipe_table),
    ("indented-tree", looks_like_indented_tree, read_indented_tree),
    ("spaced-columns", looks_like_spaced_columns, read_spaced_columns),
    ("cell-per-line", looks_like_cell_lines, read_cell_lines),
    ("csv-form", looks_like_csv_form, read_csv_form),
)

for _layout in _TEXT_LAYOUTS:
    if all(existing[0] != _layout[0] for existing in dispatch.TEXT_LAYOUTS):
        dispatch.TEXT_LAYOUTS.append(_layout)

dispatch.BINARY_READERS.setdefault(".xlsx", read_xlsx)
dispatch.BINARY_READERS.setdefault(".xlsm", read_xlsx)
dispatch.BINARY_READERS.setdefault(".docx", read_docx)
dispatch.BINARY_READERS.setdefault(".pdf", read_pdf)
