"""B. Form of the value: R07–R13."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.critique import lexicon, suggest
from assistant.critique.analysis import IndicatorFacts, SheetFacts
from assistant.critique.precedence import owned_rows
from assistant.critique.rules.base import CONFORM, INFO, MEASURE, E, Rule, W, rule
from assistant.domain import wants_less
from assistant.names import core_of
from assistant.schema import BLANK, Finding, Suggestion, ValueKind
from assistant.text import squash
from assistant.values import number_text


def _raw(f: IndicatorFacts) -> str:
    return f.value.raw.strip()


@rule(
    "R07",
    E,
    MEASURE,
    "指标值是“比较符+数值+单位”、日期/期限或有分级定义的定性值，不能只写方向词或空话（§5 词表）",
)
def r07(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in owned_rows(facts, r.code):
        why = f.group.title if f.group else "不是数值、期限，也不是有分级定义的定性值"
        yield r.finding(
            f"「{f.label}」的指标值「{_raw(f)}」{why}，无法衡量。",
            suggest.vague_rewrite(f, facts, _measurable),
            at=f,
            field="value",
        )


def _measurable(f: IndicatorFacts, facts: SheetFacts) -> Suggestion:
    return suggest.measurable(f, facts, f.group)


# How a name's ending constrains the unit (STANDARD R08).
_FIX_BY_METRIC = {
    "rate": "百分比（%）",
    "count": "计数单位（件、人次、场…）",
    "money": "金额单位（元、万元）",
}


@rule("R08", E, CONFORM, "单位与名称后缀一致：…率/…度→%，…数/…量→计数单位，…成本/…单价/…金额→元/万元")
def r08(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        if f.value.kind is not ValueKind.QUANTITATIVE or not f.value.unit or f.metric not in _FIX_BY_METRIC:
            continue
        if len(f.value.unit) > 4:
            continue  # prose after the number ("14个街镇站点全覆盖"): R32 reports the value type
        family, metric, number = f.unit_family, f.metric, f.value.number or 0
        unit = f.value.unit
        comparator = (
            f.value.comparator
            if f.value.comparator in ("≥", "≤", "=")
            else ("≤" if metric == "money" else "≥")
        )
        if metric == "rate" and family in ("count", "money", "time"):
            fix = Suggestion(
                action="rewrite",
                value=f"=100%（基数：{number_text(number)}{unit}）",
                text=f"比率指标的值应是百分比：写「=100%（基数：{number_text(number)}{unit}）」；"
                f"或把名称改为「{suggest.metric_name(core_of(f.name), family, unit)}」并保留数量。",
            )
        elif metric == "count" and family in ("percent", "money"):
            name = f"{core_of(f.name)}完成率" if family == "percent" else f"{core_of(f.name)}金额"
            fix = suggest.rewrite(
                f"名称是数量、值却是{unit}：改名为「{name}」，或把值改成数量「≥{BLANK}{suggest.count_unit(f.name)}」。",
                name=name,
            )
        elif metric == "money" and family in ("percent", "count"):
            per = unit.replace("/", "").replace("每", "")
            value = (
                f"{comparator}{number_text(number)}元/{per}" if family == "count" else f"≤{BLANK}元/{BLANK}"
            )
            fix = suggest.rewrite(
                f"金额类指标的单位应是元或万元：改为「{value}」（按实际标准核对数值）。", value=value
            )
        else:
            continue
        yield r.finding(
            f"「{f.label}」的名称要求{_FIX_BY_METRIC[metric]}，指标值「{_raw(f)}」的单位是「{unit}」。",
            fix,
            at=f,
            field="value",
        )


@rule(
    "R09",
    E,
    CONFORM,
    "比较符方向与指标性质一致：正向（完成率、数量、满意度）用≥/=，负向（成本、重犯率、用时）用≤/<",
)
def r09(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        comparator = f.value.comparator
        if comparator not in ("≥", ">", "≤", "<") or f.value.number is None:
            continue
        direction = f.polarity
        if direction == "positive" and comparator in ("≤", "<"):
            wanted, meaning = "≥", "越多越好"
        elif direction == "negative" and comparator in ("≥", ">"):
            wanted, meaning = "≤", "越少越好"
        else:
            continue
        value = f"{wanted}{number_text(f.value.number)}{f.value.unit or ''}"
        yield r.finding(
            f"「{f.label}」是{meaning}的指标，指标值却写「{_raw(f)}」。",
            suggest.rewrite(
                f"比较符改为「{wanted}」：「{f.indicator.name.strip()} {value}」；若确实是上限，请改写名称说明控制对象。",
                value=value,
            ),
            at=f,
            field="value",
        )


_FRACTION_FREE = re.compile(r"^(人|名|件|个|场|次|部|台|套|户|家|所|项|篇|条|块|起)$")


@rule(
    "R10",
    E,
    CONFORM,
    "数值在合理范围：比率在 0–100%，满意度不超过 100%，计数为正整数；≥100% 仅在确可超额时使用",
)
def r10(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        number = f.value.number
        if f.value.kind is not ValueKind.QUANTITATIVE or number is None:
            continue
        unit = f.value.unit or ""
        if number < 0:
            yield r.finding(
                f"「{f.label}」的指标值「{_raw(f)}」是负数。",
                suggest.rewrite(
                    "数值不能为负；表示下降请写「较上年下降 ≥N个百分点」。",
                    value=f"≥{number_text(-number)}{unit}",
                ),
                at=f,
                field="value",
            )
        elif f.unit_family == "percent" and unit.startswith("%"):
            is_sat = "满意" in f.name
            if number > 100:
                value = "≥90%" if is_sat else "=100%"
                yield r.finding(
                    f"「{f.label}」的比率 {number_text(number)}% 超过 100%。",
                    Suggestion(action="rewrite", value=value, text=f"比率不能超过100%，改为「{value}」。"),
                    at=f,
                    field="value",
                )
            elif number >= 100 and f.value.comparator in ("≥", ">"):
                if is_sat:
                    yield r.finding(
                        f"「{f.label}」要求满意度「{_raw(f)}」，满意度不可能超过 100%。",
                        Suggestion(
                            action="rewrite", value="≥90%", text="满意度改为「≥90%」（常用区间 80%–98%）。"
                        ),
                        at=f,
                        field="value",
                    )
                else:
                    yield r.finding(
                        f"「{f.label}」写「{_raw(f)}」：≥100% 只有在确实可能超额完成时才有意义。",
                        Suggestion(action="rewrite", value="=100%", text="改为「=100%」。"),
                        at=f,
                        field="value",
                        severity=W,
                    )
        elif f.unit_family == "count" and _FRACTION_FREE.match(unit) and abs(number - round(number)) > 1e-9:
            value = f"{f.value.comparator or '≥'}{round(number)}{unit}"
            yield r.finding(
                f"「{f.label}」的计数「{_raw(f)}」不是整数。",
                Suggestion(action="rewrite", value=value, text=f"计数应为整数，改为「{value}」。"),
                at=f,
                field="value",
            )


_NATURE_KEY = re.compile(r"指标性质|指标值类型|指标类型|定量.?定性|性质")


@rule(
    "R11",
    E,
    CONFORM,
    "指标性质（定量/定性）与指标值一致",
    condition="表中有“指标性质/指标值类型”列时才检查；本项目的文本版式大多没有这一列",
)
def r11(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        nature = next((v for k, v in f.indicator.other_values.items() if _NATURE_KEY.search(k)), None)
        if not nature:
            continue
        nature = squash(nature)
        numeric = f.value.kind in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE)
        if "定量" in nature and not numeric and not f.empty_value:
            s = suggest.measurable(f, facts, f.group)
            yield r.finding(
                f"「{f.label}」标为定量，指标值「{_raw(f)}」却是文字。",
                Suggestion(action="rewrite", name=s.name, value=s.value, text=s.text),
                at=f,
                field="value",
            )
        elif "定性" in nature and numeric:
            yield r.finding(
                f"「{f.label}」标为定性，指标值「{_raw(f)}」却是数值。",
                Suggestion(action="rewrite", text="指标性质改为「定量」。"),
                at=f,
                field="value",
                severity=INFO,
            )


@rule("R12", W, MEASURE, "数值不带含糊或重复的限定：≥…以上、约、左右、力争、基本、原则上、按实")
def r12(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        if not f.measurable or f.value.kind is ValueKind.BINARY or not lexicon.HEDGE.search(f.value_text):
            continue
        number, unit = f.value.number, f.value.unit or ""
        if number is None:
            continue
        direction = "≤" if f.value.kind is ValueKind.DEADLINE else ("≤" if wants_less(f.name) else "≥")
        comparator = f.value.comparator if f.value.comparator in ("≥", "≤", "=", ">", "<") else direction
        if f.unit_family == "percent" and number >= 100:
            comparator = "="
        value = f"{comparator}{number_text(number)}{unit}"
        yield r.finding(
            f"「{f.label}」的指标值「{_raw(f)}」带有含糊或重复的限定词。",
            Suggestion(action="rewrite", value=value, text=f"去掉限定词，直接写「{value}」。"),
            at=f,
            field="value",
        )


@rule(
    "R13",
    E,
    MEASURE,
    "定性值只在无法量化时使用，且须在指标解释中分级（达成/部分达成/未达成）；“良好/专业/稳定/规范”不合格",
)
def r13(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in owned_rows(facts, r.code):
        yield r.finding(
            f"「{f.label}」的指标值「{_raw(f)}」是没有标准的评价词，指标解释也没有分级定义。",
            suggest.vague_rewrite(f, facts, _measurable),
            at=f,
            field="value",
        )
