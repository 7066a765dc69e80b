"""Rows whose cells are separated by runs of spaces (text copied from a page, or `pdftotext -layout`).

A run of two or more spaces (or a full-width space, which is two columns wide) separates cells;
one space stays inside a cell ("≤ 37.00 (人)"). Positions are counted in display columns (a
Chinese character is two wide), so when the text is aligned in columns the empty cells are put
back under their header (see `columns`); text that is not aligned is read in order.
"""

from __future__ import annotations

import unicodedata

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.columns import Span, aligned_grid
from assistant.ingest.form_parser import looks_like_form, parse_forms
from assistant.schema import Sheet

_SPACES = frozenset(" \u00a0\u3000")


def display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def line_spans(line: str) -> list[Span]:
    """The cells of one line with their display-column extents."""
    spans: list[Span] = []
    column = 0
    start = None
    text = ""
    gap = 0
    for ch in line.rstrip():
        width = display_width(ch)
        if ch in _SPACES:
            gap += width
        else:
            if start is not None and gap >= 2:
                spans.append(Span(start, start + _width(text), clean_cell(text)))
                start, text = None, ""
            if start is None:
                start = column
            elif gap:
                text += " " * gap
            text += ch
            gap = 0
        column += width
    if start is not None:
        spans.append(Span(start, start + _width(text), clean_cell(text)))
    return [span for span in spans if span.text]


def _width(text: str) -> int:
    return sum(display_width(ch) for ch in text)


def spaced_grid(text: str) -> Grid:
    return aligned_grid([spans for line in text.splitlines() if (spans := line_spans(line.expandtabs(4)))])


def looks_like_spaced_columns(text: str) -> bool:
    head = text[:200000]
    if "\t" in head:
        return False
    rows = [spans for line in head.splitlines() if (spans := line_spans(line))]
    multi = sum(1 for spans in rows if len(spans) >= 2)
    if multi < 3 or multi < len(rows) // 4:
        return False
    return looks_like_form([span.text for span in spans] for spans in rows)


def read_spaced_columns(text: str, source: str) -> list[Sheet]:
    return parse_forms(spaced_grid(text), source, text)
