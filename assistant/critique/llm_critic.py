"""The LLM critic: semantic findings the rules cannot see, merged into the rule critique.

Kinds (each a stable code, severity warning, dimension 相关性与一致性):
  L01 指标与项目无关 · L02 效益不可归因于本项目 · L03 投入当作产出 · L04 年度目标内容无指标衡量 · L09 其他
A finding the rules already made on the same indicator (e.g. R30 for attribution, R14/R15 for
inputs and process items) is not repeated. The score stays the rule score: it must be
reproducible across runs and endpoints; LLM findings are advice shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from assistant.config import LLMSettings
from assistant.llm.errors import LLMError
from assistant.llm.prompts import DataFence, load_prompt
from assistant.llm.structured import structured_call
from assistant.llm.validators import require_chinese
from assistant.schema import Critique, Dimension, Finding, Severity, Sheet, Suggestion

Kind = Literal["irrelevant", "not_attributable", "input_as_output", "goal_not_measured", "other"]

CODES: dict[str, tuple[str, str]] = {
    "irrelevant": ("L01", "指标与项目无关"),
    "not_attributable": ("L02", "效益不可归因于本项目"),
    "input_as_output": ("L03", "投入当作产出"),
    "goal_not_measured": ("L04", "年度目标内容无指标衡量"),
    "other": ("L09", "其他语义问题"),
}
# Rule codes that already say what an LLM kind would say about the same indicator.
OVERLAPS: dict[str, frozenset[str]] = {
    "not_attributable": frozenset({"R30"}),
    "input_as_output": frozenset({"R14", "R15", "R21"}),
    "goal_not_measured": frozenset({"R04"}),
    "irrelevant": frozenset({"R15"}),
}
REFERENCE = "大模型语义审核（STANDARD.md §4.2：规则 + 大模型）"


class LLMIssue(BaseModel):
    indicator_index: int | None = Field(default=None, ge=0, description="指标序号，从 0 开始；整张表为 null")
    kind: Kind
    message: str = Field(min_length=2, max_length=200)
    suggestion: str = Field(min_length=2, max_length=200)
    suggested_name: str | None = Field(default=None, max_length=40)
    suggested_value: str | None = Field(default=None, max_length=40)


class LLMCritiqueOutput(BaseModel):
    issues: list[LLMIssue] = Field(default_factory=list, max_length=20)


def render_sheet(sheet: Sheet) -> str:
    """The sheet as compact numbered lines for the prompt."""
    lines = [
        f"项目名称：{sheet.project_name}",
        f"年度资金：{sheet.funds.total:,.2f}元" if sheet.funds.total else "年度资金：未填",
        f"总目标：{sheet.overall_goal or '未填'}",
        f"年度目标：{sheet.annual_goal or '未填'}",
        "指标：",
    ]
    lines += [
        f"[{n}] {i.level1}/{i.level2}/{i.name}：{i.value.raw or '（空）'}"
        for n, i in enumerate(sheet.indicators)
    ]
    return "\n".join(lines)


def _index_in_range(sheet: Sheet):
    def check(output: BaseModel) -> str | None:
        assert isinstance(output, LLMCritiqueOutput)
        bad = [
            i.indicator_index
            for i in output.issues
            if i.indicator_index is not None and i.indicator_index >= len(sheet.indicators)
        ]
        return (
            f"indicator_index 超出范围（共 {len(sheet.indicators)} 条指标，序号 0–{len(sheet.indicators) - 1}）：{bad}"
            if bad
            else None
        )

    return check


@dataclass(frozen=True)
class LLMReview:
    """The critic's findings for one sheet, with what the call cost (for batch job records)."""

    findings: list[Finding]
    requests: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float


def llm_findings(sheet: Sheet, settings: LLMSettings) -> list[Finding]:
    """Semantic findings from the endpoint. Raises LLMError when it cannot give valid ones."""
    return llm_review(sheet, settings).findings


def llm_review(sheet: Sheet, settings: LLMSettings) -> LLMReview:
    """`llm_findings` with the call's requests, tokens and time. Raises LLMError like it."""
    fence = DataFence()
    messages = [
        SystemMessage(load_prompt("critic_system", data_rule=fence.rule())),
        HumanMessage(load_prompt("critic_user", sheet=fence.wrap(render_sheet(sheet), label="绩效目标表"))),
    ]
    result = structured_call(
        messages,
        LLMCritiqueOutput,
        settings,
        validators=[require_chinese("issues.message", "issues.suggestion"), _index_in_range(sheet)],
        temperature=0.0,
    )
    findings = []
    for issue in result.value.issues:
        code, title = CODES[issue.kind]
        findings.append(
            Finding(
                code=code,
                severity=Severity.WARNING,
                dimension=Dimension.CONSISTENCY,
                indicator_index=issue.indicator_index,
                field=None if issue.indicator_index is not None else "annual_goal",
                message=f"{title}：{issue.message}",
                suggestion=Suggestion(
                    action="rewrite",
                    name=issue.suggested_name,
                    value=issue.suggested_value,
                    text=issue.suggestion,
                ),
                reference=REFERENCE,
                source="llm",
            )
        )
    return LLMReview(
        findings=findings,
        requests=result.requests,
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
        seconds=result.elapsed,
    )


def merge(rule_critique: Critique, extra: list[Finding]) -> Critique:
    """Rule findings plus the LLM findings they do not already cover (same indicator, overlapping kind)."""
    kinds = {code: kind for kind, (code, _) in CODES.items()}
    covered = {(f.indicator_index, f.code) for f in rule_critique.findings}
    kept = []
    seen: set[tuple[int | None, str]] = set()
    for finding in extra:
        overlap = OVERLAPS.get(kinds[finding.code], frozenset())
        if any((finding.indicator_index, code) in covered for code in overlap):
            continue
        key = (finding.indicator_index, finding.code)
        if key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    return rule_critique.model_copy(update={"findings": [*rule_critique.findings, *kept]})


def with_llm(sheet: Sheet, rule_critique: Critique, settings: LLMSettings) -> Critique:
    """The rule critique plus LLM findings; on any LLM failure the rule critique with a notice."""
    try:
        extra = llm_findings(sheet, settings)
    except LLMError as exc:
        return rule_critique.model_copy(
            update={
                "notices": [
                    *rule_critique.notices,
                    f"大模型语义审核不可用：{exc.reason}；仅显示规则审核结果。",
                ]
            }
        )
    merged = merge(rule_critique, extra)
    note = f"大模型语义审核补充 {len(merged.findings) - len(rule_critique.findings)} 条意见（不计入评分）"
    return merged.model_copy(update={"notices": [*merged.notices, note]})
