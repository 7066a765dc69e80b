"""A. Structure and completeness: R01–R06."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant import taxonomy as tx
from assistant.critique import suggest
from assistant.critique.analysis import SheetFacts
from assistant.critique.goals import goal_conflicts
from assistant.critique.rules.base import COMPLETE, CONFORM, CONSIST, E, Rule, W, rule
from assistant.domain import main_quantity
from assistant.names import level1_of, level2_of, object_of, project_object
from assistant.schema import BLANK, Finding, Suggestion
from assistant.text import dice, squash
from assistant.values import number_text

# Default range for the number of 三级 rows (STANDARD R06, a practice default).
MIN_INDICATORS, MAX_INDICATORS, MAX_PER_LEVEL2 = 5, 20, 5


@rule("R01", E, COMPLETE, "每行的一级、二级、三级名称和指标值都已填写（模板占位符视为空）")
def r01(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if not facts.indicators:
        yield r.finding(
            "表中没有任何绩效指标。",
            Suggestion(
                action="add",
                text="至少填写产出（数量、质量、时效）、效益、满意度各一条指标，成本指标写单位成本。",
            ),
            field="indicators",
        )
        return
    for f in facts.indicators:
        ind = f.indicator
        own_framework = tx.is_other_framework(ind.level1)  # 投入目标/管理目标 rows carry no 二级
        if (not squash(ind.level1) or not squash(ind.level2)) and not own_framework:
            missing = "一级指标" if not squash(ind.level1) else "二级指标"
            yield r.finding(
                f"「{f.label}」缺少{missing}。",
                suggest.category_fill(f, facts, "fill"),
                at=f,
                field="level1" if not squash(ind.level1) else "level2",
            )
        if f.placeholder_row:
            yield r.finding(
                f"第{f.index + 1}行（{ind.level2.strip() or '无二级'}）是系统默认的占位行"
                f"（三级指标「{ind.name.strip()}」、指标值「{f.value.raw.strip()}」），没有任何目标。",
                Suggestion(
                    action="delete", text="删除本行；该二级确需指标时，写明指标名称和可核对的指标值。"
                ),
                at=f,
                field="value",
            )
            continue
        if f.empty_name:
            level2 = f.level2 or tx.QUANTITY
            suffix = "率" if f.unit_family == "percent" else ("" if level2 != tx.QUANTITY else "数量")
            yield r.finding(
                f"第{f.index + 1}行（{ind.level2}）没有指标名称。",
                Suggestion(
                    action="fill",
                    # A blank to fill, never squashed (NFKC would fold ＿ into an underscore).
                    name=f"{BLANK}{suffix}",
                    text=f"写明衡量对象和口径，例如「{BLANK}{'率' if level2 != tx.QUANTITY else '数量'}」；不需要的行请删除。",
                ),
                at=f,
                field="name",
            )
        if f.empty_value:
            s = suggest.vague_rewrite(f, facts, suggest.measurable)
            yield r.finding(
                f"「{f.label}」没有填写指标值。",
                s.model_copy(
                    update={
                        "action": "fill" if s.action == "rewrite" else s.action,
                        "name": s.name if s.name != ind.name.strip() else None,
                    }
                ),
                at=f,
                field="value",
            )


@rule("R02", E, CONFORM, "一级指标属于成本/产出/效益/满意度（别名规范后），二级指标是该一级的合法下级")
def r02(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    for f in facts.indicators:
        raw1, raw2 = f.indicator.level1, f.indicator.level2
        if not squash(raw1) or not squash(raw2) or tx.is_other_framework(raw1):
            continue  # R01 reports missing labels; another framework's labels are its own (R22)
        l1, l2 = level1_of(raw1), level2_of(raw2)
        if l2 is None:
            yield r.finding(
                f"「{f.label}」的二级指标「{raw2.strip()}」不是规范的二级指标。",
                suggest.category_fill(f, facts, "move"),
                at=f,
                field="level2",
            )
        elif l1 is None:
            parent = tx.parent_of(l2)
            yield r.finding(
                f"「{f.label}」的一级指标「{raw1.strip()}」不是规范的一级指标。",
                Suggestion(action="move", level1=parent, level2=l2, text=f"一级指标改为「{parent}」。"),
                at=f,
                field="level1",
            )
        elif not tx.is_legal_pair(l1, l2) and not (l2 == tx.LEGACY_COST and l1 in (tx.OUTPUT, tx.COST)):
            parent = tx.parent_of(l2)
            yield r.finding(
                f"「{f.label}」：二级指标「{l2}」不属于一级指标「{l1}」。",
                Suggestion(action="move", level1=parent, level2=l2, text=f"一级指标改为「{parent}」。"),
                at=f,
                field="level1",
            )


def _present(facts: SheetFacts) -> set[str]:
    return {f.level2 for f in facts.indicators if f.level2 and not f.empty_name}


def missing_categories(facts: SheetFacts) -> list[str]:
    """The 二级 (or 一级 groups) a complete sheet should have and this one lacks, most important first."""
    present = _present(facts)
    missing: list[str] = []
    if tx.QUANTITY not in present:
        missing.append(tx.QUANTITY)
    if not present & set(tx.BENEFIT_LEVEL2):
        missing.append(tx.BENEFIT)
    if tx.QUALITY not in present:
        missing.append(tx.QUALITY)
    if tx.TIMELINESS not in present:
        missing.append(tx.TIMELINESS)
    if tx.SERVICE_SATISFACTION not in present:
        missing.append(tx.SATISFACTION)
    year = facts.year
    if not present & set(tx.COST_LEVEL2) and (year is None or year >= 2022):
        missing.append(tx.COST)
    return missing


def addition_for(category: str, facts: SheetFacts) -> Suggestion:
    """A row to add for a missing category, built from the sheet's own outputs, goal and funds."""
    main = main_quantity(facts.sheet.indicators)
    obj = object_of(squash(main.name)) if main else project_object(facts.sheet.project_name)
    year = facts.year or "YYYY"
    if category == tx.QUANTITY:
        count = next((q for q in facts.goal_quantities if q.family == "count"), None)
        if count:
            name = f"{_goal_object(count) or obj}数量"
            value = f"{count.comparator or '≥'}{number_text(count.number)}{count.unit}"
            text = f"年度目标写了「{count.text}」，补充数量指标「{name} {value}」。"
        else:
            name, value = f"{obj}数量", f"≥{BLANK}{suggest.count_unit(obj)}"
            text = f"补充本年交付的产出数量：「{name} {value}」。"
        return Suggestion(
            action="add", level1=tx.OUTPUT, level2=tx.QUANTITY, name=name, value=value, text=text
        )
    if category == tx.QUALITY:
        name = f"{obj}合格率"
        return Suggestion(
            action="add",
            level1=tx.OUTPUT,
            level2=tx.QUALITY,
            name=name,
            value=f"≥{BLANK}%",
            text=f"补充质量指标：「{name} ≥{BLANK}%」，在指标解释中写明验收或抽查标准。",
        )
    if category == tx.TIMELINESS:
        name = f"{obj}完成时间"
        value = f"≤{year}-{BLANK}-{BLANK}"
        return Suggestion(
            action="add",
            level1=tx.OUTPUT,
            level2=tx.TIMELINESS,
            name=name,
            value=value,
            text=f"补充时效指标：「{name} {value}」或办结时限「≤{BLANK}个工作日」。",
        )
    if category == tx.BENEFIT:
        name, value = suggest.outcome_for(facts, "")
        return Suggestion(
            action="add",
            level1=tx.BENEFIT,
            level2=tx.SOCIAL_BENEFIT,
            name=name,
            value=value,
            text=f"补充本项目可归因的效益指标：「{name} {value}」。",
        )
    if category == tx.SATISFACTION:
        name = f"{suggest.project_respondent(facts)}满意度"
        return Suggestion(
            action="add",
            level1=tx.SATISFACTION,
            level2=tx.SERVICE_SATISFACTION,
            name=name,
            value="≥90%",
            text=f"补充满意度指标：「{name} ≥90%」，指标解释写明调查方式（问卷/回访）和样本量。",
        )
    s = suggest.unit_cost(None, facts)
    return Suggestion(
        action="add",
        level1=tx.COST,
        level2=tx.ECONOMIC_COST,
        name=s.name,
        value=s.value,
        text=f"补充成本指标（101号格式）：{s.text}",
    )


_OBJECT_CUT = re.compile(r"[的，,。；;进对为以及和与等在]")
_VERBS = re.compile(r"^.*(完成|开展|配备|聘用|聘请|招录|举办|组织|购置|安排|抽取|按照|根据|对|为)")


def _goal_object(q) -> str:
    """What a goal figure counts: "配备60台便携检测仪器" → "便携检测仪器"; "办案人员14人" → "办案人员"."""
    after = _OBJECT_CUT.split(q.after)[0][:8]
    if len(after) >= 2:
        return after
    before = _OBJECT_CUT.split(q.before)[-1]
    return _VERBS.sub("", before)[-6:]


_REQUIRED_ERROR = {tx.QUANTITY, tx.BENEFIT}


@rule("R03", E, COMPLETE, "覆盖必要类别：数量、质量、时效、效益、满意度、成本（缺数量或效益为错误）")
def r03(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if not facts.indicators:
        return  # R01 says the table is empty
    for category in missing_categories(facts):
        yield r.finding(
            f"缺少{category}。",
            addition_for(category, facts),
            field="indicators",
            severity=E if category in _REQUIRED_ERROR else W,
        )


def untraced_goal_quantities(facts: SheetFacts):
    """Goal figures no indicator repeats (same number, same kind of unit)."""
    found = []
    for q in facts.goal_quantities:
        if q.family == "percent" and q.number == 100 and len(q.context) < 4:
            continue
        matched = any(
            f.value.number is not None
            and abs(f.value.number - q.number) < 1e-9
            and (f.unit_family or "count") == q.family
            for f in facts.indicators
        )
        if not matched:
            found.append(q)
    return found


@rule("R04", W, CONSIST, "年度目标中的每个数字/交付物都有对应指标（目标→指标方向）")
def r04(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if not facts.indicators or not facts.sheet.annual_goal:
        return
    conflicting = {id(q) for q, _ in goal_conflicts(facts)}
    untraced = [q for q in untraced_goal_quantities(facts) if id(q) not in conflicting]
    if not untraced:
        return
    first = untraced[0]
    project = project_object(facts.sheet.project_name)
    if first.family == "time":
        verb = "响应" if re.search(r"到场|处理|响应|故障|修复", first.context) else "完成"
        level2, name = tx.TIMELINESS, suggest.fit_name(project, f"{verb}时限")
    elif first.family == "percent":
        level2 = facts.classifier.predict(first.context).level2 or tx.QUALITY
        name = _rate_before(first.before) or suggest.fit_name(project, f"{BLANK}率")
    else:
        level2, name = tx.QUANTITY, suggest.fit_name(_goal_object(first) or project, "数量")
    value = f"{first.comparator or ('≤' if first.family == 'time' else '≥')}{number_text(first.number)}{first.unit}"
    listed = "、".join(q.text for q in untraced[:6])
    yield r.finding(
        f"年度目标中的 {listed} 没有对应的绩效指标。",
        Suggestion(
            action="add",
            level1=tx.parent_of(level2),
            level2=level2,
            name=name,
            value=value,
            text=f"为年度目标中的数字补充指标，例如「{name} {value}」。",
        ),
        field="annual_goal",
    )


_RATE_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,12}(率|度))")


def _rate_before(context: str) -> str | None:
    match = _RATE_BEFORE.findall(context)
    return match[-1][0] if match else None


def _same(a, b) -> bool:
    """Same name, or the same metric and value under a name that differs by a character or two."""
    if a.name == b.name:
        return True
    return (
        len(b.name) >= 6
        and a.metric == b.metric
        and a.value_text == b.value_text
        and dice(a.name, b.name) >= 0.9
    )


@rule("R05", W, CONFORM, "没有重复或近似重复的三级指标名称")
def r05(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    seen: list = []
    for f in facts.indicators:
        if f.empty_name:
            continue
        twin = next((g for g in seen if _same(g, f)), None)
        if twin is not None:
            where = "同一类别" if twin.level2 == f.level2 else f"「{twin.level2}」"
            yield r.finding(
                f"「{f.label}」与第{twin.index + 1}行（{where}）「{twin.label}」重复。",
                Suggestion(
                    action="delete",
                    text=f"只保留一条，放在最合适的类别（{twin.level2 or f.level2}）下，删除本行。",
                ),
                at=f,
                field="name",
            )
        else:
            seen.append(f)


@rule(
    "R06",
    W,
    COMPLETE,
    f"指标数量合理：总数 {MIN_INDICATORS}–{MAX_INDICATORS} 条，每个二级 ≤{MAX_PER_LEVEL2} 条，不以空泛指标凑数",
)
def r06(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    n = len([f for f in facts.indicators if not f.empty_name])
    if 0 < n < MIN_INDICATORS:
        missing = missing_categories(facts)
        add = addition_for(missing[0], facts) if missing else None
        yield r.finding(
            f"只有 {n} 条指标，少于 {MIN_INDICATORS} 条，难以全面反映产出和效果。",
            Suggestion(
                action="add",
                level1=add.level1 if add else None,
                level2=add.level2 if add else None,
                name=add.name if add else None,
                value=add.value if add else None,
                text=(add.text if add else "") + f"指标总数建议 {MIN_INDICATORS}–{MAX_INDICATORS} 条。",
            ),
            field="indicators",
        )
    elif n > MAX_INDICATORS:
        yield r.finding(
            f"共 {n} 条指标，多于 {MAX_INDICATORS} 条。",
            Suggestion(
                action="delete", text=f"合并同类指标，只保留能反映核心产出和效果的 {MAX_INDICATORS} 条以内。"
            ),
            field="indicators",
        )
    for level2, rows in facts.by_level2.items():
        if level2 and len(rows) > MAX_PER_LEVEL2:
            yield r.finding(
                f"「{level2}」下有 {len(rows)} 条指标，多于 {MAX_PER_LEVEL2} 条。",
                Suggestion(
                    action="delete",
                    text=f"保留最能反映{level2.removesuffix('指标')}的 {MAX_PER_LEVEL2} 条，其余合并或删除。",
                ),
                field="indicators",
            )
    padding = [f for f in facts.indicators if f.group is not None and f.group.number in (1, 3)]
    if len(padding) >= 5 and len(padding) >= 0.4 * max(n, 1):
        listed = "、".join(f"「{f.label}」" for f in padding[:5])
        yield r.finding(
            f"{len(padding)} 条指标的值只是「健全/规范/提升」之类的空泛表述（如 {listed}），有凑数之嫌。",
            Suggestion(
                action="delete", text="删除无法衡量的凑数指标，或逐条改写为带数值的指标（见各条的改写建议）。"
            ),
            field="indicators",
        )
