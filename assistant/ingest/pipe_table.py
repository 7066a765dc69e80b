"""Pipe tables: "| 一级指标 | 二级指标 | 三级指标 | 指标值 |" (Markdown, or text copied from a wiki).

Each "|"-delimited line is a row; empty cells ("|  |") stay as empty cells, so merged labels
read as they do on the printed form; separator rows ("|---|:--:|") are skipped; "\\|" is a
literal bar inside a cell. Lines outside the tables (a title, "(2023年度)", a heading) become
one-cell rows, so several forms in one file still split at their 项目名称 rows.
"""

from __future__ import annotations

import re

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_parser import looks_like_form, parse_forms
from assistant.schema import Sheet

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_BAR = re.compile(r"(?<!\\)\|")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a table line, or None when the line is not a table row."""
    stripped = line.strip()
    if not stripped.startswith("|") or len(_BAR.findall(stripped)) < 2:
        return None
    inner = stripped[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [clean_cell(cell.replace("\\|", "|")) for cell in _BAR.split(inner)]


def pipe_grid(text: str) -> Grid:
    grid: Grid = []
    for line in text.splitlines():
        if _SEPARATOR.match(line.strip()):
            continue
        cells = pipe_cells(line)
        if cells is None:
            if cell := clean_cell(line):
                grid.append([cell])
            continue
        grid.append(cells)
    return grid


def looks_like_pipe_table(text: str) -> bool:
    head = text[:200000]
    rows = sum(1 for line in head.splitlines() if (cells := pipe_cells(line)) and len(cells) >= 2)
    return rows >= 3 and looks_like_form(pipe_grid(head))


def read_pipe_table(text: str, source: str) -> list[Sheet]:
    return parse_forms(pipe_grid(text), source, text)
