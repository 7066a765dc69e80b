"""Indicator tables whose printed rows are not one indicator per row, rebuilt into rows.

The grid parser reads a table row by row. Pages do not always print it that way:

- one cell per line (a table copied from a phone screen): the cells of a row follow each other on
  separate lines, a blank line standing for an empty cell or for the gap between rows;
- cells run together, one table row per line ("产出指标数量指标补助人数250人计划标准");
- the whole table flattened into one line, its cells separated by single spaces (then each header
  column's cell follows the last: "1.预算资金 120万元 预算执行率 ≥95% …") or run together
  ("…人次反映…情况1500人次活动场次反映…");
- labels of merged cells listed before the rows they span ("二级指标 数量指标 质量指标 三级指标 …").

`explode` splits rows at the places such a page shows structure (a run of column titles inside a
line, a header printed one title per line); `regroup` turns the table part of a form into rows
placed under a header (the table's own, or the standard one when it has none), which the grid
parser then reads like any other table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.ingest.cell_kinds import align, cell_kind
from assistant.ingest.cells import Grid, is_placeholder
from assistant.ingest.form_fields import code_name_amount, field_of, is_title
from assistant.ingest.form_indicators import (
    TEXT_ROLES,
    any_label,
    header_role,
    header_roles,
    is_stop_row,
    is_unknown_label,
)
from assistant.ingest.run_together import Piece, column_titles, split_label_prefix, split_row_text
from assistant.ingest.text_grid import joined_values
from assistant.ingest.vocabulary import COLUMN_TITLE, COLUMN_TITLES, is_stop_label, label_key
from assistant.schema import MEASURABLE_KINDS
from assistant.values import parse_value

_NUMBERED = re.compile(r"^(\d{1,2}(?:-\d{1,2})?)(?:[.、．](?!\d)|$)\s*(.*)$")
# The 一级 column's text run into a row ("年度目标(定量类)…", "年度指标(定量)…"): a label-like
# word with a bracketed note, ahead of the row's own label.
_BRACKETED_LEVEL = re.compile(r"^([^()（）]{0,12}(?:指标|目标)[(（][^()（）]{1,10}[)）])(?=\S)")
_TRAILING_PUNCTUATION = " ,，;；。.、"
_TOTAL = re.compile(r"^(总分|合计|总计)")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _is_label_cell(cell: str) -> bool:
    return any_label(0, cell) is not None


# --- explode -------------------------------------------------------------------------------------


def explode(grid: Grid) -> Grid:
    """The grid with a header printed one title per line merged into one row, and rows that hold a
    run of column titles after other text split before and after the run."""
    out: Grid = []
    k = 0
    while k < len(grid):
        end = _title_lines_end(grid, k)
        if end > k:
            out.append([next(c for c in grid[j] if c) for j in range(k, end)])
            k = end
            continue
        row = grid[k]
        cells = [c for c in row if c]
        if len(cells) == 1:
            out.extend(_explode_cell(cells[0], row))
        elif len(cells) > 1:
            out.extend(_explode_cells(row))
        else:
            out.append(row)
        k += 1
    return out


def _title_lines_end(grid: Grid, start: int) -> int:
    """End of a header printed one column title per line starting at `start` (else `start`)."""
    end = start
    while end < len(grid):
        cells = [c for c in grid[end] if c]
        if len(cells) != 1 or header_role(cells[0]) is None:
            break
        end += 1
    roles = {header_role(next(c for c in grid[j] if c)) for j in range(start, end)}
    if end - start >= 3 and roles & {"l1", "l2"} and roles & {"name", "value"}:
        return end
    return start


def _explode_cell(cell: str, row: list[str]) -> Grid:
    if (titles := column_titles(cell)) is not None:
        return [titles]
    run = find_title_run(cell)
    if run is None:
        return [row]
    start, end, titles = run
    before, after = cell[:start].strip(), cell[end:].strip()
    return [r for r in ([before] if before else [], titles, [after] if after else []) if r]


def find_title_run(text: str) -> tuple[int, int, list[str]] | None:
    """(start, end, titles) of the first run of column titles inside run-together text: three or more
    titles in a row, or two where one is 一级/二级/三级指标 (spaces between them allowed)."""
    if "指标" not in text and "值" not in text:
        return None
    for first in COLUMN_TITLE.finditer(text):
        start = first.start()
        titles: list[str] = []
        position = start
        while position < len(text):
            while position < len(text) and text[position] in " \u3000":
                position += 1
            match = COLUMN_TITLE.match(text, position)
            if match is None:
                break
            titles.append(match.group(0))
            position = match.end()
        if titles and titles[0] == "指标" and start and _CJK_CHAR.match(text[start - 1]):
            continue  # "…绩效指标一级指标…": the 指标 of the word before, not a column title
        strong = any(t in ("一级指标", "二级指标", "三级指标") for t in titles)
        roles = {header_role(t) for t in titles}
        if (len(titles) >= 3 or (len(titles) == 2 and strong)) and roles & {"l1", "l2", "name"}:
            return start, position, titles
    return None


def _explode_cells(row: list[str]) -> Grid:
    """A row of many cells (a flattened one-line page) split around its run of column titles; the
    labels interleaved with the titles (merged cells listed before their rows) become a row of their own."""
    cells = [c for c in row if c]
    if len(cells) <= 12:
        return [row]  # a table row, not a page flattened into one line
    k = 0
    while k < len(cells):
        if header_role(cells[k]) is None:
            k += 1
            continue
        j = k
        titles: list[str] = []
        labels: list[str] = []
        while j < len(cells) and (
            header_role(cells[j]) is not None or _is_label_cell(cells[j]) or field_of(cells[j]) == "region"
        ):
            if header_role(cells[j]) is not None and not _is_label_cell(cells[j]):
                titles.append(cells[j])
            elif _is_label_cell(cells[j]):
                labels.append(cells[j])
            j += 1
        roles = {header_role(t) for t in titles}
        if len(titles) >= 2 and roles & {"l1", "l2", "name"} and roles & {"name", "value"}:
            before = cells[:k]
            after = cells[j:]
            plain_before = [
                c
                for c in before
                if field_of(c) not in ("region",)
                and not (field_of(c) in ("annual_goal", "goal") and len(c) < 16)
            ]
            if not plain_before and not after and not labels:
                return [row]
            out: Grid = []
            if before:
                out.append(before)
            out.append([*titles])
            if labels:
                out.append(["\u0000listed", *labels])
            if after:
                out.append(after)
            return out
        k = j if j > k else k + 1
    return [row]


# --- regroup -------------------------------------------------------------------------------------

STANDARD_HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


@dataclass
class Region:
    """A table rebuilt into rows under `header` (the table's own, or a synthetic one)."""

    rows: Grid
    header: list[str]
    listed_rows: frozenset[int] = frozenset()
    unknown_label_rows: frozenset[int] = frozenset()
    header_rows: Grid = field(default_factory=list)  # rows that belong to the header after all
    total_weight: float | None = None
    notices: list[str] = field(default_factory=list)


def regroup(rows: Grid, header: list[str] | None, header_texts: Sequence[str] = ()) -> Region:
    """The table `rows` (below its header row, if any) as rows of one indicator each."""
    body, total = _until_stop(rows)
    header_rows, body = _leading_unit_list(body)
    roles = header_roles(header or []) or {}
    text_roles = [(col, role) for col, role in sorted(roles.items()) if role in TEXT_ROLES]
    filled = [[c for c in row if c] for row in body]
    non_empty = [cells for cells in filled if cells]
    if not non_empty:
        return Region(rows=[], header=header or STANDARD_HEADER, header_rows=header_rows, total_weight=total)
    wide = [cells for cells in non_empty if len(cells) > max(8, 2 * len(text_roles) + 4)]
    # rows of one cell as printed (one cell per line), not grid rows with empty cells around one
    single = [[row[0]] for row in body if len(row) == 1 and row[0]]
    flattened = len(non_empty) <= 3 and (wide or any(_holds_rows(cells[0]) for cells in single))
    # Label-only rows and template slots stand on lines of their own in every layout: they say
    # nothing about how the rows with indicators are printed.
    telling = [cells for cells in single if not _is_label_cell(cells[0]) and not is_placeholder(cells[0])]
    multi = [cells for cells in non_empty if len(cells) >= 2]
    synthetic = _synthetic_header(header, roles)
    if flattened:
        region = _flattened(body, synthetic, header_texts)
    elif single and len(telling) >= max(1, len(multi)) and len(single) >= 0.6 * len(non_empty):
        texts = [
            cells[0] for cells in single if not _is_label_cell(cells[0]) and header_role(cells[0]) is None
        ]
        run_together = sum(
            1 for text in texts if _run_together(text) or (header is None and _prose_row(text))
        )
        if run_together and run_together >= 0.4 * len(texts):
            region = _run_together_rows(body, synthetic, headerless=header is None)
        else:
            region = _cell_lines(body, synthetic)
    else:
        return Region(
            rows=body, header=header or STANDARD_HEADER, header_rows=header_rows, total_weight=total
        )
    region.header_rows = header_rows + region.header_rows
    region.total_weight = total
    return region


def _until_stop(rows: Grid) -> tuple[Grid, float | None]:
    """The rows above the first signature/total line, and the total printed on a 总分/合计 line."""
    for k, row in enumerate(rows):
        if is_stop_row(row):
            first = next(c for c in row if c)
            total = None
            if _TOTAL.match(label_key(first)):
                numbers = [
                    c for r in rows[k : k + 6] for c in r if c and re.fullmatch(r"\d+(?:\.\d+)?", c.strip())
                ]
                total = float(numbers[0]) if numbers else None
            return rows[:k], total
    return rows, None


def _leading_unit_list(rows: Grid) -> tuple[Grid, Grid]:
    """Rows before the first label that list a unit and its projects ("201003某某学校12.00"): header."""
    head: Grid = []
    for k, row in enumerate(rows):
        cells = [c for c in row if c]
        if not cells:
            continue
        if any(_is_label_cell(c) or split_label_prefix(c)[0] for c in cells):
            return head, rows[k:]
        if code_name_amount(cells) is None:
            return head, rows[k:]
        head.append(cells)
    return head, []


def _synthetic_header(header: list[str] | None, roles: dict[int, str]) -> list[str]:
    """一级指标 | 二级指标 | then the table's own text columns in order (三级指标 | 指标值 when it has none)."""
    if not header:
        return list(STANDARD_HEADER)
    titles = [header[col] for col, role in sorted(roles.items()) if role in TEXT_ROLES]
    if not any(role == "name" for role in roles.values()):
        titles.insert(0, "三级指标")
    if not any(role == "value" for role in roles.values()):
        titles.append("指标值")
    return ["一级指标", "二级指标", *titles]


def _run_together(cell: str) -> bool:
    """A cell holding several cells of a row: a label, or a name with its target at the end (followed
    at most by its description, weight, scoring rule or tags) — not a name that holds a number
    ("安排6名调解员化解纠纷")."""
    if _is_label_cell(cell) or header_role(cell) is not None:
        return False
    pieces = [p for p in split_row_text(cell) if p.text.strip(_TRAILING_PUNCTUATION)]
    kinds = [p.kind for p in pieces]
    if len(pieces) < 2 or not {"value", "tag"} & set(kinds):
        return False
    if kinds[0] == "label":
        return True
    first_value = next(k for k, kind in enumerate(kinds) if kind in ("value", "tag"))
    return all(kind != "text" for kind in kinds[first_value + 1 :]) or kinds[-1] == "tag"


def _prose_row(text: str) -> bool:
    """ "带动村集体增收,增加;": a row of a target list written as prose (name, comma, target, stop)."""
    return bool(re.match(r"^[^,，]{2,40}[,，][^,，]{1,20}[;；。]$", text.strip()))


def _holds_rows(cell: str) -> bool:
    """Run-together text holding a whole table: labels and several targets."""
    pieces = split_row_text(cell, rows_in_line=True)
    return (
        sum(1 for p in pieces if p.kind == "label") >= 1 and sum(1 for p in pieces if p.kind == "value") >= 3
    )


# --- placing cells under the header ------------------------------------------------------------


class _Placer:
    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.roles = header_roles(header) or {}
        self.name_col = next(col for col, role in sorted(self.roles.items()) if role == "name")
        self.after = [
            (col, role)
            for col, role in sorted(self.roles.items())
            if col > self.name_col and role in TEXT_ROLES
        ]
        self.before = [
            (col, role)
            for col, role in sorted(self.roles.items())
            if 1 < col < self.name_col and role in TEXT_ROLES
        ]

    def labels_row(self, labels: list[str]) -> list[str]:
        """The labels in the 一级/二级 columns, in the order printed: one label in the column of its
        level, two in 一级 then 二级 (more labels than label columns are kept after the row: the
        parser reads labels by meaning)."""
        row = [""] * len(self.header)
        if len(labels) == 1:
            found = any_label(0, labels[0])
            row[0 if found is not None and found.l1 and not found.l2 else 1] = labels[0]
        elif labels:
            row[0], row[1] = labels[0], labels[1]
            row.extend(labels[2:])
        return row

    def place(self, labels: list[str], name: str, others: list[str], before: Sequence[str] = ()) -> list[str]:
        row = self.labels_row(labels)
        row[self.name_col] = name
        for (col, _), text in zip(self.before, before, strict=False):
            row[col] = text
        placement = align(others, [role for _, role in self.after])
        for text, slot in zip(others, placement, strict=True):
            if slot is None:
                row.append(text)
            else:
                row[self.after[slot][0]] = text
        return row

    def positional(self, labels: list[str], cells: list[str]) -> list[str]:
        """Cells that are the row's text columns in the header's order (a chunk of a flattened table)."""
        row = self.labels_row(labels)
        text_cols = [col for col, role in sorted(self.roles.items()) if role in TEXT_ROLES]
        for col, text in zip(text_cols, cells, strict=False):
            row[col] = text
        return row


# --- one cell per line ---------------------------------------------------------------------------

_Cells = tuple[list[str], list[str]]  # (label cells, text cells: name first)


def _cell_lines(body: Grid, header: list[str]) -> Region:
    """One cell per line. Blank lines mean one of two things: an empty cell (one line per cell), or the
    gap between rows (empty cells then left out). Both readings are tried; the one that puts value-like
    text in the value column, and needs no blank line where no cell can be empty, is kept."""
    placer = _Placer(header)
    width = len(placer.after)
    lines = [next((c for c in row if c), "") for row in body]
    while lines and not lines[-1]:
        lines.pop()
    by_cell, skipped = _rows_by_cell(lines, width)
    best = by_cell
    if "" in lines:
        blocks = _rows_by_block(lines)
        fits = all(len(texts) <= width + 1 for _, texts in blocks)
        if fits and _plausibility(blocks) > _plausibility(by_cell) - skipped:
            best = blocks
    rows: Grid = []
    for labels, texts in best:
        if not texts:
            rows.append(placer.labels_row(labels))
            continue
        labels = labels[-2:]  # the labels right before a name are its own; earlier ones name empty categories
        rest = texts[1:]
        if len(rest) >= width:
            rows.append(placer.positional(labels, texts))
        else:
            rows.append(placer.place(labels, texts[0], rest))
    return Region(rows=rows, header=header)


def _rows_by_cell(lines: list[str], width: int) -> tuple[list[_Cells], int]:
    """Every line is a cell, a blank line an empty one: each name is followed by `width` cells.

    Also returns how many blank lines stood where no cell can be empty (before a row's name)."""
    rows: list[_Cells] = []
    skipped = 0
    i = 0
    while i < len(lines):
        labels: list[str] = []
        while i < len(lines) and (not lines[i] or _is_row_label(lines[i], labels)):
            if lines[i]:
                labels.append(lines[i])
            else:
                skipped += 1
            i += 1
        if i >= len(lines):
            if labels:
                rows.append((labels, []))
            break
        texts = [lines[i]]
        i += 1
        while len(texts) < width + 1 and i < len(lines) and not (lines[i] and _is_row_label(lines[i], [])):
            texts.append(lines[i])
            i += 1
        rows.append((labels, texts))
    return rows, skipped


def _rows_by_block(lines: list[str]) -> list[_Cells]:
    """Blank lines separate rows and empty cells are left out: every block is one row."""
    rows: list[_Cells] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            labels: list[str] = []
            while block and _is_row_label(block[0], labels):
                labels.append(block.pop(0))
            rows.append((labels, block))
            block = []
    return rows


def _is_row_label(line: str, labels: list[str]) -> bool:
    """A category label, unless it is a name that reads like one (a bare category word after a label
    of the same level: "服务对象满意度" under 服务对象满意度指标)."""
    label = any_label(0, line)
    if label is None:
        return False
    if (
        labels
        and any_label(0, labels[-1]) is not None
        and not tx.clean_label(line).endswith(("指标", "目标"))
    ):
        previous = any_label(0, labels[-1])
        same_level = previous is not None and ((previous.l2 and label.l2) or (previous.l1 and label.l1))
        return not same_level
    return True


def _plausibility(rows: list[_Cells]) -> int:
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


# --- cells run together, one row per line ------------------------------------------------------


def _run_together_rows(body: Grid, header: list[str], headerless: bool) -> Region:
    placer = _Placer(header)
    value_col = next((col for col, role in placer.after if role == "value"), None)
    # Text may follow a row's target only where the table has a column for it (指标值内容, 评分标准…).
    text_after_value = value_col is not None and any(
        col > value_col and role in ("desc", "scoring", "remark", "standard", "other", "history")
        for col, role in placer.after
    )
    has_weight = any(role == "weight" for _, role in placer.after)
    desc_before_value = value_col is not None and any(
        col < value_col and role == "desc" for col, role in placer.after
    )
    targets = sum(1 for _, role in placer.after if role in ("value", "mid_term", "other", "history"))
    rows: Grid = []
    unknown: set[int] = set()
    notices: list[str] = []
    for row in body:
        cells = [c for c in row if c]
        if not cells:
            continue
        if len(cells) > 1:
            rows.append(row)
            continue
        text = cells[0]
        if (is_title(text) and len(text) < 40) or cell_kind(text.strip(" -")) in (
            "value_type",
            "standard",
            "direction",
        ):
            continue  # a repeated title, or the tags of an empty category row ("-定性")
        if _is_label_cell(text):
            rows.append(placer.labels_row([text]))
            continue
        level_text = None if split_label_prefix(text)[0] else _BRACKETED_LEVEL.match(text)
        if level_text and not _is_label_cell(level_text.group(1)):
            # "年度指标(定量)管理类指标…": the 一级 column's text, not a category the taxonomy knows
            notices.append(f"「{level_text.group(1)}」不是已知的指标分类，未作为一级指标")
            text = text[level_text.end() :]
        pieces = split_row_text(
            text,
            text_after_value=text_after_value,
            has_weight=has_weight,
            prose=headerless,
            desc_before_value=desc_before_value,
            targets=targets,
        )
        labels = [p.text for p in pieces if p.kind == "label"]
        rest = [p for p in pieces if p.kind != "label"]
        if rest and not labels and (unknown_label := _unknown_label_prefix(rest[0].text)):
            rows.append(placer.place([], unknown_label, []))
            unknown.add(len(rows) - 1)
            rest[0] = Piece(rest[0].text[len(unknown_label) :], rest[0].kind)
        if not rest:
            rows.append(placer.labels_row(labels))
            continue
        name, others = _name_and_others(rest, headerless)
        rows.append(placer.place(labels, name, others))
    return Region(rows=rows, header=header, unknown_label_rows=frozenset(unknown), notices=notices)


def _unknown_label_prefix(text: str) -> str | None:
    match = re.match(r"^([\u4e00-\u9fff]{2,4}(?:指标|目标))(?=\S{2,})", text)
    return match.group(1) if match and is_unknown_label(match.group(1)) else None


def _name_and_others(pieces: list[Piece], headerless: bool) -> tuple[str, list[str]]:
    # (in prose the punctuation around a name and its target is the sentence's, not theirs)
    strip = _TRAILING_PUNCTUATION if headerless else " ,，"
    name = pieces[0].text.strip(strip)
    others = [p.text.strip(strip) if headerless else p.text.strip() for p in pieces[1:]]
    others = [text for text in others if text]
    if headerless and not others and (split := re.match(r"^(.+)[,，]\s*([^,，]{1,20})$", name)):
        # prose: "带动村集体增收,增加" — the target after the last comma
        return split.group(1), [split.group(2)]
    return name, others


# --- a table flattened into one line ---------------------------------------------------------------


def _flattened(body: Grid, header: list[str], header_texts: Sequence[str]) -> Region:
    placer = _Placer(header)
    tokens: list[Piece] = []
    for row in body:
        cells = [c for c in row if c]
        if len(cells) == 1 and not _is_label_cell(cells[0]):
            tokens.extend(split_row_text(cells[0], rows_in_line=True))
        else:
            for cell in joined_values(cells):
                if cell == "\u0000listed":
                    tokens.append(Piece("", "listed"))
                else:
                    tokens.append(Piece(cell, "label" if _is_label_cell(cell) else _stream_kind(cell)))
    text_roles = [role for col, role in sorted(placer.roles.items()) if role in TEXT_ROLES]
    if len(text_roles) >= 3 or text_roles[:1] != ["name"]:
        # a table flattened at its spaces: every word is a cell
        words: list[Piece] = []
        for token in tokens:
            if token.kind == "text" and " " in token.text.strip():
                words.extend(Piece(w, _stream_kind(w)) for w in joined_values(token.text.split()))
            else:
                words.append(token)
        rows, listed = _by_width(words, placer, len(text_roles))
    else:
        rows, listed = _by_grammar(tokens, placer)
    kept: Grid = []
    kept_listed: set[int] = set()
    notices: list[str] = []
    texts = ["".join(t.split()) for t in header_texts if t]
    for k, row in enumerate(rows):
        name = row[placer.name_col] if placer.name_col < len(row) else ""
        value_cells = [c for c in row[placer.name_col + 1 :] if c]
        if name and _overflow(name, value_cells, texts):
            notices.append(f"表中「{name}」是表头文字的续行，未作为指标")
            continue
        if k in listed:
            kept_listed.add(len(kept))
        kept.append(row)
    return Region(rows=kept, header=header, listed_rows=frozenset(kept_listed), notices=notices)


def _stream_kind(cell: str) -> str:
    if header_role(cell) is not None and label_key(cell) in COLUMN_TITLES:
        return "title"
    if field_of(cell) == "region":
        return "region"
    kind = cell_kind(cell)
    return "value" if kind in ("value", "unit") else ("number" if kind == "number" else "text")


def _overflow(name: str, values: list[str], texts: list[str]) -> bool:
    """A piece of a header text (a goal or overview cell that ran over into the table)."""
    key = "".join(name.split())
    if len(key) < 6 or not any(key in text for text in texts):
        return False
    return all("".join(v.split()) in " ".join(texts) for v in values)


def _by_width(tokens: list[Piece], placer: _Placer, width: int) -> tuple[Grid, set[int]]:
    """Each row is the next `width` cells, in the header's column order; a row number ("1.", "1-1")
    starts a new row (the cells of an unfinished one are dropped), a label starts a new group."""
    rows: Grid = []
    listed: set[int] = set()
    current: list[str] = []
    for token in tokens:
        if token.kind in ("title", "region", "listed"):
            continue
        if token.kind == "label":
            current = []
            rows.append(placer.labels_row([token.text]))
            continue
        text = token.text
        numbered = _NUMBERED.match(text)
        if numbered:
            current = []
            text = numbered.group(2).strip()
            if not text:
                continue
        current.append(text)
        if len(current) == width:
            rows.append(placer.positional([], current))
            current = []
    if current:
        rows.append(placer.positional([], current))
    return rows, listed


def _by_grammar(tokens: list[Piece], placer: _Placer) -> tuple[Grid, set[int]]:
    """Rows read by what the cells are: labels, then a name, then its cells up to its target; a text
    right after a name is its (qualitative) target."""
    rows: Grid = []
    listed: set[int] = set()
    labels: list[str] = []
    in_listing = False
    name: str | None = None
    others: list[str] = []

    def finish() -> None:
        nonlocal name, others
        if name is not None:
            rows.append(placer.place(labels_for_row(), name, others))
        name, others = None, []

    def labels_for_row() -> list[str]:
        nonlocal labels
        taken, labels = labels, []
        return taken

    for token in tokens:
        if token.kind in ("title", "region", "listed"):
            in_listing = in_listing or token.kind in ("title", "listed")
            continue
        if token.kind == "label":
            finish()
            labels.append(token.text)
            continue
        if labels and name is None and (in_listing or len({_l2(lab) for lab in labels} - {None}) > 1):
            rows.append(placer.labels_row(labels))
            listed.add(len(rows) - 1)
            labels = []
        elif labels and name is None:
            rows.append(placer.labels_row(labels))
            labels = []
        in_listing = False
        if token.kind == "text":
            if name is None:
                name = token.text
            elif not others:
                others.append(token.text)  # a qualitative target
                finish()
            else:
                finish()
                name = token.text
            continue
        if name is None:
            if rows and token.kind in ("number", "tag", "desc"):
                rows[-1].append(token.text)
            continue
        others.append(token.text)
        if token.kind == "value":
            finish()
    finish()
    if labels:
        rows.append(placer.labels_row(labels))
    return rows, listed


def _l2(label: str) -> str | None:
    found = any_label(0, label)
    return found.l2 if found is not None and not (found.l1 and not found.l2) else None


__all__ = ["STANDARD_HEADER", "Region", "explode", "find_title_run", "is_stop_label", "regroup"]
