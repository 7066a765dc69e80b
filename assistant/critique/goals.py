"""Numbers a 年度目标 promises ("配备60台便携检测仪器", "检测合格率85%以上"), with their context.

Used by R04 (every promised number has an indicator), R25 (the indicator says the same number)
and by suggestions (a vague indicator can borrow the number its goal already states).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.text import dice, squash
from assistant.values import unit_family

if TYPE_CHECKING:
    from assistant.critique.analysis import IndicatorFacts, SheetFacts

# Longer units first so "24个小时" is a time, not "24个".
_UNITS = (
    "个百分点|个工作日|个小时|个月|万元|亿元|人次|件次|工作日|小时|分钟|%|元|件|人|次|场|个|部|名|块|条|篇|家|户|天|日"
    "|套|台|项|期|所|批|份|册|辆|座|起|单|宗|本|张|期"
)
_QUANTITY = re.compile(
    r"(不少于|不低于|不超过|不高于|低于|高于|少于|达到|至少|控制在|≥|≤|<|>|=)?"
    rf"(\d+(?:\.\d+)?)({_UNITS})(以上|以下|以内|内|左右)?"
)
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
_STOP = re.compile(r"[的，,、。；;和及以与对进行在并等]")
_COMPARATOR_WORDS = re.compile(
    r"(不少于|不低于|不超过|不高于|低于|高于|少于|达到|至少|控制在|要求|为|≥|≤|<|>|=)+$"
)
_LOWER = {"不超过": "≤", "不高于": "≤", "低于": "<", "少于": "<", "控制在": "≤", "≤": "≤", "<": "<"}
_UPPER = {"不少于": "≥", "不低于": "≥", "高于": ">", "至少": "≥", "≥": "≥", ">": ">", "达到": "≥"}


@dataclass(frozen=True)
class GoalQuantity:
    number: float
    unit: str
    family: str  # percent / money / time / count
    comparator: str | None
    context: str  # the words around the number, inside its clause
    text: str  # the number as written, e.g. "60部"
    key: str  # the counted noun after it ("60部移动…" → "移动"), or the rate's noun before it ("成功率")
    before: str = ""
    after: str = ""


@lru_cache(maxsize=4096)
def _cached(goal: str) -> tuple[GoalQuantity, ...]:
    found: list[GoalQuantity] = []
    for clause in _CLAUSE.split(goal):
        for match in _QUANTITY.finditer(clause):
            word, digits, unit, trailer = match.groups()
            start, end = match.span()
            before = clause[max(0, start - 12) : start]
            # A year or a date is not a promised quantity ("2023年", "21年8月").
            if re.match(r"[年月]", clause[end : end + 1]) and unit in ("", "个"):
                continue
            if clause[end : end + 1].isdigit() or clause[end : end + 1] == "号":
                continue
            if start > 0 and clause[start - 1] in "年月":
                continue  # a date ("7月1日"), not a promised quantity
            after = clause[end : end + 10]
            comparator = _UPPER.get(word or "") or _LOWER.get(word or "")
            if comparator is None and trailer:
                comparator = {"以上": "≥", "以下": "≤", "以内": "≤", "内": "≤"}.get(trailer)
            unit = unit.replace("个小时", "小时")
            rest = re.sub(r"^(以上|以下|以内|之内|内|左右)", "", after)
            if unit in ("%", "个百分点"):
                head = _COMPARATOR_WORDS.sub("", before)
                key = head[-2:] if len(head) >= 2 else ""
            else:
                key = _STOP.split(rest)[0][:2]
            found.append(
                GoalQuantity(
                    number=float(digits),
                    unit=unit,
                    family=unit_family(unit) or "count",
                    comparator=comparator,
                    context=f"{before}{after}",
                    text=f"{digits}{unit}",
                    key=key if len(key) == 2 else "",
                    before=before,
                    after=rest,
                )
            )
    return tuple(found)


def goal_quantities(goal: str) -> list[GoalQuantity]:
    # Lines are clauses of their own ("1.…\n2.…"), so keep them apart before removing spaces.
    return list(_cached("\n".join(squash(line) for line in goal.splitlines())))


# A goal figure and an indicator are "about the same thing" above this name similarity.
GOAL_MATCH = 0.25
_SAME_UNIT = {"名": "人", "人": "人", "位": "人"}


def same_unit(unit: str | None) -> str:
    """The key two units share when they count the same thing (名 and 人)."""
    unit = (unit or "").split("/")[0]
    return _SAME_UNIT.get(unit, unit)


def goal_conflicts(facts: SheetFacts) -> list[tuple[GoalQuantity, IndicatorFacts]]:
    """Goal figures whose matching indicator states a different number (computed once per sheet)."""
    return facts.once(_goal_conflicts)


def _goal_conflicts(facts: SheetFacts) -> list[tuple[GoalQuantity, IndicatorFacts]]:
    found: list[tuple[GoalQuantity, IndicatorFacts]] = []
    numbers = {
        (round(f.value.number, 6), f.unit_family) for f in facts.indicators if f.value.number is not None
    }
    for q in facts.goal_quantities:
        if (round(q.number, 6), q.family) in numbers or not q.context:
            continue
        best, best_score = None, 0.0
        for f in facts.indicators:
            if f.value.number is None or f.unit_family != q.family:
                continue
            if q.family != "percent" and same_unit(f.value.unit) != same_unit(q.unit):
                continue
            if not q.key or q.key not in f.name:
                continue  # the goal's counted noun (or rate) must be what the indicator names
            score = dice(q.context, f.name)
            if score > best_score:
                best, best_score = f, score
        if best is not None and best_score >= GOAL_MATCH:
            found.append((q, best))
    return found
