"""Sheets → JSON (our own format, read back by the ingest JSON reader) and Markdown (for people)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from assistant.export.form_layout import cell_text, other_value_keys
from assistant.schema import Sheet
from assistant.values import yuan_per


def json_text(sheets: Sequence[Sheet]) -> str:
    return json.dumps([s.model_dump(mode="json") for s in sheets], ensure_ascii=False, indent=2) + "\n"


def _md(value: object) -> str:
    text = cell_text(value) if isinstance(value, float) else ("" if value is None else str(value))
    return text.replace("|", "\\|").replace("\n", "<br>")


def markdown_text(sheets: Sequence[Sheet]) -> str:
    parts = []
    for sheet in sheets:
        funds = sheet.funds
        unit = funds.unit_as_written or "元"
        scale = yuan_per(unit)

        def money(amount: float | None, scale: float = scale) -> str:
            return "" if amount is None else f"{amount / scale:,.2f}"

        lines = [
            # A form title, not the project name: the name is the first row of the table below.
            f"## 财政项目支出绩效目标表（{sheet.year}年度）" if sheet.year else "## 财政项目支出绩效目标表",
            "",
            # The first row is the table's header row, so the 项目名称 row starts every form.
            f"| 项目名称 | {_md(sheet.project_name)} |",
            "|---|---|",
            f"| 预算年度 | {sheet.year or ''} |",
            f"| 主管部门 | {_md(sheet.department)} |",
            f"| 实施单位 | {_md(sheet.implementing_unit)} |",
            f"| 项目类别 | {_md(sheet.project_type)} |",
            f"| 计划开始日期 | {sheet.start_date or ''} |",
            f"| 计划完成日期 | {sheet.end_date or ''} |",
            f"| 项目资金 ({unit}) | 项目资金总额 | {money(funds.total)} |",
            f"| | 其中：财政资金 | {money(funds.fiscal)} |",
            f"| | 其他资金 | {money(funds.other)} |",
            f"| 项目总目标 | {_md(sheet.overall_goal)} |",
            f"| 年度总体目标 | {_md(sheet.annual_goal)} |",
            "",
        ]
        has_description = any(ind.description for ind in sheet.indicators)
        others = other_value_keys(sheet)
        header = [
            "一级指标",
            "二级指标",
            "三级指标",
            *(["绩效指标描述"] if has_description else []),
            "年度指标值",
        ]
        header += others
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for ind in sheet.indicators:
            cells = [ind.level1, ind.level2, ind.name]
            if has_description:
                cells.append(ind.description or "")
            cells.append(ind.value.raw)
            cells += [ind.other_values.get(key, "") for key in others]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
