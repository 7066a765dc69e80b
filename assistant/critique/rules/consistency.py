"""D. Consistency with goals, budget and history: R25–R30."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from assistant import taxonomy as tx
from assistant.critique import suggest
from assistant.critique.analysis import IndicatorFacts, SheetFacts
from assistant.critique.goals import goal_conflicts, same_unit
from assistant.critique.rules.base import CONSIST, INFO, MEASURE, E, Rule, W, rule
from assistant.schema import BLANK, Finding, Suggestion
from assistant.text import dice, squash
from assistant.values import money_in_yuan, money_text, number_text

# Budget arithmetic tolerance (STANDARD R27, a practice default).
BUDGET_TOLERANCE = 0.20


@rule("R25", E, CONSIST, "年度目标中的数字与对应指标的指标值一致（同一对象、同一单位）")
def r25(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for q, f in goal_conflicts(facts):
        comparator = f.value.comparator if f.value.comparator in ("≥", "≤", "=") else (q.comparator or "≥")
        comparator = {"<": "<", ">": ">"}.get(comparator, comparator)
        value = f"{comparator}{number_text(q.number)}{q.unit}"
        yield r.finding(
            f"年度目标写「{q.text}」（…{q.context}…），指标「{f.label}」却写「{f.value.raw.strip()}」。",
            suggest.rewrite(f"两处统一：指标值改为「{value}」，或修改年度目标中的数字。", value=value),
            at=f,
            field="value",
        )


_ONLY_NUMBER = re.compile(r"^[≥≤=<>约]?\d+(\.\d+)?(%|万元|元|个|件|人)?$")


def _years(facts: SheetFacts) -> float | None:
    start, end = facts.sheet.start_date, facts.sheet.end_date
    if isinstance(start, date) and isinstance(end, date) and end > start:
        return (end - start).days / 365.25
    return None


def draft_annual_goal(facts: SheetFacts) -> str:
    """A 年度目标 sentence written from the sheet's own measurable indicators."""
    year = facts.year
    parts: list[str] = []
    for level2 in (tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, *tx.BENEFIT_LEVEL2):
        for f in facts.by_level2.get(level2, [])[:2]:
            name, value = f.indicator.name.strip(), f.value.raw.strip()
            if f.measurable and not f.empty_name and value:
                parts.append(name if squash(value) in f.name else f"{name}{value}")
    if not parts:
        return f"{year or 'YYYY'}年完成{BLANK}（产出数量），{BLANK}（质量）达到{BLANK}%，{BLANK}（效果）达到{BLANK}。"
    return f"{year or ''}{'年' if year else ''}实现：" + "；".join(parts[:6]) + "。"


@rule(
    "R26",
    W,
    CONSIST,
    "年度目标是写明本年产出和效果（做什么、做多少）的句子：不是一个数字，多年项目不照抄总目标，年度值不超过实施期值",
)
def r26(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    annual = squash(facts.sheet.annual_goal)
    overall = squash(facts.sheet.overall_goal)
    if not annual:
        yield r.finding(
            "没有填写年度目标。",
            Suggestion(action="fill", text=f"补写年度目标，例如：{draft_annual_goal(facts)}"),
            field="annual_goal",
        )
    elif _ONLY_NUMBER.match(annual):
        yield r.finding(
            f"年度目标只写了「{(facts.sheet.annual_goal or '').strip()}」，不是目标描述。",
            Suggestion(action="rewrite", text=f"改写为本年的产出和效果，例如：{draft_annual_goal(facts)}"),
            field="annual_goal",
            severity=E,
        )
    elif overall and annual == overall:
        years = _years(facts)
        multi = years is not None and years > 1.05
        yield r.finding(
            "年度目标与总目标完全相同" + ("，而项目实施期超过一年。" if multi else "。"),
            suggest.rewrite(f"年度目标只写本年度要完成的产出和效果，例如：{draft_annual_goal(facts)}"),
            field="annual_goal",
            severity=W if multi else INFO,
        )
    elif not facts.goal_quantities and facts.indicators:
        # 目标明确: a goal says what and how much; with no figure it cannot be checked at year end.
        yield r.finding(
            "年度目标没有写明任何数量（做多少），年末无法据此核对完成情况。",
            Suggestion(
                action="rewrite",
                text=f"在年度目标中写明本年的产出数量和效果，例如：{draft_annual_goal(facts)}",
            ),
            field="annual_goal",
        )
    for f in facts.indicators:
        period = next((v for k, v in f.indicator.other_values.items() if "实施期" in k or "总体" in k), None)
        if not period or f.value.number is None:
            continue
        total = suggest_number(period)
        if total is not None and f.unit_family != "percent" and f.value.number > total * 1.0001:
            yield r.finding(
                f"「{f.label}」的年度值 {number_text(f.value.number)} 超过实施期值 {number_text(total)}。",
                suggest.rewrite(
                    "年度指标值不应超过实施期（总体）指标值，请核对。",
                    value=f"≤{number_text(total)}{f.value.unit or ''}",
                ),
                at=f,
                field="value",
            )


def suggest_number(text: str) -> float | None:
    from assistant.values import parse_number

    return parse_number(text)


_PER_UNIT_NAME = re.compile(r"人均|户均|件均|案均|次均|单件|单次|单位|单个|每人|每件|每次|平均|单价")
_PER_WORD = (
    ("人均", "人"),
    ("每人", "人"),
    ("户均", "户"),
    ("件均", "件"),
    ("案均", "件"),
    ("办案", "件"),
    ("单件", "件"),
    ("每件", "件"),
    ("单次", "次"),
    ("每次", "次"),
    ("次均", "次"),
)
_COUNT_EQUIV = {"人次": "人", "名": "人", "位": "人", "场": "次", "场次": "次", "案": "件"}


def _per_unit(f: IndicatorFacts) -> str | None:
    """The denominator of a unit cost: 元/件 → 件; 人均… → 人; None for a total."""
    unit = f.value.unit or ""
    if "/" in unit:
        per = unit.split("/", 1)[1].replace("每", "")
        if per and per not in ("年", "月", "季度", "天", "日"):
            return _COUNT_EQUIV.get(per, per)
    for word, per in _PER_WORD:
        if word in f.name:
            return per
    return "?" if _PER_UNIT_NAME.search(f.name) else None


def _costs(facts: SheetFacts) -> list[tuple[IndicatorFacts, float]]:
    rows = []
    for f in facts.indicators:
        if f.level1 != tx.COST and f.level2 not in tx.COST_LEVEL2:
            continue
        amount = money_in_yuan(f.value.number, f.value.unit)
        if amount is not None and amount > 0 and f.value.comparator not in ("≥", ">"):
            rows.append((f, amount))
    return rows


def _quantity_for(cost: IndicatorFacts, per: str, facts: SheetFacts, unique: bool) -> IndicatorFacts | None:
    candidates = [
        q
        for q in facts.by_level2.get(tx.QUANTITY, [])
        if q.value.number and q.unit_family == "count" and q.value.comparator not in ("≤", "<")
    ]
    if per != "?":
        same = [
            q for q in candidates if _COUNT_EQUIV.get(same_unit(q.value.unit), same_unit(q.value.unit)) == per
        ]
        candidates = same or []
    if not candidates:
        return None
    best = max(candidates, key=lambda q: dice(cost.name, q.name))
    # With several costs or several quantities, pair only rows that name the same object.
    if (per == "?" or not unique or len(candidates) > 1) and dice(cost.name, best.name) < 0.15:
        return None
    return best


@rule(
    "R27", W, CONSIST, f"预算匹配：单位成本×数量≈年度资金（±{BUDGET_TOLERANCE:.0%}），成本上限不超过年度资金"
)
def r27(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    funds = facts.funds
    if not funds:
        return
    products: list[tuple[IndicatorFacts, IndicatorFacts, float]] = []
    unmatched = False
    costs = _costs(facts)
    for f, amount in costs:
        per = _per_unit(f)
        if per is None:
            if amount > funds * 1.01:
                yield r.finding(
                    f"「{f.label}」的成本上限 {money_text(amount)} 超过项目资金 {money_text(funds)}。",
                    suggest.rewrite(
                        f"成本上限不应超过项目资金：改为「≤{money_text(funds)}」，或核对资金与单位。",
                        value=f"≤{money_text(funds)}",
                    ),
                    at=f,
                    field="value",
                )
            continue
        quantity = _quantity_for(f, per, facts, unique=len(costs) == 1)
        if quantity is None:
            unmatched = True
            continue
        products.append((f, quantity, amount * (quantity.value.number or 0)))
    if not products or unmatched:
        return
    total = sum(p for _, _, p in products)
    gap = (total - funds) / funds
    if abs(gap) <= BUDGET_TOLERANCE:
        return
    f, quantity, _ = products[0]
    q_number = quantity.value.number or 1
    fair = funds / q_number if len(products) == 1 else None
    steps = " + ".join(
        f"{money_text(money_in_yuan(c.value.number, c.value.unit) or 0)}×{number_text(q.value.number or 0)}{q.value.unit or ''}"
        for c, q, _ in products
    )
    value = f"≤{money_text(fair, ceiling=True)}/{same_unit(quantity.value.unit) or '件'}" if fair else None
    text = (
        f"按「{quantity.indicator.name.strip()}」测算，单位成本应约为「{value}」；或核对数量指标与资金。"
        if value
        else "核对单位成本、数量与项目资金，使三者相符。"
    )
    yield r.finding(
        f"单位成本×数量 = {steps} ≈ {money_text(total)}，与项目资金 {money_text(funds)} 相差 {gap:+.0%}。",
        Suggestion(action="rewrite", value=value, text=text),
        at=f,
        field="value",
    )


_HISTORY_KEY = re.compile(r"上年|去年|历史|上一年|自评值|实际值")


@rule(
    "R28",
    W,
    CONSIST,
    "目标值不低于上年实际值或近年均值（历史标准），除非说明理由",
    condition="需要上年实际值（上年自评值/历史值）；本项目的种子表和常见版式都没有这一列，缺少时跳过",
)
def r28(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        history = next((v for k, v in f.indicator.other_values.items() if _HISTORY_KEY.search(k)), None)
        if history is None:
            continue
        last = suggest_number(history)
        if last is None or f.value.number is None:
            continue
        direction = f.polarity
        if direction == "positive" and f.value.number < last:
            value = f"≥{number_text(last)}{f.value.unit or ''}"
        elif direction == "negative" and f.value.number > last:
            value = f"≤{number_text(last)}{f.value.unit or ''}"
        else:
            continue
        yield r.finding(
            f"「{f.label}」的目标「{f.value.raw.strip()}」比上年实际 {history.strip()} 还低。",
            suggest.rewrite(
                f"目标不低于上年实际：改为「{value}」，或在指标解释中说明下调理由。", value=value
            ),
            at=f,
            field="value",
        )


_FORMULA = re.compile(r"/|÷|除以|占|比例|之比|=|＝|分子|分母|总数|总量")
_SOURCE = re.compile(r"来源|台账|系统|统计|问卷|抽查|回访|报表|记录|档案|凭证|名单|验收单|考核")


@rule(
    "R29",
    W,
    MEASURE,
    "比率类指标在指标解释中写明计算公式（分子/分母）和数据来源",
    condition="表中有“指标解释/指标描述”列时才检查；没有这一列的版式无法检查，只给一条提示",
)
def r29(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    rates = [f for f in facts.indicators if f.metric == "rate" and f.measurable and not f.empty_name]
    if not rates:
        return
    if not facts.has_descriptions:
        yield r.finding(
            "表中没有指标解释，无法核对比率指标的计算公式和数据来源。",
            Suggestion(
                action="fill",
                text="为每个比率指标补充指标解释：计算公式（分子/分母）、指标值设定依据和数据来源。",
            ),
            field="indicators",
            severity=INFO,
        )
        return
    for f in rates:
        description = squash(f.indicator.description)
        if _FORMULA.search(description) or _SOURCE.search(description):
            continue
        name = f.indicator.name.strip()
        if "满意" in f.name:
            text = f"指标解释写明：{name} = 满意（含比较满意）的有效问卷数 / 有效问卷总数 × 100%；调查方式和样本量：{BLANK}。"
        else:
            text = (
                f"指标解释写明：{name} = 分子（{BLANK}的数量）/ 分母（应纳入统计的总数）× 100%；"
                f"数据来源：{BLANK}（台账/系统/问卷）。"
            )
        yield r.finding(
            f"「{f.label}」的指标解释没有计算公式和数据来源。",
            Suggestion(action="fill", text=text),
            at=f,
            field="description",
        )


_MACRO = re.compile(
    r"社会和谐|和谐稳定|社会稳定|社会安定|安定环境|法治政府建设|法制政府建设|法治建设环境|依法治[区市县省]|营商环境|GDP|"
    r"经济增长|空气质量优良|城市形象|幸福感|获得感|安全感|文明程度|治理能力|治理体系|地区和谐|社会治理|平安建设"
)


@rule(
    "R30",
    W,
    CONSIST,
    "效益指标可归因于本项目、在年度内可见；地区宏观结果（社会和谐稳定、法治政府建设等）应换成项目层面的结果",
)
def r30(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        if f.level2 not in tx.BENEFIT_LEVEL2 or f.level2 == tx.SUSTAINABILITY or not _MACRO.search(f.name):
            continue
        name, value = suggest.outcome_for(facts, "", f.level2)
        yield r.finding(
            f"「{f.label}」是地区层面的宏观结果，难以归因于本项目。",
            suggest.rewrite(
                f"换成本项目服务对象身上可统计的结果，例如「{name} {value}」。", name=name, value=value
            ),
            at=f,
            field="name",
        )
