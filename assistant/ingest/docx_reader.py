"""Word documents (.docx) with the official form as tables.

The document body — paragraphs (titles such as "财政项目支出绩效目标表", "(2023年度)") and
tables, in order — becomes one grid; python-docx repeats a merged cell's text at every grid
position it covers, so repeats are blanked to leave the text in the merge's first cell only,
as in a printed form. A document with several forms yields one Sheet per form.
"""

from __future__ import annotations

import io
from pathlib import Path

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.form_parser import parse_forms
from assistant.schema import Sheet


def table_grid(table: object) -> Grid:
    """Rows of cell texts with merged cells' repeats blanked."""
    grid: Grid = []
    above: list[object] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = list(row.cells)
        elements = [cell._tc for cell in cells]
        texts = []
        for col, (cell, element) in enumerate(zip(cells, elements, strict=True)):
            repeated_left = col > 0 and elements[col - 1] is element
            repeated_above = col < len(above) and above[col] is element
            texts.append("" if repeated_left or repeated_above else clean_cell(cell.text))
        above = elements
        grid.append(texts)
    return grid


def document_grid(data: bytes, source: str) -> Grid:
    import docx  # imported here: the text layouts must not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

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
            grid.extend(table_grid(block))
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
