"""The offline drafter: description → complete, measurable indicator table, with no key and no network.

1. Read the facts of the description (counts, rates, deadlines, standards, money by role) and know the
   project (drafting/profile.py): its sector and type by the knowledge classifiers, its object, who it
   serves.
2. Rows from its facts first, each repeating the description's number.
3. Similar past rows only from corpus sheets of the same sector that are similar enough, each checked for
   relevance (knowledge.relevance, shared with the critic) and adapted to this project's object.
4. The type library for every 二级 still missing, the benefits that fit the project, a satisfaction row
   surveying its own beneficiaries; a standard default only where even the library has nothing.
   When no similar sheet exists, a notice says so instead of borrowing from another sector.
5. Cost: a stated standard, else the funds over the project's own main quantity, else a ceiling.
6. Write the 年度目标 sentence from the indicators, run the rule critic and repair until no
   error-severity finding remains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from assistant import taxonomy as tx
from assistant.critique import critique_sheet
from assistant.critique.hints import Hints
from assistant.domain import main_quantity, named_respondent, names_nobody, respondent_group
from assistant.drafting.cost import (
    cost_control_default,
    is_money_cost,
    own_quantities,
    part_rows,
    with_cost_row,
)
from assistant.drafting.defaults import default_for
from assistant.drafting.explain import with_explanation
from assistant.drafting.from_facts import indicator_from_fact
from assistant.drafting.goal import annual_goal
from assistant.drafting.library_rows import library_rows
from assistant.drafting.naming import core_activity
from assistant.drafting.profile import ProjectProfile, read_request
from assistant.drafting.repair import repair
from assistant.knowledge.relevance import served
from assistant.schema import BLANK, Draft, DraftRequest, Funding, Indicator, Sheet, ValueBasis
from assistant.text import dice, squash

# Categories every draft covers (STANDARD.md R03 under the 101 layout); 效益 stands for any 效益 二级.
REQUIRED: tuple[str, ...] = (
    tx.QUANTITY,
    tx.QUALITY,
    tx.TIMELINESS,
    tx.SOCIAL_BENEFIT,
    tx.SERVICE_SATISFACTION,
)
# How many rows each 二级 gets at most (description rows included).
QUOTA: dict[str, int] = {
    tx.QUANTITY: 4,
    tx.QUALITY: 2,
    tx.TIMELINESS: 2,
    tx.ECONOMIC_BENEFIT: 1,
    tx.SOCIAL_BENEFIT: 2,
    tx.ECO_BENEFIT: 1,
    tx.SUSTAINABILITY: 1,
    tx.SERVICE_SATISFACTION: 1,
}
SIMILAR_NAME = 0.6  # char-bigram Dice above which two names are the same indicator


class IndicatorSource(Protocol):
    """Similar past indicators for a project text, best first, each with provenance."""

    def similar_indicators(
        self,
        query: str,
        k: int,
        exclude_sheet_ids: Sequence[str] = (),
        hints: Hints | None = None,
        profile: ProjectProfile | None = None,
    ) -> list[Indicator]:
        """`hints` let the critic make a past row's rewrite concrete before it is offered; `profile`
        (the project's sector, type, object) decides which past sheets may lend rows."""
        ...


def _level2_key(level2: str) -> str:
    return tx.ECONOMIC_COST if level2 in tx.COST_LEVEL2 else level2


def _is_duplicate(candidate: Indicator, chosen: list[Indicator]) -> bool:
    """Same indicator: near-identical names that also measure in the same unit (场次 ≠ 人次)."""
    return any(
        (dice(candidate.name, other.name) >= SIMILAR_NAME and candidate.value.unit == other.value.unit)
        or candidate.name == other.name
        for other in chosen
    )


def rank_candidates(candidates: list[Indicator]) -> list[Indicator]:
    """Similarity × typicality: a retrieved row that several similar sheets also have (a near-same
    name from another sheet) is what projects of this kind usually measure, so it moves up."""
    sheets = [c.provenance.sheet_id if c.provenance else None for c in candidates]
    support = [
        len(
            {
                sheets[j]
                for j, other in enumerate(candidates)
                if j != i and sheets[j] != sheets[i] and dice(c.name, other.name) >= SIMILAR_NAME
            }
        )
        for i, c in enumerate(candidates)
    ]
    order = sorted(range(len(candidates)), key=lambda i: -(1 + support[i]) / (RANK_DAMPING + i))
    return [candidates[i] for i in order]


RANK_DAMPING = 5  # how fast similarity (retrieval rank) outweighs typicality


def _fill_from_candidates(chosen: list[Indicator], candidates: list[Indicator]) -> None:
    counts: dict[str, int] = {}
    for indicator in chosen:
        counts[_level2_key(indicator.level2)] = counts.get(_level2_key(indicator.level2), 0) + 1
    for candidate in rank_candidates(candidates):
        level2 = _level2_key(candidate.level2)
        if level2 not in QUOTA or level2 == tx.ECONOMIC_COST:
            continue  # cost comes from the funds, not from another project's money
        if counts.get(level2, 0) >= QUOTA[level2] or _is_duplicate(candidate, chosen):
            continue
        chosen.append(candidate)
        counts[level2] = counts.get(level2, 0) + 1


def draft_offline(
    request: DraftRequest,
    *,
    source: IndicatorSource | None = None,
    hints: Hints | None = None,
    exclude_sheet_ids: Sequence[str] = (),
    today: date | None = None,
) -> Draft:
    notices: list[str] = []
    reading = read_request(request, today)
    year, name, funds, facts, profile = (
        reading.year, reading.name, reading.funds, reading.facts, reading.profile
    )  # fmt: skip
    core = profile.object or core_activity(name)
    notices.append(classification_notice(profile))
    if not funds:
        notices.append("描述中没有资金数额，未生成成本指标；请补充年度资金后重新生成。")

    chosen: list[Indicator] = []
    for fact in facts:
        indicator = indicator_from_fact(fact, year)
        if indicator is not None and not _is_duplicate(indicator, chosen):
            chosen.append(indicator)

    if source is not None:
        query = f"{name}\n{request.description}"
        candidates = source.similar_indicators(
            query, k=80, exclude_sheet_ids=exclude_sheet_ids, hints=hints, profile=profile
        )
        if not candidates:
            notices.append(no_similar_notice(profile))
        _fill_from_candidates(chosen, candidates)
    else:
        notices.append("未加载语料检索，草稿仅依据描述、类型指标库和标准默认值生成。")

    main = main_quantity(own_quantities(chosen))
    library = library_rows(profile, chosen, main, year, extra=LIBRARY_EXTRA)
    chosen.extend(library.rows)
    if library.asks:
        asks = "；".join(re.sub(r"\{\w+\}", BLANK, ask) for ask in library.asks[:6])
        notices.append(f"以下指标需要您提供数值后补充（指标库建议，未自行填写数字）：{asks}")

    for level2 in REQUIRED:
        present = any(
            i.level2 == level2 or (level2 == tx.SOCIAL_BENEFIT and i.level2 in tx.BENEFIT_LEVEL2)
            for i in chosen
        )
        if not present:
            chosen.append(default_for(level2, core, year, respondents=profile.beneficiary))

    if funds and not any(is_money_cost(i) for i in chosen):
        chosen.extend(part_rows(facts, funds))
    chosen = with_cost_row(funds, chosen, profile.type_name)
    if not any(is_money_cost(i) for i in chosen):
        chosen.append(cost_control_default())
    sheet = draft_sheet(request, name, year, funds, [with_explanation(i) for i in chosen])
    sheet = repaired(sheet, hints, core, year, profile)
    sheet = sheet.model_copy(update={"annual_goal": annual_goal(name, year, sheet.indicators)})
    return finished(sheet, hints, notices, "offline")


# Library rows beyond the first of a 二级 (the draft is otherwise thin there).
LIBRARY_EXTRA: dict[str, int] = {tx.QUALITY: 2, tx.TIMELINESS: 2}


def classification_notice(profile: ProjectProfile) -> str:
    """What the drafter took the project to be, and why (the cues that decided)."""
    parts = []
    if profile.sector is not None:
        parts.append(f"行业「{profile.sector.label}」（依据：{'、'.join(profile.sector.cues[:4])}）")
    if profile.project_type is not None:
        parts.append(
            f"类型「{profile.project_type.label}」（依据：{'、'.join(profile.project_type.cues[:4])}）"
        )
    if not parts:
        return "未能从描述判断项目的行业和类型，以下按通用指标起草；请在描述中写明主管部门、实施内容。"
    return "项目归类：" + "，".join(parts) + f"；满意度调查对象：{profile.beneficiary}。"


def no_similar_notice(profile: ProjectProfile) -> str:
    """ "语料库中没有相似的教育类项目，以下按'设备购置'类通用指标起草"."""
    sector = f"{profile.sector.label}类" if profile.sector else ""
    kind = f"按'{profile.project_type.label}'类通用指标" if profile.project_type else "按通用指标"
    return f"语料库中没有相似的{sector}项目，以下{kind}起草（除描述中的数字外请逐项核实）。"


def finished(sheet: Sheet, hints: Hints | None, notices: list[str], backend: str) -> Draft:
    """The draft the user sees, with the critique of exactly that final sheet."""
    return Draft(sheet=sheet, critique=critique_sheet(sheet, hints), notices=notices, backend=backend)


def own_respondents(
    indicators: list[Indicator], core: str, profile: ProjectProfile | None = None
) -> list[Indicator]:
    """Satisfaction rows that survey people this project does not serve, or name nobody ("服务对象满意度",
    borrowed from a past sheet), renamed for this project's beneficiaries, as its critic asks (R24, R43:
    knowledge.relevance.served). A row naming its own staff ("工作人员满意度") is kept as the past sheet
    wrote it, with the critic's R24 warning in view: renaming it measured lower recall on the seeds."""
    group = profile.beneficiary if profile is not None else respondent_group(core)
    rows = []
    for i in indicators:
        if i.level2 == tx.SERVICE_SATISFACTION:
            respondents = named_respondent(squash(i.name))
            foreign = profile is not None and not served(respondents, profile.scope).fits
            if names_nobody(i.name) or foreign:
                i = i.model_copy(update={"name": f"{group}满意度"})
        rows.append(i)
    return rows


def draft_sheet(
    request: DraftRequest,
    name: str,
    year: int,
    funds: float | None,
    indicators: list[Indicator],
    goal: str | None = None,
) -> Sheet:
    """The drafted form around its indicators: the request's fields, the budget year, the funds. A
    description that promises something after the budget year (a multi-year project: "2021年12月底前
    完成规划" in a 2019 sheet) sets the planned end to that date, so the critic reads it as planned."""
    end = date(year, 12, 31)
    stated = [
        i.value.deadline
        for i in indicators
        if i.value.deadline and i.provenance and i.provenance.basis is ValueBasis.DESCRIPTION
    ]
    end = max([end, *(d for d in stated if d)])
    return Sheet(
        project_name=name,
        year=year,
        department=request.department,
        implementing_unit=request.implementing_unit,
        start_date=date(year, 1, 1),
        end_date=end,
        funds=Funding(total=funds, fiscal=funds, unit_as_written="元" if funds else None),
        overall_goal=request.description.strip()[:500],
        annual_goal=goal,
        indicators=ordered(indicators),
    )


def repaired(
    sheet: Sheet, hints: Hints | None, core: str, year: int, profile: ProjectProfile | None = None
) -> Sheet:
    """The critic-driven repair every draft gets (defaults phrased around `core`), in form order."""
    sheet = sheet.model_copy(update={"indicators": own_respondents(sheet.indicators, core, profile)})
    respondents = profile.beneficiary if profile is not None else None
    sheet, _ = repair(
        sheet, hints, lambda level2: default_for(level2, core, year, respondents=respondents), REQUIRED
    )
    return sheet.model_copy(update={"indicators": ordered([with_explanation(i) for i in sheet.indicators])})


_ORDER = {
    level2: position
    for position, level2 in enumerate(
        (
            tx.QUANTITY,
            tx.QUALITY,
            tx.TIMELINESS,
            tx.LEGACY_COST,
            *tx.COST_LEVEL2,
            *tx.BENEFIT_LEVEL2,
            tx.SERVICE_SATISFACTION,
        )
    )
}
_LEVEL1_ORDER = {tx.OUTPUT: 0, tx.COST: 1, tx.BENEFIT: 2, tx.SATISFACTION: 3}


def ordered(indicators: list[Indicator]) -> list[Indicator]:
    """Official-form order: 产出 (数量, 质量, 时效), 成本, 效益, 满意度; stable within a group."""
    return sorted(indicators, key=lambda i: (_LEVEL1_ORDER.get(i.level1, 9), _ORDER.get(i.level2, 99)))
