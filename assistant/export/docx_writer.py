"""Sheets → a .docx document: each sheet's title, year line and form table, a page apart.

The page is A4 landscape, as the form is printed; the table has fixed column widths (narrow
category columns, the widest for 三级指标 and 指标解释), so Word does not share the width out
evenly. A drafted sheet gets a note under its table on what the 依据 column means.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from assistant.export.basis import basis_note, has_basis
from assistant.export.form_layout import TITLE, FormTable, build_form, cell_text
from assistant.schema import Sheet

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 29.7, 21.0  # A4 landscape
MARGIN_CM = 1.8
# Column widths (cm) by what the column holds; 三级指标 (and 指标解释) share what is left.
FIXED_CM = {"label": 2.0, "level1": 2.4, "level2": 2.8, "value": 3.4, "other": 3.0, "basis": 3.4}
MIN_NAME_CM = 4.0


def column_widths_cm(form: FormTable) -> list[float]:
    usable = PAGE_WIDTH_CM - 2 * MARGIN_CM
    fixed = sum(FIXED_CM.get(role, 0.0) for role in form.roles)
    free = max(usable - fixed, MIN_NAME_CM)
    has_description = "description" in form.roles
    name = max(MIN_NAME_CM, free * 0.45) if has_description else free
    description = max(free - name, MIN_NAME_CM)
    widths = {"name": name, "description": description}
    return [FIXED_CM.get(role, widths.get(role, 3.0)) for role in form.roles]


def docx_bytes(sheets: Sequence[Sheet]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.size = Pt(10.5)
    for index, sheet in enumerate(sheets):
        form = build_form(sheet)
        title = document.add_paragraph()
        if index:
            title.add_run().add_break(WD_BREAK.PAGE)
        run = title.add_run(TITLE)
        run.bold = True
        run.font.size = Pt(16)
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
        _fix_widths(table, [Cm(w) for w in column_widths_cm(form)])
        if has_basis(sheet):
            document.add_paragraph(basis_note(sheet))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fix_widths(table: object, widths: list[int]) -> None:
    """Fixed layout: the grid's column widths, and each cell as wide as the columns it spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl = table._tbl  # type: ignore[attr-defined]
    table.autofit = False  # type: ignore[attr-defined]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for tr in tbl.tr_lst:
        position = tr.grid_before
        for tc in tr.tc_lst:
            tc.width = sum(widths[position : position + tc.grid_span])
            position += tc.grid_span


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
