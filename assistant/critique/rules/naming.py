"""E. Naming: R31–R33."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant import taxonomy as tx
from assistant.critique import lexicon, suggest
from assistant.critique.analysis import SheetFacts
from assistant.critique.rules.base import CONFORM, MEASURE, E, Rule, W, rule
from assistant.names import core_of, metric_of
from assistant.schema import BLANK, Finding, Suggestion, ValueKind
from assistant.values import number_text

MAX_NAME_LENGTH = suggest.MAX_NAME_LENGTH

_ACTION_START = re.compile(
    r"^(确保|保证|保障|完成|促进|发挥|依法按时|依法|按时|按照|根据|通过|为了|为|提升|提高|加强|增强|推进|推动|"
    r"进一步|持续|不断|全面|积极|切实|维护|维持|做好|落实|组织开展|开展|组织|建立健全|建立|健全|完善|实现|提供|"
    r"丰富|满足|充分|大力|着力|深入|扎实|协助|配合|召开|制作|更换|对)"
)
_VALUE_IN_NAME = re.compile(
    r"(\d+(?:\.\d+)?)\s*(个百分点|%|万元|元|人次|小时|个工作日|次|场|个|件|人|名|天|日|部|台|套|项|户|家|篇|条|块)"
    r"(/[年月周日天次场季])?"
)
_CLAUSE = re.compile(r"[，,；;。]")
# When something happens, written into a name: clock times, weekdays, parts of the day. A name names
# the activity; the schedule is its value or its 指标解释.
_WHEN = re.compile(
    r"\d{1,2}[:：]\d{2}(\s*[-—~至到]\s*\d{1,2}[:：]\d{2})?|每(个)?(周|星期)[一二三四五六日天]?|(上午|下午|晚上|周末)"
)


@rule(
    "R31",
    W,
    CONFORM,
    f"三级名称是“对象+指标”的名词短语：不以动作动词开头、不含数值、不超过 {MAX_NAME_LENGTH} 字",
)
def r31(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        # A vague row's value-form rewrite already gives it a metric name; one rewrite per row.
        if f.empty_name or not f.measurable:
            continue
        name = f.name
        problems: list[str] = []
        verb = _ACTION_START.match(name)
        if verb and not (metric_of(name) and len(name) <= len(verb.group(0)) + 2):
            problems.append(f"以动作“{verb.group(1)}”开头")
        inside = _VALUE_IN_NAME.search(name)
        if inside:
            problems.append(f"名称中含有数值“{inside.group(0)}”")
        if len(name) > MAX_NAME_LENGTH:
            problems.append(f"长度 {len(name)} 字，超过 {MAX_NAME_LENGTH} 字")
        if not problems:
            continue
        first = _CLAUSE.split(name)[0]
        value = None
        if inside:
            obj = core_of(
                re.sub(r"等+$", "", _CLAUSE.split(name[: inside.start()] + name[inside.end() :])[0])
            )
            unit = inside.group(2)
            new_name = suggest.metric_name(obj, "count" if unit not in ("%", "个百分点") else "percent", unit)
            value = f"≥{number_text(float(inside.group(1)))}{unit}"
        else:
            first = _WHEN.sub("", first) or first
            family, unit = f.unit_family, f.value.unit
            if family == "time" and f.level2 == tx.QUANTITY:
                # A schedule in a 数量 row counts sessions (a 时限 there would be misfiled, R34).
                family, unit = "count", "次"
                value = f"≥{BLANK}次"
            new_name = suggest.metric_name(first, family, unit)
            if len(new_name) > MAX_NAME_LENGTH:
                new_name = suggest.metric_name(core_of(first)[:12], family, unit)
        extra = (
            "；名称中的其他内容拆成单独的指标或写入指标解释" if inside or len(name) > MAX_NAME_LENGTH else ""
        )
        yield r.finding(
            f"「{f.label}」的名称{'、'.join(problems)}。",
            suggest.rewrite(
                f"改为名词短语「{new_name}」{('，指标值「' + value + '」') if value else ''}{extra}。",
                name=new_name,
                value=value,
            ),
            at=f,
            field="name",
        )


@rule("R32", E, CONFORM, "名称的指标类型与指标值类型一致：…率要百分比，…时间要日期，质量指标不以次数代替质量")
def r32(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        if not f.measurable or f.empty_name:
            continue
        kind, family = f.value.kind, f.unit_family
        raw = f.value.raw.strip()
        zero_fact = (
            kind is ValueKind.BINARY and f.polarity == "negative" and re.match(r"^(零|无)", f.value_text)
        )
        if zero_fact:
            continue  # "零失误" on a 失误率 is a checkable =0%
        if f.metric == "rate" and (
            kind in (ValueKind.DEADLINE, ValueKind.BINARY)
            or (kind is ValueKind.QUANTITATIVE and family != "percent" and len(f.value.unit or "") > 4)
        ):
            yield r.finding(
                f"「{f.label}」是比率指标，指标值「{raw}」却不是百分比。",
                suggest.rewrite(
                    f"写成「{f.indicator.name.strip()} =100%」，把「{raw}」作为口径（时限或基数）写入指标解释。",
                    value="=100%",
                ),
                at=f,
                field="value",
            )
        elif f.metric == "time" and kind is ValueKind.QUANTITATIVE and family in ("percent", "count"):
            value = f"≤{facts.year or 'YYYY'}-{BLANK}-{BLANK}"
            yield r.finding(
                f"「{f.label}」是时间类指标，指标值「{raw}」却不是日期或时限。",
                Suggestion(
                    action="rewrite", value=value, text=f"写成完成日期「{value}」或时限「≤{BLANK}个工作日」。"
                ),
                at=f,
                field="value",
            )
        elif (
            f.level2 == tx.QUALITY
            and f.metric is None
            and not re.search(r"(性|度)$", f.name)
            and kind is ValueKind.QUANTITATIVE
            and family == "count"
        ):
            name = f"{core_of(f.name)}合格率"
            yield r.finding(
                f"「{f.label}」是质量指标，指标值「{raw}」却是次数，说明不了质量。",
                suggest.rewrite(
                    f"改为「{name} ≥{BLANK}%」，「{raw}」作为评估频次写入指标解释。",
                    name=name,
                    value=f"≥{BLANK}%",
                ),
                at=f,
                field="value",
            )


@rule("R33", W, MEASURE, "覆盖类用语（全覆盖、应保尽保、应援尽援、全部）写成带基数的比率")
def r33(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        if not f.measurable or f.metric == "rate" or not lexicon.COVERAGE.search(f.value_text):
            continue
        base = (
            f"{number_text(f.value.number)}{(f.value.unit or '')[:4]}"
            if f.value.number
            else f"{BLANK}（名单/台账）"
        )
        name = f"{core_of(_CLAUSE.split(f.name)[0])[:14]}覆盖率"
        value = f"=100%（基数：{base}）"
        yield r.finding(
            f"「{f.label}」的指标值「{f.value.raw.strip()}」没有写明覆盖的基数。",
            Suggestion(action="rewrite", name=name, value=value, text=f"写成「{name} {value}」。"),
            at=f,
            field="value",
        )
