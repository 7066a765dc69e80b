"""Cells placed by position (fixed-width text, PDF text without ruling lines) → a grid.

Text laid out in columns loses its empty cells when it is split at the gaps: the row
"产出指标  数量指标  补贴国有企业  ≥25个" and the row "补贴国有企业  ≥25个" below it look alike
to a splitter. Below an indicator header row, where columns matter, the cells are put back into
their columns: a column boundary is an x range that no cell of the table covers (a river of white
space down the table). A row that does not fit (two cells in one column) keeps its cells in
reading order, and the grid parser reads it by order, as it reads any compacted row.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ingest.cells import Grid
from assistant.ingest.form_fields import field_of, is_title
from assistant.ingest.form_indicators import header_roles, is_stop_row


@dataclass(frozen=True)
class Span:
    """One cell's text and its horizontal extent (display columns for text, points for PDF)."""

    x0: float
    x1: float
    text: str
    full: bool = False  # PDF: the cell's last line is as wide as its widest (it may go on)


def aligned_grid(rows: list[list[Span]]) -> Grid:
    """The rows as a grid; indicator tables (header row and the rows under it) aligned by position."""
    grid: Grid = []
    i = 0
    while i < len(rows):
        texts = [span.text for span in rows[i]]
        if not header_roles(texts):
            grid.append(texts)
            i += 1
            continue
        end = _table_end(rows, i + 1)
        grid.extend(_aligned_table(rows[i:end]))
        i = end
    return grid


def _table_end(rows: list[list[Span]], start: int) -> int:
    """Where the table that starts above `start` ends: a new form, a signature line or a title."""
    for j in range(start, len(rows)):
        texts = [span.text for span in rows[j]]
        if any(field_of(text) == "project_name" for text in texts) or is_stop_row(texts):
            return j
        if len(texts) == 1 and is_title(texts[0]):
            return j
    return len(rows)


def column_bounds(rows: list[list[Span]]) -> list[tuple[float, float]]:
    """The x ranges covered by some cell of the table, merged where they overlap, left to right."""
    spans = sorted((span for row in rows for span in row), key=lambda span: span.x0)
    bounds: list[tuple[float, float]] = []
    for span in spans:
        if bounds and span.x0 < bounds[-1][1]:
            bounds[-1] = (bounds[-1][0], max(bounds[-1][1], span.x1))
        else:
            bounds.append((span.x0, span.x1))
    return bounds


def _place(row: list[Span], bounds: list[tuple[float, float]]) -> list[str] | None:
    cells = [""] * len(bounds)
    for span in row:
        col = next(k for k, (x0, x1) in enumerate(bounds) if x0 <= span.x0 < x1 or span.x0 == x0)
        if cells[col]:
            return None
        cells[col] = span.text
    return cells


def _aligned_table(rows: list[list[Span]]) -> Grid:
    compact = [[span.text for span in row] for row in rows]
    bounds = column_bounds(rows)
    header = _place(rows[0], bounds)
    # Aligned only when every header cell has a column of its own: otherwise the text is not in
    # columns at all (cells separated by a few spaces), and reading order is the better guide.
    if header is None or sum(1 for cell in header if cell) != len(rows[0]):
        return compact
    placed = [_place(row, bounds) for row in rows]
    return [cells if cells is not None else plain for cells, plain in zip(placed, compact, strict=True)]
