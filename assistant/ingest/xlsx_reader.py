"""Excel workbooks (.xlsx) laid out like the official form, read as the person who filled them saw them.

Each visible worksheet becomes a grid (merged cells keep their text in the top-left cell only, as
in a printed form) and goes through `workbook.sheets_of`, the path every spreadsheet format shares.
What a person does not see is not read, and said: hidden worksheets (a template's drop-down list
sheet is not a submission), hidden rows and columns. Cells read as shown: number formats applied
(`number_format`), formula cells by their saved result, or a notice when the file has none (a
workbook written by a program that never calculated it).

openpyxl's read-only mode streams the cells; one more pass over each worksheet's XML (lxml,
streamed) finds what read-only mode does not report: hidden rows and columns, formulas without a
result, and cells beyond the column bound.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.number_format import cell_display
from assistant.ingest.office_package import check_office_package
from assistant.ingest.workbook import LeftOut, SheetGrid, hidden_sheet, sheets_of
from assistant.schema import Sheet

# A form has a dozen columns and, even with thousands of indicators, thousands of rows. The
# bounds stop a sheet that declares (or places a cell at) XFD1048576 from becoming a grid of
# billions of empty cells.
MAX_COLUMNS = 64
MAX_ROWS = 100_000
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell as the form shows it: 3588054.0 → "3588054", 0.95 in a % format → "95%"."""
    if isinstance(value, str):
        return clean_cell(value)
    return clean_cell(cell_display(value, number_format))


@dataclass
class _Unseen:
    """What the worksheet XML says that read-only mode does not."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula, no result
    beyond: int = 0  # cells with a value beyond MAX_COLUMNS


def workbook_grids(data: bytes, source: str) -> tuple[list[SheetGrid], list[str]]:
    """(every visible worksheet as a grid, with its notices; notices about the workbook)."""
    import openpyxl  # imported here: the text layouts must not pay for it

    check_office_package(data, source, "Excel")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a corrupt or foreign file can fail anywhere inside the library
        raise IngestError(source, "无法打开 Excel 文件（文件损坏，或不是 .xlsx 格式）") from None
    grids: list[SheetGrid] = []
    book_notices: list[str] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        for worksheet in workbook.worksheets:
            if worksheet.sheet_state != "visible":
                book_notices.append(hidden_sheet(worksheet.title))
                continue
            unseen = _unseen(package, getattr(worksheet, "_worksheet_path", None))
            grids.append(_worksheet_grid(worksheet, unseen, source))
    finally:
        workbook.close()
    return grids, book_notices


def _worksheet_grid(worksheet: object, unseen: _Unseen, source: str) -> SheetGrid:
    from openpyxl.utils import get_column_letter

    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()  # the declared size is not trusted: rows are read as they come
    title = worksheet.title  # type: ignore[attr-defined]
    grid: Grid = []
    left_out = LeftOut(MAX_COLUMNS, beyond=unseen.beyond)
    no_result: list[str] = []
    for r, row in enumerate(worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):  # type: ignore[attr-defined]
        if r > MAX_ROWS:
            raise IngestError(source, f"工作表“{title}”超过 {MAX_ROWS} 行，不像绩效目标表，已停止读取")
        cells = []
        for c, cell in enumerate(row, start=1):
            text = cell_text(cell.value, getattr(cell, "number_format", None))
            if (r, c) in unseen.formulas and not text:
                no_result.append(f"{get_column_letter(c)}{r}（={unseen.formulas[r, c][:40]}）")
            cells.append(left_out.cell(c, text, c in unseen.hidden_columns))
        # Hidden rows are not on screen and not printed: left out, as if not there.
        left_out.add_row(grid, r, cells, r in unseen.hidden_rows)
    notices = left_out.notices(title)
    if no_result:
        shown = "、".join(no_result[:5]) + (f" 等 {len(no_result)} 个" if len(no_result) > 5 else "")
        notices.append(
            f"工作表「{title}」中 {shown} 单元格是公式，文件没有保存计算结果，已按空值读取："
            "请在 Excel/WPS 中打开、保存后再提交"
        )
    return SheetGrid(title, grid, notices)


def _unseen(package: zipfile.ZipFile, part: str | None) -> _Unseen:
    """Hidden rows and columns, formulas without a result and far-out cells, from the sheet XML."""
    found = _Unseen()
    if not part:
        return found
    from lxml import etree
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    try:
        with package.open(part.lstrip("/")) as stream:
            for _, element in etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True
            ):
                tag = element.tag
                if tag == f"{_NS}c":
                    formula = element.find(f"{_NS}f")
                    value = element.find(f"{_NS}v")
                    ref = element.get("r")
                    if ref and (formula is not None or value is not None):
                        letters, row = coordinate_from_string(ref)
                        column = column_index_from_string(letters)
                        if formula is not None and (value is None or not (value.text or "").strip()):
                            found.formulas[row, column] = formula.text or ""
                        if column > MAX_COLUMNS and value is not None and (value.text or "").strip():
                            found.beyond += 1
                    element.clear()
                elif tag == f"{_NS}row":
                    if element.get("hidden") in ("1", "true") and element.get("r"):
                        found.hidden_rows.add(int(element.get("r")))
                    element.clear()
                elif tag == f"{_NS}col" and element.get("hidden") in ("1", "true"):
                    low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                    found.hidden_columns.update(range(low, min(high, MAX_COLUMNS) + 1))
    except (KeyError, OSError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        return found  # what openpyxl itself could read stays read; only the extras are missing
    return found


def read_xlsx(data: bytes, source: str) -> list[Sheet]:
    grids, notices = workbook_grids(data, source)
    return sheets_of(grids, source, notices)
