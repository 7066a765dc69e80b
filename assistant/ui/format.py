"""Chinese labels and the HTML fragments the tabs share: score card, findings, sheet header, tables.

Everything here is a pure function of the domain models; every piece of text that came from a
file or a user is escaped before it goes into HTML. The CSS classes are defined in style.css.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from assistant.export.basis import basis_label as export_basis_label
from assistant.schema import (
    FIELD_LABELS,
    SEVERITY_LABELS,
    Critique,
    Dimension,
    Finding,
    Indicator,
    Severity,
    Sheet,
)
from assistant.values import money_label

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


def chat_for_display(chat: list[dict[str, str]]) -> list[dict[str, str]]:
    """The conversation as the chat box shows it: every message escaped, so text with angle brackets
    (<script>, <img …>) appears as typed instead of being removed by the box's HTML sanitiser."""
    return [{**m, "content": escape(m["content"], quote=False)} for m in chat]


def notices_html(notices: Iterable[Notice]) -> str:
    items = [
        f'<div class="jx-notice jx-notice-{n.level}">{escape(n.text)}</div>'
        for n in notices
        if n.text.strip()
    ]
    return "".join(items)


# --- provenance --------------------------------------------------------------------------------


def basis_label(indicator: Indicator) -> str:
    """Where a drafted value came from, for the 依据 column ("—" for a row read from a file)."""
    return export_basis_label(indicator) or "—"


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


def rule_title(code: str) -> str:
    """What a rule checks, in Chinese ("" for a code the rule table does not have, e.g. an LLM's)."""
    from assistant.critique import RULES

    rule = RULES.get(code)
    return rule.title if rule else ""


def rule_label(code: str) -> str:
    """ "R07 指标值不可衡量…": a rule code with its title, as the page shows it."""
    title = rule_title(code)
    return f"{code} {title}" if title else code


def finding_html(number: int | None, finding: Finding, sheet: Sheet, mark: str | None = None) -> str:
    """One finding as a card: severity, where, what is wrong, the suggested rewrite, the rule.

    `mark` is the sheet's `stamp`, when the caller already has it (hashing a large sheet once per
    finding made a list of thousands of findings quadratic).
    """
    return finding_card_html(
        number,
        finding.severity,
        where_label(finding, sheet),
        finding.dimension.value,
        finding.message,
        suggestion_text(finding),
        finding.code,
        mark or stamp(sheet),
    )


def finding_card_html(
    number: int | None,
    severity: Severity,
    where: str,
    dimension: str,
    message: str,
    suggestion: str,
    code: str,
    mark: str = "",
) -> str:
    """A finding card from its parts (the batch report's finding rows have only these)."""
    head = f'<span class="jx-num">{number}</span>' if number is not None else ""
    tip = f'<div class="jx-suggest">建议：{escape(suggestion)}</div>' if suggestion else ""
    stamp_attr = f' data-stamp="{escape(mark)}"' if mark else ""
    return (
        f'<div class="jx-finding jx-border-{severity.value}"{stamp_attr}>'
        f'<div class="jx-finding-head">{head}{severity_badge(severity)}'
        f'<span class="jx-where">{escape(where)}</span>'
        f'<span class="jx-dim">{escape(dimension)}</span></div>'
        f'<div class="jx-message">{escape(message)}</div>{tip}'
        f'<div class="jx-rule"><b>{escape(code)}</b>{escape(rule_title(code))}</div></div>'
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
    counts = {s: sum(f.severity is s for f in critique.findings) for s in Severity}
    return score_values_html(critique.score, critique.grade, critique.sub_scores, counts)


def score_values_html(
    score: float, grade: str, sub_scores: Mapping[Dimension, float | None], counts: dict[Severity, int]
) -> str:
    grade_class = GRADE_CLASS.get(grade, "poor")
    bars = []
    for dimension in DIMENSIONS:
        value = sub_scores.get(dimension)
        width = 0.0 if value is None else max(0.0, min(100.0, value))
        shown = "—" if value is None else f"{value:.0f}"
        bars.append(
            f'<div class="jx-sub"><span class="jx-sub-name">{dimension.value}</span>'
            f'<span class="jx-bar"><i style="width:{width:.0f}%"></i></span>'
            f'<span class="jx-sub-val">{shown}</span></div>'
        )
    count_html = " ".join(
        f'<span class="jx-count jx-{s.value}">{SEVERITY_LABELS[s]} {counts.get(s, 0)}</span>'
        for s in Severity
    )
    return (
        f'<div class="jx-score-card">'
        f'<div class="jx-score jx-grade-{grade_class}"><div class="jx-score-num">{score:.1f}</div>'
        f'<div class="jx-score-grade">等级：{escape(grade)}</div></div>'
        f'<div class="jx-subs">{"".join(bars)}<div class="jx-counts">{count_html}</div></div></div>'
    )


def checklist_html(critique: Critique, limit: int = 6) -> str:
    """The reviewer's checklist (critique/checklist.py) as a table: per check passed or not, its
    grade, and the rows or sheet-wide problems that fail it."""
    if not critique.checklist:
        return ""
    rows = []
    for check in critique.checklist:
        where = [
            f"第{i + 1}行 {name}"
            for i, name in zip(check.failing_indicators, check.failing_names, strict=True)
        ]
        listed = "；".join([*where[:limit], *check.sheet_problems[:2]])
        if len(where) > limit:
            listed += f" 等 {len(where)} 行"
        verdict = "通过" if check.passed else "未通过"
        state = "pass" if check.passed else "fail"
        rules = f'<span class="jx-check-rules">{escape(" ".join(check.rules))}</span>' if check.rules else ""
        rows.append(
            f'<tr class="jx-check-{state}"><th title="{escape(check.question)}">{escape(check.check)}</th>'
            f'<td class="jx-check-verdict">{verdict}</td>'
            f'<td class="jx-check-grade jx-grade-text-{GRADE_CLASS.get(check.grade, "poor")}">{escape(check.grade)}</td>'
            f"<td>{escape(listed) or '—'}{rules}</td></tr>"
        )
    return (
        '<div class="jx-checklist" id="review-checklist"><div class="jx-section-title">审核清单</div>'
        "<table><thead><tr><th>检查项</th><th>结果</th><th>等级</th><th>未通过的指标 / 问题（规则）</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# --- sheet -------------------------------------------------------------------------------------


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


CELL_STYLE: dict[Severity, str] = {
    Severity.ERROR: "background-color: #fdecec; box-shadow: inset 3px 0 0 #dc2626",
    Severity.WARNING: "background-color: #fff6dd; box-shadow: inset 3px 0 0 #f59e0b",
    Severity.INFO: "background-color: #eaf2ff; box-shadow: inset 3px 0 0 #3b82f6",
}
REVIEW_HEADERS: tuple[str, ...] = ("一级指标", "二级指标", "三级指标", "指标值", "问题")


def cell_marks(
    sheet: Sheet, critique: Critique, numbers: dict[int, int]
) -> tuple[dict[tuple[int, int], Severity], dict[int, list[tuple[int, Finding]]]]:
    """The worst severity of each cell a finding points at ((row, column 1–4) → severity), and the
    numbered findings of each row. `numbers` maps a finding's position to its number in the list."""
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
    for row in marks:
        marks[row].sort(key=lambda p: p[0])
    return cells, marks


def review_table(
    sheet: Sheet, critique: Critique, numbers: dict[int, int]
) -> tuple[list[list[str]], list[list[str]]]:
    """The review tab's editable table (一级 / 二级 / 三级 / 指标值 / 问题 numbers) and the CSS of
    each cell: a cell a finding points at is coloured by its worst severity."""
    cells, marks = cell_marks(sheet, critique, numbers)
    rows, styles = [], []
    for row, indicator in enumerate(sheet.indicators):
        values = [indicator.level1, indicator.level2, indicator.name, indicator.value.raw]
        refs = " ".join(str(n) for n, _ in marks.get(row, []))
        rows.append([*values, refs])
        style = [CELL_STYLE[cells[(row, c)]] if (row, c) in cells else "" for c in range(1, 5)]
        styles.append([*style, "color: #b91c1c; font-weight: 600" if refs else ""])
    return rows, styles


def legend_html(sheet: Sheet) -> str:
    """What the table's colours mean; it carries the sheet's stamp (the findings list carries it too)."""
    legend = "".join(
        f'<span class="jx-legend jx-cell-{s.value}">{SEVERITY_LABELS[s]}</span>' for s in Severity
    )
    return (
        f'<div class="jx-legend-row" data-stamp="{stamp(sheet)}">单元格颜色：{legend}'
        "“问题”列的编号对应下方问题清单；双击单元格即可修改，改后自动重新评分。</div>"
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
