"""Past indicators whose *names* are closest to a name: a bigram inverted index ranked by Dice.

What the critic asks when it makes a rewrite concrete ("which measurable rows of past sheets are
called like this vague one, and what values did they use?"). Names are short, so the product's
one name similarity (assistant.text.dice) ranks them; the BM25/dense search of `Searcher` ranks
rows for a whole project text instead. Both live behind the retrieval index (`SimilarIndicators`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from assistant import taxonomy as tx
from assistant.domain import is_measurable
from assistant.schema import Sheet, ValueKind
from assistant.text import bigrams, squash


@dataclass(frozen=True)
class Example:
    """A measurable indicator from a past sheet."""

    name: str  # normalised (assistant.text.squash)
    level2: str
    value: str
    number: float | None
    unit: str | None
    comparator: str | None
    kind: ValueKind
    project: str
    similarity: float = 0.0


class NameIndex:
    """The measurable rows of some sheets, one example per (sheet, name, value), by name bigrams."""

    def __init__(self, sheets: Iterable[Sheet]) -> None:
        self.examples: list[Example] = []
        seen: set[tuple[str, str, str]] = set()  # one example per row of each sheet, so frequency counts
        for sheet in sheets:
            for ind in sheet.indicators:
                _, level2 = tx.normalize_pair(ind.level1, ind.level2)
                name = squash(ind.name)
                key = (sheet.id, name, ind.value.raw)
                if not level2 or not name or not is_measurable(ind) or key in seen:
                    continue
                seen.add(key)
                self.examples.append(
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
        index: dict[str, list[int]] = defaultdict(list)
        self._grams: list[frozenset[str]] = []
        for i, example in enumerate(self.examples):
            grams = bigrams(example.name)
            self._grams.append(grams)
            for gram in grams:
                index[gram].append(i)
        self._index = dict(index)

    def similar(
        self, name: str, level2: str | None = None, limit: int = 5, min_similarity: float = 0.0
    ) -> list[Example]:
        """Examples whose names are closest to `name` (Dice ≥ min_similarity), best first."""
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
            if score >= min_similarity:
                scored.append((score, i))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [replace(self.examples[i], similarity=round(s, 3)) for s, i in scored[:limit]]
