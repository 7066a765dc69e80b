"""Helpers of the tests that read pasted pages: the one sheet of a page, and its rows as 4-tuples."""

from __future__ import annotations

from assistant.ingest import read_text
from assistant.schema import Sheet

Row = tuple[str, str, str, str]


def rows(sheet: Sheet) -> list[Row]:
    """(一级, 二级, name, value as written) of every indicator, in order."""
    return [(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators]


def one(text: str) -> Sheet:
    """The single sheet a pasted page holds (fails if it holds more or none)."""
    [sheet] = read_text(text, "页面.txt")
    return sheet
