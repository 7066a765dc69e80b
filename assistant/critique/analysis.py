"""What the rules need to know about a sheet, computed once per sheet.

Rules read these facts instead of re-parsing names and values, which keeps the engine fast and
keeps one decision in one place. The most important one is `vague_rule`: when a value is not
measurable, exactly one value-form rule owns the defect (precedence.VAGUE_OWNERS), so a reviewer
sees one finding with one rewrite, not four.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar, cast

from assistant import taxonomy as tx
from assistant.critique import lexicon
from assistant.critique.classifier import Classifier
from assistant.critique.goals import GoalQuantity, goal_quantities
from assistant.critique.hints import Hints
from assistant.critique.kinds import Judgement, in_process_slot
from assistant.critique.lexicon import VagueGroup
from assistant.critique.precedence import vague_owner
from assistant.domain import is_graded, is_measurable, polarity
from assistant.names import metric_of, normalize_pair
from assistant.schema import Indicator, Sheet, TargetValue, ValueKind
from assistant.text import squash
from assistant.values import unit_family

T = TypeVar("T")

# A name that names nothing: template slots ("指标1："), dashes, or a bare number (a system's default
# "0" row, whose value is then its default "0.00%").
_PLACEHOLDER_NAME = re.compile(r"^(指标\d*[：:]?|\.{2,}|…+|/|-|—|无|\d+(\.\d+)?)*$")


@dataclass(frozen=True)
class TextFacts:
    """What a row's text says, whatever sheet it is on (cached per process: batches repeat rows)."""

    name: str  # normalized
    value_text: str  # normalized
    level1: str | None  # canonical, None when the label is unknown
    level2: str | None
    metric: str | None  # rate / count / time / money, from the name's ending
    unit_family: str | None
    empty_name: bool
    empty_value: bool
    placeholder_row: bool  # a system's default row (三级 "0", 值 "0.00%"): nothing to fix, only to delete
    filler: bool  # 无 / 不适用 written as a value (R22)
    graded: bool  # qualitative, but 指标解释 defines the grades (R13 allows it)
    measurable: bool
    group: VagueGroup | None  # §5 group of the value's vague word, when not measurable
    time_row: bool  # a timeliness indicator, wherever it is filed
    vague_rule: str | None  # the value-form rule that owns a non-measurable value (precedence.py)
    kind: Judgement  # what the row is, from its name and value (kinds.py)
    process_slot: bool  # filed in a framework's own management block (投入目标, 过程管理指标…)


@dataclass(frozen=True)
class IndicatorFacts(TextFacts):
    index: int = 0
    indicator: Indicator = field(default_factory=lambda: Indicator(level1="", level2="", name=""))
    value: TargetValue = field(default_factory=TargetValue)
    # What the row's facts were computed from (its texts and the classifier): decisions that depend on
    # the row's text alone are cached under it (precedence.claims), as the facts themselves are.
    text_key: tuple[object, ...] = ()

    @property
    def polarity(self) -> str | None:
        """'positive', 'negative' or None: which way this row's target should point (domain.polarity)."""
        return polarity(self.name, self.level1, self.level2, self.value.unit)

    @property
    def label(self) -> str:
        return self.indicator.name.strip() or f"第{self.index + 1}行"


@dataclass
class SheetFacts:
    sheet: Sheet
    classifier: Classifier
    hints: Hints | None
    indicators: list[IndicatorFacts]
    funds: float | None  # 元; the total, else the fiscal part
    by_level2: dict[str | None, list[IndicatorFacts]] = field(default_factory=dict)
    previous: Sheet | None = None  # last year's sheet of the same project, when known (history.py)
    # Results several rules share (which rule claims a misplaced row …), by the function computing them.
    _once: dict[Callable[[SheetFacts], object], object] = field(default_factory=dict, repr=False)

    def once(self, compute: Callable[[SheetFacts], T]) -> T:
        """compute(self), computed on first use and shared by every rule that asks."""
        if compute not in self._once:
            self._once[compute] = compute(self)
        return cast(T, self._once[compute])

    @cached_property
    def goal_quantities(self) -> list[GoalQuantity]:
        return goal_quantities(self.sheet.annual_goal or "")

    @cached_property
    def has_descriptions(self) -> bool:
        return any((f.indicator.description or "").strip() for f in self.indicators)

    def in_level1(self, level1: str) -> list[IndicatorFacts]:
        return [f for f in self.indicators if f.level1 == level1]

    @property
    def year(self) -> int | None:
        return self.sheet.year or (self.sheet.end_date.year if self.sheet.end_date else None)


def analyse(
    sheet: Sheet, classifier: Classifier, hints: Hints | None, previous: Sheet | None = None
) -> SheetFacts:
    facts = [_indicator_facts(i, ind, classifier) for i, ind in enumerate(sheet.indicators)]
    by_level2: dict[str | None, list[IndicatorFacts]] = {}
    for f in facts:
        by_level2.setdefault(f.level2, []).append(f)
    return SheetFacts(sheet, classifier, hints, facts, funds_of(sheet), by_level2, previous)


def funds_of(sheet: Sheet) -> float | None:
    """A sheet's funds in 元: the total, else the fiscal part."""
    return (sheet.funds.total if sheet.funds.total else sheet.funds.fiscal) or None


def _indicator_facts(index: int, ind: Indicator, classifier: Classifier) -> IndicatorFacts:
    value = ind.value
    key = (
        ind.name,
        value.raw,
        value.kind,
        value.comparator,
        value.number,
        value.unit,
        value.deadline,
        ind.level1,
        ind.level2,
        ind.description,
        classifier.name,
    )
    text = _FACTS_CACHE.get(key)
    if text is None:
        text = _text_facts(ind, classifier)
        if len(_FACTS_CACHE) > 100_000:
            _FACTS_CACHE.clear()
        _FACTS_CACHE[key] = text
    # The frozen dataclass's __init__ sets its ~25 fields one by one through object.__setattr__; a
    # row's facts are the cached text facts plus four fields, so they are copied in one dict update
    # (the same object __init__ would build; a fifth of the critic's per-row time otherwise).
    facts = object.__new__(IndicatorFacts)
    facts.__dict__.update(vars(text), index=index, indicator=ind, value=value, text_key=key)
    return facts


# What an indicator's facts depend on is its text alone, and batches repeat the same boilerplate rows
# ("工作完成及时性 / 及时") thousands of times, so the text-derived part is computed once per process.
_FACTS_CACHE: dict[tuple[object, ...], TextFacts] = {}


_YES = re.compile(r"^(是|有|已完成|已实现|已达到|实现|达到)$")
_CLAIM_GROUPS = frozenset({1, 2, 6, 8})


def _yes_to_a_vague_claim(ind: Indicator, name: str, value: TargetValue) -> bool:
    """ "是" against a claim that names no criterion ("服务效率明显提升 / 是"): nothing to check. A yes is
    a fact only against a checkable question, or where the 指标解释 says what is checked."""
    if not _YES.match(squash(value.raw)) or squash(ind.description):
        return False
    group = lexicon.vague_group(name)
    # A direction, an intensifier, a guarantee or a macro effect is a claim; "配备到位 / 是" is a fact.
    return group is not None and group.number in _CLAIM_GROUPS


@dataclass(frozen=True)
class _Vague:
    empty_value: bool
    measurable: bool
    filler: bool
    time_row: bool
    level2: str | None
    group: VagueGroup | None


def _text_facts(ind: Indicator, classifier: Classifier) -> TextFacts:
    name = squash(ind.name)
    value = ind.value
    value_text = squash(value.raw)
    level1, level2 = normalize_pair(ind.level1, ind.level2)
    empty_name = not name or bool(_PLACEHOLDER_NAME.match(name))
    # A row a system filled with its defaults (三级 "0", 值 "0.00%") promises nothing: an empty value.
    placeholder_row = empty_name and value.kind is ValueKind.QUANTITATIVE and not value.number
    empty_value = value.kind is ValueKind.EMPTY or placeholder_row
    filler = (
        bool(value_text)
        and bool(lexicon.FILLER.match(value_text))
        and value.kind is not ValueKind.QUANTITATIVE
    )
    measurable = is_measurable(ind) and not placeholder_row and not _yes_to_a_vague_claim(ind, name, value)
    group = None if measurable or empty_value else lexicon.vague_group(value_text)
    time_row = level2 == tx.TIMELINESS or classifier.is_time_metric(name)
    return TextFacts(
        name=name,
        value_text=value_text,
        level1=level1,
        level2=level2,
        metric=metric_of(name),
        unit_family=unit_family(value.unit),
        empty_name=empty_name,
        empty_value=empty_value,
        placeholder_row=placeholder_row,
        filler=filler,
        graded=is_graded(ind),
        measurable=measurable,
        group=group,
        time_row=time_row,
        vague_rule=vague_owner(_Vague(empty_value, measurable, filler, time_row, level2, group)),
        kind=classifier.judge(name, value),
        process_slot=in_process_slot(ind.level1, ind.level2),
    )
