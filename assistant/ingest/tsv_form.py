"""Tab-separated official-form tables extracted from PDFs (seeds 001, 003, 004).

Each line is a table row, each tab a cell boundary; cells may hold HTML fragments (<p>, <h2>)
and columns are shifted by the extraction. This adapter only splits and cleans the cells: the
grid parser recognises labels by meaning, so shifted columns do not matter.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_parser import looks_like_form, parse_forms
from assistant.schema import Sheet


def tab_grid(text: str) -> Grid:
    return list(iter_tab_rows(text))


def iter_tab_rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        yield [clean_cell(cell) for cell in line.split("\t")]


def _multi_cell_lines(text: str, limit: int = 5) -> int:
    count = 0
    for line in text.splitlines():
        if sum(1 for cell in line.split("\t") if cell.strip()) >= 2:
            count += 1
            if count >= limit:
                break
    return count


def looks_like_tsv_form(text: str) -> bool:
    if "\t" not in text or _multi_cell_lines(text) < 3:
        return False
    return looks_like_form(iter_tab_rows(text))


def read_tsv_form(text: str, source: str) -> list[Sheet]:
    return parse_forms(tab_grid(text), source, text)
