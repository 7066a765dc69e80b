"""Optional knowledge from past sheets that makes suggestions concrete.

The engine works without hints: a suggestion then leaves an explicit blank ("≤＿个工作日").
With hints it proposes the number similar past indicators used (the median of their values) and
borrows a measurable indicator name when the vague one has no metric of its own.

`Hints` is the protocol the rules read; `CorpusHints` answers it from the retrieval index
(`SimilarIndicators`: by default the in-memory index of corpus/sheets.jsonl that the drafter
searches too; the Chroma index works the same). Everything it answers is cached, so critiquing
thousands of sheets does not repeat the work.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant import taxonomy as tx
from assistant.critique.classifier import Classifier
from assistant.critique.history import PreviousSheets
from assistant.critique.ngram import NgramModel
from assistant.retrieval.memory import MemoryLexicalIndex, corpus_lexical_index
from assistant.retrieval.name_index import Example
from assistant.retrieval.similar import SimilarIndicators
from assistant.schema import Sheet
from assistant.text import squash
from assistant.values import number_text, unit_family


@dataclass(frozen=True)
class TypicalValue:
    comparator: str
    number: float
    unit: str
    support: int  # how many similar indicators agree on the unit

    def render(self) -> str:
        # "≥100%" promises more than everything (R10): a full rate is written "=100%".
        comparator = "=" if self.unit.startswith("%") and self.number >= 100 else self.comparator
        return f"{comparator}{number_text(self.number)}{self.unit}"


class Hints(Protocol):
    def similar(self, name: str, level2: str | None = None, limit: int = 5) -> list[Example]:
        """Measurable past indicators whose names are closest to `name` (optionally in one 二级)."""
        ...

    def typical(self, name: str, level2: str | None, family: str) -> TypicalValue | None:
        """The value similar past indicators used, for one unit family (percent/time/count/money)."""
        ...

    def classifier(self) -> Classifier | None:
        """A classifier that also knows the corpus (n-gram prior), or None for the default one."""
        ...

    def previous_of(self, sheet: Sheet) -> Sheet | None:
        """The same unit's same project of an earlier year in the corpus, or None (history.py)."""
        ...


MIN_SIMILARITY = 0.35


@dataclass
class CorpusHints:
    """`Hints` answered by a retrieval index of past sheets."""

    index: SimilarIndicators
    _similar_cache: dict[tuple[str, str | None, int], list[Example]] = field(default_factory=dict, repr=False)
    _typical_cache: dict[tuple[str, str | None, str], TypicalValue | None] = field(
        default_factory=dict, repr=False
    )
    _classifier: Classifier | None = field(default=None, repr=False)
    _previous: PreviousSheets | None = field(default=None, repr=False)

    @classmethod
    def from_sheets(cls, sheets: Iterable[Sheet]) -> CorpusHints:
        return cls(MemoryLexicalIndex(list(sheets)))

    def similar(self, name: str, level2: str | None = None, limit: int = 5) -> list[Example]:
        key = (name, level2, limit)
        cached = self._similar_cache.get(key)
        if cached is None:
            cached = self.index.similar_names(name, level2, limit, MIN_SIMILARITY)
            self._similar_cache[key] = cached
        return cached

    def typical(self, name: str, level2: str | None, family: str) -> TypicalValue | None:
        key = (name, level2, family)
        if key in self._typical_cache:
            return self._typical_cache[key]
        matches = [
            e
            for e in self.similar(name, level2, limit=12)
            if e.number is not None and e.unit and unit_family(e.unit) == family
        ]
        result = None
        if matches:
            unit, support = Counter(e.unit or "" for e in matches).most_common(1)[0]
            numbers = [e.number for e in matches if e.unit == unit and e.number is not None]
            comparators = Counter(e.comparator for e in matches if e.unit == unit and e.comparator)
            comparator = comparators.most_common(1)[0][0] if comparators else "≥"
            # median_low: propose a value some past sheet actually used, not an average of two.
            result = TypicalValue(comparator, float(statistics.median_low(numbers)), unit, support)
        self._typical_cache[key] = result
        return result

    def classifier(self) -> Classifier | None:
        """The default cues with an n-gram prior trained on the 二级 labels of every past row."""
        if self._classifier is None:
            labels = [
                (name, level2)
                for sheet in self.index.sheets()
                for ind in sheet.indicators
                if (level2 := tx.normalize_pair(ind.level1, ind.level2)[1]) and (name := squash(ind.name))
            ]
            if labels:
                # The name keys the per-row caches (critique.analysis): a classifier trained on other
                # labels (the corpus changed) must not reuse the rows decided by this one.
                digest = hashlib.sha1(repr(sorted(labels)).encode("utf-8")).hexdigest()[:12]
                self._classifier = Classifier(ngram=NgramModel.train(labels), name=f"corpus:{digest}")
        return self._classifier

    def previous_of(self, sheet: Sheet) -> Sheet | None:
        if self._previous is None:
            self._previous = PreviousSheets(self.index.sheets())
        return self._previous.previous_of(sheet)


_DEFAULT: dict[tuple[str, float], CorpusHints | None] = {}


def default_hints(path: str | Path | None = None) -> CorpusHints | None:
    """Hints from corpus/sheets.jsonl when it exists (loaded once per process), else None.

    Backed by the same in-memory index the drafter searches (retrieval.memory.corpus_lexical_index).
    """
    from assistant.config import corpus_path

    target = Path(path) if path else corpus_path()
    try:
        stamp = target.stat().st_mtime
    except OSError:
        return None
    key = (str(target), stamp)
    if key not in _DEFAULT:
        try:
            _DEFAULT[key] = CorpusHints(corpus_lexical_index(target))
        except Exception:  # a broken corpus must not stop a critique: fall back to blanks
            _DEFAULT[key] = None
    return _DEFAULT[key]
