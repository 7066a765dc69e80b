"""F. Relevance to the project: R40–R43. A row copied from another project's sheet is what a reviewer
catches first in every sector.

- R40: a row unrelated to the project — it names another sector's objects or beneficiaries, or shares
  nothing with the project's name, goals or description and belongs to another kind of project
  (knowledge.relevance.judge, the function the drafter's relevance gate uses) → a rewrite from the
  project type's library when one fits completely, else a deletion.
- R41: a deadline outside the budget year (a date copied from last year's sheet) → the same day in the
  budget year.
- R42: a per-unit cost whose denominator is none of the sheet's quantities (a 聘用保安人均成本 in a health
  programme) → the unit cost over the sheet's own main quantity, when the funds are known.
- R43: a satisfaction row surveying people the project does not serve (knowledge.relevance.served) →
  the project's own respondents (domain.respondent_group, as R24).

precedence.RELEVANCE decides which of them speaks about a row (one defect, one finding); a sheet with
any of their findings cannot score 优 (scoring.RELEVANCE_CAP).
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.critique import suggest
from assistant.critique.analysis import IndicatorFacts, SheetFacts
from assistant.critique.precedence import project_scope, project_types, relevance_rows, row_relevance
from assistant.critique.rules.base import CONSIST, E, Rule, W, rule
from assistant.critique.rules.history import copied_deadlines
from assistant.domain import cost_denominator, named_respondent, satisfaction_name, unit_cost
from assistant.knowledge import library_for
from assistant.knowledge.relevance import Relevance, Verdict, served
from assistant.names import project_object
from assistant.schema import Finding, Suggestion


def _verdict_text(verdict: Relevance) -> str:
    if verdict.verdict is Verdict.FOREIGN:
        return f"名称中的「{verdict.word}」是{verdict.sector}领域的对象，本项目的名称和目标没有涉及"
    if verdict.verdict is Verdict.ISOLATED:
        return "与项目名称、目标和表中其他指标都没有共同之处"
    if verdict.word:
        return f"与项目名称、目标没有共同之处（「{verdict.word}」属于其他类型的项目）"
    return "与项目名称、目标没有共同之处"


def _library_rewrite(f: IndicatorFacts, facts: SheetFacts) -> Suggestion | None:
    """The project type's library row for the same 二级, filled with the project's own object, when
    every slot is known (no number is made up)."""
    kinds = project_types(facts)
    if not kinds or f.level2 is None:
        return None
    obj = project_object(facts.sheet.project_name)
    slots = {"object": obj, "year": str(facts.year) if facts.year else ""}
    slots["beneficiary"] = suggest.project_respondent(facts)
    for entry in library_for(kinds[0].label, text=facts.sheet.project_name):
        if entry.level2 != f.level2:
            continue
        rendered = entry.render(**slots)
        if (
            not rendered.missing
            and len(rendered.name) <= suggest.MAX_NAME_LENGTH  # a rewrite R31 would reject is none
            and rendered.name not in {i.name for i in facts.sheet.indicators}
        ):
            return suggest.rewrite(
                f"删除，或改为本项目的「{rendered.name} {rendered.value}」（{kinds[0].label}类共性指标，请确认数值）。",
                name=rendered.name,
                value=rendered.value,
            )
    return None


@rule("R40", E, CONSIST, "每条指标都与本项目相关：不出现其他行业的对象或服务对象，不与项目名称、目标毫无关系")
def r40(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in relevance_rows(facts, "R40"):
        verdict = row_relevance(f, facts)
        severity = E if verdict.verdict is Verdict.FOREIGN else W
        suggestion = _library_rewrite(f, facts) or Suggestion(
            action="delete", text="删除这一行：它描述的是其他项目的产出或效果。"
        )
        yield r.finding(
            f"「{f.label}」{_verdict_text(verdict)}，像是从其他项目的表中照搬的。",
            suggestion,
            at=f,
            severity=severity,
        )


@rule("R41", W, CONSIST, "时效指标的期限在预算年度之内（多年项目不晚于计划完成日期）")
def r41(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    year = facts.year
    copied = {f.index for f in copied_deadlines(facts)}  # H03 says it of these rows
    for f in relevance_rows(facts, "R41"):
        deadline = f.value.deadline
        if deadline is None or year is None or f.index in copied:
            continue
        value = f"{year}年{deadline.month}月{deadline.day}日前"
        before = deadline.year < year
        yield r.finding(
            f"「{f.label}」的期限 {deadline.year} 年{'早于' if before else '晚于'}预算年度 {year} 年"
            + ("，可能是沿用往年的表。" if before else "，年度目标应在本年内可核对。"),
            suggest.rewrite(f"改为本年度内的期限「{value}」（请按实施计划确认）。", value=value),
            at=f,
            severity=E if before else W,
        )


@rule("R42", W, CONSIST, "单位成本的分母是本表数量指标中的产出（不借用其他项目的数量）")
def r42(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in relevance_rows(facts, "R42"):
        denominator = cost_denominator(f.indicator) or "？"
        cost = unit_cost(facts.funds, facts.sheet.indicators)
        if cost is not None:
            suggestion = suggest.rewrite(
                f"按本表的主要产出「{cost.quantity.name}」测算：改为「{cost.name} {cost.value}」。",
                name=cost.name,
                value=cost.value,
            )
        else:
            suggestion = Suggestion(
                action="fill", text=f"补充以「{denominator}」计量的数量指标，或把成本改为按本表已有数量测算。"
            )
        yield r.finding(
            f"「{f.label}」按「{denominator}」计算单位成本，但表中没有以「{denominator}」计量的数量指标。",
            suggestion,
            at=f,
        )


@rule("R43", E, CONSIST, "满意度调查的对象是本项目的服务对象")
def r43(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    scope = project_scope(facts)
    for f in relevance_rows(facts, "R43"):
        respondents = named_respondent(f.name)
        verdict = served(respondents, scope)
        name = satisfaction_name(facts.sheet.project_name, facts.sheet.annual_goal or "")
        why = (
            f"「{respondents}」是{verdict.sector}领域的服务对象"
            if verdict.verdict is Verdict.FOREIGN
            else f"项目名称和目标中没有「{respondents}」"
        )
        yield r.finding(
            f"「{f.label}」调查的不是本项目的服务对象：{why}。",
            suggest.rewrite(f"改为调查本项目的服务对象：「{name}」。", name=name),
            at=f,
            severity=E if verdict.verdict is Verdict.FOREIGN else W,
        )
