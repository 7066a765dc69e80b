"""Turn facts from the description into indicators whose values repeat the description's numbers.

Each fact becomes one row: a count → 数量指标 "X数 ≥N件"; a rate → the category its name says
(满意度, 时效, 质量 or 效益) with the right polarity; a time limit → 时效 "X时限 ≤N个工作日";
a deadline → 时效 "X完成时间 YYYY年M月D日前"; a frequency → 数量 "X次数 ≥12次" (annualised, the
frequency kept in the description column).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from assistant import taxonomy as tx
from assistant.domain import polarity
from assistant.drafting.facts import Fact, FactKind, MoneyRole
from assistant.names import join_name
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.text import squash
from assistant.values import AREA_UNITS, LENGTH_UNITS, PERIODS_PER_YEAR, base_unit, number_text

# Count unit → the suffix that turns a subject into a count name.
_COUNT_SUFFIX = {
    "件": "件数",
    "人次": "人次",
    "户次": "户次",
    "件次": "件次",
    "场": "场次",
    "场次": "场次",
    "次": "次数",
    "人": "人数",
    "名": "人数",
    "户": "户数",
    "期": "期数",
    "批": "批次",
    "课时": "课时数",
    "学时": "学时数",
    "篇": "篇数",
    "条": "条数",
    "项": "项数",
    "类": "类数",
    "份": "份数",
    "批次": "批次",
    "天": "天数",
    "个月": "月数",
    "周": "周数",
    "小时": "小时数",
}
_NAME_ALREADY_MEASURES = re.compile(r"(数|数量|量|次数|人次|场次|件数|人数|户数|规模|总数|面积|长度|里程)$")
_SATISFACTION = re.compile(r"满意")
_TIMELY = re.compile(r"(及时|按期|按时|准时|时限|办结率|响应率|到场率)")
_QUALITY = re.compile(
    r"(合格|达标|准确|通过|验收|规范|完好|覆盖|完成率|执行率|正确|持证|参训|出勤|在岗|上岗)"
)
_BENEFIT = re.compile(
    r"(成功|履行|化解|挽回|下降|降低|减少|提升|提高|增长|知晓|普及|重犯|再犯|重新犯罪|转化|解决)"
)


def count_name(subject: str, unit: str) -> str:
    """ "调解矛盾纠纷" + 件 → 调解矛盾纠纷件数; "新建高标准农田" + 万亩 → 新建高标准农田面积."""
    if _NAME_ALREADY_MEASURES.search(subject):
        return subject
    base, _ = base_unit(unit)
    if base in AREA_UNITS or unit in AREA_UNITS:
        return join_name(subject, "面积")
    if base in LENGTH_UNITS:
        return join_name(subject, "长度")
    if subject.endswith(unit) and unit in ("件", "人", "户", "场", "项"):
        return subject + "数"  # 案件 → 案件数, not 案件件数
    return subject + _COUNT_SUFFIX.get(unit, "数量")


def rate_category(name: str) -> tuple[str, str]:
    """(一级, 二级) for a rate by what its name measures."""
    if _SATISFACTION.search(name):
        return tx.SATISFACTION, tx.SERVICE_SATISFACTION
    if _TIMELY.search(name):
        return tx.OUTPUT, tx.TIMELINESS
    if _BENEFIT.search(name) and not _QUALITY.search(name):
        return tx.BENEFIT, tx.SOCIAL_BENEFIT
    if re.search(r"(重犯|再犯|重新犯罪|重新违法)", name):
        return tx.BENEFIT, tx.SOCIAL_BENEFIT
    return tx.OUTPUT, tx.QUALITY


def deadline_text(unit: str, year: int) -> str:
    """ "6月底" → "2025年6月30日前"; "2024年6月30日" → "2024年6月30日前"."""
    full = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日|底)", unit)
    if full:
        y, m = int(full.group(1)), int(full.group(2))
        d = int(full.group(3)) if full.group(3) else calendar.monthrange(y, m)[1]
        return f"{y}年{m}月{d}日前"
    month = re.fullmatch(r"(\d{1,2})月(?:(\d{1,2})日|底)", unit)
    if month:
        m = int(month.group(1))
        d = int(month.group(2)) if month.group(2) else calendar.monthrange(year, m)[1]
        return f"{year}年{m}月{min(d, calendar.monthrange(year, m)[1])}日前"
    return f"{unit}前"


def indicator_from_fact(fact: Fact, year: int) -> Indicator | None:
    """The indicator a fact states, or None for facts that are not targets (money)."""
    provenance = Provenance(basis=ValueBasis.DESCRIPTION, note=f"取自项目描述：“{fact.text[:60]}”")

    def row(l1: str, l2: str, name: str, value: str, note: str | None = None) -> Indicator:
        return Indicator(
            level1=l1, level2=l2, name=name, value=value, description=note, provenance=provenance
        )

    subject = fact.subject
    if fact.kind is FactKind.DEADLINE:
        return row(tx.OUTPUT, tx.TIMELINESS, f"{subject or '项目'}完成时间", deadline_text(fact.unit, year))
    number = fact.number
    if number is None:
        return None
    if fact.kind is FactKind.STANDARD:
        return standard_row(fact, row)
    if fact.kind is FactKind.MONEY:
        return money_row(fact, row)
    if fact.kind is FactKind.COUNT:
        if len(subject) < 2:
            return None
        return row(
            tx.OUTPUT,
            tx.QUANTITY,
            count_name(subject, fact.unit),
            f"{fact.comparator}{number_text(number)}{fact.unit}",
        )
    if fact.kind is FactKind.RATE:
        name = subject if re.search(r"(率|度|比例|占比|比重)$", subject) else f"{subject}率"
        if len(name) < 3:
            return None
        level1, level2 = rate_category(name)
        # The critic's polarity decides the direction (R09): a harm rate is a ceiling.
        comparator = "≤" if polarity(squash(name), level1, level2, "%") == "negative" else fact.comparator
        if comparator not in ("≥", "≤", "=", ">", "<"):
            comparator = "≥"
        if number >= 100 and comparator in ("≥", ">"):
            comparator = "="  # "≥100%" promises over-delivery (R10); full coverage is "=100%"
        return row(level1, level2, name, f"{comparator}{number_text(number)}{fact.unit}")
    if fact.kind is FactKind.TIME_LIMIT:
        return row(tx.OUTPUT, tx.TIMELINESS, f"{subject or '办理'}时限", f"≤{number_text(number)}{fact.unit}")
    # A frequency: annualised, the frequency kept in the description column.
    period = fact.unit.split("/")[-1]
    unit = fact.unit.split("/")[0]
    total = number * PERIODS_PER_YEAR.get(period, 1)
    return row(
        tx.OUTPUT,
        tx.QUANTITY,
        count_name(subject or "开展", unit),
        f"≥{number_text(total)}{unit}",
        note=f"每{period}{number_text(number)}{unit}，全年合计",
    )


_GRANT = re.compile(r"补助|补贴|资助|助学|伙食|救助|津贴|工资|薪酬|奖励|慰问|抚恤|补差|生活费")
_STANDARD_END = re.compile(r"(标准|单价|定额|成本|限额)$")


def standard_row(fact: Fact, row: Callable[..., Indicator]) -> Indicator:
    """A per-unit standard the description states: a grant standard is paid as stated ("补助标准
    =17元/人·天"); any other standard is a cost ceiling ("培训标准 ≤1000元/人")."""
    subject = fact.subject
    grant = bool(_GRANT.search(subject) or _GRANT.search(fact.text[:40]))
    if not subject:
        subject = "补助" if grant else "单位成本"
    name = subject if _STANDARD_END.search(subject) else f"{subject}标准"
    comparator = fact.comparator if fact.comparator in ("≤", "<") else ("=" if grant else "≤")
    value = f"{comparator}{number_text(fact.number or 0)}{fact.unit}"
    return row(tx.COST, tx.ECONOMIC_COST, name, value, "取自项目描述中的标准")


def money_row(fact: Fact, row: Callable[..., Indicator]) -> Indicator | None:
    """Money the project delivers (a loan volume: 数量) or brings about (a benefit: 经济效益); the funds
    and their parts are no indicator by themselves (drafting/cost.py uses them)."""
    subject = re.sub(r"^(本年度|年度|全年|计划|预计)+", "", fact.subject)
    if len(subject) < 2:
        return None
    value = f"{fact.comparator if fact.comparator in ('≥', '≤') else '≥'}{number_text(fact.number or 0)}{fact.unit}"
    if fact.role is MoneyRole.OUTPUT:
        thing = re.sub(r"^(发放|兑付|投放|兑现)", "", subject)
        verb = subject[: len(subject) - len(thing)]
        return row(tx.OUTPUT, tx.QUANTITY, f"{thing}{verb}额" if verb else f"{thing}金额", value)
    if fact.role is MoneyRole.BENEFIT:
        return row(
            tx.BENEFIT,
            tx.ECONOMIC_BENEFIT,
            subject if subject.endswith(("额", "收入", "损失")) else f"{subject}金额",
            value,
        )
    return None
