"""A written sheet laid out as the official form: a grid of cells with merged ranges.

The same layout as `assistant.export.form_layout` (title, year line, header pairs, funds, goals,
indicator table with category labels merged down their rows), but drawn from a `WrittenSheet`,
so regional labels, empty category rows and an 实施期 column can be printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.layouts.written import WrittenSheet

TITLE = "财政项目支出绩效目标表"
TITLE_ROWS = 2  # the title and the year line, printed above the table


@dataclass
class FormGrid:
    columns: int
    rows: list[list[str]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # inclusive, 0-based
    table_top: int = 0  # the indicator header row

    def add(self, cells: dict[int, str]) -> int:
        self.rows.append([cells.get(col, "") or "" for col in range(self.columns)])
        return len(self.rows) - 1

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        if (r0, c0) != (r1, c1):
            self.merges.append((r0, c0, r1, c1))

    def covered(self) -> set[tuple[int, int]]:
        """Cells hidden under a merge (every merged cell but its first)."""
        hidden = set()
        for r0, c0, r1, c1 in self.merges:
            hidden.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
        return hidden


def money(amount: float | None, unit: str | None) -> str:
    if amount is None:
        return ""
    return f"{amount / (10000.0 if unit == '万元' else 1.0):,.2f}"


EXTRA_TITLES = ("指标性质", "分值", "指标值类型", "绩效标准")


def form_grid(written: WrittenSheet) -> FormGrid:
    sheet = written.sheet
    labels = written.labels
    value_titles = written.value_titles()
    first_value = 4 + int(written.description)
    first_extra = first_value + len(value_titles)
    columns = first_extra + (len(EXTRA_TITLES) if written.extra_columns else 0)
    last = columns - 1
    form = FormGrid(columns)

    row = form.add({0: TITLE})
    form.merge(row, 0, row, last)
    row = form.add({0: f"（{sheet.year}年度）" if sheet.year else "（    年度）"})
    form.merge(row, 0, row, last)

    def pair(label_a: str, value_a: str | None, label_b: str, value_b: str | None) -> None:
        r = form.add({0: label_a, 1: value_a or "", 3: label_b, 4: value_b or ""})
        form.merge(r, 1, r, 2)
        form.merge(r, 4, r, last)

    pair(labels.project_name, sheet.project_name, "项目类别", sheet.project_type)
    pair(
        labels.department,
        labels.department_code + sheet.department if sheet.department else "",
        labels.implementing_unit,
        labels.unit_code + sheet.implementing_unit if sheet.implementing_unit else "",
    )
    pair(
        "计划开始日期",
        sheet.start_date.isoformat() if sheet.start_date else "",
        "计划完成日期",
        sheet.end_date.isoformat() if sheet.end_date else "",
    )
    unit = sheet.funds.unit_as_written
    first = len(form.rows)
    for label, amount in (
        (labels.total, sheet.funds.total),
        ("其中：财政资金", sheet.funds.fiscal),
        ("其他资金", sheet.funds.other),
    ):
        r = form.add({1: label, 3: money(amount, unit)})
        form.merge(r, 1, r, 2)
        form.merge(r, 3, r, last)
    form.rows[first][0] = f"项目资金（{unit}）" if unit else "项目资金"
    form.merge(first, 0, first + 2, 0)
    r = form.add({0: "项目绩效目标", 1: "项目总目标", 3: "年度总体目标"})
    form.merge(r, 1, r, 2)
    form.merge(r, 3, r, last)
    g = form.add({1: _one_line(sheet.overall_goal), 3: _one_line(sheet.annual_goal)})
    form.merge(g, 1, g, 2)
    form.merge(g, 3, g, last)
    form.merge(r, 0, g, 0)

    header = {0: "绩效指标", 1: "一级指标", 2: "二级指标", 3: "三级指标"}
    if written.description:
        header[4] = "绩效指标描述"
    header.update({first_value + k: title for k, title in enumerate(value_titles)})
    if written.extra_columns:
        header.update({first_extra + k: title for k, title in enumerate(EXTRA_TITLES)})
    form.table_top = form.add(header)
    for block in written.blocks:
        block_top = len(form.rows)
        for group in block.groups:
            group_top = len(form.rows)
            for indicator in group.rows or [None]:
                cells: dict[int, str] = {}
                if indicator is not None:
                    cells[3] = indicator.name
                    if written.description:
                        cells[4] = indicator.description
                    values = {"年度指标值": indicator.value, "实施期指标值": indicator.mid_term}
                    cells.update({first_value + k: values[title] for k, title in enumerate(value_titles)})
                    if written.extra_columns:
                        extras = (
                            indicator.direction,
                            indicator.weight,
                            indicator.value_type,
                            indicator.standard,
                        )
                        cells.update({first_extra + k: text for k, text in enumerate(extras)})
                        if indicator.glued:
                            annual = first_value + value_titles.index("年度指标值")
                            cells[annual] = f"{indicator.value}{indicator.weight}"
                            cells[first_extra + 1] = ""
                form.add(cells)
            if written.placeholders and group.rows:
                form.add({3: f"指标{len(group.rows) + 1}："})
                form.add({3: "....."})
            form.rows[group_top][2] = group.level2
            form.merge(group_top, 2, len(form.rows) - 1, 2)
        form.rows[block_top][1] = block.level1
        form.merge(block_top, 1, len(form.rows) - 1, 1)
    form.merge(form.table_top, 0, len(form.rows) - 1, 0)
    if written.total_weight is not None:
        form.add({0: "总分", first_extra + 1: str(written.total_weight)})
    return form


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
