"""指标值 parser: comparator, number, unit and kind of a target value. Never raises.

Real values are messy: "≥90.00(%)", "=100.00(百分比)", "≤ 37.00 (人)", "≤7.2万元/年",
"24小时内到场", "每月1次", "2024年12月31日前", "0起", "无差错", "提升". Unknown text becomes
`qualitative` with `raw` kept, so nothing a sheet says is lost.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from assistant.schema import TargetValue, ValueKind

# Cells that are template leftovers, not values.
_PLACEHOLDERS = re.compile(r"^(指标\d*[：:]?|\.{2,}|…+|/|-|—|－|——)+$")

_NUMBER = r"\d[\d,，]*(?:\.\d+)?"
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = re.compile(
    r"(?<!第)(?<!统)(?<!唯)([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
    r"(?=[次个名人场项件期批条篇块部台套户家所座辆天日周月年])"
)

# Comparator words, longest first so "不少于" wins over "少于".
_COMPARATOR_WORDS: tuple[tuple[str, str], ...] = (
    (">=", "≥"),
    ("<=", "≤"),
    ("≧", "≥"),
    ("≦", "≤"),
    ("=>", "≥"),
    ("=<", "≤"),
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("大于等于", "≥"),
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("不大于", "≤"),
    ("最多", "≤"),
    ("小于等于", "≤"),
    ("控制在", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("超过", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("约", "约"),
    ("大约", "约"),
    ("左右", "约"),
)
_COMPARATOR_SIGNS = {"≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<"}
_TRAILING_COMPARATOR = (
    ("以上", "≥"),
    ("及以上", "≥"),
    ("以内", "≤"),
    ("以下", "≤"),
    ("之内", "≤"),
    ("内", "≤"),
)

# A number followed by a time unit is a time limit: ≤7个工作日, 24小时内, ≤30.00(天), 3个月内.
_TIME_LIMIT = re.compile(
    rf"({_NUMBER})\s*[(（]?\s*(个)?\s*(工作日|自然日|日|天|小时|分钟|个月|周|星期)(?![a-z])"
)
_FULL_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*(?:[-月./]\s*(\d{1,2})\s*日?)?")
_MONTHS = re.compile(
    r"(?<![\d.])(\d{1,2})\s*(?:[-~～—至到]\s*(\d{1,2}))?\s*月(?:份)?(底|末|初|中旬|上旬|下旬|前)?"
)
_PERIOD_WORDS = re.compile(
    r"(上半年|下半年|全年|年底|年末|年初|年中|年内|季度末|季末|月底|月末|第[一二三四1-4]季度|[一二三四1-4]季度)"
)
_FREQUENCY = re.compile(
    r"(每|逐)(个)?(年|半年|季度|季|月|周|星期|天|日|工作日)|半年\s*\d+\s*次|一年\s*\d+\s*次"
)
# Checkable yes/no or zero facts.
_BINARY = re.compile(
    r"^(是|否|有|合格|通过|验收合格|达标|无差错|零差错|零失误|零事故|无事故|零投诉|无投诉|一次性排除|具备\S{0,6}资格)$"
    r"|全覆盖$|^(零|无)[^效法]{1,6}$"
)
# Words that make a bare value vague even when a binary pattern would match (e.g. 无 + 显著).
_VAGUE_GUARD = re.compile(
    r"(提升|提高|增强|加强|改善|优化|促进|推进|显著|明显|及时|按时|有效|良好|健全|完善|规范)"
)


def normalize_text(text: str) -> str:
    """Full-width → half-width, ASCII comparators → math signs, all whitespace removed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
    return re.sub(r"\s+", "", text)


def parse_number(text: str | None) -> float | None:
    """The first number in text ("3,588,054.00" → 3588054.0), or None. Never raises."""
    if not text:
        return None
    match = re.search(_NUMBER, unicodedata.normalize("NFKC", str(text)))
    if not match:
        return None
    try:
        return float(match.group(0).replace(",", "").replace("，", ""))
    except ValueError:
        return None


def _cn_to_int(token: str) -> int:
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS[token]


def _comparator_near(text: str, start: int, end: int) -> str | None:
    """The comparator that governs the number at text[start:end]."""
    before = text[:start]
    for word, sign in _COMPARATOR_WORDS:
        if before.endswith(word):
            return sign
    if before and before[-1] in _COMPARATOR_SIGNS:
        return _COMPARATOR_SIGNS[before[-1]]
    if before.endswith("=") or before.endswith("＝"):
        return "="
    tail = text[end:]
    # "≥95%以上", "90日内", "34个左右": the comparator trails the unit.
    unit_then_rest = re.match(r"[^\d,，;；、]*?(及以上|以上|以内|以下|之内|内|左右)", tail)
    if unit_then_rest:
        word = unit_then_rest.group(1)
        if word == "左右":
            return "约"
        return dict(_TRAILING_COMPARATOR)[word]
    return None


def _unit_after(text: str, end: int) -> str | None:
    """The unit written right after a number: "(%)", "%", "万元/年", "(人次)", "个工作日"."""
    tail = text[end:]
    match = re.match(r"[(（]([^()（）\d]{1,8})[)）]", tail)
    if match:
        unit = match.group(1)
    else:
        match = re.match(r"(%|‰|个百分点|[^\d\s,，;；、。()（）≥≤=<>~～-]{1,6})", tail)
        if not match:
            return None
        unit = match.group(1)
        unit = re.sub(r"(及以上|以上|以内|以下|之内|内|左右|前|之前|以前|按实)$", "", unit)
        # Cut the unit where prose starts ("次/年，专家讲座" → "次/年").
        unit = re.split(r"[，,。；;（(]", unit)[0]
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
    text = normalize_text(raw)
    if not text or _PLACEHOLDERS.match(text):
        return TargetValue(raw=raw, kind=ValueKind.EMPTY)

    # 1. A calendar deadline: 2024年12月31日前, 2023-06-30.
    full_date = _FULL_DATE.search(text)
    if full_date and (deadline := _deadline_date(full_date)):
        after = text[full_date.end() :]
        comparator = "≤" if after.startswith(("前", "之前", "以前")) or text.startswith("≤") else "="
        return TargetValue(raw=raw, kind=ValueKind.DEADLINE, comparator=comparator, deadline=deadline)

    # 2. A time limit: ≤7个工作日, 24小时内到场, ≤30.00(天), 90日内完成.
    limit = _TIME_LIMIT.search(text)
    if limit:
        number = parse_number(limit.group(1))
        unit = (limit.group(2) or "") + limit.group(3)
        comparator = _comparator_near(text, limit.start(1), limit.end()) or "≤"
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
            comparator=_comparator_near(text, number_match.start(), number_match.end()),
            number=parse_number(number_match.group(0)),
            unit=_unit_after(text, number_match.end()),
        )
    cn_match = _CN_NUMBER.search(text)
    if cn_match and not _VAGUE_GUARD.search(text):
        return TargetValue(
            raw=raw,
            kind=ValueKind.QUANTITATIVE,
            comparator=_comparator_near(text, cn_match.start(), cn_match.end()),
            number=float(_cn_to_int(cn_match.group(1))),
            unit=_unit_after(text, cn_match.end()),
        )

    # 5. A checkable yes/no or zero fact.
    if _BINARY.search(text) and not _VAGUE_GUARD.search(text):
        return TargetValue(raw=raw, kind=ValueKind.BINARY)

    return TargetValue(raw=raw, kind=ValueKind.QUALITATIVE)
