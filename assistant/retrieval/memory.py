"""A lexical-only index held in memory, built from sheets in milliseconds, with no embedding.

The drafter searches lexically (evals/draft.py measured the same recall as hybrid at a fraction
of the latency), so it need not wait for the Chroma store's vectors on a fresh machine. This is
the same LexicalIndex and Searcher the persistent index uses; only the store is replaced by the
sheets themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.retrieval.documents import documents_of
from assistant.retrieval.hybrid import Searcher
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import Method, SearchFilters, SearchHit
from assistant.retrieval.name_index import Example, NameIndex
from assistant.schema import Sheet


class _Metadata:
    """Indicator metadata by key, as Searcher asks a store for it when it turns ranked rows into hits."""

    def __init__(self, metadata: dict[str, dict[str, Any]]) -> None:
        self._metadata = metadata

    def indicator_metadata(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {key: self._metadata[key] for key in keys if key in self._metadata}


class MemoryLexicalIndex:
    """`SimilarIndicators` over sheets held in memory: the lexical method, and names by Dice.

    The name index is built at once (bigrams of every name: milliseconds); the BM25 index on the
    first search, so the critic's hints, which never search, do not pay for it.
    """

    METHODS: tuple[Method, ...] = ("lexical",)

    def __init__(self, sheets: Sequence[Sheet]) -> None:
        self._sheets = {sheet.id: sheet for sheet in sheets}
        self._searcher: Searcher | None = None
        self._names = NameIndex(self._sheets.values())

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            documents = [documents_of(sheet) for sheet in self._sheets.values()]
            lexical = LexicalIndex.build(
                [d.sheet for d in documents], [r for d in documents for r in d.indicators]
            )
            metadata = {r.key: dict(r.metadata) for d in documents for r in d.indicators}
            self._searcher = Searcher(lexical, metadata=_Metadata(metadata))
        return self._searcher

    def search(
        self,
        query: str,
        k: int = 20,
        filters: SearchFilters | None = None,
        methods: Sequence[Method] = ("lexical",),
        distinct: bool = True,
    ) -> list[SearchHit]:
        refused = [m for m in methods if m not in self.METHODS]
        if refused or not methods:
            raise ValueError(f"the in-memory index searches {self.METHODS} only, not {tuple(methods)}")
        return self.searcher.search(query, k=k, filters=filters, methods=methods, distinct=distinct)

    def similar_names(
        self, name: str, level2: str | None = None, limit: int = 5, min_similarity: float = 0.0
    ) -> list[Example]:
        return self._names.similar(name, level2, limit, min_similarity)

    def get_sheet(self, sheet_id: str) -> Sheet | None:
        return self._sheets.get(sheet_id)

    def sheets(self) -> list[Sheet]:
        return list(self._sheets.values())


_cache: dict[tuple[str, int], MemoryLexicalIndex] = {}


def corpus_lexical_index(path: str | Path | None = None) -> MemoryLexicalIndex:
    """The in-memory lexical index of corpus/sheets.jsonl, rebuilt when the file changes."""
    from assistant.config import corpus_path
    from assistant.corpus import load_corpus

    target = Path(path) if path else corpus_path()
    key = (str(target.resolve()), target.stat().st_mtime_ns)  # raises FileNotFoundError when missing
    if key not in _cache:
        _cache.clear()
        _cache[key] = MemoryLexicalIndex(load_corpus(target))
    return _cache[key]
