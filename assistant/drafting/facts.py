"""Numbers a drafter wrote in a project description, with the thing each number measures.

"计划全年调解矛盾纠纷4240件，开展培训12场、覆盖600人次，调解成功率不低于95%，受理后3个工作日内启动调解，
年度资金120万元" gives five facts: a count (调解矛盾纠纷, 4240 件), a count (培训, 12 场), a count
(培训覆盖, 600 人次), a rate (调解成功率, ≥95%), a time limit (受理后启动调解, ≤3 个工作日) and money
(120 万元). The drafter turns each fact into an indicator whose value repeats the number exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from assistant.values import parse_number


class FactKind(StrEnum):
    COUNT = "count"
    RATE = "rate"
    TIME_LIMIT = "time_limit"  # ≤N个工作日/小时/天
    DEADLINE = "deadline"  # a date or month by which something is done
    FREQUENCY = "frequency"  # 每月1次
    MONEY = "money"


@dataclass(frozen=True)
class Fact:
    kind: FactKind
    subject: str  # the words naming what is measured ("调解矛盾纠纷", "调解成功率")
    number: float | None
    unit: str
    comparator: str  # ≥ ≤ = < >
    text: str  # the clause the fact was read from, for provenance

    @property
    def number_text(self) -> str:
        if self.number is None:
            return ""
        return f"{self.number:g}" if self.number != int(self.number) else str(int(self.number))


_NUM = r"\d[\d,，]*(?:\.\d+)?"
_CN_NUM = r"[一二两三四五六七八九十]+"
_COUNT_UNITS = (
    "人次|户次|件次|场次|课时|学时|个工作日|工作日|小时|分钟|平方米|公里|千米|万人|"
    "件|人|场|次|个|名|户|家|所|项|期|批|篇|条|部|台|套|块|辆|处|份|册|本|起|类|天|日|周|月|年|元|万元|亿元"
)
_CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]")
_PART_SPLIT = re.compile(r"[，,、]")

_CMP_BEFORE = (
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("达到", "≥"),
    ("达", "≥"),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("控制在", "≤"),
    ("低于", "<"),
    ("小于", "<"),
    ("少于", "<"),
    ("≥", "≥"),
    ("≤", "≤"),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
_CMP_AFTER = (("以上", "≥"), ("及以上", "≥"), ("以内", "≤"), ("之内", "≤"), ("以下", "≤"), ("内", "≤"))

# Words that start the subject of a clause; everything before them is framing ("本项目计划全年").
_FRAMING = re.compile(
    r"^(本项目|该项目|项目|本单位|我局|我区|我单位|计划|预计|拟|全年|年度|今年|每年|将|共|累计|用于|主要用于|"
    r"通过|为|对|向|由|在|约|力争|确保|实现|完成|开展|组织|举办|提供|聘请|聘用|配备|购置|采购|新增|"
    r"覆盖|服务|受理|办理|处理|接待)+"
)
_VERBS_TO_KEEP = (
    "开展",
    "举办",
    "组织",
    "提供",
    "聘请",
    "聘用",
    "配备",
    "购置",
    "采购",
    "新增",
    "覆盖",
    "服务",
    "受理",
    "办理",
    "处理",
    "接待",
    "调解",
    "培训",
    "走访",
    "宣传",
    "发放",
    "完成",
)
_REGION = re.compile(r"(全|本|辖)?(区|市|县|镇|街道|省|局|所|院)?(内|范围内)?|各|所有|全部|共计?")
_DEADLINE_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*(底|末)?\s*(前|之前|以前)?"
    r"|(?<![\d年])(\d{1,2})\s*月\s*(底|末)?\s*(前|之前|以前)"
)
_TIME_LIMIT = re.compile(rf"({_NUM}|{_CN_NUM})\s*(个)?\s*(工作日|小时|分钟|天|日|个月)\s*(内|以内|之内)?")
_FREQUENCY = re.compile(
    rf"每(年|半年|季度|季|月|周|天|日)([^\d，,。；;]{{0,4}}?)({_NUM}|{_CN_NUM})\s*(次|期|场|批)"
)
_RATE = re.compile(rf"({_NUM})\s*(%|％|个百分点)")
_MONEY = re.compile(rf"({_NUM})\s*(万元|亿元|元)")
_COUNT = re.compile(rf"({_NUM}|{_CN_NUM})\s*({_COUNT_UNITS})")


def _cn_int(token: str) -> float | None:
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if not token:
        return None
    if token.isdigit() or re.fullmatch(_NUM, token):
        return parse_number(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return float(digits.get(tens, 1) * 10 + digits.get(ones, 0))
    return float(digits[token]) if token in digits else None


def _comparator(before: str, after: str, default: str) -> str:
    for word, sign in _CMP_BEFORE:
        if before.endswith(word):
            return sign
    for word, sign in _CMP_AFTER:
        if after.startswith(word):
            return sign
    return default


def _subject(before: str) -> str:
    """The words right before a number that name what it measures."""
    text = re.sub(
        r"(不少于|不低于|不小于|至少|达到|达|超过|高于|大于|不超过|不高于|控制在|低于|小于|少于|约|共|累计|"
        r"[≥≤><=：:为是在])+$",
        "",
        before,
    )
    stripped = re.sub(r"^[的和及与]+", "", _FRAMING.sub("", text)).strip(" “”\"'（）()")
    # "辖区60岁以上老人提供上门服务" → "上门服务": the service is what follows the last delivery verb.
    delivered = re.split(r"(?:提供|开展|组织|举办|实施)", stripped)
    if len(delivered) > 1 and len(delivered[-1]) >= 2:
        stripped = delivered[-1]
    if not stripped and text.strip() in _VERBS_TO_KEEP:
        return text.strip()  # "覆盖600人次": the verb is all there is; the caller prefixes the clause subject
    return stripped


def extract_facts(description: str) -> list[Fact]:
    """Every number in the description that a target can be built on, in order of appearance."""
    text = unicodedata.normalize("NFKC", description)
    facts: list[Fact] = []
    for clause in _CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        previous = ""  # subject of the previous fact in this clause, for "培训12场、覆盖600人次"
        for part in _PART_SPLIT.split(clause):
            for fact in _facts_in_part(part.strip(), clause):
                subject = fact.subject
                if previous and (len(subject) < 2 or subject in _VERBS_TO_KEEP):
                    subject = previous + subject
                if fact.kind is not FactKind.MONEY and subject:
                    previous = subject
                facts.append(Fact(fact.kind, subject, fact.number, fact.unit, fact.comparator, clause))
    return facts


def _facts_in_part(part: str, clause: str) -> list[Fact]:
    found: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(
        kind: FactKind,
        match: re.Match[str],
        number: float | None,
        unit: str,
        default_cmp: str,
        subject: str | None = None,
    ) -> None:
        if not free(match.start(), match.end()):
            return
        taken.append((match.start(), match.end()))
        before, after = part[: match.start()], part[match.end() :]
        found.append(
            Fact(
                kind,
                subject if subject is not None else _subject(before),
                number,
                unit,
                _comparator(before, after, default_cmp),
                clause,
            )
        )

    for m in _DEADLINE_DATE.finditer(part):
        if m.group(1):
            unit = f"{m.group(1)}年{int(m.group(2))}月" + (f"{int(m.group(3))}日" if m.group(3) else "底")
        else:
            unit = f"{int(m.group(6))}月底"
        subject = _subject(part[m.end() :]) or _subject(part[: m.start()])
        add(FactKind.DEADLINE, m, None, unit, "≤", subject=subject)
    for m in _TIME_LIMIT.finditer(part):
        unit = (m.group(2) or "") + m.group(3)
        if m.group(3) in ("天", "日") and not m.group(4):
            continue  # "30天" without 内 is usually a duration of service, not a time limit
        subject = _subject(part[: m.start()]) + _subject(part[m.end() :])
        add(FactKind.TIME_LIMIT, m, _cn_int(m.group(1)), unit, "≤", subject=subject)
    for m in _FREQUENCY.finditer(part):
        unit = f"{m.group(4)}/{m.group(1)}"
        subject = _subject(part[m.end() :]) or _subject(m.group(2)) or _subject(part[: m.start()])
        add(FactKind.FREQUENCY, m, _cn_int(m.group(3)), unit, "≥", subject=subject)
    for m in _RATE.finditer(part):
        add(FactKind.RATE, m, parse_number(m.group(1)), "%" if m.group(2) in "%％" else m.group(2), "≥")
    for m in _MONEY.finditer(part):
        add(FactKind.MONEY, m, parse_number(m.group(1)), m.group(2), "=")
    for m in _COUNT.finditer(part):
        number = _cn_int(m.group(1))
        if number is None:
            continue
        if m.group(2) in ("年", "月") and 1900 <= number <= 2200:
            continue  # a year, not a count
        subject = _subject(part[: m.start()])
        if len(subject) < 2 or _REGION.fullmatch(subject):
            # "为全区26个司法所更换标识牌": the counted thing follows the unit.
            subject = _subject(part[m.end() :]) or subject
        add(FactKind.COUNT, m, number, m.group(2), "≥", subject=subject)
    found.sort(key=lambda f: part.find(f.number_text) if f.number_text else 0)
    return found


def money_in_yuan(fact: Fact) -> float | None:
    if fact.kind is not FactKind.MONEY or fact.number is None:
        return None
    return fact.number * {"元": 1, "万元": 10_000, "亿元": 100_000_000}[fact.unit]


def funds_from_description(description: str) -> float | None:
    """The project's money when the description states it (年度资金/预算/经费 N万元); the largest amount."""
    amounts = [money_in_yuan(f) for f in extract_facts(description) if f.kind is FactKind.MONEY]
    amounts = [a for a in amounts if a]
    return max(amounts) if amounts else None
