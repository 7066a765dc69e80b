"""Concrete rewrites: a name and a value a drafter could paste, built from the indicator's own words.

Numbers come, in this order, from the sheet itself (a figure its 年度目标 already states, its funds
divided by its quantity), from similar past indicators when hints are available (their median),
and otherwise stay an explicit blank "＿" so nobody mistakes a placeholder for advice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from assistant import taxonomy as tx
from assistant.critique.lexicon import VagueGroup
from assistant.critique.precedence import claims
from assistant.domain import GENERIC_RESPONDENT, INTERNAL_RESPONDENT, named_respondent, respondent_group
from assistant.domain import unit_cost as unit_cost_of
from assistant.names import core_of, join_name, metric_of, object_of, project_object, short_object
from assistant.schema import BLANK, Suggestion
from assistant.text import dice
from assistant.values import money_text, number_text

if TYPE_CHECKING:
    from assistant.critique.analysis import IndicatorFacts, SheetFacts

# --- units a name implies --------------------------------------------------------------------

_COUNT_UNIT_BY_WORD: tuple[tuple[str, str], ...] = (
    ("人次", "人次"),
    ("场次", "场"),
    ("次数", "次"),
    ("件数", "件"),
    ("户数", "户"),
    ("家数", "家"),
    ("人数", "人"),
    ("案件", "件"),
    ("纠纷", "件"),
    ("案", "件"),
    ("讲座", "场"),
    ("活动", "场"),
    ("培训", "人次"),
    ("咨询", "人次"),
    ("人员", "人"),
    ("调解员", "人"),
    ("律师", "人"),
    ("社工", "人"),
    ("设备", "台"),
    ("系统", "套"),
    ("报告", "份"),
    ("作品", "部"),
    ("视频", "条"),
    ("稿件", "篇"),
    ("宣传", "次"),
    ("检测", "次"),
    ("维护", "次"),
)


def count_unit(name: str) -> str:
    for word, unit in _COUNT_UNIT_BY_WORD:
        if word in name:
            return unit
    return "个"


_HOURS_VERBS = re.compile(r"处置|响应|到场|修复|排除|故障|应急|抢修|突发")
_WORKDAY_VERBS = re.compile(r"办结|办理|答复|回复|反馈|解答|受理|审查|审核|处理|核查|纳管|衔接|鉴定|咨询")
_PAYMENT_VERBS = re.compile(r"支付|发放|缴|拨付|结算|兑付|报销")
_PERIOD_IN_NAME = re.compile(r"每(个)?(年|半年|季度|季|月|周)|(季度|月度|半年)")


# --- shared pieces ---------------------------------------------------------------------------


def goal_number_for(f: IndicatorFacts, facts: SheetFacts, family: str) -> str | None:
    """A figure the 年度目标 states for this indicator's object, e.g. "≥4240件"."""
    best, best_score = None, 0.0
    for q in facts.goal_quantities:
        if q.family != family:
            continue
        score = dice(q.context, f.name)
        if score > best_score:
            best, best_score = q, score
    if best is None or best_score < 0.3:
        return None
    comparator = best.comparator or ("≤" if family == "time" else "≥")
    comparator = {"<": "≤", ">": "≥"}.get(comparator, comparator)
    return f"{comparator}{number_text(best.number)}{best.unit}"


def typical_value(f: IndicatorFacts, facts: SheetFacts, level2: str | None, family: str) -> str | None:
    if facts.hints is None:
        return None
    typical = facts.hints.typical(f.name, level2, family)
    return typical.render() if typical else None


def borrowed(f: IndicatorFacts, facts: SheetFacts, level2: str | None) -> tuple[str, str, str] | None:
    """A measurable past indicator close to this one: (name, value, project)."""
    if facts.hints is None:
        return None
    for example in facts.hints.similar(f.name, level2, limit=5):
        # Only a numeric target under a metric-shaped name is worth copying ("X合格率 ≥95%").
        numeric = example.number is not None and metric_of(example.name) is not None
        if numeric and example.similarity >= 0.5 and example.name != f.name:
            return example.name, example.value, example.project
    return None


def borrowed_rewrite(f: IndicatorFacts, facts: SheetFacts, level2: str | None, why: str) -> Suggestion | None:
    """A rewrite into a measurable past indicator close to this one, when there is one."""
    example = borrowed(f, facts, level2)
    if example is None:
        return None
    name, value, project = example
    raw = f.value.raw.strip() or "空值"
    return rewrite(
        f"「{raw}」{why}；参照语料中相似的可衡量指标「{name} {value}」（{project}），按本项目调整数值。",
        name=name,
        value=value,
    )


MAX_NAME_LENGTH = 20  # longest 三级 name (STANDARD R31, a practice default); names rules add keep to it


def fit_name(core: str, suffix: str, limit: int = MAX_NAME_LENGTH) -> str:
    """core + suffix in at most `limit` characters, keeping the end of the core (its head noun)."""
    room = max(limit - len(suffix), 2)
    return f"{core[-room:]}{suffix}"


def rewrite(text: str, name: str | None = None, value: str | None = None) -> Suggestion:
    """A rewrite of a row's name and value, with the sentence that says it."""
    return Suggestion(action="rewrite", name=name, value=value, text=text)


def value_for(
    f: IndicatorFacts, facts: SheetFacts, family: str, level2: str | None, default: str
) -> tuple[str, str]:
    """(value, where it came from) for a metric of one unit family."""
    if number := goal_number_for(f, facts, family):
        return number, "取自年度目标"
    if number := typical_value(f, facts, level2, family):
        return number, "参照语料中相似指标的中位数"
    return default, "请填写"


def _basis_text(source: str) -> str:
    return "" if source == "请填写" else f"（数值{source}）"


# --- a rewrite consistent with a category claim ------------------------------------------------


def rewrite_in(f: IndicatorFacts, facts: SheetFacts, level2: str | None) -> Suggestion:
    """The measurable rewrite the row would get once it sits in `level2`."""
    moved = replace(
        f,
        level2=level2,
        level1=tx.parent_of(level2) if level2 else None,
        time_row=level2 == tx.TIMELINESS or f.time_row,
    )
    return measurable(moved, facts, f.group)


def vague_rewrite(
    f: IndicatorFacts, facts: SheetFacts, build: Callable[[IndicatorFacts, SheetFacts], Suggestion]
) -> Suggestion:
    """The rewrite of a vague value, consistent with a category claim on the same row.

    A row that should be deleted (process item) gets "delete", not a rewrite; a row that should
    move gets the rewrite it needs in its new 二级, so the two findings never contradict.
    """
    claim = claims(facts).get(f.index)
    if claim is None:
        return build(f, facts)
    if claim.level2 is None:
        return Suggestion(
            action="delete", text=f"本行{claim.reason}，应删除（见 {claim.code}），无需改写指标值。"
        )
    moved = rewrite_in(f, facts, claim.level2)
    level1 = tx.parent_of(claim.level2)
    return moved.model_copy(
        update={
            "action": "move",
            "level1": level1,
            "level2": claim.level2,
            "text": f"移到「{level1} / {claim.level2}」（见 {claim.code}），{moved.text}",
        }
    )


def category_fill(f: IndicatorFacts, facts: SheetFacts, action: Literal["fill", "move"]) -> Suggestion:
    """The 二级 for a row without a valid one (R01, R02), with what the row then needs there.

    A process, budget-execution or input item is no target in any 二级: it is deleted (R14/R15), not
    filed. A row that does not measure satisfaction is not filed under 满意度. A row whose value is
    vague gets the measurable rewrite of its new 二级 with the move, so the rules there accept it.
    """
    claim = claims(facts).get(f.index)
    if claim is not None and claim.level2 is None:
        return Suggestion(
            action="delete", text=f"本行{claim.reason}，不是绩效目标，应删除（见 {claim.code}）。"
        )
    c = facts.classifier
    # A row whose 一级 is known belongs under one of its 二级; one that does not measure satisfaction
    # is not filed under 满意度.
    exclude = tuple(l2 for l2 in tx.LEVEL2 if f.level1 and l2 not in tx.LEVEL2_BY_LEVEL1.get(f.level1, ()))
    if not c.is_satisfaction(f.name):
        exclude = (*exclude, tx.SERVICE_SATISFACTION)
    guess = c.predict(f.name, f.value, exclude=exclude).level2
    guess = guess or c.predict(f.name, f.value).level2 or tx.QUANTITY
    level1 = tx.parent_of(guess)
    name = value = None
    if not f.measurable:
        moved = rewrite_in(f, facts, guess)
        name = moved.name if moved.name != f.indicator.name.strip() else None
        value = moved.value
    rewritten = f"，并改写为「{name or f.indicator.name.strip()} {value}」" if value else ""
    return Suggestion(
        action=action,
        level1=level1,
        level2=guess,
        name=name,
        value=value,
        text=f"按指标内容归入「{level1} / {guess}」{rewritten}。",
    )


# --- satisfaction ----------------------------------------------------------------------------


def project_respondent(facts: SheetFacts) -> str:
    return respondent_group(facts.sheet.project_name, facts.sheet.annual_goal or "")


def satisfaction(f: IndicatorFacts, facts: SheetFacts) -> Suggestion:
    group = named_respondent(f.name if "满意" in f.name else core_of(f.name)) or "服务对象"
    if INTERNAL_RESPONDENT.search(group) or GENERIC_RESPONDENT.match(group):
        group = project_respondent(facts)
    value, source = value_for(f, facts, "percent", tx.SERVICE_SATISFACTION, "≥90%")
    name = f"{group}满意度"
    return rewrite(
        f"改为「{name} {value}」，在指标解释中写明调查方式（问卷/电话回访）和样本量{_basis_text(source)}。",
        name=name,
        value=value,
    )


# --- timeliness ------------------------------------------------------------------------------


def timeliness(f: IndicatorFacts, facts: SheetFacts) -> Suggestion:
    core = short_object(f.name, project_object(facts.sheet.project_name))
    year = facts.year
    if _PAYMENT_VERBS.search(f.name) or _PAYMENT_VERBS.search(f.value_text):
        period = _PERIOD_IN_NAME.search(f.name)
        cycle = (period.group(2) or period.group(3)) if period else BLANK
        cycle = {"季": "季度", "月度": "月"}.get(cycle, cycle)
        if period:
            core = core_of(re.sub(r"一次|1次|一期", "", f.name.replace(period.group(0), ""))) or core
        name = join_name(core, "时限")
        number, source = value_for(f, facts, "time", tx.TIMELINESS, BLANK)
        days = re.sub(r"^[≤<=]", "", number)
        days = re.sub(r"(个)?(工作日|天|日)$", "", days)
        if period:
            value = f"每{cycle}末后{days}个工作日内"
        elif "合同" in f.name or "合同" in f.value_text:
            value = f"合同约定付款日后{days}个工作日内"
        else:
            name = join_name(core, "完成时间")
            value, source = f"≤{year or 'YYYY'}-{BLANK}-{BLANK}", "请填写"
        text = f"把「{f.value.raw.strip() or '空值'}」改为可核对的支付期限：「{name} {value}」{_basis_text(source)}。"
        return Suggestion(action="rewrite", level2=tx.TIMELINESS, name=name, value=value, text=text)
    if _HOURS_VERBS.search(f.name):
        name = join_name(core, "响应时限") if "响应" not in core else join_name(core, "时限")
        value, source = value_for(f, facts, "time", tx.TIMELINESS, f"≤{BLANK}小时")
    elif _WORKDAY_VERBS.search(f.name):
        name = join_name(core, "办结时限")
        value, source = value_for(f, facts, "time", tx.TIMELINESS, f"≤{BLANK}个工作日")
    else:
        name = join_name(core, "完成时间")
        value = f"≤{year or 'YYYY'}-{BLANK}-{BLANK}"
        source = "请填写"
        for q in facts.goal_quantities:
            if q.family == "time" and dice(q.context, f.name) >= 0.3:
                value, source = f"≤{number_text(q.number)}{q.unit}", "取自年度目标"
                name = join_name(core, "时限")
                break
    if f.metric == "time":
        name = f.indicator.name.strip()  # 完成时限/完成时间 already names the metric
    text = (
        f"把「{f.value.raw.strip() or '空值'}」改为期限或时限：「{name} {value}」{_basis_text(source)}；"
        "如需保留及时率，须在指标解释中写明时限。"
    )
    return Suggestion(action="rewrite", level2=tx.TIMELINESS, name=name, value=value, text=text)


# --- generic measurable rewrite ----------------------------------------------------------------

_CONSISTENCY = re.compile(r"^(.*?)与(.+?)(的)?(一致性|一致|相符性?)$")
_STABILITY = re.compile(r"稳定|可靠|通畅|正常")


def measurable(f: IndicatorFacts, facts: SheetFacts, group: VagueGroup | None = None) -> Suggestion:
    """A measurable rewrite of a vague indicator, chosen by what its name measures and its 二级."""
    level2 = f.level2
    metric = f.metric
    core = short_object(f.name, project_object(facts.sheet.project_name))
    raw = f.value.raw.strip() or "空值"
    if level2 == tx.SERVICE_SATISFACTION or "满意" in f.name:
        return satisfaction(f, facts)
    if level2 == tx.TIMELINESS or f.time_row:
        return timeliness(f, facts)
    if consistency := _CONSISTENCY.match(f.name):
        subject = consistency.group(1) or project_object(facts.sheet.project_name)
        standard = consistency.group(2)
        name = f"{subject}按{standard}执行准确率"
        return rewrite(
            f"「{raw}」无法核对；改为「{name} =100%」，并在指标解释中写明依据的{standard}文件。",
            name=name,
            value="=100%",
        )
    if metric == "rate":
        value, source = value_for(f, facts, "percent", level2, f"≥{BLANK}%")
        if group and group.number == 1:
            value = value if source != "请填写" else f"较上年提高≥{BLANK}个百分点（上年{BLANK}%）"
        return rewrite(
            f"指标名称已是比率，值应是百分比：「{f.indicator.name.strip()} {value}」{_basis_text(source)}。",
            name=f.indicator.name.strip(),
            value=value,
        )
    if metric == "count":
        unit = count_unit(f.name)
        value, source = value_for(f, facts, "count", level2, f"≥{BLANK}{unit}")
        if source == "请填写" and group and group.number == 1:
            value = f"≥{BLANK}{unit}（上年{BLANK}{unit}）"
        return rewrite(
            f"写明数量和单位：「{f.indicator.name.strip()} {value}」{_basis_text(source)}。",
            name=f.indicator.name.strip(),
            value=value,
        )
    if metric == "money" or level2 in tx.COST_LEVEL2:
        return unit_cost(f, facts)
    if level2 == tx.QUANTITY:
        unit = count_unit(f.name)
        name = f"{core}数量"
        value, source = value_for(f, facts, "count", level2, f"≥{BLANK}{unit}")
        return rewrite(
            f"数量指标要写交付了多少：「{name} {value}」{_basis_text(source)}。", name=name, value=value
        )
    if level2 == tx.SUSTAINABILITY:
        return sustainability(f, facts)
    if "效率" in f.name and level2 not in (tx.QUALITY, tx.QUANTITY):
        name = f"{core}平均办理用时"
        value = f"较上年缩短≥{BLANK}%（上年{BLANK}天）"
        return rewrite(f"「{raw}」没有幅度；效率用办理用时衡量：「{name} {value}」。", name=name, value=value)
    if level2 == tx.QUALITY or (group is not None and group.number == 3 and level2 not in tx.BENEFIT_LEVEL2):
        if _STABILITY.search(f.name) or _STABILITY.search(f.value_text):
            name = f"{core}可用率"
            value, source = value_for(f, facts, "percent", level2, "≥99.5%")
            return rewrite(
                f"「{raw}」无法核对；稳定性用可用率衡量：「{name} {value}」（按运维合同约定的口径统计）{_basis_text(source)}。",
                name=name,
                value=value,
            )
        if example := borrowed_rewrite(f, facts, level2, "无法核对"):
            return example
        name = f"{core}合格率"
        value, source = value_for(f, facts, "percent", level2, f"≥{BLANK}%")
        return rewrite(
            f"「{raw}」没有标准；改为「{name} {value}」，并在指标解释中写明评判标准和抽查方式{_basis_text(source)}。",
            name=name,
            value=value,
        )
    # 效益 and anything else: a project-level outcome.
    if example := borrowed_rewrite(f, facts, level2, "没有幅度"):
        return example
    name, value = outcome_for(facts, core, level2)
    return rewrite(
        f"「{raw}」没有幅度，无法评价；改为本项目可归因、可统计的结果：「{name} {value}」，在指标解释中写明口径和数据来源。",
        name=name,
        value=value,
    )


def sustainability(f: IndicatorFacts, facts: SheetFacts) -> Suggestion:
    core = re.sub(r"长效|管理|制度|机制|建立|执行|情况|建设", "", core_of(f.name))
    return sustainability_for(core or project_object(facts.sheet.project_name), facts.year)


def sustainability_for(core: str, year: int | None) -> Suggestion:
    name = f"{core}管理制度执行覆盖率"
    value = f"=100%（持续{BLANK}年）"
    return Suggestion(
        action="rewrite",
        level1=tx.BENEFIT,
        level2=tx.SUSTAINABILITY,
        name=name,
        value=value,
        text=f"可持续影响要写机制和年限：「{name} {value}」，或「{core}管理制度印发时间 ≤{year or 'YYYY'}-{BLANK}-{BLANK}」。",
    )


# --- cost ------------------------------------------------------------------------------------


def unit_cost(f: IndicatorFacts | None, facts: SheetFacts) -> Suggestion:
    """A unit cost from the sheet's own funds and main quantity: funds ÷ quantity (domain.unit_cost)."""
    cost = unit_cost_of(facts.funds, facts.sheet.indicators, f.name if f else None)
    if cost is not None:
        name, value = cost.name, cost.value
        text = (
            f"写成单位成本：「{name} {value}」（= 项目资金 {money_text(facts.funds or 0)} ÷ {cost.quantity.name.strip()} "
            f"{number_text(cost.quantity.value.number or 0)}{cost.unit}），并注明测算依据（标准/合同）。"
        )
    else:
        name, value = "单位服务成本", f"≤{BLANK}元/{BLANK}"
        text = f"写成单位成本：「{name} {value}」，注明测算依据（支出标准或合同价）。"
    return Suggestion(action="rewrite", level2=(f.level2 if f else None), name=name, value=value, text=text)


# --- outcomes --------------------------------------------------------------------------------

# Project-level outcome patterns by what the project does (STANDARD §5 group 8 and R30).
_OUTCOMES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"调解|纠纷"), "调解协议履行率", f"≥{BLANK}%"),
    (re.compile(r"矫正|帮教|刑释|服刑"), "重新违法犯罪率", f"≤{BLANK}%"),
    (re.compile(r"法律援助|受援"), "法律援助案件结案率", f"≥{BLANK}%"),
    (re.compile(r"普法|法治宣传|宣传"), "法治知识知晓率", f"≥{BLANK}%"),
    (re.compile(r"法律顾问|咨询"), "法律意见采纳率", f"≥{BLANK}%"),
    # What a system changes for its users (its availability is the 质量 of the service, not an effect).
    (re.compile(r"系统(运维|运行|维护)|平台|运维|信息化"), "业务线上办理率", f"≥{BLANK}%"),
    (re.compile(r"培训"), "培训后考核合格率", f"≥{BLANK}%"),
    (re.compile(r"复议|诉讼|应诉"), "行政复议决定被纠错率", f"≤{BLANK}%"),
)


def outcome_for(facts: SheetFacts, core: str, level2: str | None = None) -> tuple[str, str]:
    """A measurable, project-level outcome for a 效益 row (or a missing 效益 block)."""
    obj = project_object(facts.sheet.project_name)
    if level2 == tx.ECONOMIC_BENEFIT:
        return f"通过{obj}为服务对象挽回经济损失", f"≥{BLANK}万元"
    if level2 == tx.ECO_BENEFIT:
        return f"{core or obj}污染物减排量", f"≥{BLANK}吨"
    if level2 == tx.SUSTAINABILITY:
        s = sustainability_for(core or obj, facts.year)
        return s.name or "", s.value or ""
    text = f"{facts.sheet.project_name}{facts.sheet.annual_goal or ''}"
    if core and (awareness := _AWARENESS.search(core)):
        return f"{core[: awareness.start()] or obj}知晓率", f"≥{BLANK}%"
    for source in (core, text):
        for pattern, name, value in _OUTCOMES:
            if pattern.search(source):
                return name, value
    return f"{core or obj}目标达成率", f"≥{BLANK}%"


# Awareness, knowledge and attitudes are measured by a survey's 知晓率.
_AWARENESS = re.compile(r"(意识|观念|素养|知识|认知|知晓度)$")


def metric_name(name: str, unit_family_: str | None, unit: str | None) -> str:
    """A noun-phrase name from an action-style one: "完成系统安全检测" + 次 → "系统安全检测次数"."""
    core = short_object(name, object_of(name))
    if metric_of(core):
        return core
    if unit_family_ == "percent":
        return f"{core}完成率" if name.startswith("完成") else f"{core}率"
    if unit_family_ == "time":
        return f"{core}时限"
    if unit_family_ == "money":
        return f"{core}金额"
    if unit in ("次", "场"):
        return f"{core}{'场次' if unit == '场' else '次数'}"
    if unit in ("人", "名", "人次"):
        return f"{core}人数" if unit != "人次" else f"{core}人次"
    return f"{core}数量"
