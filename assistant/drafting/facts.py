"""Numbers a drafter wrote in a project description, with the thing each number measures.

"计划全年调解矛盾纠纷4240件，开展培训12场、覆盖600人次，调解成功率不低于95%，受理后3个工作日内启动调解，
年度资金120万元" gives a count (调解矛盾纠纷, 4240 件), a count (培训, 12 场), a count (培训覆盖, 600 人次),
a rate (调解成功率, ≥95%), a time limit (受理后启动调解, ≤3 个工作日) and money (120 万元, the funds).
The drafter turns each fact into an indicator whose value repeats the number exactly.

What is read, in any sector:
- counts in any measure word of the kernel (values.COUNT_UNITS: 件, 人次, 株, 亩/万亩, 座, 公里, 台/套, 辆 …),
  named after the thing counted: the noun after the measure word ("聘用3名专职律师", "新建2万亩高标准农田",
  "为250名符合条件的援助对象") or the words before the number ("调解矛盾纠纷4240件"), never framing
  ("6月底前到位", "计划全年");
- comparator words before or after a number (values.py: 不少于/不低于/达到 → ≥, 不超过/控制在/以内 → ≤);
- rates, time limits, frequencies, deadlines and date ranges (the end of "2023年1月1日至12月31日");
- money, by what it is (`MoneyRole`): the project's funds, a part of them (其中…, 劳务费…), a per-unit
  standard (1000元/人, 每人每天17元, 亩均1500元), a loan or grant volume the project delivers, a benefit
  (带动增收…), or an investment total (not the annual funds).
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
    AREA_UNITS,
    COMPARATOR_WORDS,
    COUNT_UNITS,
    LENGTH_UNITS,
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
    STANDARD = "standard"  # a money amount per unit: 1000元/人, 每人每天17元


class MoneyRole(StrEnum):
    FUNDS = "funds"  # the project's money (年度资金120万元, 预算814万元, 下达投资853万元)
    PART = "part"  # a part of the funds (其中中央补助40万元, 劳务费2万元)
    OUTPUT = "output"  # money the project delivers to others: a loan volume (发放贷款4000万元)
    BENEFIT = "benefit"  # money the project brings about (带动增收50万元, 挽回损失20万元)
    INVESTMENT = "investment"  # an investment total or estimate, not the year's funds
    OTHER = "other"


@dataclass(frozen=True)
class Fact:
    kind: FactKind
    subject: str  # the words naming what is measured ("调解矛盾纠纷", "调解成功率")
    number: float | None
    unit: str
    comparator: str  # ≥ ≤ = < >
    text: str  # the clause the fact was read from, for provenance
    role: MoneyRole | None = None  # for money facts: what the money is

    @property
    def number_text(self) -> str:
        if self.number is None:
            return ""
        return f"{self.number:g}" if self.number != int(self.number) else str(int(self.number))

    @property
    def in_yuan(self) -> float | None:
        return money_in_yuan(self.number, self.unit) if self.kind is FactKind.MONEY else None


_NUM = NUMBER
_CN_NUM = CN_NUMERAL
_UNITS = alternation(COUNT_UNITS)
# A count in any measure word, in ten thousands too ("1.2万株", "3万条"); a duration counts days or hours.
_COUNT_UNIT = rf"(?:万|亿)?(?:{_UNITS})|个月|天|小时|周"
_CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]")
_PARTS = re.compile(r"[^，,:：]+")
_ASIDE = re.compile(r"\(([^()]*)\)|（([^（）]*)）")

# Words that start the subject of a clause; everything before them is framing ("本项目计划全年").
_FRAMING = re.compile(
    r"^((根据|按照|依据)[^，,]{0,16}?(计划|安排|要求|需要|规定|标准|部署)|根据|按照|依据|\d+[.、．]|"
    r"\d{4}年度?|\d{1,2}(-\d{1,2})?月(份)?|及时|并对|并|于|自|在(?![校职岗读编押册])|应在|至少|不少于|不低于|"
    rf"(资金|经费)?(主要)?用于|本年度|本项目|该项目|项目|本单位|我单位|{words(REGION, PLANNING, TIME_FRAME)}|"
    rf"按|当年|本年|共|累计|约|为约|力争|确保|实现|通过|为|对|向|由|各|{words(DELIVERY)}|聘请|聘用|配备|购置|采购|新增|"
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
# Verbs that say what is done to the counted thing ("聘用3名律师" → 聘用律师人数, "新建2万亩农田" →
# 新建农田面积); generic ones such as 完成/开展/组织 add nothing to a name.
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
    "新建",
    "改建",
    "扩建",
    "修建",
    "建成",
    "改造",
    "修缮",
    "维修",
    "安装",
    "种植",
    "栽植",
    "印制",
    "发送",
    "开设",
    "兑现",
    "救助",
    "资助",
    "补助",
    "慰问",
    "保障",
    "维护",
)
_GENERIC_VERBS = ("完成", "开展", "组织", "举办", "安排", "进行", "实施", "策划", "召开", "编发", "发布")
# A noun after a measure word starts here when it is a relative clause ("250名符合条件的援助对象"):
# the counted thing is then what follows the last 的.
_RELATIVE = re.compile(r"^(符合|具有|具备|有|从事|参加|参与|纳入|享受|满足|持有|在|来自|家庭经济)")
# Words after a measure word that are no noun: verbs of the clause, comparators, fillers.
_NOT_A_THING = re.compile(
    r"^(以上|以下|以内|之内|左右|内|及以上|次|核算|计算|测算|参加|参与|受益|开展|进行|实施|完成|"
    r"提供|达到|不等|为|等|起|合计|共|累计|全年|每年|发放|用于|次数|人次)"
)
_THING_END = re.compile(
    r"(?:以及|及其|并|向|在|进行|开展|实施|发放|提供|参加|参与|接受|享受|开放|用于|负责|所需|使用|的|等|和|与|及|、|所有|全部)"
)
_PERSON_UNITS = frozenset({"人", "名", "户", "人次", "户次", "位", "万人", "万人次"})
_TRAILING_REGION = re.compile(TRAILING_AREA)
_CONJUNCTION_END = re.compile(r"(以及|及|和|与|并|或者|或|、)$")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|《[^》]*》|\"[^\"]*\"|〔[^〕]*〕|【[^】]*】|\[[^\]]*\]")
_REGION = re.compile(REGION_ONLY)

_DATE = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*(底|末|初|份)?"
_DATE_RANGE = re.compile(rf"{_DATE}\s*(?:至|到|—|－|~|～|-)\s*{_DATE}")
_DEADLINE_DATE = re.compile(rf"{_DATE}\s*(前|之前|以前)?")
_FREQUENCY = re.compile(
    rf"每个?({PERIOD})([^\d，,。；;]{{0,4}}?)({_NUM}|{_CN_NUM})\s*(次|期|场|批|条|篇|部|个)"
)
# A duration of service ("培训30天", "驻点2周") is no time limit unless 内 says so.
_DURATION_UNITS = ("天", "日", "自然日", "周", "星期")
_RATE = re.compile(rf"({_NUM})\s*(%|％|‰|个百分点)")
_MONEY = re.compile(
    rf"({_NUM})\s*(亿元|万元|元)(?:\s*/\s*([\u4e00-\u9fff]{{1,2}}(?:[/·.][\u4e00-\u9fff]{{1,2}})?))?"
)
_COUNT = re.compile(rf"({_NUM}|{_CN_NUM})\s*({_COUNT_UNIT})(?!性|度|化|级)")
# "每人每月1130元", "每亩补助150元": a standard per person, household, 亩 … (and per period).
_PER_BEFORE = re.compile(
    r"每(?P<per>人次|人|户|亩|生|学生|名|次|场|件|套|台|辆|平方米|公里|株|头)"
    r"(?:每(?P<period>月|天|日|年|期|学期|季度))?[^\d，,。；;]{0,6}$"
)
_AVERAGE_BEFORE = re.compile(r"(?P<per>人|户|亩|生|次|场|件|车|台)均[^\d，,。；;]{0,8}$")
_PART_WORDS = re.compile(r"其中|包括|含")
_LOAN_MONEY = re.compile(r"贷款|担保|放贷|融资")
_OUTPUT_MONEY = re.compile(r"兑付|发放|奖励金|奖金")
_BENEFIT_MONEY = re.compile(r"带动|拉动|增收|挽回|节约|节省|创收|产值|收益|收入|效益|减少损失")
_INVESTMENT_MONEY = re.compile(r"总投资|投资总额|概算|总造价|估算")
_FUNDS_MONEY = re.compile(r"资金|经费|预算|拨款|投资|安排|下达|专项|财政")
_COST_PART = re.compile(r"(费|费用|工资|报酬|薪酬|补贴|补助|支出|成本)$")


def _comparator(before: str, after: str, default: str) -> str:
    """The comparator the description writes around a number (values.py's words), else `default`.
    A target states ≥/≤/=, never 约: "约100人" drafts as the default comparator."""
    sign = comparator_before(before) or comparator_after(after)
    return default if sign in (None, "约") else sign


# Comparator words and the verbs around them, which end the words before a number but name nothing.
_TRAILING_FRAMING = re.compile(
    rf"({alternation(tuple(word for word, _ in COMPARATOR_WORDS))}|共计|共|累计|合计|要求|需要|必须|须|应|"
    r"并于|于|预计|计划|全年|每年|各|约|按|[≥≤><=：:为是在])+$"
)


def _clean(text: str) -> str:
    """Words before a number as a subject: framing, comparators and particles at either end removed."""
    text = _TRAILING_FRAMING.sub("", text.strip(" 、"))
    stripped = re.sub(r"^[的和及与、]+|^以及", "", _FRAMING.sub("", text)).strip(" “”\"'（）()、")
    stripped = _TRAILING_FRAMING.sub("", stripped)
    return stripped


def _subject(before: str) -> str:
    """The words right before a number that name what it measures."""
    text = _TRAILING_FRAMING.sub("", before.strip(" 、"))
    stripped = _clean(text)
    # "辖区60岁以上老人提供上门服务" → "上门服务": the service is what follows the last delivery verb.
    delivered = re.split(rf"(?:{words(DELIVERY[:-1])})", stripped)
    if len(delivered) > 1 and len(delivered[-1]) >= 2:
        stripped = delivered[-1]
    last_word = text.strip()[-2:]
    if not stripped and last_word in _VERBS_TO_KEEP:
        return last_word  # "覆盖600人次": the verb is all there is; the caller prefixes the clause subject
    return stripped


def _counted_after(after: str, unit: str = "") -> tuple[str, str]:
    """(thing, action) named after a measure word: "个社区的走访" → ("社区", "走访");
    "个街道进行安全检查" → ("街道", "安全检查"); "名专职律师" → ("专职律师", "");
    "名符合条件的再就业援助对象发放补贴" → ("再就业援助对象", "发放补贴")."""
    text = re.split(r"[\d，,。；;（(]", after, maxsplit=1)[0].lstrip("的")
    if not text or not "\u4e00" <= text[0] <= "\u9fff" or _NOT_A_THING.match(text):
        return "", ""  # "10套、烟感设备160个": the next item of a list, not what 10套 counts
    if _RELATIVE.match(text) and "的" in text:
        text = text.rsplit("的", 1)[1]
    action = ""
    done = re.search(r"(?:进行|开展|实施)(.{2,10}?)(?:工作)?$", text)
    if done:
        action, text = done.group(1), text[: done.start()]
    thing, _, rest = text.partition("的")
    cut = next((c for c in _THING_END.finditer(thing) if c.start() > 0), None)
    if cut:
        if not action and cut.group() in ("发放", "开放"):
            action = thing[cut.start() :]
        thing = thing[: cut.start()]
    thing = re.sub(r"工作$", "", thing)
    if not action and 2 <= len(rest) <= 3 and unit not in AREA_UNITS | LENGTH_UNITS:
        action = rest  # "社区的走访"
    if len(thing) == 1 and unit and len(unit) == 1 and unit not in ("人", "名", "个"):
        thing += unit  # "90辆车" → 车辆
    return (thing, action) if len(thing) >= 2 else ("", action)


def _count_subject(before: str, after: str, unit: str) -> str:
    """What a count measures: the thing its measure word counts ("对5个档案库房", "新建2万亩高标准农田"),
    else the words before it ("调解矛盾纠纷4240件")."""
    raw = _subject(before)
    head = _CONJUNCTION_END.sub("", raw)
    thing, action = _counted_after(after, unit)
    if raw != head:  # "A以及4项B": the counted thing is B
        return thing or head
    head = _TRAILING_REGION.sub("", head)  # "覆盖全区14个街镇" counts 街镇
    verb = next((v for v in (*_NAMING_VERBS, *_GENERIC_VERBS) if head.endswith(v)), "")
    if thing:
        verb = verb if verb in _NAMING_VERBS else ""
        if unit in _PERSON_UNITS:
            return f"{verb}{thing}"  # "为250名援助对象发放补贴" counts the 援助对象
        if action and not verb:
            return f"{thing}{action}"  # "对416处文物开展安全巡查" → 文物安全巡查
        return f"{verb}{thing}{action}"
    if len(head) >= 2 and not verb and not _REGION.fullmatch(head):
        return head
    if action and verb:
        prefix = head[: -len(verb)]  # "窗口安排8人进行值班" → 窗口值班
        return prefix + action if len(prefix + action) <= 12 else action
    return head or action


_NO_TASK = re.compile(r"^(开始|起|启动|全年|全部|年度|年内|当年|本年|各项|所有)$")


def _deadline_subject(before: str, after: str) -> str:
    """What must be done by a date: the words after it ("前完成规划编制" → 规划编制), else before it;
    "" when neither names a task ("2021年1月1日开始、12月31日前完成")."""
    text = re.split(r"[，,。；;]", after, maxsplit=1)[0]
    text = re.sub(r"^(底|末)?(前|之前|以前)?(全部|全面|按期|如期)?(完成|完工|竣工|实现)?", "", text)
    text = re.sub(r"^(并|和|及)", "", text)
    text = re.split(r"(?:并|和|，)", text, maxsplit=1)[0]
    text = re.sub(r"(相关)?(各项)?(工作|任务)$", "", text).strip()
    if (
        len(text) >= 2
        and not re.fullmatch(r"(通过)?验收|完成|完工|竣工|结束", text)
        and not _NO_TASK.match(text)
    ):
        return text
    subject = _clean(before)
    return "" if _NO_TASK.match(subject) else subject


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
    return _subject(before) + _subject(re.split(r"[，,。；;]", after, maxsplit=1)[0])


def _clauses(description: str) -> list[str]:
    """Clauses of the description with asides in brackets opened up: "(含药剂)" says nothing and goes;
    "(预计全年不少于5次)" is a clause part of its own, about what precedes it."""
    text = fold(description)

    def aside(m: re.Match[str]) -> str:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        return f"，{inner}，" if re.search(r"\d", inner) else ""

    for _ in range(2):  # nested brackets
        text = _ASIDE.sub(aside, text)
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]


def extract_facts(description: str) -> list[Fact]:
    """Every number in the description that a target can be built on, in order of appearance."""
    facts: list[Fact] = []
    for clause in _clauses(description):
        # Numbers inside quotes are names and slogans ("四个全面", 《十四五规划》), not targets.
        quoted = [m.span() for m in _QUOTED.finditer(clause)]
        previous = ""  # subject of the previous fact (or bare phrase) in this clause: "培训12场、覆盖600人次"
        funds_seen = False
        for piece in _PARTS.finditer(clause):
            part = piece.group().strip()
            offset = piece.start() + piece.group().index(part) if part else piece.start()
            found = [(f, s) for f, s in _facts_in_part(part, clause) if not _inside(offset + s, quoted)]
            if not found and part:
                cleaned = _clean(part)
                previous = cleaned if len(cleaned) >= 2 else previous
            for fact, _ in found:
                subject = fact.subject
                inherits = fact.kind in (
                    FactKind.COUNT,
                    FactKind.RATE,
                    FactKind.FREQUENCY,
                    FactKind.TIME_LIMIT,
                )
                if inherits and previous and (len(subject) < 2 or subject in _VERBS_TO_KEEP):
                    subject = previous + subject
                role = fact.role
                if fact.kind is FactKind.MONEY:
                    role = _money_role(fact.subject, clause, funds_seen)
                    funds_seen = funds_seen or role is MoneyRole.FUNDS
                elif inherits and subject:
                    previous = subject
                facts.append(Fact(fact.kind, subject, fact.number, fact.unit, fact.comparator, clause, role))
    return facts


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _money_role(subject: str, clause: str, funds_seen: bool) -> MoneyRole:
    """What an amount of money is, from the words that name it."""
    if _PART_WORDS.search(subject):
        return MoneyRole.PART
    if _BENEFIT_MONEY.search(subject):
        return MoneyRole.BENEFIT
    if _LOAN_MONEY.search(subject):
        return MoneyRole.OUTPUT  # 发放创业担保贷款4000万元: what the project delivers, not its funds
    if _INVESTMENT_MONEY.search(subject):
        return MoneyRole.INVESTMENT
    if funds_seen:
        return MoneyRole.PART  # a second amount of funding in one clause: its sources or parts
    if _COST_PART.search(subject) and not _FUNDS_MONEY.search(subject):
        return MoneyRole.PART  # 劳务费约2万元, 保安服务费191万元
    if _FUNDS_MONEY.search(subject) or not subject:
        return MoneyRole.FUNDS
    if _OUTPUT_MONEY.search(subject):
        return MoneyRole.OUTPUT
    return MoneyRole.OTHER


def _is_date_part(part: str, match: re.Match[str], number: float, unit: str) -> bool:
    """ "第二批", "21年8月", "11-12月": an ordinal or a date, not a count."""
    before, after = part[: match.start()], part[match.end() :]
    if before.endswith("第") or before.endswith("-") or after.startswith("-"):
        return True
    return unit in ("月", "日") and bool(re.search(r"[年月]$", before.rstrip()))


def _date_unit(year: str | None, month: str, day: str | None) -> str | None:
    """ "2024年6月30日", "2024年6月底", "6月底", "6月30日" (the deadline's text), or None for no month."""
    m = int(month)
    if not 1 <= m <= 12:
        return None
    tail = f"{int(day)}日" if day else "底"
    return f"{year}年{m}月{tail}" if year else f"{m}月{tail}"


def _facts_in_part(part: str, clause: str) -> list[tuple[Fact, int]]:
    taken: list[tuple[int, int]] = []
    pending: list[tuple[FactKind, int, int, float | None, str, str, str | None]] = []  # kind, span, …

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def take(
        kind: FactKind,
        start: int,
        end: int,
        number: float | None,
        unit: str,
        default: str,
        subject: str | None = None,
    ) -> None:
        if free(start, end):
            taken.append((start, end))
            pending.append((kind, start, end, number, unit, default, subject))

    for m in _DATE_RANGE.finditer(part):
        end_unit = _date_unit(m.group(5) or m.group(1), m.group(6), m.group(7))
        if end_unit and (m.group(5) or m.group(1)):
            subject = _deadline_subject("", part[m.end() :]) or "项目实施"
            take(FactKind.DEADLINE, m.start(), m.end(), None, end_unit, "≤", subject)
        else:
            taken.append(m.span())  # "11-12月": a period, nothing to draft
    for m in _DEADLINE_DATE.finditer(part):
        year, month, day, suffix, before_word = m.groups()
        if not free(*m.span()):
            continue
        after = part[m.end() :]
        if re.match(r"\s*(起|开始|成立|施行)", after) or (suffix == "初"):
            taken.append(m.span())  # "自2024年7月1日起施行": when something starts, not a deadline
            continue
        unit = _date_unit(year, month, day)
        done_word = re.match(r"\s*(完成|完工|竣工|结束|验收|实现|办结|全部)", after)
        if unit is None or not (year or before_word or done_word or suffix in ("底", "末")):
            if unit is not None and (year or day):
                taken.append(m.span())  # a plain date: when something happens, no target
            continue
        take(FactKind.DEADLINE, m.start(), m.end(), None, unit, "≤", None)
    for m in TIME_LIMIT.finditer(part):
        unit = (m.group("measure") or "") + m.group("unit")
        within = m.group("within") or comparator_before(part[: m.start()]) == "≤"
        if m.group("unit") in _DURATION_UNITS and not within:
            continue
        take(FactKind.TIME_LIMIT, m.start(), m.end(), number_or_numeral(m.group("number")), unit, "≤")
    for m in _FREQUENCY.finditer(part):
        take(FactKind.FREQUENCY, m.start(), m.end(), number_or_numeral(m.group(3)), "", "≥", None)
    for m in _RATE.finditer(part):
        unit = "%" if m.group(2) in "%％" else m.group(2)
        take(FactKind.RATE, m.start(), m.end(), parse_number(m.group(1)), unit, "≥")
    for m in _MONEY.finditer(part):
        before = part[: m.start()]
        per_before, average = _PER_BEFORE.search(before), _AVERAGE_BEFORE.search(before)
        if m.group(3) or per_before or average:
            per = m.group(3) or ""
            if not per and per_before:
                per = per_before.group("per") + (
                    f"·{per_before.group('period')}" if per_before.group("period") else ""
                )
            elif not per and average:
                per = average.group("per")
            per = per.replace("/", "·").replace(".", "·")
            take(FactKind.STANDARD, m.start(), m.end(), parse_number(m.group(1)), f"{m.group(2)}/{per}", "=")
        else:
            take(FactKind.MONEY, m.start(), m.end(), parse_number(m.group(1)), m.group(2), "=")
    for m in _COUNT.finditer(part):
        number = number_or_numeral(m.group(1))
        if number is None or _is_date_part(part, m, number, m.group(2)):
            continue
        if part[: m.start()].endswith("分"):
            continue  # "分两次结账": instalments, not an output
        take(FactKind.COUNT, m.start(), m.end(), number, m.group(2), "≥")

    pending.sort(key=lambda p: p[1])
    found: list[tuple[Fact, int]] = []
    for kind, start, end, number, unit, default, given in pending:
        # A fact's words end where the neighbouring numbers and dates are: "6月底前到位设备30台" counts 设备.
        left = max((e for s, e in taken if e <= start), default=0)
        right = min((s for s, e in taken if s >= end), default=len(part))
        before, after = part[left:start], part[end:right]
        comparator = _comparator(part[:start], part[end:], default)
        if kind is FactKind.DEADLINE:
            subject = given if given is not None else _deadline_subject(before, after)
            comparator = "≤"
        elif kind is FactKind.TIME_LIMIT:
            subject = _time_limit_subject(before, after)
        elif kind is FactKind.FREQUENCY:
            every = _FREQUENCY.match(part, start)
            assert every is not None
            unit = f"{every.group(4)}/{every.group(1)}"
            thing, action = _counted_after(after)
            verb = _FRAMING.sub("", every.group(2)) or every.group(2)
            if thing:
                subject = f"{verb if verb in _NAMING_VERBS else ''}{action}{thing}"
            else:
                subject = _subject(every.group(2)) or _subject(before)
        elif kind is FactKind.RATE:
            subject = _rate_subject(before, after)
        elif kind is FactKind.STANDARD:
            subject = _standard_subject(before)
        elif kind is FactKind.MONEY:
            subject = _clean(before)
        else:
            subject = re.sub(r"(?<=..)(任务|工作)$", "", _count_subject(before, after, unit))
        found.append((Fact(kind, subject or "", number, unit, comparator, clause), start))
    return found


_QUALITY_AFTER = re.compile(r"(合格|达标|完成|覆盖|满意|通过|准确|到位|办结|履行|知晓)")


def _rate_subject(before: str, after: str) -> str:
    """A rate's name: "调解成功率不低于95%" → 调解成功率; "劳务报酬按不低于中央投资30%" → 劳务报酬占中央投资比例;
    "课时占70%" → 课时占比; "抽检结果达到100%合格" → 抽检结果合格率."""
    head = before
    for word, _ in COMPARATOR_WORDS:
        at = before.rfind(word)
        if at > 0 and before[at + len(word) :].strip() and not re.search(r"[，,]", before[at:]):
            share_of = re.sub(r"^(的|按|占)", "", before[at + len(word) :])
            owner = _clean(re.sub(r"(按|的|占)$", "", before[:at]))
            if len(owner) >= 2 and len(share_of) >= 2:
                return f"{owner}占{share_of}比例"
            break
    subject = re.sub(r"^(测算|预计|计划|实际)", "", _subject(head))
    quality = _QUALITY_AFTER.match(after)
    if subject.endswith("占"):
        return subject + "比" if len(subject) > 1 else ""
    if quality and not subject.endswith(("率", "度")):
        subject += quality.group(1)  # "抽检结果达到100%合格" → 抽检结果合格率
    return subject


def _standard_subject(before: str) -> str:
    """ "培训标准1000元/人" → 培训标准; "补助标准为每人每天17元" → 补助标准; "亩均投入不超过1500元" → 亩均投入."""
    text = re.sub(
        r"每(人次|人|户|亩|生|学生|名|次|场|件|套|台|辆|平方米|公里|株|头)(每(月|天|日|年|期|学期|季度))?",
        "",
        before,
    )
    text = re.sub(r"(按|为|是|达到)$", "", _TRAILING_FRAMING.sub("", text))
    return _clean(text)


def funds_from_description(description: str) -> float | None:
    """The project's money when the description states it (年度资金/预算/经费 N万元): the first amount
    that is the funds, not a part of them, a loan volume, a standard or an investment total; an
    investment total only when nothing else is said."""
    money = [f for f in extract_facts(description) if f.kind is FactKind.MONEY and f.in_yuan]
    for role in (MoneyRole.FUNDS, MoneyRole.INVESTMENT):
        amounts = [f.in_yuan for f in money if f.role is role and f.in_yuan]
        if amounts:
            return amounts[0]
    return None
