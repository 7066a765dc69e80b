"""Word documents (.docx) with the official form as tables, read as the person who filled them saw them.

The document body — paragraphs (titles such as "财政项目支出绩效目标表", "(2023年度)") and
tables, in order — becomes one grid; a merged cell's text stands in the merge's first cell only,
as in a printed form. A document with several forms yields one Sheet per form.

The text is what Word shows, read from the XML directly (python-docx's `.text` misses much of it):
- tracked changes as accepted: insertions (w:ins, w:moveTo) read, deletions (w:del, w:moveFrom)
  and deleted table rows not, with a notice that the document holds unaccepted revisions;
- content controls (w:sdt) by their content, at every level (a run, a cell, a row of a table, a
  whole table), an empty control's placeholder ("单击此处输入文字") as empty;
- fields (w:fldSimple, and complex fields) by their displayed result, never their instruction;
- hidden text (w:vanish) and the duplicate fallback of alternate content left out;
- a form nested in a layout table (the form's table inside a cell of another) read as its own rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.errors import IngestError
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.office_package import check_office_package
from assistant.schema import Sheet

MAX_COLUMNS = 64  # a form has about a dozen; a cell claiming to span millions is not a form
MAX_DEPTH = 8  # tables nested in tables: layout tables go one or two deep

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Wrappers whose content is shown as if they were not there.
_TRANSPARENT = frozenset({f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag", f"{_W}ins", f"{_W}moveTo"})
# Subtrees a reader of the page does not see.
_UNSEEN = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}delText",
        f"{_W}instrText",
        f"{_W}sdtPr",
        f"{_W}rPr",
        f"{_W}pPr",
        f"{_W}txbxContent",
        f"{_MC}Fallback",
    }
)
_REVISIONS = (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")


def _hidden_run(run: Any) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _placeholder(sdt: Any) -> bool:
    return sdt.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None


def _runs_text(element: Any) -> str:
    """The text a reader sees inside one paragraph (or any inline content)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _UNSEEN:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}r":
                if not _hidden_run(child):
                    walk(child)
            elif tag == f"{_W}sdt":
                if not _placeholder(child):
                    walk(child)
            else:  # hyperlinks, fields (fldSimple shows its result runs), ins, smartTag, sdtContent, …
                walk(child)

    walk(element)
    return "".join(parts)


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body or cell, through content controls and other wrappers."""
    for child in container:
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif tag == f"{_W}sdt":
            if not _placeholder(child):
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from _blocks(content)
        elif tag in _TRANSPARENT:
            yield from _blocks(child)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Rows of a table / cells of a row, also those inside content controls (a repeating section)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def table_grid(tbl: Any, source: str, depth: int = 0) -> Grid:
    """Rows of cell texts, a merged cell's text in its first grid position only (as printed).

    Read from the table XML directly: python-docx's `row.cells` follows a vertical merge upwards
    by recursion (a form with a category merged over ~1,000 rows hits Python's recursion limit)
    and repeats a horizontally merged cell once per spanned column, however large the span says.
    """
    if depth > MAX_DEPTH:
        raise IngestError(source, f"表格嵌套超过 {MAX_DEPTH} 层，不像绩效目标表，已停止读取")
    grid: Grid = []
    for tr in _children(tbl, f"{_W}tr"):
        if tr.find(f"{_W}trPr/{_W}del") is not None:
            continue  # a row deleted with track changes on
        before = _int(_attr(tr.find(f"{_W}trPr/{_W}gridBefore")), 0)
        texts = [""] * min(before, MAX_COLUMNS)
        nested: list[Grid] = []
        for tc in _children(tr, f"{_W}tc"):
            span = _int(_attr(tc.find(f"{_W}tcPr/{_W}gridSpan")), 1)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continues = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            inner = [block for block in _blocks(tc) if block.tag == f"{_W}tbl"]
            if inner and not continues:
                nested.append(blocks_grid(tc, source, depth + 1))  # a layout cell: its rows, in order
                texts.append("")
            else:
                # vMerge "continue": the cell above goes on down here; its text stands in the first row.
                texts.append("" if continues else _cell_text(tc))
            texts.extend([""] * (min(max(span, 1), MAX_COLUMNS) - 1))
            if len(texts) > MAX_COLUMNS:
                raise IngestError(source, f"表格超过 {MAX_COLUMNS} 列，不像绩效目标表，已停止读取")
        if nested:
            if any(texts):
                grid.append(texts)
            for rows in nested:
                grid.extend(rows)
        else:
            grid.append(texts)
    return grid


def _attr(element: Any) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _cell_text(tc: Any) -> str:
    return clean_cell("\n".join(_runs_text(p) for p in _blocks(tc) if p.tag == f"{_W}p"))


def blocks_grid(container: Any, source: str, depth: int = 0) -> Grid:
    """The grid of a body or a cell: a paragraph is a row of one cell, a table its rows."""
    grid: Grid = []
    for block in _blocks(container):
        if block.tag == f"{_W}p":
            text = clean_cell(_runs_text(block))
            if text:
                grid.append([text])
        else:
            grid.extend(table_grid(block, source, depth))
    return grid


def document_grid(data: bytes, source: str) -> tuple[Grid, list[str]]:
    """(the document's grid, notices about what it holds beyond what it shows)."""
    import docx  # imported here: the text layouts must not pay for it

    check_office_package(data, source, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a corrupt or foreign file can fail anywhere inside the library
        raise IngestError(source, "无法打开 Word 文件（文件损坏，或不是 .docx 格式）") from None
    body = document.element.body
    notices = []
    if next(body.iter(*_REVISIONS), None) is not None:
        notices.append("文档含未接受的修订（修订模式下的增删），已按接受全部修订后的内容读取")
    if any(_hidden_run(run) and _has_text(run) for run in body.iter(f"{_W}r")):
        notices.append("文档中有设为“隐藏”格式的文字，屏幕和打印上看不到，未读取")
    if any(_has_text(box) for box in body.iter(f"{_W}txbxContent")):
        notices.append("文档中文本框里的文字未读取（绩效目标表应填在表格中）")
    return blocks_grid(body, source), notices


def _has_text(element: Any) -> bool:
    return any((t.text or "").strip() for t in element.iter(f"{_W}t"))


def read_docx(data: bytes, source: str) -> list[Sheet]:
    grid, notices = document_grid(data, source)
    sheets = parse_forms(grid, source)
    stem = Path(source).stem or source
    for index, sheet in enumerate(sheets, start=1):
        sheet.id = f"{stem}#{index}"
        sheet.notices.extend(notices)
    if not sheets:
        raise IngestError(
            source, "文档中没有找到绩效目标表（没有“项目名称”行或“一级指标/二级指标/三级指标”表头）"
        )
    return sheets
