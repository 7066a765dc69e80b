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
from evals.layouts import quirks
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
    truncated: bool = False  # the text ends inside the last form's table (see quirks.truncated)


def render_document(
    base: str, sheets: list[Sheet], style: Style, rng: random.Random, quirk: str | None = None
) -> Rendering:
    """One document holding `sheets` (in order) in the given base layout and style, with a text quirk
    of published pages applied (`quirks.QUIRKS`) if one is given."""
    forms = [write_sheet(sheet, style, rng) for sheet in sheets]
    if base in PDF_BASES:
        from evals.layouts.pdf import pdf_bytes

        return Rendering(pdf_bytes(forms, ruled=base == "pdf"), ".pdf", forms)
    renderer, suffix = TEXT_RENDERERS[base]
    text = renderer(forms, rng)
    truncated = False
    if quirk == "chrome":
        text = quirks.chrome(text, sheets[0].year if sheets else None, rng)
    elif quirk == "broken-labels":
        text = quirks.broken_labels(text, rng)
    elif quirk == "truncated":
        cut, forms = quirks.truncated(text, forms, rng)
        truncated = cut != text
        text = cut
    return Rendering(text.encode("utf-8"), suffix, forms, truncated)


@dataclass(frozen=True)
class Case:
    """A named layout of the parse eval: base renderings × one style (× one text quirk)."""

    name: str
    bases: tuple[str, ...]
    style: Style = field(default_factory=Style)
    quirk: str | None = None


GRID_BASES = tuple(base for base in TEXT_BASES if base != "tree")
CASES: tuple[Case, ...] = (
    *(Case(base, (base,)) for base in TEXT_BASES if base not in ("run-together", "rows-run-together")),
    Case("run-together", ("run-together",), Style(description=False)),
    Case("rows-run-together", ("rows-run-together",), Style(description=False)),
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
    # Quirk families of published pages, each as noise on every base it can appear in.
    Case("quirk:chrome", TEXT_BASES, quirk="chrome"),
    Case("quirk:header-aliases", TEXT_BASES, Style(header_aliases=True)),
    Case("quirk:extra-columns", GRID_BASES, Style(extra_columns=True, description=False)),
    Case(
        "quirk:glued-weights",
        ("tsv", "pipe", "rows-run-together"),
        Style(glued_weights=True, description=False),
    ),
    Case("quirk:placeholders", ("tsv", "pipe", "cell-per-line"), Style(placeholders=True)),
    Case("quirk:truncated", TEXT_BASES, quirk="truncated"),
    Case("quirk:broken-labels", ("cell-per-line",), quirk="broken-labels"),
    Case("quirk:one-cell-per-line", ("cell-per-line",), Style(header_aliases=True, extra_columns=True)),
    Case("quirk:cells-run-together", ("rows-run-together",), Style(header_aliases=True, description=False)),
    Case(
        "quirk:all-at-once",
        ("tsv", "pipe", "spaces"),
        Style(header_aliases=True, extra_columns=True, placeholders=True, regional=True),
        quirk="chrome",
    ),
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
