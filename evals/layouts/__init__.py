"""Render gold sheets into the layouts real submissions arrive in (used by `evals.parse` and the tests).

A layout is a base rendering (tab-separated, pipe table, runs of spaces, one cell per line,
indented tree, cells run together, PDF with or without ruling lines) plus a `Style` (regional
names, "(必填)" suffixes, ASCII comparators, an 实施期 column, a description column). The
written sheet records what was printed, so ingestion can be checked against it after
canonicalisation (`WrittenSheet.expected_keys`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from assistant.schema import Sheet
from evals.layouts.text import TEXT_RENDERERS
from evals.layouts.written import RowKey, Style, WrittenSheet, row_key, write_sheet

PDF_BASES = ("pdf", "pdf-unruled")
TEXT_BASES = tuple(TEXT_RENDERERS)
BASES = (*TEXT_BASES, *PDF_BASES)


@dataclass(frozen=True)
class Rendering:
    data: bytes
    suffix: str
    forms: list[WrittenSheet]


def render_document(base: str, sheets: list[Sheet], style: Style, rng: random.Random) -> Rendering:
    """One document holding `sheets` (in order) in the given base layout and style."""
    forms = [write_sheet(sheet, style, rng) for sheet in sheets]
    if base in PDF_BASES:
        from evals.layouts.pdf import pdf_bytes

        return Rendering(pdf_bytes(forms, ruled=base == "pdf"), ".pdf", forms)
    renderer, suffix = TEXT_RENDERERS[base]
    return Rendering(renderer(forms, rng).encode("utf-8"), suffix, forms)


@dataclass(frozen=True)
class Case:
    """A named layout of the parse eval: base renderings × one style."""

    name: str
    bases: tuple[str, ...]
    style: Style = field(default_factory=Style)


CASES: tuple[Case, ...] = (
    *(Case(base, (base,)) for base in TEXT_BASES if base != "run-together"),
    Case("run-together", ("run-together",), Style(description=False)),
    Case("ascii-comparators", TEXT_BASES, Style(comparators="ascii")),
    Case("full-width-comparators", TEXT_BASES, Style(comparators="full-width")),
    Case("required-suffix", TEXT_BASES, Style(required_suffix=True)),
    Case("regional-names", TEXT_BASES, Style(regional=True)),
    Case("mid-term-column", TEXT_BASES, Style(mid_term=True)),
    Case("description-column", TEXT_BASES, Style(description=True)),
    Case("empty-categories", TEXT_BASES, Style(empty_categories=True)),
    Case("pdf", ("pdf",)),
    Case("pdf-unruled", ("pdf-unruled",)),
    Case("pdf-regional-mid-term", ("pdf",), Style(regional=True, required_suffix=True, mid_term=True)),
    Case("pdf-unruled-variants", ("pdf-unruled",), Style(mid_term=True, description=True)),
)

__all__ = [
    "BASES",
    "CASES",
    "PDF_BASES",
    "TEXT_BASES",
    "Case",
    "Rendering",
    "RowKey",
    "Style",
    "WrittenSheet",
    "render_document",
    "row_key",
    "write_sheet",
]
