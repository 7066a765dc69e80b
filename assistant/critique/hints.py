"""Optional knowledge from past sheets that makes suggestions concrete.

The engine works without hints: a suggestion then leaves an explicit blank ("≤＿个工作日").
With hints it proposes the number similar past indicators used (the median of their values) and
borrows a measurable indicator name when the vague one has no metric of its own.

`Hints` is a protocol so the retrieval index can back it later; `CorpusHints` is the in-memory
version built from corpus/sheets.jsonl (or any list of sheets) with a bigram inverted index.
Everything it answers is cached, so critiquing thousands of sheets does not repeat the work.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant import taxonomy as tx
from assistant.critique.classifier import Classifier
from assistant.critique.ngram import NgramModel
from assistant.schema import Sheet, ValueKind
from assistant.text import bigrams, squash
from assistant.values import number_text, unit_family


@dataclass(frozen=True)
class Example:
    """A measurable indicator from a past sheet."""

    name: str
    level2: str
    value: str
    number: float | None
    unit: str | None
    comparator: str | None
    kind: ValueKind
    project: str
    similarity: float = 0.0


@dataclass(frozen=True)
class TypicalValue:
    comparator: str
    number: float
    unit: str
    support: int  # how many similar indicators agree on the unit

    def render(self) -> str:
        return f"{self.comparator}{number_text(self.number)}{self.unit}"


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


MIN_SIMILARITY = 0.35


@dataclass
class CorpusHints:
    examples: list[Example]
    _index: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _grams: list[frozenset[str]] = field(default_factory=list, repr=False)
    _similar_cache: dict[tuple[str, str | None, int], list[Example]] = field(default_factory=dict, repr=False)
    _typical_cache: dict[tuple[str, str | None, str], TypicalValue | None] = field(
        default_factory=dict, repr=False
    )
    _classifier: Classifier | None = field(default=None, repr=False)
    _labels: list[tuple[str, str]] = field(default_factory=list, repr=False)

    @classmethod
    def from_sheets(cls, sheets: Iterable[Sheet]) -> CorpusHints:
        examples: list[Example] = []
        labels: list[tuple[str, str]] = []
        seen: set[tuple[str, str, str]] = set()  # one example per row of each sheet, so frequency counts
        for sheet in sheets:
            for ind in sheet.indicators:
                _, level2 = tx.normalize_pair(ind.level1, ind.level2)
                name = squash(ind.name)
                if not level2 or not name:
                    continue
                labels.append((name, level2))
                key = (sheet.id, name, ind.value.raw)
                if not ind.value.measurable or key in seen:
                    continue
                seen.add(key)
                examples.append(
                    Example(
                        name=name,
                        level2=level2,
                        value=ind.value.raw.strip(),
                        number=ind.value.number,
                        unit=ind.value.unit,
                        comparator=ind.value.comparator,
                        kind=ind.value.kind,
                        project=sheet.project_name,
                    )
                )
        hints = cls(examples)
        hints._labels = labels
        index: dict[str, list[int]] = defaultdict(list)
        for i, example in enumerate(examples):
            grams = bigrams(example.name)
            hints._grams.append(grams)
            for gram in grams:
                index[gram].append(i)
        hints._index = dict(index)
        return hints

    def similar(self, name: str, level2: str | None = None, limit: int = 5) -> list[Example]:
        key = (name, level2, limit)
        cached = self._similar_cache.get(key)
        if cached is not None:
            return cached
        query = bigrams(squash(name))
        shared: Counter[int] = Counter()
        for gram in query:
            for i in self._index.get(gram, ()):
                shared[i] += 1
        scored: list[tuple[float, int]] = []
        for i, count in shared.items():
            if level2 and self.examples[i].level2 != level2:
                continue
            score = 2 * count / (len(query) + len(self._grams[i]))
            if score >= MIN_SIMILARITY:
                scored.append((score, i))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        result = [_with_similarity(self.examples[i], s) for s, i in scored[:limit]]
        self._similar_cache[key] = result
        return result

    def typical(self, name: str, level2: str | None, family: str) -> TypicalValue | None:
        key = (name, level2, family)
        if key in self._typical_cache:
            return self._typical_cache[key]
        matches = [
            e
            for e in self.similar(name, level2, limit=12)
            if e.number is not None and unit_family(e.unit) == family and e.unit
        ]
        result = None
        if matches:
            unit, support = Counter(e.unit for e in matches).most_common(1)[0]
            numbers = [e.number for e in matches if e.unit == unit and e.number is not None]
            comparators = Counter(e.comparator for e in matches if e.unit == unit and e.comparator)
            comparator = comparators.most_common(1)[0][0] if comparators else "≥"
            # median_low: propose a value some past sheet actually used, not an average of two.
            result = TypicalValue(comparator, float(statistics.median_low(numbers)), unit, support)
        self._typical_cache[key] = result
        return result

    def classifier(self) -> Classifier | None:
        if self._classifier is None and self._labels:
            self._classifier = Classifier(ngram=NgramModel.train(self._labels))
        return self._classifier


def _with_similarity(example: Example, similarity: float) -> Example:
    return Example(**{**example.__dict__, "similarity": round(similarity, 3)})


_DEFAULT: dict[tuple[str, float], CorpusHints | None] = {}


def default_hints(path: str | Path | None = None) -> CorpusHints | None:
    """Hints from corpus/sheets.jsonl when it exists (loaded once per process), else None."""
    from assistant.config import corpus_path
    from assistant.corpus import load_corpus

    target = Path(path) if path else corpus_path()
    try:
        stamp = target.stat().st_mtime
    except OSError:
        return None
    key = (str(target), stamp)
    if key not in _DEFAULT:
        try:
            _DEFAULT[key] = CorpusHints.from_sheets(load_corpus(target))
        except Exception:  # a broken corpus must not stop a critique: fall back to blanks
            _DEFAULT[key] = None
    return _DEFAULT[key]
