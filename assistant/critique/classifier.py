"""Where an indicator belongs, from what it is: the critic's category judgement.

Two layers:
- **The kind** of a row (kinds.judge: a count, a rate of quality, a time, a cost, a budget-execution
  or process item, an input, a benefit, a satisfaction survey), from hand-written cues in
  assistant/data/critique_kinds.yaml. The misplacement rules (precedence.CLAIMS) compare it with
  where the sheet files the row.
- **predict()**: a scored vote for the 二级 a row belongs in (the target of a move, the 二级 of a row
  that has none): the kind's home, the value's form, the name endings learned from labelled sheets
  (learned.py) and, when a corpus is loaded, a char-n-gram model of where past sheets filed such
  names (hints.py).

Nothing here names a project or a sheet: the cues are about how indicator names are formed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.critique import kinds
from assistant.critique.kinds import Judgement, Kind
from assistant.critique.learned import LearnedEndings, shipped_endings
from assistant.critique.ngram import NgramModel
from assistant.values import TargetValue, ValueKind, count_unit_of, unit_family

STRONG_VOTE = 3.0  # a defining cue of the row's kind
WEAK_VOTE = 1.5  # a suggestive cue
LEARNED_VOTE = 2.0  # × the learned ending's purity


@dataclass(frozen=True)
class Prediction:
    level2: str | None
    score: float
    margin: float  # score of the winner minus the runner-up
    reason: str  # the strongest cue, for messages


@dataclass
class Classifier:
    """The category judgement. `learned` defaults to the shipped table; evals pass one per fold."""

    learned: LearnedEndings | None = field(default_factory=shipped_endings)
    ngram: NgramModel | None = None
    ngram_weight: float = 1.0
    name: str = "default"  # distinguishes classifiers in the per-process caches
    _cache: dict[tuple[str, str], Prediction] = field(default_factory=dict, repr=False)

    # -- what a row is ------------------------------------------------------------------------
    def judge(self, name: str, value: TargetValue | None = None) -> Judgement:
        return kinds.judge(name, value)

    def is_time_metric(self, name: str) -> bool:
        """A timeliness metric by its name (及时率, 完成时间, 时限 …): such rows belong in 时效."""
        judgement = kinds.judge(name)
        return judgement.kind is Kind.TIME and judgement.strong

    def has_time_words(self, name: str) -> bool:
        return bool(kinds.kind_table().time_words.search(name))

    def is_satisfaction(self, name: str) -> bool:
        return kinds.judge(name).kind is Kind.SATISFACTION

    def is_output_count(self, name: str) -> bool:
        return kinds.is_output_count(name)

    def is_cost(self, name: str, value: TargetValue) -> bool:
        if kinds.kind_table().cost_words.search(name):
            return True
        return unit_family(value.unit) == "money"

    # -- 二级 prediction ------------------------------------------------------------------------
    def predict(
        self, name: str, value: TargetValue | None = None, exclude: tuple[str, ...] = ()
    ) -> Prediction:
        """The most likely 二级 for an indicator; `exclude` removes 二级 it must not be (e.g. where it sits)."""
        value = value or TargetValue()
        key = (name, f"{value.raw}|{'/'.join(exclude)}")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        prediction = self._predict(name, value, exclude)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = prediction
        return prediction

    def _predict(self, name: str, value: TargetValue, exclude: tuple[str, ...]) -> Prediction:
        scores: dict[str, float] = {}
        reasons: dict[str, tuple[float, str]] = {}

        def vote(level2: str | None, weight: float, reason: str) -> None:
            if not level2 or weight <= 0:
                return
            scores[level2] = scores.get(level2, 0.0) + weight
            if weight > reasons.get(level2, (0.0, ""))[0]:
                reasons[level2] = (weight, reason)

        judgement = kinds.judge(name, value)
        vote(judgement.home, STRONG_VOTE if judgement.strong else WEAK_VOTE, judgement.cue)
        # A second look with the name alone: a value-decided kind must not hide what the name says.
        if judgement.by_value:
            by_name = kinds.judge(name)
            vote(by_name.home, STRONG_VOTE if by_name.strong else WEAK_VOTE, by_name.cue)
        for level2, weight in _value_cues(value):
            vote(level2, weight, value.raw)
        if self.learned is not None and (found := self.learned.lookup(name)) is not None:
            ending, learned = found
            vote(learned.level2, LEARNED_VOTE * learned.purity, ending)
        if self.ngram and self.ngram_weight:
            for level2, p in self.ngram.probabilities(name).items():
                vote(level2, self.ngram_weight * p, name)
        for level2 in exclude:
            scores.pop(level2, None)
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] <= 0:
            return Prediction(None, 0.0, 0.0, "")
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return Prediction(best, score, score - runner_up, reasons.get(best, (0.0, ""))[1])


def _value_cues(value: TargetValue) -> list[tuple[str, float]]:
    unit = value.unit or ""
    if value.kind is ValueKind.DEADLINE:
        return [(tx.TIMELINESS, 1.0)]
    if value.kind is not ValueKind.QUANTITATIVE:
        return []
    family = unit_family(unit)
    if family == "money":
        return [(tx.LEGACY_COST, 1.5)]
    if unit.startswith("%") or unit == "个百分点":
        return [(tx.QUALITY, 0.5)]
    if family == "count" and count_unit_of(unit, ""):  # a measure word: 件, 人次, 台, 株, 平方米 …
        return [(tx.QUANTITY, 1.0)]
    return []


_DEFAULT: Classifier | None = None


def default_classifier() -> Classifier:
    """The shared classifier (kind cues and the shipped learned endings; hints may add an n-gram model)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Classifier()
    return _DEFAULT
