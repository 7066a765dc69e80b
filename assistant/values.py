"""指标值: the value type, its parser, comparators, units and money. The parser never raises.

Real values are messy: "≥90.00(%)", "=100.00(百分比)", "≤ 37.00 (人)", "≤7.2万元/年",
"24小时内到场", "每月1次", "2024年12月31日前", "0起", "无差错", "提升". Unknown text becomes
`qualitative` with `raw` kept, so nothing a sheet says is lost.

The comparator words, measure words and money units here are the product's only copy: the cell
parser below and the drafter's reading of a project description (drafting/facts.py) both use them.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.text import CN_NUMERAL, chinese_numeral, fold, squash

# --- the value type ------------------------------------------------------------------------------


class ValueKind(StrEnum):
    QUANTITATIVE = "quantitative"  # comparator? number unit?  (≥90%, 60部, ≤7.2万元/年)
    DEADLINE = "deadline"  # a date, time limit or frequency (2024-06-30前, ≤7个工作日, 每月1次)
    BINARY = "binary"  # a checkable yes/no or zero fact (是, 无差错, 0起, 全覆盖)
    QUALITATIVE = "qualitative"  # anything else (提升, 健全, 及时)
    EMPTY = "empty"


MEASURABLE_KINDS = frozenset({ValueKind.QUANTITATIVE, ValueKind.DEADLINE, ValueKind.BINARY})

Comparator = Literal["≥", "≤", "=", ">", "<", "约"]


class TargetValue(BaseModel):
    """A parsed 指标值. `raw` is kept exactly as written; the rest is what the parser understood."""

    model_config = ConfigDict(frozen=True)

    raw: str = ""
    kind: ValueKind = ValueKind.EMPTY
    comparator: Comparator | None = None
    number: float | None = None
    unit: str | None = None
    deadline: date | None = Field(default=None, description="a calendar deadline, when the value names one")

    @property
    def measurable(self) -> bool:
        return self.kind in MEASURABLE_KINDS

    @classmethod
    def parse(cls, raw: str | None) -> TargetValue:
        return parse_value(raw)

    def __str__(self) -> str:
        return self.raw


# Cells that are template leftovers, not values.
_PLACEHOLDERS = re.compile(r"^(指标\d*[：:]?|\.{2,}|…+|/|-|—|－|——)+$")

NUMBER = r"\d[\d,，]*(?:\.\d+)?"
_NUMBER = NUMBER
_CN_NUMBER = re.compile(
    r"(?<!第)(?<!统)(?<!唯)([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
    r"(?=[次个名人场项件期批条篇块部台套户家所座辆天日周月年])"
)

# --- comparators ---------------------------------------------------------------------------------

# Words written before a number, by the comparator they mean.
COMPARATOR_SYNONYMS: dict[Comparator, tuple[str, ...]] = {
    "≥": (">=", "≧", "=>", "不少于", "不低于", "不小于", "大于等于", "至少", "达到", "达"),
    "≤": ("<=", "≦", "=<", "不超过", "不高于", "不大于", "小于等于", "最多", "控制在"),
    ">": ("大于", "高于", "多于", "超过"),
    "<": ("小于", "低于", "少于"),
    "约": ("大约", "约", "左右"),
}
# Longest first, so "不少于" wins over "少于" and "不超过" over "超过".
COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = tuple(
    sorted(
        ((word, sign) for sign, words in COMPARATOR_SYNONYMS.items() for word in words),
        key=lambda pair: -len(pair[0]),
    )
)
_SIGNS: dict[str, Comparator] = {"≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<"}
# Words written after the number (and its unit): "95%以上", "3个工作日内", "34个左右".
TRAILING_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    ("及以上", "≥"),
    ("以上", "≥"),
    ("以内", "≤"),
    ("以下", "≤"),
    ("之内", "≤"),
    ("内", "≤"),
    ("左右", "约"),
)
_TRAILING_WORD = "|".join(word for word, _ in TRAILING_COMPARATORS)
_TRAILING_AFTER_UNIT = re.compile(rf"[^\d,，;；、]*?({_TRAILING_WORD})")


# "送达3日内" is a delivery, not "reaching 3 days": 达 compares only when it is not part of these.
_NOT_REACHING = ("送达", "到达", "下达", "传达", "抵达", "通达", "转达", "表达", "直达", "发达")


def comparator_before(before: str) -> Comparator | None:
    """The comparator a text ends with, the one governing the number that follows it."""
    for word, sign in COMPARATOR_WORDS:
        if before.endswith(word):
            if word == "达" and before.endswith(_NOT_REACHING):
                continue
            return sign
    return _SIGNS.get(before[-1:]) if before else None


def comparator_after(after: str) -> Comparator | None:
    """The comparator a text starts with, written after a number and its unit ("以上", "内")."""
    for word, sign in TRAILING_COMPARATORS:
        if after.startswith(word):
            return sign
    return None


def comparator_near(text: str, start: int, end: int) -> Comparator | None:
    """The comparator that governs the number at text[start:end] of a value cell: a word before it,
    else a word after its unit ("≥95%以上", "90日内", "34个左右")."""
    before = comparator_before(text[:start])
    if before:
        return before
    trailing = _TRAILING_AFTER_UNIT.match(text[end:])
    return comparator_after(trailing.group(1)) if trailing else None


# --- units -----------------------------------------------------------------------------------------

# Measure words a count is written in, for any sector: people and events, things, areas and weights.
COUNT_UNITS: tuple[str, ...] = (
    "人次", "户次", "件次", "场次", "批次", "课时", "学时", "万人",
    "人", "名", "户", "家", "所", "件", "场", "次", "个", "项", "期", "批", "篇", "条", "部", "台", "套",
    "块", "辆", "处", "份", "册", "本", "起", "类", "座", "株", "组", "张", "宗", "单",
    "万平方米", "平方米", "立方米", "公里", "千米", "米", "万亩", "亩", "公斤", "千克", "万吨", "吨",
)  # fmt: skip
# Time units, longest first ("个工作日" before "工作日" before "日").
TIME_UNITS: tuple[str, ...] = (
    "个工作日",
    "工作日",
    "自然日",
    "小时",
    "分钟",
    "个月",
    "天",
    "日",
    "周",
    "星期",
)
MONEY_UNITS: tuple[str, ...] = ("亿元", "万元", "元")
PERCENT_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "百分比"})
_TIME_UNIT_HEAD = re.compile(r"^(个)?(工作日|自然日|日|天|小时|分钟|个月|月|周|星期|年)")
_MONEY_UNIT = re.compile(r"(元|^万$|^万/|亿)")


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of words, longest first, so "人次" is tried before "人"."""
    return "|".join(sorted(words, key=len, reverse=True))


_COUNT_UNIT_HEAD = re.compile(rf"^({alternation(COUNT_UNITS)})")


def unit_family(unit: str | None) -> str | None:
    """'percent', 'money', 'time' or 'count' for a parsed unit, None when there is none."""
    if not unit:
        return None
    if unit in PERCENT_UNITS or unit.startswith("%"):
        return "percent"
    if _MONEY_UNIT.search(unit):
        return "money"
    if _TIME_UNIT_HEAD.match(unit):
        return "time"
    return "count"


def count_unit_of(unit: str | None, default: str = "件") -> str:
    """The measure word at the head of a parsed unit: "件数" → "件", "名专职调解员" → "名"."""
    match = _COUNT_UNIT_HEAD.match((unit or "").split("/")[0])
    return match.group(1) if match else default


# --- money -----------------------------------------------------------------------------------------


def money_in_yuan(number: float | None, unit: str | None) -> float | None:
    """A money value in 元 ("7.2" + "万元/年" → 72000.0), or None if the unit is not money."""
    if number is None or not unit or unit_family(unit) != "money":
        return None
    head = unit.split("/")[0]
    if "亿" in head:
        return number * 1e8
    if "万" in head:
        return number * 1e4
    return number


def number_text(x: float) -> str:
    """A number as a drafter writes it, never rounded: 3.0 → "3", 2.50 → "2.5", 0.125 → "0.125",
    1234567.0 → "1234567" (a rewrite repeats the sheet's own number exactly)."""
    if abs(x - round(x)) < 1e-9:
        return str(round(x))
    return f"{x:.12g}"


def money_text(yuan: float, *, ceiling: bool = False) -> str:
    """Money as a drafter writes it: 元 below 1万, else 万元, to two decimals.

    A ceiling (a "≤" cost target) is rounded up, so the rounded target never undercuts the money
    it was computed from; any other amount is rounded to the nearest.
    """
    wan = yuan >= 10000
    amount = yuan / 10000 if wan else yuan
    amount = math.ceil(round(amount * 100, 6)) / 100 if ceiling else round(amount, 2)
    return f"{number_text(amount)}{'万元' if wan else '元'}"


# A number followed by a time unit is a time limit: ≤7个工作日, 24小时内, ≤30.00(天), 三个月内.
TIME_LIMIT = re.compile(
    rf"(?P<number>{NUMBER}|{CN_NUMERAL})\s*[(（]?\s*(?P<measure>个)?\s*(?P<unit>工作日|自然日|日|天|小时|分钟|个月|周|星期)"
    r"(?![a-z])\s*(?P<within>以内|之内|内)?"
)
# How often a period comes round in a budget year: "每月1次" is 12 a year.
PERIODS_PER_YEAR: dict[str, int] = {
    "年": 1,
    "半年": 2,
    "季度": 4,
    "季": 4,
    "月": 12,
    "周": 52,
    "星期": 52,
    "天": 250,
    "日": 250,
    "工作日": 250,
}
PERIOD = alternation(tuple(PERIODS_PER_YEAR))
_FULL_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*(?:[-月./]\s*(\d{1,2})\s*日?)?")
_MONTHS = re.compile(
    r"(?<![\d.])(\d{1,2})\s*(?:[-~～—至到]\s*(\d{1,2}))?\s*月(?:份)?(底|末|初|中旬|上旬|下旬|前)?"
)
_PERIOD_WORDS = re.compile(
    r"(上半年|下半年|全年|年底|年末|年初|年中|年内|季度末|季末|月底|月末|第[一二三四1-4]季度|[一二三四1-4]季度)"
)
_FREQUENCY = re.compile(rf"(每|逐)(个)?({PERIOD})|半年\s*\d+\s*次|一年\s*\d+\s*次")
# Checkable yes/no or zero facts.
_BINARY = re.compile(
    r"^(是|否|有|合格|通过|验收合格|达标|无差错|零差错|零失误|零事故|无事故|零投诉|无投诉|一次性排除|具备\S{0,6}资格)$"
    r"|全覆盖$|^(零|无)[^效法]{1,6}$"
)
# Words that make a bare value vague even when a binary pattern would match (e.g. 无 + 显著).
_VAGUE_GUARD = re.compile(
    r"(提升|提高|增强|加强|改善|优化|促进|推进|显著|明显|及时|按时|有效|良好|健全|完善|规范)"
)


# Digits a publishing system masked ("≤****000元"): what is left is not the number that was promised.
MASKED = re.compile(r"\*{2,}|[xX×]{3,}")

# The name ingestion imports: the kernel's one normalisation (assistant.text.squash).
normalize_text = squash


def parse_number(text: str | None) -> float | None:
    """The first number in text ("3,588,054.00" → 3588054.0), or None. Never raises."""
    if not text:
        return None
    match = re.search(_NUMBER, fold(str(text)))
    if not match:
        return None
    try:
        return float(match.group(0).replace(",", "").replace("，", ""))
    except ValueError:
        return None


def number_or_numeral(token: str) -> float | None:
    """ "12" → 12.0, "3,000" → 3000.0, "十二" → 12.0; None when token is neither."""
    if token[:1].isdigit():
        return parse_number(token)
    value = chinese_numeral(token)
    return None if value is None else float(value)


_UNIT_END = re.compile(r"及以上|以上|以内|以下|之内|左右|之前|以前|按实")


def _unit_after(text: str, end: int) -> str | None:
    """The unit written right after a number: "(%)", "%", "万元/年", "(人次)", "个工作日", "元/人/天"."""
    tail = text[end:]
    match = re.match(r"[(（]([^()（）\d]{1,8})[)）]", tail)
    if match:
        unit = match.group(1)
    else:
        match = re.match(r"(%|‰|个百分点|[^\d\s,，;；、。()（）≥≤=<>~～-]+)", tail)
        if not match:
            return None
        # The unit ends where a comparator or deadline word starts ("元/人/天以内" → "元/人/天").
        unit = _UNIT_END.split(match.group(1), maxsplit=1)[0][:6]
        unit = re.sub(r"(内|前)$", "", unit)
    unit = {"百分比": "%", "百分点": "个百分点"}.get(unit, unit)
    return unit or None


def _deadline_date(match: re.Match[str]) -> date | None:
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    last = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, min(int(day), last) if day else last)
    except ValueError:
        return None


def parse_value(raw: str | None) -> TargetValue:
    """Parse one 指标值 cell. Never raises: odd text becomes `qualitative` with `raw` kept."""
    try:
        return _parse(raw)
    except Exception:  # a parser bug must never lose a user's cell
        return TargetValue(raw=raw or "", kind=ValueKind.QUALITATIVE)


def _parse(raw: str | None) -> TargetValue:
    raw = "" if raw is None else str(raw)
    text = squash(raw)
    if not text or _PLACEHOLDERS.match(text):
        return TargetValue(raw=raw, kind=ValueKind.EMPTY)
    if MASKED.search(text):
        return TargetValue(raw=raw, kind=ValueKind.QUALITATIVE)

    # 1. A calendar deadline: 2024年12月31日前, 2023-06-30.
    full_date = _FULL_DATE.search(text)
    if full_date and (deadline := _deadline_date(full_date)):
        after = text[full_date.end() :]
        comparator = "≤" if after.startswith(("前", "之前", "以前")) or text.startswith("≤") else "="
        return TargetValue(raw=raw, kind=ValueKind.DEADLINE, comparator=comparator, deadline=deadline)

    # 2. A time limit: ≤7个工作日, 24小时内到场, ≤30.00(天), 90日内完成.
    limit = TIME_LIMIT.search(text)
    if limit:
        number = number_or_numeral(limit.group("number"))
        unit = (limit.group("measure") or "") + limit.group("unit")
        comparator = comparator_near(text, limit.start("number"), limit.end("unit")) or "≤"
        return TargetValue(raw=raw, kind=ValueKind.DEADLINE, comparator=comparator, number=number, unit=unit)

    # 3. A period or frequency: 1-12月, 下半年, 每月1次, 每周六, 第三季度.
    if _FREQUENCY.search(text) or _MONTHS.search(text) or _PERIOD_WORDS.search(text):
        number_match = re.search(_NUMBER, text)
        number = parse_number(number_match.group(0)) if number_match else None
        unit = _unit_after(text, number_match.end()) if number_match else None
        return TargetValue(raw=raw, kind=ValueKind.DEADLINE, number=number, unit=unit)

    # 4. A quantity: comparator? number unit?, anywhere in the cell.
    number_match = re.search(_NUMBER, text)
    if number_match:
        return TargetValue(
            raw=raw,
            kind=ValueKind.QUANTITATIVE,
            comparator=comparator_near(text, number_match.start(), number_match.end()),
            number=parse_number(number_match.group(0)),
            unit=_unit_after(text, number_match.end()),
        )
    cn_match = _CN_NUMBER.search(text)
    if cn_match and not _VAGUE_GUARD.search(text):
        return TargetValue(
            raw=raw,
            kind=ValueKind.QUANTITATIVE,
            comparator=comparator_near(text, cn_match.start(), cn_match.end()),
            number=float(chinese_numeral(cn_match.group(1)) or 0),
            unit=_unit_after(text, cn_match.end()),
        )

    # 5. A checkable yes/no or zero fact.
    if _BINARY.search(text) and not _VAGUE_GUARD.search(text):
        return TargetValue(raw=raw, kind=ValueKind.BINARY)

    return TargetValue(raw=raw, kind=ValueKind.QUALITATIVE)
