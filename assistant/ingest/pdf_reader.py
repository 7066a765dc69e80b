"""PDF files (.pdf) with the official form, read with pdfplumber (imported only when a PDF is read).

Ruled tables go through pdfplumber's table finder: a merged cell's text sits in its first cell,
as in a printed form. Text outside the tables (the title, "(2023年度)") and pages printed
without ruling lines are read as positioned text (see `pdf_text`). All pages' rows go into one
grid in reading order, so a table that runs on over a page break simply continues (a row that
broke over the page is joined again), and a file with several forms gives one Sheet per form,
through the same grid parser as every layout.

A PDF can be huge; only the first MAX_PDF_PAGES pages are read, and every sheet of a longer file
says so in its notices.

A page whose text runs sideways or upside down (its /Rotate set by a viewer, or a landscape table
drawn turned) is turned upright first: the direction of its characters says by how much, pypdf
turns the page, and the file is read again (a notice names the pages).
"""

from __future__ import annotations

import io
import logging
import math
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.ingest.cells import Grid
from assistant.ingest.columns import Span, aligned_grid
from assistant.ingest.errors import IngestError
from assistant.ingest.form_fields import field_of, is_title
from assistant.ingest.form_indicators import label_of
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.pdf_text import cell_text, join_wrapped, text_rows
from assistant.schema import Sheet

MAX_PDF_PAGES = 200
# A cell's text "runs to its end" when the next cell starts within this many points of it (two
# cell paddings and less than one character): a cell cut by the page break is full.
_FULL_LINE_GAP = 30.0

_NO_FORM = "PDF 中没有找到绩效目标表（没有“项目名称”行或“一级指标/二级指标/三级指标”表头）"


def read_pdf(data: bytes, source: str) -> list[Sheet]:
    grid, read, total, turned = pdf_grid(data, source)
    sheets = parse_forms(grid, source)
    stem = Path(source).stem or source
    capped = f"PDF 共 {total} 页，只读取了前 {read} 页（上限 {MAX_PDF_PAGES} 页），其后的内容未读取"
    for index, sheet in enumerate(sheets, start=1):
        sheet.id = f"{stem}#{index}"
        if turned:
            pages = "、".join(f"第 {page} 页（转 {angle}°）" for page, angle in sorted(turned.items()))
            sheet.notices.append(f"PDF 中文字横躺或倒置的页面已转正后读取：{pages}")
        if total > read:
            sheet.notices.append(capped)
    if not sheets:
        raise IngestError(source, _NO_FORM + (f"；{capped}" if total > read else ""))
    return sheets


def pdf_grid(data: bytes, source: str) -> tuple[Grid, int, int, dict[int, int]]:
    """(grid of every page read, pages read, pages in the file, {page number: degrees turned})."""
    grid, read, total, turns = _pdf_grid(data, source)
    if not turns:
        return grid, read, total, {}
    upright = _turned(data, turns)
    if upright is None:
        return grid, read, total, {}
    grid, read, total, _ = _pdf_grid(upright, source)
    return grid, read, total, turns


def _text_angle(page: Any) -> int:
    """How far (0, 90, 180, 270 degrees) the page's text runs from upright, by most of its characters."""
    angles = Counter(
        round(math.degrees(math.atan2(ch["matrix"][1], ch["matrix"][0])) / 90) % 4 * 90
        for ch in page.chars[:2000]
        if ch["text"].strip()
    )
    return angles.most_common(1)[0][0] if angles else 0


def _turned(data: bytes, turns: dict[int, int]) -> bytes | None:
    """The PDF with the given pages (1-based) turned by the given degrees, or None if pypdf cannot."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter()
        for number, page in enumerate(reader.pages, start=1):
            if number > MAX_PDF_PAGES:
                break
            if number in turns:
                page.rotate(turns[number])
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
    except Exception:  # a file pdfplumber could read and pypdf cannot: read it as it is
        return None
    return out.getvalue()


def _pdf_grid(data: bytes, source: str) -> tuple[Grid, int, int, dict[int, int]]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer logs every repair it makes to a damaged file; the user gets one clear message instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=list(range(1, MAX_PDF_PAGES + 1)))
    except PdfminerException as exc:
        raise IngestError(source, _open_failure(exc)) from None
    except Exception:  # a foreign file can fail anywhere inside the library
        raise IngestError(source, "无法打开 PDF 文件（文件损坏，或不是 PDF 格式）") from None
    try:
        try:
            pages = pdf.pages
            total = _page_count(pdf, len(pages))
        except Exception:
            raise IngestError(source, "无法读取 PDF 的页面（文件损坏）") from None
        items: list[Item] = []
        chars = 0
        turns: dict[int, int] = {}
        for page in pages:
            try:
                if angle := _text_angle(page):
                    turns[page.page_number] = angle
                page_items, page_chars = _page_items(page)
            except Exception:
                raise IngestError(source, f"PDF 第 {page.page_number} 页无法解析（文件可能已损坏）") from None
            if items and page_items and _continues(items[-1], page_items[0]):
                items[-1] = _joined(items[-1], page_items.pop(0))
            items.extend(page_items)
            chars += page_chars
            page.close()  # drop the page's cached layout: long files stay small in memory
    finally:
        _close(pdf)
    if not chars:
        raise IngestError(
            source,
            "PDF 中没有可提取的文字（可能是扫描件或图片）：请提供文字版 PDF，或 Word/Excel 文件",
        )
    return _grid(items), len(pages), total, turns


def _close(pdf: Any) -> None:
    # pdfplumber's close() lists the pages again, which fails again on a damaged page tree.
    try:
        pdf.close()
    except Exception:
        pdf.stream.close()


def _open_failure(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    name = type(inner).__name__
    if "Password" in name or "Encryption" in name:
        return "PDF 文件已加密（需要密码），无法读取：请先解除密码保护再上传"
    return "无法打开 PDF 文件（文件损坏，或不是 PDF 格式）"


def _page_count(pdf: Any, fallback: int) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(pdf.doc.catalog["Pages"]).get("Count")
        return int(count) if count else fallback
    except Exception:
        return fallback


Item = tuple[
    str, list
]  # ("table", [Span | None, …]) with None for an empty or merged cell, or ("text", [Span, …])


def _page_items(page: Any) -> tuple[list[Item], int]:
    """The rows of one page, top to bottom, and its character count."""
    chars = sum(1 for ch in page.chars if ch["text"].strip())
    if not chars:
        return [], 0
    # (top, order, item). Text in no table cell is read as positioned text: the page's title, an
    # unruled table, and a merged label cell whose lower border fell on the next page (its text
    # then goes just before the table row it stands beside).
    placed: list[tuple[float, int, Item]] = []
    bands: list[tuple[float, float]] = []
    tables: list[tuple[tuple, list[tuple]]] = []  # (table box, its cell boxes)
    for table in page.find_tables():
        tables.append((table.bbox, [box for row in table.rows for box in row.cells if box is not None]))
        for row, texts in zip(table.rows, table.extract(), strict=True):
            cells = [
                Span(box[0], box[2], text) if box is not None and (text := cell_text(raw)) else None
                for box, raw in zip(row.cells, texts, strict=True)
            ]
            placed.append((row.bbox[1], 1, ("table", cells)))
            bands.append((row.bbox[1], row.bbox[3]))

    def in_a_cell(obj: dict) -> bool:
        return any(_inside(obj, box) and any(_inside(obj, cell) for cell in cells) for box, cells in tables)

    loose = page.filter(lambda obj: obj.get("object_type") != "char" or not in_a_cell(obj))
    for top, row in text_rows(loose.extract_text_lines(return_chars=True)):
        band_top = next((t for t, bottom in bands if t <= top < bottom), None)
        placed.append((top, 1, ("text", row)) if band_top is None else (band_top, 0, ("text", row)))
    placed.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in placed], chars


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _continues(last: Item, first: Item) -> bool:
    """Whether the first row of a page is the rest of the previous page's last row (the row broke
    over the page). A ruled row closed by its bottom line is complete. Otherwise every cell of the
    new row must sit under a cell of that row that was cut: one whose last line is as wide as its
    widest, or (a single line) one that reaches the next cell while the new row stops short of
    the row's last cell (the value, which then ended on the previous page)."""
    if last[0] != "text" or not first[1]:
        return False
    above = [span for span in last[1] if span is not None]
    below = [span for span in first[1] if span is not None]
    if not above or not below or len(below) > len(above):
        return False
    if any(field_of(span.text) or label_of(span.text) or is_title(span.text) for span in below):
        return False
    short_of_last = max(span.x1 for span in below) <= above[-1].x0
    for span in below:
        k = next((k for k, cell in enumerate(above) if _overlaps(span, cell)), None)
        if k is None:
            return False
        reaches_next = k + 1 < len(above) and above[k + 1].x0 - above[k].x1 <= _FULL_LINE_GAP
        if not (above[k].full or (reaches_next and short_of_last)):
            return False  # that cell's text ended short of its width: it was complete
    return True


def _overlaps(a: Span, b: Span) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def _joined(last: Item, first: Item) -> Item:
    cells = list(last[1])
    for span in first[1]:
        if span is None:
            continue
        k = next(k for k, cell in enumerate(cells) if cell is not None and _overlaps(span, cell))
        cell = cells[k]
        cells[k] = Span(cell.x0, cell.x1, join_wrapped([cell.text, span.text]))
    return (last[0], cells)


def _grid(items: list[Item]) -> Grid:
    """Table rows as they are; runs of positioned text rows aligned into columns (across pages)."""
    grid: Grid = []
    run: list[list[Span]] = []
    for kind, row in items:
        if kind == "text":
            run.append(row)
            continue
        grid.extend(aligned_grid(run))
        run = []
        grid.append([span.text if span is not None else "" for span in row])
    grid.extend(aligned_grid(run))
    return grid
