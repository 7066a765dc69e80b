"""What an indicator IS — a count, a rate of quality, a time, a cost, a budget-execution or process
item, an input, a benefit of some kind, a satisfaction survey — read from its name and value together.

The cues are domain data (assistant/data/critique_kinds.yaml, each with its source); this module
only reads them. `judge(name, value)` gives the kind with how sure it is:
- strong: a cue that defines the kind ("…合格率", "资金到位率", "…满意度", a money amount in a row
  named "…成本");
- weak: a cue that only suggests it (a measure word in the value, "质量" somewhere in the name).

The misplacement rules compare the kind with where the sheet files the row (precedence.CLAIMS): a
strong kind in the wrong 二级 is a warning or an error, a weak one at most an info-level hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from assistant import taxonomy as tx
from assistant.values import TargetValue, ValueKind, count_unit_of, unit_family

DATA_FILE = "critique_kinds.yaml"


class Kind(StrEnum):
    PROCESS = "process"  # 决策/过程 management and compliance (10号): no target at all
    EXECUTION = "execution"  # the project's own budget execution (资金到位率, 预算执行率): no target
    INPUT = "input"  # 差旅、公务接待…: an input, no target
    SATISFACTION = "satisfaction"
    SENTIMENT = "sentiment"  # 幸福感/安全感/获得感: a social effect, not a satisfaction survey
    TIME = "time"
    COST = "cost"
    CHANGE = "change"  # a rate of stability or change of a level (…稳定率, …增长率): an effect
    QUALITY = "quality"
    COUNT = "count"
    ECONOMIC = "economic"
    ECOLOGICAL = "ecological"
    LASTING = "lasting"
    SOCIAL = "social"
    UNKNOWN = "unknown"


BENEFIT_KINDS = frozenset(
    {Kind.CHANGE, Kind.ECONOMIC, Kind.ECOLOGICAL, Kind.LASTING, Kind.SOCIAL, Kind.SENTIMENT}
)
NO_TARGET = frozenset({Kind.PROCESS, Kind.EXECUTION, Kind.INPUT})


@dataclass(frozen=True)
class KindCues:
    kind: Kind
    home: str | None  # the 二级 it belongs in; "cost" = the sheet's cost 二级; None = no target
    title: str
    strong: re.Pattern[str] | None
    whole: re.Pattern[str] | None
    weak: re.Pattern[str] | None
    veto: re.Pattern[str] | None


@dataclass(frozen=True)
class Judgement:
    kind: Kind
    strong: bool
    cue: str  # the words that decided, for messages
    by_value: bool = False  # decided by the value, not the name

    @property
    def home(self) -> str | None:
        return kind_table().home(self.kind)


UNKNOWN = Judgement(Kind.UNKNOWN, False, "")


def _compile(patterns: list[str] | None, anchored: bool = False) -> re.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"^(?:本?项目)?(?:{body})$" if anchored else body)


@dataclass(frozen=True)
class KindTable:
    kinds: tuple[KindCues, ...]
    output_verbs: re.Pattern[str]
    not_output: re.Pattern[str]
    time_words: re.Pattern[str]
    cost_words: re.Pattern[str]
    process_level1: frozenset[str]
    process_level2: frozenset[str]
    outcome_phrase: re.Pattern[str]
    not_outcome: re.Pattern[str]
    sources: dict[str, Any]

    def cues(self, kind: Kind) -> KindCues | None:
        return next((k for k in self.kinds if k.kind is kind), None)

    def home(self, kind: Kind) -> str | None:
        cues = self.cues(kind)
        if cues is None or cues.home is None:
            return None
        return tx.LEGACY_COST if cues.home == "cost" else cues.home


def _load(path: Path) -> KindTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = []
    for entry in data["kinds"]:
        kinds.append(
            KindCues(
                kind=Kind(entry["kind"]),
                home=entry.get("home"),
                title=entry["title"],
                strong=_compile(entry.get("strong")),
                whole=_compile(entry.get("whole"), anchored=True),
                weak=_compile(entry.get("weak")),
                veto=_compile(entry.get("not")),
            )
        )
    output = data["output_count"]
    slot_level1, slot_level2 = tx.framework_blocks(data["process_slots"]["frameworks"])
    return KindTable(
        kinds=tuple(kinds),
        output_verbs=re.compile(output["verbs"]),
        not_output=re.compile(output["not"]),
        time_words=re.compile(data["time_words"]["pattern"]),
        cost_words=re.compile(data["cost_words"]["pattern"]),
        process_level1=slot_level1,
        process_level2=slot_level2,
        outcome_phrase=re.compile(data["outcome_phrase"]["pattern"]),
        not_outcome=re.compile(data["outcome_phrase"]["not"]),
        sources=data.get("sources", {}),
    )


@lru_cache(maxsize=1)
def kind_table() -> KindTable:
    return _load(Path(str(files("assistant") / "data" / DATA_FILE)))


# --- the judgement ---------------------------------------------------------------------------------

_COUNT_END = re.compile(
    r"(数|数量|件数|人数|次数|场次|人次|个数|户数|家数|批次|条数|篇数|台数|套数|课时|学时|班次|期数|份数|册数|处数)$"
)
_METRIC_END = re.compile(r"(率|性|度|时间|日期|时限)$")


def _match(pattern: re.Pattern[str] | None, name: str) -> str | None:
    if pattern is None:
        return None
    found = pattern.search(name)
    return (found.group(0) or name) if found else None


def _value_kind(value: TargetValue) -> Kind | None:
    """What the value alone says: a money amount, a calendar date or time limit, a measure word."""
    family = unit_family(value.unit)
    if value.kind is ValueKind.QUANTITATIVE and family == "money":
        return Kind.COST
    if value.kind is ValueKind.DEADLINE and (value.deadline is not None or family == "time"):
        return Kind.TIME
    if value.kind is ValueKind.QUANTITATIVE and family == "count" and count_unit_of(value.unit, ""):
        return Kind.COUNT
    return None


@lru_cache(maxsize=65536)
def _judge(name: str, value: TargetValue) -> Judgement:
    table = kind_table()
    money = _value_kind(value) is Kind.COST
    for cues in table.kinds:
        if cues.veto is not None and cues.veto.search(name):
            continue
        if cue := _match(cues.whole, name):
            return Judgement(cues.kind, True, cue)
        cue = _match(cues.strong, name)
        # Funds named with a verb but written as an amount ("宣传经费支出 15万元") are a cost, not the
        # execution of the budget (a rate, a date or a compliance judgement is).
        if cue and cues.kind is Kind.EXECUTION and money and not _METRIC_END.search(name):
            continue
        if cue:
            return Judgement(cues.kind, True, cue)
    by_value = _value_kind(value)
    if by_value is not None:
        return Judgement(by_value, by_value is Kind.TIME and value.deadline is not None, value.raw, True)
    for cues in table.kinds:
        if cues.veto is not None and cues.veto.search(name):
            continue
        if cue := _match(cues.weak, name):
            return Judgement(cues.kind, False, cue)
    return UNKNOWN


def judge(name: str, value: TargetValue | None = None) -> Judgement:
    """The kind of an indicator from its normalised name and its parsed value (cached)."""
    return _judge(name, value or TargetValue())


def is_output_count(name: str) -> bool:
    """A count of work the unit delivers ("开展培训场次", "办理案件数"), not of an effect or of the
    people an activity reaches ("调解成功数", "接待游客人次")."""
    table = kind_table()
    if not _COUNT_END.search(name) or table.not_output.search(name):
        return False
    return bool(table.output_verbs.search(name))


def in_process_slot(level1_as_written: str, level2_as_written: str) -> bool:
    """Filed in a framework's own management block (投入目标, 管理目标, 过程管理指标/资金管理指标…),
    where budget-execution and management items belong."""
    table = kind_table()
    return (
        tx.clean_label(level1_as_written) in table.process_level1
        or tx.clean_label(level2_as_written) in table.process_level2
    )


def is_outcome_phrase(name: str) -> bool:
    """A name that states a change ("…意识增强", "…能力提升") rather than a judgement of a service."""
    table = kind_table()
    return bool(table.outcome_phrase.search(name)) and not table.not_outcome.search(name)
