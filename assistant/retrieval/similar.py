"""The retrieval seam: what the drafter and the critic ask of an index of past sheets.

Implemented by the in-memory lexical index (`MemoryLexicalIndex`, built from the corpus in
milliseconds: the default for drafting and critique) and by the persistent Chroma index
(`RetrievalIndex`, where dense search is configured). The drafter asks `search` for the rows of
similar projects; the critic's hints ask `similar_names` for rows named like a vague one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.retrieval.models import Method, SearchFilters, SearchHit
from assistant.retrieval.name_index import Example
from assistant.schema import Sheet


class SimilarIndicators(Protocol):
    def search(
        self,
        query: str,
        k: int = 20,
        filters: SearchFilters | None = None,
        methods: Sequence[Method] = ("lexical",),
        distinct: bool = True,
    ) -> list[SearchHit]:
        """Indicators of past sheets most relevant to a project text; a method the index cannot
        run is refused with ValueError, never silently replaced."""
        ...

    def similar_names(
        self, name: str, level2: str | None = None, limit: int = 5, min_similarity: float = 0.0
    ) -> list[Example]:
        """Measurable past indicators whose names are closest to `name` (bigram Dice), best first."""
        ...

    def get_sheet(self, sheet_id: str) -> Sheet | None: ...

    def sheets(self) -> list[Sheet]:
        """Every sheet the index holds."""
        ...
