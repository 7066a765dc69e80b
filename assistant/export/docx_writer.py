"""Sheets → a .docx document: each sheet's title, year line and form table, a page apart."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

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
        # Rows listed once: `table.rows[i]` and `table.cell(r, c)` rebuild every row on each call.
        rows = list(table.rows)
        for r, row in enumerate(body):
            cells = rows[r].cells
            for c, value in enumerate(row):
                if value is not None:
                    cells[c].text = cell_text(value)
        merges = [m for m in form.merges if m[0] >= 2]  # the title lines are paragraphs here
        # Across first, while no cell is merged downwards (python-docx finds a cell below a vertical
        # merge by recursion, which a group of ~1,000 rows takes past Python's recursion limit).
        for first_row, first_col, last_row, last_col in merges:
            if first_row == last_row:
                top = rows[first_row - 2].cells[first_col]
                text = top.text
                merged = top.merge(rows[last_row - 2].cells[last_col])
                _set_text(merged, text)
        trs = table._tbl.tr_lst
        for first_row, first_col, last_row, last_col in merges:
            if first_row == last_row:
                continue
            if first_col != last_col:  # a block merge (not in the form layout): python-docx's own
                top = rows[first_row - 2].cells[first_col]
                text = top.text
                _set_text(top.merge(rows[last_row - 2].cells[last_col]), text)
                continue
            _tc_at(trs[first_row - 2], first_col).vMerge = "restart"
            for r in range(first_row - 1, last_row - 1):
                _tc_at(trs[r], first_col).vMerge = "continue"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_text(cell: object, text: str) -> None:
    # Merging concatenates the paragraphs of every merged cell; keep the first cell's text only.
    cell.text = text  # type: ignore[attr-defined]


def _tc_at(tr: Any, column: int) -> Any:
    """The <w:tc> of a table row that covers a grid column (horizontal spans counted)."""
    position = tr.grid_before
    for tc in tr.tc_lst:
        if position <= column < position + tc.grid_span:
            return tc
        position += tc.grid_span
    raise IndexError(f"no cell at column {column}")
