"""One table cell per line, no tabs (a table copied from a web page or a phone screen).

    项目名称
    法律援助经费
    …
    一级指标
    二级指标
    三级指标
    年度指标值
    产出指标
    数量指标
    法律援助案件数
    ≥900件
    值班律师人数
    ≥10人

Rows must be rebuilt. Above the indicator table a field label takes the lines after it up to
the next label (goal labels printed side by side take the following lines in their order). In
the table, category labels are recognised by meaning (merged label cells are simply absent),
and the header row says how many cells follow each name. Blank lines mean one of two things:
an empty cell (one line per cell), or the gap between rows (empty cells then left out). Both
readings are tried; the one that puts value-like text in the value column, and needs no blank
line where no cell can be empty, is kept.
"""

from __future__ import annotations

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_fields import field_of, is_title
from assistant.ingest.form_indicators import TEXT_ROLES, header_role, is_stop_row, label_of
from assistant.ingest.form_parser import parse_forms
from assistant.schema import MEASURABLE_KINDS, Sheet
from assistant.taxonomy import clean_label
from assistant.values import parse_value

_GOALS = ("overall_goal", "annual_goal")


def _header_run(lines: list[str], start: int) -> int:
    """End of a run of column titles starting at `start` that forms an indicator header (else start)."""
    end = start
    while end < len(lines) and lines[end] and header_role(lines[end]) is not None:
        end += 1
    roles = {header_role(line) for line in lines[start:end]}
    if end - start >= 3 and roles & {"l1", "l2"} and "name" in roles:
        return end
    return start


def looks_like_cell_lines(text: str) -> bool:
    head = text[:200000]
    if "\t" in head or "|" in head:
        return False
    lines = [clean_cell(line) for line in head.splitlines()]
    return any(_header_run(lines, i) > i for i in range(len(lines)) if lines[i])


def cell_lines_grid(text: str) -> Grid:
    lines = [clean_cell(line) for line in text.splitlines()]
    grid: Grid = []
    i = 0
    while i < len(lines):
        end = _header_run(lines, i) if lines[i] else i
        if end == i:
            j = i
            while j < len(lines) and not (lines[j] and _header_run(lines, j) > j):
                j += 1
            grid.extend(_field_rows(lines[i:j]))
            i = j
            continue
        header = lines[i:end]
        table_end = _table_end(lines, end)
        grid.append(header)
        grid.extend(_table_rows(lines[end:table_end], header))
        i = table_end
    return grid


def _table_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        line = lines[j]
        if line and (
            field_of(line) == "project_name" or is_stop_row([line]) or (is_title(line) and len(line) < 40)
        ):
            return j
    return len(lines)


# --- header fields ---------------------------------------------------------------------------------


def _field_rows(lines: list[str]) -> Grid:
    """Lines above a table → rows: each label with the value lines after it."""
    rows: Grid = []
    cells = [line for line in lines if line]
    i = 0
    while i < len(cells):
        cell = cells[i]
        name = field_of(cell)
        if name is None:
            rows.append([cell])
            i += 1
            continue
        if name in _GOALS:
            labels = [cell]
            while i + len(labels) < len(cells) and field_of(cells[i + len(labels)]) in _GOALS:
                labels.append(cells[i + len(labels)])
            i += len(labels)
            values: list[str] = []
            while i < len(cells) and len(values) < len(labels) and field_of(cells[i]) is None:
                values.append(cells[i])
                i += 1
            rows.append(labels)
            if values:
                rows.append(values)
            continue
        row = [cell]
        i += 1
        while i < len(cells) and field_of(cells[i]) is None and not is_title(cells[i]) and len(row) < 2:
            row.append(cells[i])
            i += 1
        rows.append(row)
    return rows


# --- the indicator table ---------------------------------------------------------------------------


def _table_rows(lines: list[str], header: list[str]) -> Grid:
    roles = [header_role(title) for title in header]
    name_col = roles.index("name")
    after = [col for col in range(name_col + 1, len(header)) if roles[col] in TEXT_ROLES]
    while lines and not lines[-1]:
        lines = lines[:-1]  # blank lines before the next form belong to no row
    by_cell, skipped = _rows_by_cell(lines, len(after))
    best = by_cell
    if "" in lines:
        blocks = _rows_by_block(lines, len(after))
        # Rows separated by blank lines never hold more cells than the header has columns; and
        # a blank line the cell reading has to skip (between rows) speaks for the block reading.
        fits = all(len(texts) <= len(after) + 1 for _, texts in blocks)
        if fits and _plausibility(blocks) > _plausibility(by_cell) - skipped:
            best = blocks
    return [_place(labels, texts, roles, name_col, after) for labels, texts in best]


Row = tuple[list[str], list[str]]  # (label cells, text cells: name first)


def _rows_by_cell(lines: list[str], width: int) -> tuple[list[Row], int]:
    """Every line is a cell, a blank line an empty one: each name is followed by `width` cells.

    Also returns how many blank lines stood where no cell can be empty (before a row's name)."""
    rows: list[Row] = []
    skipped = 0
    i = 0
    while i < len(lines):
        labels: list[str] = []
        while i < len(lines) and (not lines[i] or _is_label(lines[i], labels)):
            if lines[i]:
                labels.append(lines[i])
            else:
                skipped += 1
            i += 1
        if i >= len(lines):
            if labels:
                rows.append((labels, []))
            break
        texts = [lines[i], *lines[i + 1 : i + 1 + width]]
        i += 1 + width
        rows.append((labels, texts))
    return rows, skipped


def _rows_by_block(lines: list[str], width: int) -> list[Row]:
    """Blank lines separate rows and empty cells are left out: every block is one row."""
    rows: list[Row] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            labels: list[str] = []
            while block and _is_label(block[0], labels):
                labels.append(block.pop(0))
            rows.append((labels, block))
            block = []
    return rows


def _is_label(line: str, labels: list[str]) -> bool:
    """A category label, unless it is a name that reads like one (see form_indicators)."""
    label = label_of(line)
    if label is None:
        return False
    if labels and label_of(labels[-1]) is not None and not clean_label(line).endswith(("指标", "目标")):
        previous = label_of(labels[-1])
        same_level = previous is not None and ((previous[1] and label[1]) or (previous[0] and label[0]))
        return not same_level
    return True


def _plausibility(rows: list[Row]) -> int:
    """How many rows have a value-like last cell and a name that is not value-like."""
    score = 0
    for _labels, texts in rows:
        if not texts:
            continue
        score -= _value_like(texts[0])
        score += any(_value_like(text) for text in texts[1:])
    return score


def _value_like(text: str) -> bool:
    return bool(text) and parse_value(text).kind in MEASURABLE_KINDS and len(text) <= 20


def _place(
    labels: list[str], texts: list[str], roles: list[str | None], name_col: int, after: list[int]
) -> list[str]:
    row = [""] * len(roles)
    label_cols = [col for col, role in enumerate(roles) if role in ("l1", "l2")]
    for col, label in zip(
        label_cols[-len(labels) :] if labels else [], labels[-len(label_cols) :], strict=False
    ):
        row[col] = label
    if not texts:
        return [*labels] if len(labels) > len(label_cols) else row
    row[name_col] = texts[0]
    rest = texts[1:]
    if len(rest) >= len(after):
        for col, text in zip(after, rest, strict=False):
            row[col] = text
        row.extend(rest[len(after) :])  # more cells than columns: kept, the parser reports them
    else:  # fewer cells than columns (blocks leave empty cells out): the last one is the value
        value_cols = [col for col in after if roles[col] == "value"] or after
        if rest:
            row[value_cols[0]] = rest[-1]
            others = [col for col in after if col != value_cols[0]]
            for col, text in zip(others, rest[:-1], strict=False):
                row[col] = text
    return row


def read_cell_lines(text: str, source: str) -> list[Sheet]:
    return parse_forms(cell_lines_grid(text), source, text)
