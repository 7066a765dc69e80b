"""The parts of an indicator name the rules and suggestions read: its object, its metric, its core.

Generic text primitives (normalisation, n-grams, Dice) live in assistant/text.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import taxonomy
from assistant.text import squash

# Leading words that make a name an action rather than a metric (R31), and vague verbs to strip
# when we build a metric name from an indicator's own words.
LEADING_VERB = re.compile(
    r"^(确保|保证|保障|完成|促进|发挥|依法按时|依法|按时|按照|根据|通过|为了|为|提升|提高|加强|增强|推进|推动|有效|"
    r"进一步|持续|不断|全面|积极|切实|维护|维持|做好|落实|组织开展|开展|组织|建立健全|建立|健全|完善|实现|"
    r"提供|丰富|满足|充分|大力|着力|深入|扎实|协助|配合|制作|更换|召开|按照规定|按规定|对)+"
)
TRAILING_TIMELY = re.compile(r"(的)?(及时|按时|按期)[\u4e00-\u9fff]{0,2}$")
TRAILING_METRIC = re.compile(
    r"(的)?(及时性|及时率|及时|健全性|健全|规范性|规范|充分性|专业性|稳定性|一致性|准确性|准确度|明确性|合理性|"
    r"有效性|充备性|合规性|完整性|情况|水平|效能|效率|程度|作用|能力|建设|提升|提高|增强|持续提升|工作|"
    r"建立执行|执行|机制|体系构建|构建)+$"
)


@lru_cache(maxsize=65536)
def core_of(name: str) -> str:
    """The object an indicator talks about, with action verbs and vague metric words removed.

    "故障处置及时性" → "故障处置"; "确保各项任务顺利开展" → "各项任务顺利开展";
    "设施运维长效管理机制健全性" → "设施运维长效管理".
    """
    text = squash(name)
    text = re.sub(r"^指标\d*[：:]", "", text)
    stripped = LEADING_VERB.sub("", text)
    stripped = TRAILING_METRIC.sub("", stripped)
    stripped = TRAILING_TIMELY.sub("", stripped)
    stripped = TRAILING_METRIC.sub("", stripped)
    stripped = stripped.strip("，,。、；;的")
    return stripped or text


# How an indicator name ends says which kind of number it wants (R08, R09, R32).
_RATE_END = re.compile(
    r"((?<!效)率|比例|比率|占比|比重|(满意|知晓|认可|认知|参与|完成|覆盖|信任|支持|熟悉|美誉)度)$"
)
_COUNT_END = re.compile(r"(数|数量|人数|次数|件数|场次|人次|个数|户数|家数|批次|规模|条数|篇数|台数|套数)$")
_TIME_END = re.compile(r"(时间|日期|时限|用时|时长|期限)$")
_MONEY_END = re.compile(r"(成本|单价|金额|费用|经费|资金|工资|薪酬|价格|补贴标准|工资标准|补助标准|预算)$")


@lru_cache(maxsize=65536)
def metric_of(name: str) -> str | None:
    """'rate', 'count', 'time', 'money' or None, from the end of a (normalized) name."""
    if _RATE_END.search(name):
        return "rate"
    if _COUNT_END.search(name):
        return "count"
    if _TIME_END.search(name):
        return "time"
    if _MONEY_END.search(name):
        return "money"
    return None


_VALUE_IN_TEXT = re.compile(r"\d+(\.\d+)?\s*[个次场件人名部台套项户家篇条块天日月年%]*(/[年月周次场])?")
_COUNT_TAIL = re.compile(r"(的)?(数量|人数|次数|件数|场次|人次|个数|户数|家数|数|规模)$")
_FIRST_CLAUSE = re.compile(r"[，,；;。]")


@lru_cache(maxsize=65536)
def object_of(name: str) -> str:
    """What an indicator counts or measures, as a bare noun: "完成便携检测仪器配置" → "便携检测仪器配置";
    "现场答疑12次/年，专题讲座4次/年" → "现场答疑"; "维持护林员人数" → "护林员"."""
    text = _FIRST_CLAUSE.split(squash(name))[0]
    text = _VALUE_IN_TEXT.sub("", text)
    text = core_of(text)
    if text.endswith(("事件数", "案件数")):
        return text[:-1]
    return _COUNT_TAIL.sub("", text) or text


def join_name(core: str, suffix: str) -> str:
    """core + suffix without repeating the words they share: "工作完成" + "完成时间" → "工作完成时间"."""
    for size in range(min(len(core), len(suffix)) - 1, 0, -1):
        if core.endswith(suffix[:size]):
            return core + suffix[size:]
    return core + suffix


_PROJECT_TAIL = re.compile(r"(专项)?(业务)?(工作)?(经费|费用|费|资金|项目|补贴|津贴|补助)$")


@lru_cache(maxsize=4096)
def project_object(project_name: str) -> str:
    """The work a project funds: "档案整理工作经费" → "档案整理工作"; "校园安保服务补贴" → "校园安保服务"."""
    text = squash(project_name)
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    text = _PROJECT_TAIL.sub("", text)
    return text or squash(project_name)


MAX_CORE = 14


def short_object(name: str, fallback: str) -> str:
    """A name's object short enough to build a new name from; the fallback (the project) if it is prose."""
    core = core_of(name)
    if len(core) <= MAX_CORE and not _FIRST_CLAUSE.search(core):
        return core
    obj = object_of(name)
    return obj if 2 <= len(obj) <= MAX_CORE else fallback


# Category labels repeat on every row of every sheet; the taxonomy's normalization is pure, so cache it.
clean_label = lru_cache(maxsize=4096)(taxonomy.clean_label)
level1_of = lru_cache(maxsize=4096)(taxonomy.level1_of)
level2_of = lru_cache(maxsize=4096)(taxonomy.level2_of)
normalize_pair = lru_cache(maxsize=4096)(taxonomy.normalize_pair)
