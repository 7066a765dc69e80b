"""Word documents (.docx) with the official form as tables.

The document body — paragraphs (titles such as "财政项目支出绩效目标表", "(2023年度)") and
tables, in order — becomes one grid; a merged cell's text stands in the merge's first cell only,
as in a printed form. A document with several forms yields one Sheet per form.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.office_package import check_office_package
from assistant.schema import Sheet

MAX_COLUMNS = 64  # a form has about a dozen; a cell claiming to span millions is not a form


def table_grid(table: Any, source: str) -> Grid:
    """Rows of cell texts, a merged cell's text in its first grid position only (as printed).

    Read from the table XML directly: python-docx's `row.cells` follows a vertical merge upwards
    by recursion (a form with a category merged over ~1,000 rows hits Python's recursion limit)
    and repeats a horizontally merged cell once per spanned column, however large the span says.
    """
    from docx.table import _Cell

    grid: Grid = []
    for tr in table._tbl.tr_lst:
        texts = [""] * min(tr.grid_before, MAX_COLUMNS)
        for tc in tr.tc_lst:
            # vMerge "continue": the cell above goes on down here; its text stands in the first row.
            texts.append("" if tc.vMerge == "continue" else clean_cell(_Cell(tc, table).text))
            texts.extend([""] * (min(tc.grid_span, MAX_COLUMNS) - 1))
            if len(texts) > MAX_COLUMNS:
                raise IngestError(source, f"表格超过 {MAX_COLUMNS} 列，不像绩效目标表，已停止读取")
        grid.append(texts)
    return grid


def document_grid(data: bytes, source: str) -> Grid:
    import docx  # imported here: the text layouts must not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_office_package(data, source, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a corrupt or foreign file can fail anywhere inside the library
        raise IngestError(source, "无法打开 Word 文件（文件损坏，或不是 .docx 格式）") from None
    grid: Grid = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean_cell(block.text)
            if text:
                grid.append([text])
        elif isinstance(block, Table):
            grid.extend(table_grid(block, source))
    return grid


def read_docx(data: bytes, source: str) -> list[Sheet]:
    sheets = parse_forms(document_grid(data, source), source)
    stem = Path(source).stem or source
    for index, sheet in enumerate(sheets, start=1):
        sheet.id = f"{stem}#{index}"
    if not sheets:
        raise IngestError(
            source, "文档中没有找到绩效目标表（没有“项目名称”行或“一级指标/二级指标/三级指标”表头）"
        )
    return sheets
