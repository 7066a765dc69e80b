"""Text renderings of written sheets, as they arrive when copied from disclosure pages.

Every renderer takes the forms of one document and a random generator for its nuisance choices
(spacing, blank lines, bullets, headings), so a seed reproduces a document exactly.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from assistant.schema import ValueKind
from assistant.values import parse_value
from evals.layouts.form_grid import TITLE_ROWS, FormGrid, form_grid, money
from evals.layouts.written import WrittenSheet

TextRenderer = Callable[[list[WrittenSheet], random.Random], str]


def _cell(text: str) -> str:
    """A cell on one line: inner line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def _visible(form: FormGrid) -> list[list[str | None]]:
    """Rows with hidden (merged-over) cells as None and empty cells as ""."""
    hidden = form.covered()
    return [
        [None if (r, c) in hidden else _cell(cell) for c, cell in enumerate(row)]
        for r, row in enumerate(form.rows)
    ]


def _titles(form: FormGrid) -> list[str]:
    return [form.rows[r][0] for r in range(TITLE_ROWS)]


def _documents(
    forms: list[WrittenSheet], rng: random.Random, render_form: Callable[[FormGrid], list[str]]
) -> str:
    parts = []
    for written in forms:
        lines = render_form(form_grid(written))
        parts.append("\n".join(lines))
    return ("\n" * rng.randint(2, 3)).join(parts) + "\n"


# --- tab-separated (the seed PDFs' extraction) -----------------------------------------------------


def tsv(forms: list[WrittenSheet], rng: random.Random) -> str:
    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)[TITLE_ROWS:]
        return [*_titles(form), *("\t".join(cell or "" for cell in row) for row in rows)]

    return _documents(forms, rng, render)


# --- pipe tables ---------------------------------------------------------------------------------


def pipe(forms: list[WrittenSheet], rng: random.Random) -> str:
    heading = rng.choice(["", "## ", "# "])
    separator_style = rng.choice(["|---", "| --- ", "|:---:"])
    padded = rng.random() < 0.5

    def line(cells: list[str | None]) -> str:
        texts = [(cell or "").replace("|", "\\|") for cell in cells]
        return ("| " + " | ".join(texts) + " |") if padded else ("|" + "|".join(texts) + "|")

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)
        title, year = _titles(form)
        out = [heading + title, year, ""]
        separator = separator_style * form.columns + "|"
        for r, row in enumerate(rows[TITLE_ROWS:], start=TITLE_ROWS):
            out.append(line(row))
            if r in (TITLE_ROWS, form.table_top):
                out.append(separator)
        return out

    return _documents(forms, rng, render)


# --- runs of spaces ------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def spaces(forms: list[WrittenSheet], rng: random.Random) -> str:
    """Cells separated by 2–4 spaces (or a full-width space); empty cells leave no trace."""
    separators = ["  ", "   ", "    ", "\u3000"]

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)[TITLE_ROWS:]
        out = _titles(form)
        for row in rows:
            cells = [cell for cell in row if cell]
            out.append(rng.choice(separators).join(cells))
            out.extend([""] * rng.choice([0, 0, 1]))
        return out

    return _documents(forms, rng, render)


def spaces_aligned(forms: list[WrittenSheet], rng: random.Random) -> str:
    """Fixed-width text (`pdftotext -layout`): the indicator table padded into columns."""
    gap = rng.randint(2, 4)

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)
        out = _titles(form)
        out.extend("  ".join(cell for cell in row if cell) for row in rows[TITLE_ROWS : form.table_top])
        table = rows[form.table_top :]
        widths = [max(_width(row[c] or "") for row in table) for c in range(form.columns)]
        for row in table:
            text = "".join(
                (cell or "") + " " * (widths[c] - _width(cell or "") + gap)
                for c, cell in enumerate(row)
                if widths[c]
            )
            out.append(text.rstrip())
        return out

    return _documents(forms, rng, render)


# --- one cell per line ---------------------------------------------------------------------------


def cell_lines(forms: list[WrittenSheet], rng: random.Random) -> str:
    """Each cell on its own line. Either an empty cell is a blank line, or blank lines separate
    rows and empty cells are left out (chosen per document)."""
    by_block = rng.random() < 0.5

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)[TITLE_ROWS:]
        out = _titles(form)
        for row in rows:
            if by_block:
                out.extend(cell for cell in row if cell)
                out.extend([""] * rng.randint(1, 2))
            else:
                out.extend(cell for cell in row if cell is not None)
        return out

    return _documents(forms, rng, render)


# --- indented tree -------------------------------------------------------------------------------


def tree(forms: list[WrittenSheet], rng: random.Random) -> str:
    unit = rng.choice(["  ", "    ", "\u3000", "\t"])
    bullet = rng.choice(["", "", "- ", "• "])
    value_prefix = rng.choice(["", "指标值："])
    parts = []
    for written in forms:
        sheet = written.sheet
        funds_unit = sheet.funds.unit_as_written or "元"
        lines = ["财政项目支出绩效目标表", f"（{sheet.year}年度）" if sheet.year else ""]
        labels = written.labels
        fields = [
            (labels.project_name, sheet.project_name),
            ("项目类别", sheet.project_type),
            (labels.department, labels.department_code + sheet.department if sheet.department else ""),
            (
                labels.implementing_unit,
                labels.unit_code + sheet.implementing_unit if sheet.implementing_unit else "",
            ),
            ("计划开始日期", sheet.start_date.isoformat() if sheet.start_date else ""),
            ("计划完成日期", sheet.end_date.isoformat() if sheet.end_date else ""),
            (f"{labels.total}（{funds_unit}）", money(sheet.funds.total, funds_unit)),
            ("财政资金", money(sheet.funds.fiscal, funds_unit)),
            ("其他资金", money(sheet.funds.other, funds_unit)),
            ("项目总目标", _cell(sheet.overall_goal or "")),
            ("年度总体目标", _cell(sheet.annual_goal or "")),
        ]
        lines += [f"{label}：{value}" for label, value in fields if value]
        lines.append("绩效指标")
        for block in written.blocks:
            lines.append(block.level1)
            for group in block.groups:
                lines.append(unit + group.level2)
                for row in group.rows:
                    lines.append(unit * 2 + bullet + row.name)
                    children = []
                    if row.description:
                        children.append(f"指标解释：{_cell(row.description)}")
                    if written.mid_term:
                        values = {"年度指标值": row.value, "实施期指标值": row.mid_term}
                        children += [f"{title}：{values[title]}" for title in written.value_titles()]
                    elif row.value:
                        children.append(value_prefix + _cell(row.value))
                    lines += [unit * 3 + child for child in children]
        parts.append("\n".join(line for line in lines if line))
    return ("\n" * rng.randint(1, 3)).join(parts) + "\n"


# --- cells run together --------------------------------------------------------------------------

_COMPARATOR_START = ("≥", "≤", ">", "<", "=", "＞", "＜", "＝")


def glues(name: str, value: str) -> bool:
    """Whether a page that prints targets as 符号+数值+单位 runs this value into its name: a
    comparator-led or number-led target (not a phrase listing several) whose start a reader can
    still see."""
    value = value.strip()
    if not value or any(mark in value for mark in " ，、；,;"):
        return False
    if parse_value(value).kind not in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE):
        return False
    if value.startswith(_COMPARATOR_START):
        return True
    return value[0].isdigit() and not name[-1:].isdigit()


def run_together(forms: list[WrittenSheet], rng: random.Random) -> str:
    """Tab-separated rows where category labels run into the name ("数量指标补贴国有企业") and a
    target value runs into its name ("补贴国有企业≥25个")."""

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)
        out = _titles(form)
        out.extend("\t".join(cell or "" for cell in row) for row in rows[TITLE_ROWS : form.table_top + 1])
        for row in rows[form.table_top + 1 :]:
            labels = "".join(cell or "" for cell in row[1:3])
            name, values = row[3] or "", [cell or "" for cell in row[4:]]
            if len(values) == 1 and glues(name, values[0]):
                name, values = name + values[0], [""]
            # The tabs of the other cells survive: the run-together text stands in the name column.
            out.append("\t".join(["", "", "", labels + name, *values]))
        return out

    return _documents(forms, rng, render)


def rows_run_together(forms: list[WrittenSheet], rng: random.Random) -> str:
    """Each table row on one line with its cells run together (text copied from a page whose cells
    lost their borders): a label into the next cell, a target into its name where a reader can see
    the seam, a single space where one cannot ("案件质量评估 较好")."""

    def render(form: FormGrid) -> list[str]:
        rows = _visible(form)
        out = _titles(form)
        for r, row in enumerate(rows[TITLE_ROWS:], start=TITLE_ROWS):
            cells = [cell for cell in row if cell]
            if r <= form.table_top or len(cells) < 2:
                out.append("".join(cells))
                continue
            line = ""
            for cell in cells:
                if line and not _seam_visible(line, cell):
                    line += " "
                line += cell
            out.append(line)
        return out

    return _documents(forms, rng, render)


def _seam_visible(before: str, cell: str) -> bool:
    """Whether a reader still sees where `cell` starts when it is run into the text before it."""
    from assistant import taxonomy as tx

    if tx.is_category_label(before.split()[-1] if before.split() else before) or before.endswith("指标"):
        return True
    kind = parse_value(cell).kind
    if kind in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE) and (
        cell[0] in "≥≤><=＞＜＝" or cell[0].isdigit()
    ):
        return not before[-1:].isdigit()
    return cell in ("正向", "反向", "定量", "定性", "计划标准", "历史标准", "行业标准")


TEXT_RENDERERS: dict[str, tuple[TextRenderer, str]] = {
    "tsv": (tsv, ".txt"),
    "pipe": (pipe, ".md"),
    "spaces": (spaces, ".txt"),
    "spaces-aligned": (spaces_aligned, ".txt"),
    "cell-per-line": (cell_lines, ".txt"),
    "tree": (tree, ".txt"),
    "run-together": (run_together, ".txt"),
    "rows-run-together": (rows_run_together, ".txt"),
}
