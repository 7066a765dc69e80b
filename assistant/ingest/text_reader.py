"""The text reader: any text (lines, tabs, pipes, runs of spaces, one cell per line, cells run
together, a whole sheet on one line) → a grid (`text_grid`) → the grid parser."""

from __future__ import annotations

from assistant.ingest.form_parser import parse_forms
from assistant.ingest.text_grid import text_grid
from assistant.schema import Sheet


def read_text_form(text: str, source: str) -> list[Sheet]:
    return parse_forms(text_grid(text), source, text)
