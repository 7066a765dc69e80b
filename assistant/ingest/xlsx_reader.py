"""Excel workbooks (.xlsx) laid out like the official form.

Each worksheet becomes a grid (merged cells keep their text in the top-left cell only, as in
a printed form) and goes through the grid parser; a worksheet may hold several forms, and a
workbook several worksheets: one Sheet per form, numbered in workbook order.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.office_package import check_office_package
from assistant.schema import Sheet

# A form has a dozen columns and, even with thousands of indicators, thousands of rows. The
# bounds stop a sheet that declares (or places a cell at) XFD1048576 from becoming a grid of
# billions of empty cells.
MAX_COLUMNS = 64
MAX_ROWS = 100_000


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell as the form shows it: 3588054.0 → "3588054", 0.95 in a % format → "95%"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return f"{value:.10g}" if isinstance(value, float) else str(value)
    return clean_cell(str(value))


def workbook_grids(data: bytes, source: str) -> list[tuple[str, Grid]]:
    """(worksheet title, grid) for every worksheet, in workbook order."""
    import openpyxl  # imported here: the text layouts must not pay for it

    check_office_package(data, source, "Excel")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a corrupt or foreign file can fail anywhere inside the library
        raise IngestError(source, "无法打开 Excel 文件（文件损坏，或不是 .xlsx 格式）") from None
    grids = []
    try:
        for worksheet in workbook.worksheets:
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # the declared size is not trusted: rows are read as they come
            grid: Grid = []
            for row in worksheet.iter_rows(max_col=MAX_COLUMNS):
                if len(grid) >= MAX_ROWS:
                    raise IngestError(
                        source, f"工作表“{worksheet.title}”超过 {MAX_ROWS} 行，不像绩效目标表，已停止读取"
                    )
                cells = [cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row]
                while cells and not cells[-1]:
                    cells.pop()
                grid.append(cells)
            grids.append((worksheet.title, grid))
    finally:
        workbook.close()
    return grids


def read_xlsx(data: bytes, source: str) -> list[Sheet]:
    sheets: list[Sheet] = []
    stem = Path(source).stem or source
    for _title, grid in workbook_grids(data, source):
        sheets.extend(parse_forms(grid, source))
    for index, sheet in enumerate(sheets, start=1):
        sheet.id = f"{stem}#{index}"
        sheet.source_index = index
    if not sheets:
        raise IngestError(
            source, "工作簿中没有找到绩效目标表（没有“项目名称”行或“一级指标/二级指标/三级指标”表头）"
        )
    return sheets
