"""Decisions the drafter and the critic share, written once so the two can never disagree.

- whether a row is measurable (a parsed value, a checkable phrase, or grades its 指标解释 defines);
- the main quantity of a sheet and the unit cost funds ÷ quantity, named and rounded one way;
- who answers a satisfaction survey for a project (the respondent group a 满意度 name must state).

The drafter proposes with these (drafting/cost.py, drafting/defaults.py); the critic checks and
rewrites with the same functions (critique/analysis.py, critique/suggest.py, rules R24/R27).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant import taxonomy as tx
from assistant.names import metric_of, object_of, project_object, short_object
from assistant.schema import Indicator
from assistant.text import dice, squash
from assistant.values import ValueKind, count_unit_of, money_text, unit_family

# --- measurable --------------------------------------------------------------------------------

# Checkable facts the value parser leaves as text: an acceptance passed, a rating reached, spending
# kept within the budget (a yes/no a reviewer checks against the accounts; a weak cost target, R19).
CHECKABLE = re.compile(
    r"^(一次性)?(通过验收|验收通过|通过评审|评审通过|通过审核|审核通过|通过考核|考核通过)$"
    r"|^[A-E]{1,3}级$|^[甲乙丙一二三]级$|^[1-5一二三四五]星级?$"
    r"|^(不超(过|出)?|未超(过|出)?|控制在)(年度|项目)?预算(范围)?(内|以内|之内)?$"
)
# A value that says what the money is spent on ("372万元将用于学校运转支出") states an input, not a target
# (STANDARD §2.1: inputs are not targets), whatever number it carries.
SPENDING = re.compile(r"(万元|元)[^，,。；;]{0,6}用于")
# A qualitative value counts as graded when the 指标解释 defines the bands (rule R13).
GRADED = re.compile(r"达成.{0,30}(部分达成|未达成)|(优|良|中|差).{0,6}(优|良|中|差).{0,6}(优|良|中|差)")


def is_graded(indicator: Indicator) -> bool:
    """A qualitative value whose grades the 指标解释 defines (达成/部分达成/未达成, 优/良/中/差)."""
    return indicator.value.kind is ValueKind.QUALITATIVE and bool(
        GRADED.search(squash(indicator.description))
    )


def is_checkable(indicator: Indicator) -> bool:
    """A qualitative value that is still a checkable fact ("通过验收", "A级", "三星级")."""
    return indicator.value.kind is ValueKind.QUALITATIVE and bool(
        CHECKABLE.match(squash(indicator.value.raw))
    )


def is_measurable(indicator: Indicator) -> bool:
    """Can a reviewer check this row at year end? The one answer the critic and the drafter use."""
    if SPENDING.search(squash(indicator.value.raw)):
        return False
    return indicator.value.measurable or is_graded(indicator) or is_checkable(indicator)


# --- polarity --------------------------------------------------------------------------------

# Things a project wants fewer of: harms counted (…率/…数/…人数/…起数) and costs or durations.
_HARMS = (
    r"犯罪|重犯|再犯|违法|违纪|违规|投诉|上访|信访|差错|失误|错误|故障|事故|伤亡|死亡|发病|感染|复发|发生|脱管|漏管|"
    r"流失|辍学|失业|返贫|延误|逾期|超期|拖欠|积压|闲置|空置|纠错|超标|不合格|缺陷|损耗|漏报|误报|退回|驳回|污染|排放|能耗|返工"
)
_NEGATIVE_END = re.compile(
    rf"(({_HARMS})(率|数|人数|次数|件数|起数|量|人次)|成本|单价|费用|经费|用时|时长|时限|周期|响应时间|耗时)$"
)
_REDUCTION = re.compile(r"挽回|节约|减少|降低|下降|压降|节省")
# A subsidy or grant standard is an amount promised to each recipient: either direction can be meant.
_GRANT_STANDARD = re.compile(r"(补助|补贴|资助|救助|津贴|奖励|奖补|慰问)(标准|金额)$")


def wants_less(name: str) -> bool:
    """The (normalised) name counts a harm, a cost or a duration: its target is a ceiling."""
    return bool(_NEGATIVE_END.search(name))


def polarity(name: str, level1: str | None, level2: str | None, unit: str | None) -> str | None:
    """'positive' (more is better), 'negative' (less is better) or None when the row does not say.

    The drafter writes "≤" for a negative row; the critic checks the comparator against it (R09).
    `name` is normalised (assistant.text.squash); level1/level2 canonical.
    """
    if _REDUCTION.search(name):
        return "positive"
    if _GRANT_STANDARD.search(name):
        return None
    if wants_less(name):
        return "negative"
    if (level1 == tx.COST or level2 in tx.COST_LEVEL2) and unit_family(unit) == "money":
        return "negative"
    if metric_of(name) in ("rate", "count"):
        return "positive"
    return None


# --- main quantity and unit cost -------------------------------------------------------------------

# Units of a delivered service: the quantity a unit cost is naturally stated per.
SERVICE_UNITS = frozenset(
    {"件", "人次", "次", "场", "人", "名", "户", "户次", "件次", "课时", "期", "个", "所", "家"}
)
PER_UNIT = {
    "人": "人均",
    "名": "人均",
    "件": "单件",
    "次": "单次",
    "场": "单场",
    "人次": "每人次",
    "户": "每户",
}
NEAR_QUANTITY = 0.15  # name Dice above which a quantity is the one a cost row speaks of


def main_quantity(indicators: Sequence[Indicator], near: str | None = None) -> Indicator | None:
    """The 数量 row that carries the project's main output: a count with a number above 1.

    The one whose name is closest to `near` (a cost row's name) when one is close enough; else
    the first service count (件, 人次, 场 …), the order the drafter wrote them in; else the largest.
    """
    candidates = [
        i
        for i in indicators
        if tx.normalize_pair(i.level1, i.level2)[1] == tx.QUANTITY
        and i.value.number
        and i.value.number > 1
        and unit_family(i.value.unit) == "count"
    ]
    if not candidates:
        return None
    if near:
        best = max(candidates, key=lambda q: dice(near, squash(q.name)))
        if dice(near, squash(best.name)) > NEAR_QUANTITY:
            return best
    services = [q for q in candidates if count_unit_of(q.value.unit, "") in SERVICE_UNITS]
    if services:
        return services[0]
    return max(candidates, key=lambda q: q.value.number or 0)


@dataclass(frozen=True)
class UnitCost:
    """funds ÷ main quantity, as a cost row states it: "调解矛盾纠纷单件成本 ≤283.02元/件"."""

    name: str
    value: str
    quantity: Indicator
    unit: str  # the measure word the cost is per
    per: float  # 元 per unit, unrounded


def unit_cost(
    funds: float | None, indicators: Sequence[Indicator], near: str | None = None
) -> UnitCost | None:
    """The unit cost of the sheet's main quantity, or None without funds or a quantity."""
    quantity = main_quantity(indicators, near)
    if not funds or funds <= 0 or quantity is None:
        return None
    unit = count_unit_of(quantity.value.unit)
    per = funds / (quantity.value.number or 1)
    obj = short_object(object_of(squash(quantity.name)), "")
    prefix = PER_UNIT.get(unit, "单位")
    # "保障数量" leaves the bare 数量: no object to name the cost after.
    named = obj and len(obj) <= 10 and metric_of(obj) != "count"
    name = f"{obj}{prefix}成本" if named or not obj else f"{prefix}产出成本"
    # A ceiling: rounded up, so the rounded target never undercuts the money it was computed from.
    return UnitCost(
        name=name, value=f"≤{money_text(per, ceiling=True)}/{unit}", quantity=quantity, unit=unit, per=per
    )


# --- satisfaction respondents ------------------------------------------------------------------------

# Who a project serves, by what it does: the respondents a satisfaction survey should ask.
RESPONDENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"法律援助|受援"), "受援人"),
    (re.compile(r"调解|纠纷"), "调解当事人"),
    (re.compile(r"矫正|帮教|刑释|服刑"), "矫正及帮教对象"),
    (re.compile(r"普法|法治宣传|宣传|讲座"), "活动参与群众"),
    (re.compile(r"法律顾问|咨询|法律服务"), "法律服务对象"),
    (re.compile(r"系统|平台|运维|信息化"), "系统使用人员"),
    (re.compile(r"培训"), "参训人员"),
    (re.compile(r"复议|诉讼|应诉"), "复议申请人"),
)
# A satisfaction name that does not say who is asked (R24): "服务对象满意度", "群众满意率".
GENERIC_RESPONDENT = re.compile(
    r"^(服务对象|满意度|满意率|社会公众|公众的?|群众|人民群众)?(满意度|满意率|满意程度)?$"
)
INTERNAL_RESPONDENT = re.compile(r"工作人员|主管单位|主管部门|预算单位|本单位|职工|干部")


_SATISFACTION_SUFFIX = re.compile(r"(的)?(满意度|满意率|满意程度|满意)$")


def named_respondent(name: str) -> str:
    """The group a satisfaction name states: "调解当事人满意度" → "调解当事人"; "" when it names none."""
    return _SATISFACTION_SUFFIX.sub("", name).strip("的对")


_QUALIFIER = re.compile(r"[-—－()（）【】\[\]·,，、]")


def respondent_group(project_name: str, text: str = "") -> str:
    """Who should answer the satisfaction survey of a project, named so R24 accepts it.

    By what the project does ("调解" → 调解当事人); else the users of the project's own service
    ("残疾人就业保障金" → 残疾人就业保障服务对象), never the bare 服务对象 that names nobody.
    """
    for pattern, group in RESPONDENTS:
        if pattern.search(f"{project_name}{text}"):
            return group
    # "义务教育专项资金-某小学" → 义务教育: the work, before any qualifier.
    core = project_object(_QUALIFIER.split(project_name)[0]) if project_name else ""
    return f"{core[:10]}服务对象" if len(core) >= 2 else "项目服务对象"


def satisfaction_name(project_name: str, text: str = "") -> str:
    return f"{respondent_group(project_name, text)}满意度"


def names_nobody(name: str) -> bool:
    """A satisfaction name that does not say who is asked ("服务对象满意度"): R24 flags it."""
    return bool(GENERIC_RESPONDENT.match(squash(name)))
