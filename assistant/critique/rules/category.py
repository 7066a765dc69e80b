"""C. Category semantics (misplacement): R14–R24 and R34.

Which rule speaks about a misplaced row is decided once, by the precedence table
`precedence.CLAIMS` (no target at all > satisfaction > timeliness > cost > outputs and effects), so
a row gets one move, not three. A claim compares what the row is (kinds.py, read by the
classifier) with where the sheet files it; weak evidence is an info-level hint, not a warning. The
target 二级 of a move is the kind's home, or the classifier's prediction where the rule does not fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant import taxonomy as tx
from assistant.critique import suggest
from assistant.critique.analysis import IndicatorFacts, SheetFacts
from assistant.critique.precedence import (
    CLAIM_FIELD,
    Claim,
    claimed_rows,
    claims,
    in_benefit,
    in_cost,
    owned_rows,
)
from assistant.critique.rules.base import CONSIST, INFO, MEASURE, E, Rule, W, rule
from assistant.domain import GENERIC_RESPONDENT, INTERNAL_RESPONDENT
from assistant.names import clean_label, core_of
from assistant.schema import BLANK, Finding, Suggestion, ValueKind
from assistant.values import number_text, parse_number


def _move(f: IndicatorFacts, facts: SheetFacts, claim: Claim) -> Suggestion:
    level2 = claim.level2
    level1 = tx.parent_of(level2) if level2 else None
    value = None
    name = None
    if not f.measurable:
        rewrite = suggest.rewrite_in(f, facts, level2)
        name, value = rewrite.name, rewrite.value
        if name == f.indicator.name.strip():
            name = None
    where = f"「{level1} / {level2}」" if level2 else ""
    text = (
        f"移到{where}下"
        + (f"，并改写为「{name or f.indicator.name.strip()} {value}」" if value else "")
        + "。"
    )
    return Suggestion(action="move", level1=level1, level2=level2, name=name, value=value, text=text)


def _claimed(r: Rule, f: IndicatorFacts, claim: Claim, message: str, suggestion: Suggestion) -> Finding:
    """The finding of a category claim: on the row's category, at the claim's severity."""
    return r.finding(message, suggestion, at=f, field=CLAIM_FIELD, severity=claim.severity)


# --- R14 -------------------------------------------------------------------------------------

_STAFF_INPUT = re.compile(
    r"配备|聘用|聘请|招录|招聘|雇员|在岗人数|在位数|在岗|人员数量|维持.*人数|购买服务人员|保安人数|轮岗人员|值班人数"
)
_STAFFING_PROJECT = re.compile(r"雇员|购买服务|用工|人员经费|津贴|工资|保安|专职|聘|岗位|人员")
_STAFF_WORDS = re.compile(r"配备|聘用|聘请|招录|招聘|维持|完成|在岗|在位|轮岗|值班|人数|数量|人员$|数$")


@rule("R14", W, CONSIST, "数量指标统计交付的产出，不是投入（资金、经费、差旅、招聘配备的人员）")
def r14(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        if claim.level2 is None:
            yield _claimed(
                r,
                f,
                claim,
                f"「{f.label}」{claim.reason}。",
                Suggestion(
                    action="delete", text="删除本行；投入放在成本指标中核算，产出写本项目对外提供的服务。"
                ),
            )
            continue
        s = suggest.unit_cost(f, facts)
        level1 = tx.parent_of(claim.level2)
        yield _claimed(
            r,
            f,
            claim,
            f"「{f.label}」{claim.reason}。",
            Suggestion(
                action="move",
                level1=level1 if level1 != tx.OUTPUT or claim.level2 != tx.LEGACY_COST else tx.OUTPUT,
                level2=claim.level2,
                name=s.name,
                value=s.value,
                text=f"资金放到成本指标并写成单位成本：{s.text}",
            ),
        )
    staffing = bool(_STAFFING_PROJECT.search(facts.sheet.project_name or ""))
    claimed = claims(facts)
    for f in facts.by_level2.get(tx.QUANTITY, []):
        if f.index in claimed or f.empty_name:
            continue
        if staffing and _STAFF_INPUT.search(f.name):
            staff = _STAFF_WORDS.sub("", core_of(f.name)) or "工作人员"
            name, value = f"{staff}服务人次", f"≥{BLANK}人次"
            yield r.finding(
                f"「{f.label}」统计的是配备的人员（投入），不是这些人员完成的工作。",
                suggest.rewrite(
                    f"改为人员完成的工作量，如「{name} {value}」或「{staff}办理案件数 ≥{BLANK}件」；人员数可写入指标解释。",
                    name=name,
                    value=value,
                ),
                at=f,
                field="name",
            )


# --- R15 -------------------------------------------------------------------------------------


@rule(
    "R15",
    E,
    CONSIST,
    "决策/过程类评价内容（立项依据充分性、立项规范性、资金到位率、预算执行率、人员到位率等）不能作为绩效目标",
)
def r15(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        category = f.level2 or tx.SUSTAINABILITY
        name, value = suggest.outcome_for(facts, "", category)
        yield _claimed(
            r,
            f,
            claim,
            f"「{f.label}」{claim.reason}，不是项目的产出或效果，不能作为绩效目标。",
            Suggestion(
                action="delete",
                text=f"删除本行（该内容在绩效评价的决策/过程部分考核）；如需{category.removesuffix('指标')}指标，"
                f"可改为「{name} {value}」。",
            ),
        )


@rule(
    "R16",
    W,
    CONSIST,
    "产出与效益不混放：产出数量不放在效益下，长效机制放在可持续影响下；质量与效益、数量与质量之辨证据弱时只作提示",
)
def r16(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        yield _claimed(
            r, f, claim, f"「{f.label}」放在「{f.level2}」下，但它{claim.reason}。", _move(f, facts, claim)
        )


@rule("R17", E, CONSIST, "满意度只放在满意度指标下，且不能代替效益指标")
def r17(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        satisfied = claim.level2 == tx.SERVICE_SATISFACTION
        message = (
            f"「{f.label}」是满意度，却放在「{f.level2}」下。"
            if satisfied
            else f"「{f.label}」放在满意度指标下，但{claim.reason}。"
        )
        yield _claimed(r, f, claim, message, _move(f, facts, claim))
    benefit = [f for f in facts.indicators if in_benefit(f) and not f.empty_name]
    if benefit and all(facts.classifier.is_satisfaction(f.name) for f in benefit):
        name, value = suggest.outcome_for(facts, "")
        yield r.finding(
            "效益指标只有满意度，缺少真正的效益指标。",
            Suggestion(
                action="add",
                level1=tx.BENEFIT,
                level2=tx.SOCIAL_BENEFIT,
                name=name,
                value=value,
                text=f"满意度移到满意度指标，并补充效益指标「{name} {value}」。",
            ),
            field="indicators",
        )


@rule(
    "R18",
    E,
    MEASURE,
    "时效指标有期限或时限（日期、≤N个工作日、或在指标解释中定义时限的及时率），“及时/按时/全年”不够",
)
def r18(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in owned_rows(facts, r.code):
        yield r.finding(
            f"「{f.label}」的指标值「{f.value.raw.strip()}」没有期限或时限，无法判断是否及时。",
            suggest.vague_rewrite(f, facts, suggest.timeliness),
            at=f,
            field="value",
        )


_EXECUTION_RATIO = re.compile(r"(成本|预算|资金|经费)(控制|执行|使用|节约)率$")


@rule(
    "R19",
    W,
    CONSIST,
    "经济成本是带单位和依据的金额（元/人次、万元/件、≤年度资金）；非成本内容或预算执行比例不放在成本下",
)
def r19(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        yield _claimed(
            r,
            f,
            claim,
            f"「{f.label}」放在成本指标下，但它{claim.reason}（「{f.value.raw.strip()}」）。",
            _move(f, facts, claim),
        )
    claimed = claims(facts)
    for f in facts.indicators:
        if f.index in claimed or not in_cost(f):
            continue
        if _EXECUTION_RATIO.search(f.name) or (f.unit_family == "percent" and "成本" in f.name):
            s = suggest.unit_cost(f, facts)
            yield r.finding(
                f"「{f.label}」「{f.value.raw.strip()}」是预算控制比例，不是成本水平。",
                Suggestion(action="rewrite", name=s.name, value=s.value, text=s.text),
                at=f,
                field="name",
            )


@rule("R20", W, CONSIST, "社会成本/生态环境成本描述项目造成的负面影响，不是金额或预算比例")
def r20(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        yield _claimed(
            r,
            f,
            claim,
            f"「{f.label}」放在「{f.level2}」下，但值「{f.value.raw.strip()}」是金额或比例。",
            Suggestion(
                action="move",
                level1=tx.COST,
                level2=tx.ECONOMIC_COST,
                text=f"移到「成本指标 / 经济成本指标」；{f.level2}如确有负面影响再写，例如「因项目实施引发的有效投诉 ≤{BLANK}件」，不适用可留空。",
            ),
        )


@rule("R21", E, CONSIST, "经济效益是社会或服务对象得到的经济结果，结余率、节约资金等预算执行情况不是经济效益")
def r21(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        name, value = suggest.outcome_for(facts, "", tx.ECONOMIC_BENEFIT)
        if claim.level2 is None:
            yield _claimed(
                r,
                f,
                claim,
                f"「{f.label}」{claim.reason}。",
                Suggestion(action="delete", text=f"删除本行；经济效益可写「{name} {value}」。"),
            )
        else:
            yield _claimed(
                r,
                f,
                claim,
                f"「{f.label}」放在「{f.level2}」下，但它{claim.reason}。",
                _move(f, facts, claim),
            )


@rule(
    "R22",
    INFO,
    MEASURE,
    "类别名称使用规范名称（环境效益→生态效益、进度→时效等）；不相关的二级留空，不填“无/不适用/0”",
)
def r22(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    renames: dict[str, str] = {}
    others = sorted(
        {
            clean_label(f.indicator.level1)
            for f in facts.indicators
            if tx.is_other_framework(f.indicator.level1)
        }
    )
    if others:
        listed = "、".join(others)
        yield r.finding(
            f"本表使用101号框架以外的类别（{listed}），这些行按其自身框架审核。",
            Suggestion(
                action="rewrite",
                text="按财预〔2021〕101号申报时，产出、效益、满意度指标分别归入101号框架的一级、二级指标；"
                "投入、管理类内容（资金到位、预算执行、制度建设）在绩效评价中考核，不作为绩效目标。",
            ),
            field="indicators",
        )
    for f in facts.indicators:
        for raw, canonical in ((f.indicator.level1, f.level1), (f.indicator.level2, f.level2)):
            label = clean_label(raw)
            if canonical and label and label != canonical:
                renames.setdefault(raw.strip(), canonical)
    if renames:
        listed = "；".join(f"「{a}」→「{b}」" for a, b in renames.items())
        yield r.finding(
            f"使用了非规范的类别名称：{listed}。",
            Suggestion(action="rewrite", text=f"按101号框架改用规范名称：{listed}。"),
            field="indicators",
        )
    for f in facts.indicators:
        if f.filler:
            yield r.finding(
                f"「{f.label}」的指标值写成「{f.value.raw.strip()}」。",
                Suggestion(
                    action="delete", text="不相关的二级指标直接留空或删除本行，不要用“无/不适用/0”填充。"
                ),
                at=f,
                field="value",
            )


@rule("R23", E, MEASURE, "可持续影响写明机制和年限（持续运行、保持年限、覆盖率），不能只写“健全/长期/持续”")
def r23(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in owned_rows(facts, r.code):
        yield r.finding(
            f"「{f.label}」的指标值「{f.value.raw.strip()}」没有机制内容和年限，无法衡量可持续影响。",
            suggest.vague_rewrite(f, facts, suggest.sustainability),
            at=f,
            field="value",
        )


SATISFACTION_BAND = (80.0, 98.0)  # practice default (STANDARD §2.2 R24), not a national rule


@rule(
    "R24",
    W,
    MEASURE,
    f"满意度是带%的数值（常用区间 {SATISFACTION_BAND[0]:.0f}%–{SATISFACTION_BAND[1]:.0f}%），名称写明受访群体，不以内部人员满意度代替",
)
def r24(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    low, high = SATISFACTION_BAND
    for f in facts.indicators:
        if f.level2 != tx.SERVICE_SATISFACTION or f.empty_name or not f.measurable:
            continue
        problems: list[str] = []
        name = f.indicator.name.strip()
        value = None
        number = f.value.number
        group = suggest.project_respondent(facts)
        if "满意" not in f.name:
            problems.append("名称没有写明衡量的是满意度")
            name = f"{name}满意度"
        elif GENERIC_RESPONDENT.match(f.name):
            problems.append("名称没有写明受访群体")
            name = f"{group}满意度"
        if INTERNAL_RESPONDENT.search(f.name):
            problems.append("受访者是内部人员，不能代表服务对象")
            name = f"{group}满意度"
        if f.unit_family == "percent" and number is not None:
            if number >= 100 and f.value.comparator not in ("≥", ">"):
                problems.append("100% 的满意度无法验证")
                value = "≥90%"
            elif number < low:
                problems.append(f"目标值低于常用下限 {low:.0f}%")
                value = f"≥{low:.0f}%"
            elif high < number < 100:
                problems.append(f"目标值高于常用上限 {high:.0f}%")
                value = "≥95%"
        elif f.value.kind is ValueKind.QUANTITATIVE and f.unit_family != "percent":
            problems.append("满意度应以百分比表示")
            value = "≥90%"
        if not problems:
            continue
        current = (
            f"{f.value.comparator or ''}{number_text(number)}%" if number is not None else f.value.raw.strip()
        )
        text = f"改为「{name} {value or current}」，并在指标解释中写明调查方式（问卷/电话回访）和样本量。"
        goal = suggest.goal_number_for(f, facts, "percent")
        if value and goal and number is not None and abs((parse_number(goal) or -1) - number) < 1e-9:
            # The 年度目标 states the current figure: a new value alone would contradict it (R25).
            text = f"改为「{name} {value}」，并同时把年度目标中的 {number_text(number)}% 改为一致的数值。"
            value = None
        yield r.finding(
            f"「{f.label}」：{'；'.join(problems)}。",
            suggest.rewrite(text, name=name if name != f.indicator.name.strip() else None, value=value),
            at=f,
            field="name" if value is None else "value",
        )


@rule(
    "R34",
    W,
    CONSIST,
    "时效类指标（及时率、按期完成率、完成时间、时限）放在时效下，时效下只放与时间有关的指标",
)
def r34(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f, claim in claimed_rows(facts, r.code):
        if claim.level2 == tx.TIMELINESS:
            message = f"「{f.label}」是时效类指标，却放在「{f.level2}」下。"
        else:
            message = f"「{f.label}」放在时效指标下，但{claim.reason}。"
        yield _claimed(r, f, claim, message, _move(f, facts, claim))
