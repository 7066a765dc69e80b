"""The 天津 vertical layout (seed 002): one cell per line, a blank line between table rows.

    1.<项目名称>绩效目标表            ← title line (no leading tab)
    \t343101<预算单位>               ← budget-unit code + name
    \t单位：元
    (blank)
    \t项目名称
    \t<name>
    (blank)
    \t一级指标 \t二级指标 \t三级指标 \t绩效指标描述 \t指标值   ← one per line
    (blank)
    \t产出指标 \t数量指标 \t<name> \t<description> \t<value>
    \t(empty) \t质量指标 …

The adapter regroups the lines into rows; a line without the leading tab that is not a title
continues the cell above it (a goal written as several numbered lines).
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_fields import is_title
from assistant.ingest.form_parser import looks_like_form, parse_forms
from assistant.schema import Sheet


def vertical_grid(text: str) -> Grid:
    return list(iter_vertical_rows(text))


def iter_vertical_rows(text: str) -> Iterator[list[str]]:
    previous: list[str] | None = None
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t") and "\t" not in line[1:]:
            current.append(clean_cell(line[1:]))
            continue
        stripped = line.strip()
        if not stripped:
            if current:
                if previous is not None:
                    yield previous
                previous, current = current, []
            continue
        if is_title(stripped) or "\t" in stripped:
            if current:
                if previous is not None:
                    yield previous
                previous = current
            current = [clean_cell(cell) for cell in stripped.split("\t")]
            continue
        # A continuation line: it belongs to the last cell written (rows are held back one step
        # so that a continuation after a blank line can still reach the row above).
        target = current if current else previous
        if target is None:
            current = [clean_cell(stripped)]
        else:
            target[-1] = f"{target[-1]}\n{clean_cell(stripped)}" if target[-1] else clean_cell(stripped)
    if previous is not None:
        yield previous
    if current:
        yield current


def looks_like_vertical_form(text: str) -> bool:
    lines = [line for line in text[:200000].splitlines() if line.strip()]
    if not lines:
        return False
    single = sum(1 for line in lines if line.startswith("\t") and "\t" not in line[1:])
    multi = sum(1 for line in lines if line.count("\t") >= 2)
    if single < 10 or multi > single // 10:
        return False
    return looks_like_form(iter_vertical_rows(text))


def read_vertical_form(text: str, source: str) -> list[Sheet]:
    return parse_forms(vertical_grid(text), source, text)
