"""The LLM drafter: an OpenAI-compatible model writes the table, the rule critic checks it.

1. The prompt carries what the offline drafter knows: the project's sector and type (with the cues that
   decided), who it serves, the rows its own numbers state, the type library's rows for this project's
   object, and similar rows of past sheets of the same sector only, as many as fit the model's context
   (tiktoken budget); the description goes in as fenced data that cannot override instructions.
2. The answer is validated into `LLMDraftOutput` (structured output with method fallback, re-asks).
3. The rule critic runs on the result; its error findings go back to the model for one revision.
4. Whatever errors remain are repaired by the offline repair loop, so an LLM draft never carries an
   error-severity finding either.
Any LLM failure raises LLMError; the caller falls back to the offline draft with a notice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from assistant import taxonomy as tx
from assistant.config import LLMSettings
from assistant.critique import critique_sheet
from assistant.critique.hints import Hints
from assistant.domain import is_measurable, main_quantity
from assistant.drafting.cost import with_cost_row
from assistant.drafting.from_facts import indicator_from_fact
from assistant.drafting.goal import annual_goal
from assistant.drafting.library_rows import library_rows
from assistant.drafting.naming import core_activity
from assistant.drafting.offline import (
    LIBRARY_EXTRA,
    IndicatorSource,
    classification_notice,
    draft_sheet,
    finished,
    no_similar_notice,
    repaired,
)
from assistant.drafting.profile import read_request
from assistant.llm.prompts import DataFence, load_prompt
from assistant.llm.structured import structured_call
from assistant.llm.tokens import fit_examples, prompt_budget
from assistant.llm.validators import require_chinese
from assistant.schema import (
    Draft,
    DraftRequest,
    Indicator,
    Provenance,
    Severity,
    Sheet,
    ValueBasis,
)

# The labels the model may answer with: the taxonomy's, as Literals (an enum in the JSON schema it is
# given). mypy sees plain strings; pydantic sees the Literal built from taxonomy.py at run time.
if TYPE_CHECKING:
    Level1 = str
    Level2 = str
else:
    Level1 = Literal[tx.LEVEL1]
    Level2 = Literal[tuple(l2 for l2 in tx.LEVEL2 if l2 != tx.LEGACY_COST)]


class LLMIndicator(BaseModel):
    level1: Level1
    level2: Level2
    name: str = Field(min_length=2, max_length=40, description="三级指标名称，名词短语")
    value: str = Field(min_length=1, max_length=40, description="指标值：比较符号+数字+单位，或日期")
    explanation: str | None = Field(default=None, max_length=200, description="指标解释：计算公式、数据来源")
    basis: Literal["description", "similar", "default"] = "similar"
    source_project: str | None = Field(default=None, max_length=80)


class LLMDraftOutput(BaseModel):
    annual_goal: str = Field(min_length=4, max_length=600)
    indicators: list[LLMIndicator] = Field(min_length=5, max_length=25)


def _coverage(output: BaseModel) -> str | None:
    """Validator: every required category is there and every value is measurable."""
    assert isinstance(output, LLMDraftOutput)
    level2s = {i.level2 for i in output.indicators}
    missing = [
        l2 for l2 in (tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.SERVICE_SATISFACTION) if l2 not in level2s
    ]
    if not level2s & set(tx.BENEFIT_LEVEL2):
        missing.append("效益指标（任一二级）")
    problems = []
    if missing:
        problems.append(f"缺少类别：{'、'.join(missing)}")
    for i in output.indicators:
        if tx.parent_of(i.level2) != i.level1 and not tx.is_legal_pair(i.level1, i.level2):
            problems.append(f"「{i.name}」的一级指标 {i.level1} 与二级指标 {i.level2} 不匹配")
    vague = [
        i.name
        for i in output.indicators
        if not is_measurable(
            Indicator(level1=i.level1, level2=i.level2, name=i.name, value=i.value, description=i.explanation)
        )
    ]
    if vague:
        problems.append(f"这些指标的指标值不可衡量（需要数字和单位或日期）：{'、'.join(vague[:8])}")
    return "；".join(problems) or None


def _examples(candidates: list[Indicator]) -> list[str]:
    lines = []
    for c in candidates:
        source = c.provenance.project_name if c.provenance and c.provenance.project_name else ""
        lines.append(f"- {c.level1}/{c.level2}/{c.name}：{c.value.raw}" + (f"（{source}）" if source else ""))
    return lines


def _to_indicators(output: LLMDraftOutput, candidates: list[Indicator]) -> list[Indicator]:
    by_project = {c.provenance.project_name: c.provenance for c in candidates if c.provenance}
    rows = []
    for item in output.indicators:
        basis = {"description": ValueBasis.DESCRIPTION, "default": ValueBasis.DEFAULT}.get(
            item.basis, ValueBasis.LLM
        )
        source = by_project.get(item.source_project) if item.source_project else None
        provenance = Provenance(
            sheet_id=source.sheet_id if source else None,
            project_name=item.source_project if source else None,
            basis=ValueBasis.SIMILAR if source else basis,
            needs_confirmation=item.basis != "description",
            note="大模型起草",
        )
        rows.append(
            Indicator(
                level1=item.level1,
                level2=item.level2,
                name=item.name.strip(),
                value=item.value.strip(),
                description=item.explanation,
                provenance=provenance,
            )
        )
    return rows


def draft_with_llm(
    request: DraftRequest,
    settings: LLMSettings,
    *,
    source: IndicatorSource | None = None,
    hints: Hints | None = None,
    exclude_sheet_ids: Sequence[str] = (),
    today: date | None = None,
) -> Draft:
    """Draft with the configured endpoint. Raises LLMError (the caller falls back to offline)."""
    reading = read_request(request, today)
    year, name, funds, facts, profile = (
        reading.year, reading.name, reading.funds, reading.facts, reading.profile
    )  # fmt: skip
    candidates = (
        source.similar_indicators(
            f"{name}\n{request.description}",
            k=40,
            exclude_sheet_ids=exclude_sheet_ids,
            hints=hints,
            profile=profile,
        )
        if source
        else []
    )
    stated = [row for fact in facts if (row := indicator_from_fact(fact, year)) is not None]
    library = library_rows(profile, stated, main_quantity(stated), year, extra=LIBRARY_EXTRA)

    fence = DataFence()
    system = load_prompt("draft_system", data_rule=fence.rule())
    fields = {
        "project_name": fence.neutralise(name)[:80],
        "year": year,
        "funds": f"{funds:,.2f}元" if funds else "未提供",
        "classification": classification_notice(profile).removeprefix("项目归类："),
        "beneficiary": fence.neutralise(profile.beneficiary)[:40],
        "project_type": profile.type_name or "通用",
        "description": fence.wrap(request.description, label="项目描述"),
        "facts": "\n".join(f"- {r.level1}/{r.level2}/{r.name}：{r.value.raw}" for r in stated) or "（无）",
        "library": "\n".join(
            [f"- {r.level1}/{r.level2}/{r.name}：{r.value.raw}" for r in library.rows]
            + [f"- {ask}：需提供数值" for ask in library.asks]
        )
        or "（无）",
    }
    # Budget the few-shot examples against what is left of the context after the fixed parts.
    budget = prompt_budget(settings, system, load_prompt("draft_user", examples="", **fields))
    examples = fit_examples(_examples(candidates), budget, model=settings.model, separator="\n")
    user = load_prompt("draft_user", examples="\n".join(examples) or "（无）", **fields)
    validators = [require_chinese("annual_goal", "indicators.name"), _coverage]
    messages = [SystemMessage(system), HumanMessage(user)]
    result = structured_call(messages, LLMDraftOutput, settings, validators=validators, temperature=0.2)
    notices = [
        f"大模型起草（{settings.model}，结构化方式 {result.method}，参考同行业示例 {len(examples)} 条，"
        f"类型指标库 {len(library.rows)} 条）",
        classification_notice(profile),
    ]
    if source is not None and not candidates:
        notices.append(no_similar_notice(profile))

    sheet = _sheet(request, name, year, funds, result.value, candidates, profile.type_name)
    critique = critique_sheet(sheet, hints)
    errors = [f for f in critique.findings if f.severity is Severity.ERROR]
    if errors:
        findings = "\n".join(
            f"- {f.code} 第{(f.indicator_index or 0) + 1}条「{sheet.indicators[f.indicator_index].name}」：{f.message}"
            if f.indicator_index is not None and f.indicator_index < len(sheet.indicators)
            else f"- {f.code}：{f.message}"
            for f in errors
        )
        revision = [
            *messages,
            AIMessage(result.raw or json.dumps(result.value.model_dump(), ensure_ascii=False)),
            HumanMessage(load_prompt("draft_revise", findings=findings)),
        ]
        revised = structured_call(revision, LLMDraftOutput, settings, validators=validators, temperature=0.2)
        sheet = _sheet(request, name, year, funds, revised.value, candidates, profile.type_name)
        notices.append(f"规则审核发现 {len(errors)} 个错误，已请大模型修改一轮")

    return finished(
        repaired(sheet, hints, profile.object or core_activity(name), year, profile), hints, notices, "llm"
    )


def _sheet(
    request: DraftRequest,
    name: str,
    year: int,
    funds: float | None,
    output: LLMDraftOutput,
    candidates: list[Indicator],
    project_type: str | None = None,
) -> Sheet:
    indicators = with_cost_row(funds, _to_indicators(output, candidates), project_type)
    goal = output.annual_goal.strip() or annual_goal(name, year, indicators)
    return draft_sheet(request, name, year, funds, indicators, goal)
