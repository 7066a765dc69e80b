"""HTML pages (.html/.htm, and the "Excel" files many web systems export as HTML) with the form as <table>s.

The page becomes one grid in document order: text blocks outside tables (the title, "(2024年度)")
are rows of one cell, each table its rows, a cell spanning rows or columns (rowspan/colspan) keeps
its text in its first position only, as in a printed form; a table nested in a layout table's cell
is read as its own rows. What a browser does not show (scripts, styles, display:none) is not read;
checkboxes become ☑/☐. The grid goes through the grid parser like every layout. A page whose tables
hold no form is read again as text by the text layouts (a table-less disclosure page).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.ingest.cells import CHECKED, UNCHECKED, Grid, clean_cell
from assistant.ingest.decoding import decode_text
from assistant.ingest.errors import IngestError
from assistant.ingest.text_layouts import read_text
from assistant.ingest.workbook import SheetGrid, sheets_of
from assistant.schema import Sheet

MAX_COLUMNS = 64
MAX_SPAN = 1000  # rows one cell may span (a category merged over a long table)
MAX_ROWS = 100_000
_TABLE = re.compile(rb"<table\b", re.IGNORECASE)
_BLOCK = frozenset(
    ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "center", "section", "article", "header", "footer", "caption", "title", "blockquote", "dt", "dd"]
)
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "select", "option"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def has_table(data: bytes) -> bool:
    return bool(_TABLE.search(data[:2_000_000]))


def read_html(data: bytes, source: str) -> list[Sheet]:
    """Forms in the page's tables; a page without tables (or no form in them) as text layouts."""
    text = decode_text(data, source)
    if has_table(data):
        grid, notices = html_grid(text, source)
        try:
            return sheets_of([SheetGrid("", grid, notices)], source)
        except IngestError:
            pass  # tables, but no form in them: the page's text may still be one
    return read_text(text, source)


def html_grid(text: str, source: str) -> tuple[Grid, list[str]]:
    """(the page's grid, notices about what it holds and does not show)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except Exception:  # lxml raises several types on junk
        raise IngestError(source, "无法解析 HTML 页面") from None
    grid: Grid = []
    body = root.find("body")
    body = root if body is None else body
    _blocks(body, grid, source, 0)
    hidden = any(
        isinstance(el.tag, str)
        and el.tag.lower() not in _SKIP
        and not _shown(el)
        and (el.text_content() or "").strip()
        for el in body.iter()
    )
    notices = ["页面中有隐藏（不显示）的内容，未读取"] if hidden else []
    return [row for row in grid if any(row)], notices


def _shown(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _SKIP or element.get("hidden") is not None:
        return False
    if tag.lower() == "input" and (element.get("type") or "").lower() == "hidden":
        return False
    return not _HIDDEN_STYLE.search(element.get("style") or "")


def _has_table(element: Any) -> bool:
    return next(element.iter("table"), None) is not None


def _blocks(container: Any, grid: Grid, source: str, depth: int) -> None:
    """Rows for the container's content: text blocks as one-cell rows, tables as their rows."""
    line: list[str] = [container.text or ""]
    for child in container:
        if not isinstance(child.tag, str) or not _shown(child):
            line.append(child.tail or "")
            continue
        tag = child.tag.lower()
        if tag == "table":
            _flush(line, grid)
            _table(child, grid, source, depth)
        elif _has_table(child):
            _flush(line, grid)
            _blocks(child, grid, source, depth)
        elif tag in _BLOCK or tag == "br":
            _flush(line, grid)
            if tag != "br":
                grid.append([_text(child)])
        else:
            line.append(_text(child))
        line.append(child.tail or "")
    _flush(line, grid)


def _flush(line: list[str], grid: Grid) -> None:
    text = clean_cell("".join(line))
    if text:
        grid.extend([part.strip()] for part in text.splitlines() if part.strip())
    line.clear()


def _table(table: Any, grid: Grid, source: str, depth: int) -> None:
    if depth > 8:
        raise IngestError(source, "表格嵌套过深，不像绩效目标表，已停止读取")
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in rows:
        if not _shown(tr):
            continue
        texts: list[str] = []
        nested: list[Any] = []
        col = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th") or not _shown(cell):
                continue
            while pending.get(col):
                pending[col] -= 1
                texts.append("")
                col += 1
            span = _span(cell.get("colspan"), MAX_COLUMNS)
            down = _span(cell.get("rowspan"), MAX_SPAN)
            if _has_table(cell):
                nested.append(cell)
                texts.append("")
            else:
                texts.append(_text(cell))
            texts.extend([""] * (span - 1))
            for c in range(col, col + span):
                if down > 1:
                    pending[c] = down - 1
            col += span
            if col > MAX_COLUMNS:
                raise IngestError(source, f"表格超过 {MAX_COLUMNS} 列，不像绩效目标表，已停止读取")
        while pending.get(col):
            pending[col] -= 1
            texts.append("")
            col += 1
        if any(texts) or not nested:
            grid.append(texts)
        for cell in nested:
            _blocks(cell, grid, source, depth + 1)
        if len(grid) > MAX_ROWS:
            raise IngestError(source, f"表格超过 {MAX_ROWS} 行，不像绩效目标表，已停止读取")


def _owner(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip()), limit))
    except (TypeError, ValueError):
        return 1


def _text(element: Any) -> str:
    """What a browser shows of an element: <br> as a line break, checkboxes as ☑/☐, hidden parts left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node.tag, str):
            if not _shown(node):
                return
            tag = node.tag.lower()
            if tag == "br":
                parts.append("\n")
            elif tag == "input" and (node.get("type") or "").lower() in ("checkbox", "radio"):
                parts.append(f" {CHECKED if node.get('checked') is not None else UNCHECKED} ")
            elif tag in _BLOCK and parts:
                parts.append("\n")
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

    walk(element)
    return clean_cell("".join(parts))
