"""Chinese labels and the HTML fragments the tabs share: score card, findings, sheet header, tables.

Everything here is a pure function of the domain models; every piece of text that came from a
file or a user is escaped before it goes into HTML. The CSS classes are defined in style.css.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from assistant.schema import (
    FIELD_LABELS,
    SEVERITY_LABELS,
    Critique,
    Dimension,
    Finding,
    Indicator,
    Severity,
    Sheet,
    ValueBasis,
)

SEVERITY_RANK: dict[Severity, int] = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
GRADE_CLASS: dict[str, str] = {"优": "good", "良": "fair", "中": "mid", "差": "poor"}
TABLE_HEADERS: tuple[str, ...] = ("一级指标", "二级指标", "三级指标", "指标值", "依据")


# --- notices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A message for the notice area of a tab (never a stack trace)."""

    level: Literal["info", "warning", "error"]
    text: str


def notices_html(notices: Iterable[Notice]) -> str:
    items = [
        f'<div class="jx-notice jx-notice-{n.level}">{escape(n.text)}</div>'
        for n in notices
        if n.text.strip()
    ]
    return "".join(items)


# --- provenance --------------------------------------------------------------------------------


def basis_label(indicator: Indicator) -> str:
    """Where a drafted value came from, in a few plain words for the 依据 column."""
    p = indicator.provenance
    if p is None or p.basis is None:
        label = "—"
    elif p.basis is ValueBasis.DESCRIPTION:
        label = "取自描述"
    elif p.basis is ValueBasis.SIMILAR:
        label = f"参照：{p.project_name}" if p.project_name else "参照相似项目"
    elif p.basis is ValueBasis.FUNDS:
        label = "由资金测算"
    elif p.basis is ValueBasis.DEFAULT:
        label = "默认值"
    elif p.basis is ValueBasis.USER:
        label = "用户添加" if p.note and "添加" in p.note else "用户修改"
    else:  # ValueBasis.LLM
        label = "大模型建议"
    if p is not None and p.needs_confirmation:
        label += "·请确认"
    return label


# --- findings ----------------------------------------------------------------------------------


def ordered_findings(critique: Critique) -> list[tuple[int, Finding]]:
    """Findings with their position in the critique, errors first, then by row."""
    numbered = list(enumerate(critique.findings))
    return sorted(
        numbered,
        key=lambda p: (
            SEVERITY_RANK[p[1].severity],
            p[1].indicator_index if p[1].indicator_index is not None else -1,
            p[0],
        ),
    )


def where_label(finding: Finding, sheet: Sheet) -> str:
    index = finding.indicator_index
    if index is not None and 0 <= index < len(sheet.indicators):
        return f"第{index + 1}行「{sheet.indicators[index].name.strip() or '（未命名）'}」"
    return FIELD_LABELS.get(finding.field or "", "整表")


def suggestion_text(finding: Finding) -> str:
    s = finding.suggestion
    if s is None:
        return ""
    rewrite = " ".join(x for x in (s.name, s.value) if x)
    if rewrite and rewrite not in s.text:
        return f"{s.text}（改写：{rewrite}）" if s.text else f"改写：{rewrite}"
    return s.text


def severity_badge(severity: Severity) -> str:
    return f'<span class="jx-badge jx-{severity.value}">{SEVERITY_LABELS[severity]}</span>'


def stamp(sheet: Sheet) -> str:
    """A short mark of a sheet's content: the table and its findings list carry it, so a page
    (or a test) can tell when both show the same version of the sheet."""
    return sheet.content_hash()[:12]


def finding_html(number: int | None, finding: Finding, sheet: Sheet, mark: str | None = None) -> str:
    """One finding as a card: severity, where, what is wrong, the suggested rewrite.

    `mark` is the sheet's `stamp`, when the caller already has it (hashing a large sheet once per
    finding made a list of thousands of findings quadratic).
    """
    head = f'<span class="jx-num">{number}</span>' if number is not None else ""
    suggestion = suggestion_text(finding)
    tip = f'<div class="jx-suggest">建议：{escape(suggestion)}</div>' if suggestion else ""
    return (
        f'<div class="jx-finding jx-border-{finding.severity.value}" data-stamp="{mark or stamp(sheet)}">'
        f'<div class="jx-finding-head">{head}{severity_badge(finding.severity)}'
        f'<span class="jx-where">{escape(where_label(finding, sheet))}</span>'
        f'<span class="jx-dim">{escape(finding.dimension.value)} · {escape(finding.code)}</span></div>'
        f'<div class="jx-message">{escape(finding.message)}</div>{tip}</div>'
    )


def findings_summary_html(critique: Critique, sheet: Sheet, limit: int = 5) -> str:
    """The main findings (errors first), for the drafter's side panel."""
    ordered = ordered_findings(critique)
    if not ordered:
        return '<div class="jx-empty">没有发现问题。</div>'
    mark = stamp(sheet)
    cards = "".join(finding_html(None, f, sheet, mark) for _, f in ordered[:limit])
    rest = len(ordered) - limit
    more = (
        f'<div class="jx-more">另有 {rest} 条较次要的建议，可在“审核”页查看全部。</div>' if rest > 0 else ""
    )
    return f'<div class="jx-findings">{cards}{more}</div>'


# --- score -------------------------------------------------------------------------------------


def score_text(critique: Critique) -> str:
    return f"{critique.score:.1f} 分（{critique.grade}）"


def score_card_html(critique: Critique) -> str:
    """The overall score and grade, the four sub-scores as bars, and the finding counts."""
    grade_class = GRADE_CLASS.get(critique.grade, "poor")
    bars = []
    for dimension in DIMENSIONS:
        value = critique.sub_scores.get(dimension)
        width = 0.0 if value is None else max(0.0, min(100.0, value))
        shown = "—" if value is None else f"{value:.0f}"
        bars.append(
            f'<div class="jx-sub"><span class="jx-sub-name">{dimension.value}</span>'
            f'<span class="jx-bar"><i style="width:{width:.0f}%"></i></span>'
            f'<span class="jx-sub-val">{shown}</span></div>'
        )
    counts = {s: sum(f.severity is s for f in critique.findings) for s in Severity}
    count_html = " ".join(
        f'<span class="jx-count jx-{s.value}">{SEVERITY_LABELS[s]} {counts[s]}</span>' for s in Severity
    )
    return (
        f'<div class="jx-score-card">'
        f'<div class="jx-score jx-grade-{grade_class}"><div class="jx-score-num">{critique.score:.1f}</div>'
        f'<div class="jx-score-grade">等级：{escape(critique.grade)}</div></div>'
        f'<div class="jx-subs">{"".join(bars)}<div class="jx-counts">{count_html}</div></div></div>'
    )


# --- sheet -------------------------------------------------------------------------------------


def money_label(yuan: float | None) -> str:
    if yuan is None:
        return ""
    if abs(yuan) >= 10000:
        return f"{yuan / 10000:,.2f}".rstrip("0").rstrip(".") + " 万元"
    return f"{yuan:,.2f}".rstrip("0").rstrip(".") + " 元"


def sheet_header_html(sheet: Sheet, highlight: dict[str, Severity] | None = None) -> str:
    """Project name and the header fields a reader checks first; a field with findings is marked."""
    highlight = highlight or {}
    facts = [
        ("预算年度", str(sheet.year) if sheet.year else ""),
        ("主管部门", sheet.department or ""),
        ("实施单位", sheet.implementing_unit or ""),
        ("年度资金", money_label(sheet.funds.total)),
    ]
    chips = "".join(
        f'<span class="jx-fact"><em>{label}</em>{escape(value)}</span>' for label, value in facts if value
    )
    goal_class = f" jx-cell-{highlight['annual_goal'].value}" if "annual_goal" in highlight else ""
    goal = escape(sheet.annual_goal or "（未填写）")
    return (
        f'<div class="jx-sheet-head"><div class="jx-project">{escape(sheet.project_name)}</div>'
        f'<div class="jx-facts">{chips}</div>'
        f'<div class="jx-goal{goal_class}"><em>年度目标</em>{goal}</div></div>'
    )


def draft_rows(sheet: Sheet) -> list[list[str]]:
    """The drafter's editable table: 一级 / 二级 / 三级 / 指标值 / 依据."""
    return [[i.level1, i.level2, i.name, i.value.raw, basis_label(i)] for i in sheet.indicators]


_FIELD_COLUMN = {"level1": 1, "level2": 2, "name": 3, "description": 3, "value": 4}


def _worst(a: Severity | None, b: Severity) -> Severity:
    return b if a is None or SEVERITY_RANK[b] < SEVERITY_RANK[a] else a


def highlighted_table_html(sheet: Sheet, critique: Critique, numbers: dict[int, int]) -> str:
    """The sheet as a table, each cell a finding points at coloured by its worst severity.

    `numbers` maps a finding's position in the critique to the number shown in the findings list,
    so the 问题 column can point at the findings of each row.
    """
    cells: dict[tuple[int, int], Severity] = {}
    marks: dict[int, list[tuple[int, Finding]]] = {}
    for position, finding in enumerate(critique.findings):
        row = finding.indicator_index
        if row is None or not 0 <= row < len(sheet.indicators):
            continue
        marks.setdefault(row, []).append((numbers.get(position, position + 1), finding))
        columns = [_FIELD_COLUMN[finding.field]] if finding.field in _FIELD_COLUMN else [1, 2, 3, 4]
        for column in columns:
            cells[(row, column)] = _worst(cells.get((row, column)), finding.severity)

    head = "".join(f"<th>{h}</th>" for h in ("序号", "一级指标", "二级指标", "三级指标", "指标值", "问题"))
    body = []
    for row, indicator in enumerate(sheet.indicators):
        values = (indicator.level1, indicator.level2, indicator.name, indicator.value.raw)
        tds = [f'<td class="jx-idx">{row + 1}</td>']
        for column, value in enumerate(values, start=1):
            severity = cells.get((row, column))
            css = f' class="jx-cell-{severity.value}"' if severity else ""
            tds.append(
                f"<td{css}>{escape(value) if value.strip() else '<span class=jx-blank>（空）</span>'}</td>"
            )
        badges = "".join(
            f'<span class="jx-ref jx-{f.severity.value}" title="{escape(f.message)}">{n}</span>'
            for n, f in sorted(marks.get(row, []), key=lambda p: p[0])
        )
        tds.append(f'<td class="jx-refs">{badges}</td>')
        body.append(f"<tr>{''.join(tds)}</tr>")
    if not body:
        body.append('<tr><td colspan="6" class="jx-empty">表中没有指标。</td></tr>')
    legend = "".join(
        f'<span class="jx-legend jx-cell-{s.value}">{SEVERITY_LABELS[s]}</span>' for s in Severity
    )
    return (
        f'<div class="jx-table-wrap"><table class="jx-table" data-stamp="{stamp(sheet)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<div class="jx-legend-row">单元格颜色：{legend}　“问题”列的编号对应下方问题清单。</div></div>'
    )


def field_highlights(critique: Critique) -> dict[str, Severity]:
    """Sheet fields (e.g. annual_goal) with findings, each with its worst severity."""
    marks: dict[str, Severity] = {}
    for finding in critique.findings:
        if finding.indicator_index is None and finding.field:
            marks[finding.field] = _worst(marks.get(finding.field), finding.severity)
    return marks


def categories_line(sheet: Sheet, level1_order: Sequence[str]) -> str:
    """ "产出（数量、质量、时效）、效益、满意度、成本": the categories a table covers, in order."""
    parts = []
    for level1 in level1_order:
        level2s = []
        for indicator in sheet.indicators:
            if indicator.level1 == level1 and indicator.level2 and indicator.level2 not in level2s:
                level2s.append(indicator.level2)
        if not level2s:
            continue
        short = level1.removesuffix("指标")
        inner = "、".join(x.removesuffix("指标") for x in level2s)
        parts.append(f"{short}（{inner}）" if len(level2s) > 1 or short == "产出" else short)
    return "、".join(parts)
