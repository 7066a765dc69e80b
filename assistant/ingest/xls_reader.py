"""Legacy Excel workbooks (.xls, BIFF; also WPS .et files, which are mostly the same format), with xlrd.

Read like an .xlsx (see `xlsx_reader`): each visible worksheet as a grid of cells as shown —
number formats applied, dates as dates, merged cells' text in the top-left cell — hidden sheets,
rows and columns left out with a notice, and then the one path every spreadsheet shares
(`workbook.sheets_of`). An .xls always stores the results of its formulas, so there is no
"formula without a result" case. A file that is not an .xls at all (many systems export HTML or
.xlsx under this name) is read by what it is; see `read_xls`.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.number_format import cell_display
from assistant.ingest.workbook import LeftOut, SheetGrid, hidden_sheet, sheets_of
from assistant.schema import Sheet

MAX_COLUMNS = 64
MAX_ROWS = 100_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xls(data: bytes, source: str) -> list[Sheet]:
    if not data.startswith(OLE_MAGIC):
        from assistant.ingest.html_reader import has_table, read_html
        from assistant.ingest.xlsx_reader import read_xlsx

        # An .xlsx or an HTML table saved under this name (web systems export both): read as what it is.
        if data.startswith(b"PK\x03\x04"):
            sheets, kind = read_xlsx(data, source), ".xlsx"
        elif has_table(data):
            sheets, kind = read_html(data, source), "HTML 表格"
        else:
            raise IngestError(source, "无法打开 .xls 文件（文件损坏，或不是 Excel 97-2003 格式）")
        for sheet in sheets:
            sheet.notices.append(f"文件扩展名为 {Path(source).suffix or '.xls'}，内容实为 {kind}，已按其读取")
        return sheets
    grids, notices = xls_grids(data, source)
    return sheets_of(grids, source, notices)


def xls_grids(data: bytes, source: str) -> tuple[list[SheetGrid], list[str]]:
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, logfile=_Quiet(), on_demand=True, ragged_rows=True
        )
    except Exception:  # xlrd raises many types on a damaged or foreign file
        raise IngestError(
            source, "无法打开 .xls 文件（文件损坏、已加密，或不是 Excel 97-2003 格式）"
        ) from None
    grids: list[SheetGrid] = []
    notices: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility:
                notices.append(hidden_sheet(sheet.name))
                continue
            grids.append(_sheet_grid(book, sheet, source))
            book.unload_sheet(index)
    except IngestError:
        raise
    except Exception:
        raise IngestError(source, "无法读取 .xls 文件中的工作表（文件可能已损坏）") from None
    finally:
        book.release_resources()
    return grids, notices


def _sheet_grid(book: object, sheet: object, source: str) -> SheetGrid:
    name = sheet.name  # type: ignore[attr-defined]
    if sheet.nrows > MAX_ROWS:  # type: ignore[attr-defined]
        raise IngestError(source, f"工作表“{name}”超过 {MAX_ROWS} 行，不像绩效目标表，已停止读取")
    hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}  # type: ignore[attr-defined]
    hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}  # type: ignore[attr-defined]
    grid: Grid = []
    left_out = LeftOut(MAX_COLUMNS)
    for r in range(sheet.nrows):  # type: ignore[attr-defined]
        cells: list[str] = []
        for c, cell in enumerate(sheet.row(r)):  # type: ignore[attr-defined]
            text = _cell_text(book, cell)
            if c >= MAX_COLUMNS:
                left_out.beyond += bool(text)
                continue
            cells.append(left_out.cell(c + 1, text, c in hidden_cols))
        left_out.add_row(grid, r + 1, cells, r in hidden_rows)
    return SheetGrid(name, grid, left_out.notices(name))


def _cell_text(book: object, cell: object) -> str:
    import xlrd

    kind, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return clean_cell(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "是" if value else "否"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#错误")
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)  # type: ignore[attr-defined]
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_display(value)
        return cell_display(moment if moment.time() != dt.time(0) else moment.date())
    fmt = None
    xf_index = getattr(cell, "xf_index", None)
    if xf_index is not None:
        xf = book.xf_list[xf_index]  # type: ignore[attr-defined]
        number_format = book.format_map.get(xf.format_key)  # type: ignore[attr-defined]
        fmt = number_format.format_str if number_format is not None else None
    return clean_cell(cell_display(value, fmt))


class _Quiet(io.StringIO):
    """xlrd writes warnings about odd files to a log file; they are not the user's concern."""

    def write(self, text: str) -> int:
        logging.getLogger("xlrd").debug(text)
        return len(text)
