"""Numbers a drafter wrote in a project description, with the thing each number measures.

"计划全年调解矛盾纠纷4240件，开展培训12场、覆盖600人次，调解成功率不低于95%，受理后3个工作日内启动调解，
年度资金120万元" gives five facts: a count (调解矛盾纠纷, 4240 件), a count (培训, 12 场), a count
(培训覆盖, 600 人次), a rate (调解成功率, ≥95%), a time limit (受理后启动调解, ≤3 个工作日) and money
(120 万元). The drafter turns each fact into an indicator whose value repeats the number exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.drafting.vocabulary import (
    DELIVERY,
    PLANNING,
    REGION,
    REGION_ONLY,
    TIME_FRAME,
    TRAILING_AREA,
    words,
)
from assistant.text import CN_NUMERAL, fold
from assistant.values import (
    COMPARATOR_WORDS,
    COUNT_UNITS,
    MONEY_UNITS,
    NUMBER,
    PERIOD,
    TIME_LIMIT,
    alternation,
    comparator_after,
    comparator_before,
    money_in_yuan,
    number_or_numeral,
    parse_number,
)


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


_NUM = NUMBER
_CN_NUM = CN_NUMERAL
# A count is written in any measure word, a duration or money (the cost rows come from money facts).
_COUNT_UNITS = alternation(
    (*COUNT_UNITS, "个工作日", "工作日", "小时", "分钟", "天", "日", "周", "月", "年", *MONEY_UNITS)
)
_CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]")
_PART_SPLIT = re.compile(r"[，,、]")

# Words that start the subject of a clause; everything before them is framing ("本项目计划全年").
_FRAMING = re.compile(
    r"^((根据|按照|依据)[^，,]{0,16}?(计划|安排|要求|需要|规定|标准|部署)|根据|按照|依据|\d+[.、．]|"
    r"\d{4}年度?|\d{1,2}(-\d{1,2})?月(份)?|及时|并对|并|于|自|在|应在|至少|不少于|不低于|"
    rf"本项目|该项目|项目|本单位|我单位|{words(REGION, PLANNING, TIME_FRAME)}|共|累计|用于|主要用于|"
    rf"通过|为|对|向|由|约|力争|确保|实现|{words(DELIVERY)}|聘请|聘用|配备|购置|采购|新增|"
    r"覆盖|服务|受理|办理|处理|接待|安排)+"
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
    "更新",
    "制作",
    "上线",
    "选择",
    "安排",
)
# Verbs that say what is done to the counted thing ("聘用3名律师" → 聘用律师人数); generic ones
# such as 完成/开展/组织 add nothing to a name.
_NAMING_VERBS = (
    "聘用",
    "聘请",
    "配备",
    "购置",
    "采购",
    "新增",
    "发放",
    "走访",
    "更新",
    "制作",
    "上线",
    "培训",
    "覆盖",
)
_GENERIC_VERBS = ("完成", "开展", "组织", "举办", "安排", "进行", "实施", "策划")
_TRAILING_REGION = re.compile(TRAILING_AREA)
_CONJUNCTION_END = re.compile(r"(以及|及|和|与|并|或者|或)$")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|《[^》]*》|\"[^\"]*\"")
_REGION = re.compile(REGION_ONLY)
_DEADLINE_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*(底|末)?\s*(前|之前|以前)?"
    r"|(?<![\d年])(\d{1,2})\s*月\s*(底|末)?\s*(前|之前|以前)"
)
_FREQUENCY = re.compile(
    rf"每个?({PERIOD})([^\d，,。；;]{{0,4}}?)({_NUM}|{_CN_NUM})\s*(次|期|场|批|条|篇|部|个)"
)
# A duration of service ("培训30天", "驻点2周") is no time limit unless 内 says so.
_DURATION_UNITS = ("天", "日", "自然日", "周", "星期")
_RATE = re.compile(rf"({_NUM})\s*(%|％|个百分点)")
_MONEY = re.compile(rf"({_NUM})\s*(万元|亿元|元)")
_COUNT = re.compile(rf"({_NUM}|{_CN_NUM})\s*({_COUNT_UNITS})")


def _comparator(before: str, after: str, default: str) -> str:
    """The comparator the description writes around a number (values.py's words), else `default`.
    A target states ≥/≤/=, never 约: "约100人" drafts as the default comparator."""
    sign = comparator_before(before) or comparator_after(after)
    return default if sign in (None, "约") else sign


# Comparator words and the verbs around them, which end the words before a number but name nothing.
_TRAILING_FRAMING = re.compile(
    rf"({alternation(tuple(word for word, _ in COMPARATOR_WORDS))}|共|累计|要求|需要|必须|须|应|并于|于|[≥≤><=：:为是在])+$"
)


def _subject(before: str) -> str:
    """The words right before a number that name what it measures."""
    text = _TRAILING_FRAMING.sub("", before)
    # "购置12项办公设备以及…": only what follows the last number belongs to this one.
    text = re.split(rf"(?:{_NUM}|{_CN_NUM})\s*(?!年|月|日|天|周)(?:{_COUNT_UNITS}|%|％)", text)[-1]
    stripped = re.sub(r"^[的和及与]+", "", _FRAMING.sub("", text)).strip(" “”\"'（）()")
    # "辖区60岁以上老人提供上门服务" → "上门服务": the service is what follows the last delivery verb.
    delivered = re.split(rf"(?:{words(DELIVERY[:-1])})", stripped)
    if len(delivered) > 1 and len(delivered[-1]) >= 2:
        stripped = delivered[-1]
    last_word = text.strip()[-2:]
    if not stripped and last_word in _VERBS_TO_KEEP:
        return last_word  # "覆盖600人次": the verb is all there is; the caller prefixes the clause subject
    return stripped


def _counted_after(after: str) -> tuple[str, str]:
    """(thing, action) named after a measure word: "个社区的走访" → ("社区", "走访");
    "个街道进行安全检查" → ("街道", "安全检查"); "名专职律师" → ("专职律师", "")."""
    text = re.split(r"[\d，,。；;（(]", after, maxsplit=1)[0].lstrip("的")
    action = ""
    done = re.search(r"(?:进行|开展|实施)(.{2,10}?)(?:工作)?$", text)
    if done:
        action, text = done.group(1), text[: done.start()]
    thing, _, rest = text.partition("的")
    thing = re.split(
        r"(?:以及|及|和|与|并|所有|全部|各|等|对(?!象)|提供|负责|用于|进行|开展)", thing, maxsplit=1
    )[0]
    thing = re.sub(r"工作$", "", thing)
    if not action and 2 <= len(rest) <= 3:
        action = rest  # "社区的走访"
    return (thing, action) if len(thing) >= 2 else ("", action)


def _count_subject(before: str, after: str) -> str:
    """What a count measures: the words before it, or the thing its measure word counts."""
    raw = _subject(before)
    head = _CONJUNCTION_END.sub("", raw)
    thing, action = _counted_after(after)
    if raw != head:  # "A以及4项B": the counted thing is B
        return thing or head
    head = _TRAILING_REGION.sub("", head)  # "覆盖全区14个街镇" counts 街镇
    verb = next((v for v in (*_NAMING_VERBS, *_GENERIC_VERBS) if head.endswith(v)), "")
    if len(head) >= 2 and not verb and not _REGION.fullmatch(head):
        return head
    if not thing:
        if action and verb:
            prefix = head[: -len(verb)]  # "窗口安排8人进行值班" → 窗口值班
            return prefix + action if len(prefix + action) <= 12 else action
        return head or action
    verb = verb if verb in _NAMING_VERBS else ""
    return f"{action}{thing}" if action and not verb else f"{verb}{thing}{action}"


def _time_limit_subject(before: str, after: str) -> str:
    """ "在接到报修后4小时内到现场处理" → "报修响应"; "受理后3个工作日内启动调解" → "受理后启动调解"."""
    event = re.search(r"(?:接到|收到)(.{1,6}?)后$", before)
    if event and re.match(r"(到现场|到场|响应|上门|赶到)", after):
        return f"{event.group(1)}响应"
    done = re.search(
        r"(?:进行|开展|实施)(.{2,10}?)(?:工作)?$", re.split(r"[\d，,。；;]", after, maxsplit=1)[0]
    )
    if done:  # "2个月内准备好卷宗资料进行归档" → 卷宗资料归档
        thing = after[: done.start()].rsplit("的", 1)[-1]
        return thing + done.group(1) if len(thing) >= 2 else done.group(1)
    return _subject(before) + _subject(after)


def extract_facts(description: str) -> list[Fact]:
    """Every number in the description that a target can be built on, in order of appearance."""
    text = fold(description)
    facts: list[Fact] = []
    for clause in _CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        # Numbers inside quotes are names and slogans ("四个全面", 《十四五规划》), not targets.
        quoted = [m.span() for m in _QUOTED.finditer(clause)]
        previous = ""  # subject of the previous fact in this clause, for "培训12场、覆盖600人次"
        for piece in re.finditer(r"[^，,、]+", clause):
            part = piece.group().strip()
            offset = piece.start() + piece.group().index(part) if part else piece.start()
            for fact, start in _facts_in_part(part, clause):
                position = offset + start
                if any(a <= position < b for a, b in quoted):
                    continue
                subject = fact.subject
                if previous and (len(subject) < 2 or subject in _VERBS_TO_KEEP):
                    subject = previous + subject
                if fact.kind is not FactKind.MONEY and subject:
                    previous = subject
                facts.append(Fact(fact.kind, subject, fact.number, fact.unit, fact.comparator, clause))
    return facts


def _is_date_part(part: str, match: re.Match[str], number: float, unit: str) -> bool:
    """ "第二批", "21年8月", "11-12月": an ordinal or a date, not a count."""
    before, after = part[: match.start()], part[match.end() :]
    if before.endswith("第") or before.endswith("-") or after.startswith("-"):
        return True
    if unit == "年" and (1900 <= number <= 2200 or re.match(r"\d{1,2}\s*月", after)):
        return True
    return unit in ("月", "日") and bool(re.search(r"[年月]$", before.rstrip()))


def _facts_in_part(part: str, clause: str) -> list[tuple[Fact, int]]:
    found: list[tuple[Fact, int]] = []
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
        fact = Fact(
            kind,
            subject if subject is not None else _subject(before),
            number,
            unit,
            _comparator(before, after, default_cmp),
            clause,
        )
        found.append((fact, match.start()))

    for m in _DEADLINE_DATE.finditer(part):
        if re.match(r"\s*(起|开始)", part[m.end() :]):
            taken.append(m.span())  # "自2024年7月1日起施行": when something starts, not a deadline
            continue
        if m.group(1):
            unit = f"{m.group(1)}年{int(m.group(2))}月" + (f"{int(m.group(3))}日" if m.group(3) else "底")
        else:
            unit = f"{int(m.group(6))}月底"
        subject = _subject(part[m.end() :]) or _subject(part[: m.start()])
        add(FactKind.DEADLINE, m, None, unit, "≤", subject=subject)
    for m in TIME_LIMIT.finditer(part):
        unit = (m.group("measure") or "") + m.group("unit")
        if m.group("unit") in _DURATION_UNITS and not m.group("within"):
            continue
        subject = _time_limit_subject(part[: m.start()], part[m.end() :])
        add(FactKind.TIME_LIMIT, m, number_or_numeral(m.group("number")), unit, "≤", subject=subject)
    for m in _FREQUENCY.finditer(part):
        unit = f"{m.group(4)}/{m.group(1)}"
        thing, action = _counted_after(part[m.end() :])
        verb = _FRAMING.sub("", m.group(2)) or m.group(2)
        if thing:
            subject = f"{verb if verb in _NAMING_VERBS else ''}{action}{thing}"
        else:
            subject = _subject(m.group(2)) or _subject(part[: m.start()])
        add(FactKind.FREQUENCY, m, number_or_numeral(m.group(3)), unit, "≥", subject=subject)
    for m in _RATE.finditer(part):
        after = part[m.end() :]
        quality = re.match(r"(合格|达标|完成|覆盖|满意|通过|准确|到位|办结|履行|知晓)", after)
        subject = _subject(part[: m.start()])
        if quality and not subject.endswith(("率", "度")):
            subject += quality.group(1)  # "抽检结果达到100%合格" → 抽检结果合格率
        add(
            FactKind.RATE,
            m,
            parse_number(m.group(1)),
            "%" if m.group(2) in "%％" else m.group(2),
            "≥",
            subject,
        )
    for m in _MONEY.finditer(part):
        add(FactKind.MONEY, m, parse_number(m.group(1)), m.group(2), "=")
    for m in _COUNT.finditer(part):
        number = number_or_numeral(m.group(1))
        if number is None or _is_date_part(part, m, number, m.group(2)):
            continue
        subject = _count_subject(part[: m.start()], part[m.end() :])
        add(FactKind.COUNT, m, number, m.group(2), "≥", subject=subject)
    found.sort(key=lambda pair: pair[1])
    return found


def funds_from_description(description: str) -> float | None:
    """The project's money when the description states it (年度资金/预算/经费 N万元); the largest amount."""
    amounts = [
        amount
        for f in extract_facts(description)
        if f.kind is FactKind.MONEY and (amount := money_in_yuan(f.number, f.unit))
    ]
    return max(amounts) if amounts else None
