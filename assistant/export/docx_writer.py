"""Sheets → a .docx document: each sheet's title, year line and form table, a page apart."""

from __future__ import annotations

import io
from collections.abc import Sequence

from assistant.export.form_layout import TITLE, build_form, cell_text
from assistant.schema import Sheet


def docx_bytes(sheets: Sequence[Sheet]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = docx.Document()
    for index, sheet in enumerate(sheets):
        form = build_form(sheet)
        title = document.add_paragraph()
        if index:
            title.add_run().add_break(WD_BREAK.PAGE)
        title.add_run(TITLE).bold = True
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        year_line = document.add_paragraph(str(form.rows[1][0]))
        year_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        body = form.rows[2:]
        table = document.add_table(rows=len(body), cols=form.columns)
        table.style = "Table Grid"
        rows = table.rows  # row.cells per row: table.cell(r, c) rescans the whole table each call
        for r, row in enumerate(body):
            cells = rows[r].cells
            for c, value in enumerate(row):
                if value is not None:
                    cells[c].text = cell_text(value)
        for first_row, first_col, last_row, last_col in form.merges:
            if first_row < 2:
                continue  # the title lines are paragraphs here
            top = rows[first_row - 2].cells[first_col]
            text = top.text
            merged = top.merge(rows[last_row - 2].cells[last_col])
            _set_text(merged, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_text(cell: object, text: str) -> None:
    # Merging concatenates the paragraphs of every merged cell; keep the first cell's text only.
    cell.text = text  # type: ignore[attr-defined]
