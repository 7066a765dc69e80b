"""Positioned PDF text (no ruling lines) → rows of cells with their x extents.

A table printed without lines is still a table to the eye: its cells are separated by more
horizontal space than the characters inside one cell, the lines of one cell by less vertical
space than two rows, and the cells of one row start at the same height. A cell's lines are
joined as one text (soft wraps).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.ingest.cells import clean_cell
from assistant.ingest.columns import Span

Char = Mapping[str, Any]

# A band ends where the gap to the next line exceeds this share of the font size; a cell ends
# where the horizontal gap exceeds this share (CJK characters touch, words are one space apart).
_BAND_GAP = 0.5
_CELL_GAP = 0.4
_PAGE_NUMBER = re.compile(r"^(第\s*\d+\s*页.*|[-—–]?\s*\d{1,4}\s*[-—–]?|\d{1,4}\s*/\s*\d{1,4}|Page\s*\d+.*)$")
_ASCII_WORD = re.compile(r"[A-Za-z]")


def join_wrapped(lines: Iterable[str]) -> str:
    """Lines of one cell as one text: soft wraps vanish, a space stays between two Latin words."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(line[0]):
            text += " "
        text += line
    return text


def cell_text(raw: str | None) -> str:
    """A ruled table cell from pdfplumber ("可持续影响指\\n标") as one cleaned text."""
    if not raw:
        return ""
    return clean_cell(join_wrapped(raw.splitlines()))


@dataclass
class _Chunk:
    """The characters of one line that belong to one cell."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def text_rows(lines: list[dict[str, Any]]) -> list[tuple[float, list[Span]]]:
    """pdfplumber text lines (with their chars) → (top, cells) rows, top to bottom.

    Each line is cut into chunks at wide horizontal gaps; a chunk right under another one (same
    column, line spacing apart) continues that cell; cells that start at the same height form
    a row. Working per column keeps a merged label that wraps over two lines ("绩效指/标") from
    gluing two table rows together.
    """
    lines = [line for line in lines if line["chars"]]
    if not lines:
        return []
    size = statistics.median(float(ch.get("size") or 10.0) for line in lines for ch in line["chars"]) or 10.0
    cells: list[list[_Chunk]] = []
    chunks = (c for line in lines for c in _chunks(line, size))
    for chunk in sorted(chunks, key=lambda c: (c.top, c.x0)):
        above = [
            cell
            for cell in cells
            if min(cell[-1].x1, chunk.x1) > max(cell[-1].x0, chunk.x0)
            and 0 <= chunk.top - cell[-1].bottom <= _BAND_GAP * size
        ]
        if above:
            above[-1].append(chunk)
        else:
            cells.append([chunk])
    rows: list[tuple[float, list[Span]]] = []
    for cell in sorted(cells, key=lambda cell: cell[0].top):
        widest = max(c.x1 - c.x0 for c in cell)
        span = Span(
            min(c.x0 for c in cell),
            max(c.x1 for c in cell),
            clean_cell(join_wrapped(c.text for c in cell)),
            full=len(cell) > 1 and cell[-1].x1 - cell[-1].x0 >= widest - size,
        )
        if not span.text:
            continue
        if rows and cell[0].top - rows[-1][0] <= _BAND_GAP * size:
            rows[-1][1].append(span)
        else:
            rows.append((cell[0].top, [span]))
    rows = [(top, sorted(row, key=lambda span: span.x0)) for top, row in rows]
    return [(top, row) for top, row in rows if not (len(row) == 1 and _PAGE_NUMBER.match(row[0].text))]


def _chunks(line: dict[str, Any], size: float) -> list[_Chunk]:
    # Spaces count as ink here: a word gap with a space in it stays inside the cell.
    chars = sorted(line["chars"], key=lambda ch: ch["x0"])
    groups: list[list[Char]] = []
    for ch in chars:
        previous = groups[-1][-1] if groups else None
        # Running text sets a closing mark flush against the next character; any gap after one
        # is the mark hanging past its cell's edge.
        hanging = (
            previous is not None and previous["text"] in _CLOSING and ch["x0"] - previous["x1"] > 0.1 * size
        )
        if previous is not None and ch["x0"] - previous["x1"] <= _CELL_GAP * size and not hanging:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return [
        _Chunk(
            group[0]["x0"],
            max(ch["x1"] for ch in group),
            min(ch["top"] for ch in group),
            max(ch["bottom"] for ch in group),
            _line_text(group),
        )
        for group in groups
    ]


# Typesetters let closing punctuation hang past the cell edge ("…咨询活动。" almost touching
# the next cell).
_CLOSING = frozenset("。，、；：？！）》」』】”’)")


def _line_text(chars: list[Char]) -> str:
    """Characters of one line, left to right, with a space where a word gap is wider than a space."""
    out = ""
    previous = None
    for ch in chars:
        gap = ch["x0"] - previous["x1"] if previous is not None else 0.0
        wide = gap > 0.2 * float(ch.get("size") or 10.0)
        if (
            wide
            and previous is not None
            and ch["text"].isascii()
            and previous["text"].isascii()
            and " " not in (ch["text"], previous["text"])
        ):
            out += " "
        out += ch["text"]
        previous = ch
    return out
