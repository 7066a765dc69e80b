"""Hybrid search: lexical and dense evidence at the sheet and the indicator level, fused by weighted RRF.

Measured on the seeds' leave-one-out task (`python -m evals retrieval`; R@20, Dice ≥ 0.6):
- Sheet-level evidence is the strongest signal: a past sheet whose name and goals resemble the
  query tends to set the indicators the query's project needs (lexical sheet-only 0.380 vs
  indicator-only 0.258). Within one method the two levels are added as z-normalised scores
  (sheet 1.0, indicator 0.5), since every indicator has both: lexical two-level 0.399.
- Across methods the rankings are fused by reciprocal rank fusion, lexical weighted 3:1 over dense
  because char-n-gram BM25 clearly beats the small multilingual model here (dense two-level 0.284).
  Plain 1:1 RRF lost 4.5 points (0.354); 3:1 gives 0.389–0.391. On this name-overlap metric dense
  adds nothing measurable (it cannot reward paraphrases, which are its strength); it is kept at a
  low weight for short and paraphrased queries, which the metric does not cover.
Tried and not kept (each within noise or worse): TF-IDF char 1–3 (0.384 two-level); a z-score
sum across methods (0.394–0.400: equal within noise, but it needs every candidate's dense score,
and an ANN index only returns its top n, while RRF needs ranks only); splitting the query's goals into clauses (+0.008 lexical indicator
level, +0.01–0.03 dense sheet level), log-sum-exp aggregation of same-name hits (+0.005).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.retrieval.documents import indicator_from_metadata
from assistant.retrieval.embeddings import Embedding
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import Level, Method, SearchFilters, SearchHit
from assistant.retrieval.store import Neighbour, VectorStore, Where

ALL_METHODS: tuple[Method, ...] = ("lexical", "dense")
ALL_LEVELS: tuple[Level, ...] = ("sheet", "indicator")


@dataclass(frozen=True)
class Fusion:
    sheet_weight: float = 1.0  # within a method: weight of the sheet's similarity to the query
    indicator_weight: float = 0.5  # … and of the indicator's own similarity
    lexical_weight: float = 3.0  # across methods: weighted RRF
    dense_weight: float = 1.0
    rrf_k: int = 60
    depth: int = 200  # candidates taken from each method before fusion
    dense_sheets: int = 50  # nearest sheets whose indicators become dense candidates


def zscore(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """(x - mean) / std over the masked entries; all zeros when the scores carry no information."""
    values = np.asarray(values, dtype=np.float64)
    sample = values[mask] if mask is not None else values
    if sample.size == 0:
        return np.zeros_like(values)
    std = float(sample.std())
    if std == 0.0:
        return np.zeros_like(values)
    return (values - float(sample.mean())) / std


def weighted_rrf(rankings: Sequence[tuple[Sequence[int], float]], k: int = 60) -> dict[int, float]:
    """Σ weight / (k + rank) over the rankings that contain an item (rank is 1-based)."""
    fused: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def _spread(values: np.ndarray, mask: np.ndarray | None) -> float:
    """The standard deviation over the masked entries (1.0 when there is no spread)."""
    sample = values if mask is None else values[mask]
    std = float(sample.std()) if sample.size else 0.0
    return std if std > 0.0 else 1.0


def _top(scores: np.ndarray, allowed: np.ndarray, n: int) -> list[int]:
    if not allowed.all():
        scores = np.where(allowed, scores, -np.inf)
    n = min(n, int(allowed.sum()))
    if n <= 0:
        return []
    candidates = np.argpartition(-scores, n - 1)[:n] if n < scores.size else np.arange(scores.size)
    order = np.lexsort((candidates, -scores[candidates]))  # score desc, then row for a stable order
    return [int(c) for c in candidates[order]]


def _where(filters: SearchFilters, *, for_sheets: bool) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if filters.year is not None:
        clauses.append({"year": filters.year})
    if filters.exclude_sheet_ids:
        clauses.append({"sheet_id": {"$nin": list(filters.exclude_sheet_ids)}})
    if not for_sheets:
        if filters.level2:
            clauses.append({"level2": filters.level2})
        if filters.measurable_only:
            clauses.append({"measurable": True})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class MetadataLookup(Protocol):
    def indicator_metadata(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]: ...


class Searcher:
    """Ranks the indicators of a lexical index (and its Chroma store, for the dense method)."""

    def __init__(
        self,
        lexical: LexicalIndex,
        store: VectorStore | None = None,
        embedding: Embedding | None = None,
        fusion: Fusion | None = None,
        metadata: MetadataLookup | None = None,
    ) -> None:
        self.lexical = lexical
        self.store = store
        # Where hits get their indicator back: the store, or metadata held in memory (lexical only).
        self.metadata: MetadataLookup | None = metadata or store
        self.embedding = embedding or (store.embedding if store else None)
        self.fusion = fusion or Fusion()

    # --- masks --------------------------------------------------------------------------------

    def _kept_sheets(self, filters: SearchFilters) -> np.ndarray:
        keep = np.ones(len(self.lexical.sheets.keys), dtype=bool)
        if filters.exclude_sheet_ids:
            keep[self.lexical.sheet_rows_with_ids(filters.exclude_sheet_ids)] = False
        return keep

    def _allowed(self, filters: SearchFilters, kept_sheets: np.ndarray) -> np.ndarray:
        table = self.lexical.indicators
        allowed = kept_sheets[table.sheet_row]
        if filters.level2:
            code = self.lexical.level2_code(filters.level2)
            allowed &= table.level2 == code if code is not None else False
        if filters.measurable_only:
            allowed &= table.measurable
        if filters.year is not None:
            allowed &= table.year == filters.year
        return allowed

    # --- one method each ----------------------------------------------------------------------

    def lexical_ranking(
        self, query: str, allowed: np.ndarray, kept_sheets: np.ndarray, levels: Sequence[Level]
    ) -> list[int]:
        # z-normalised sum of the two levels. Subtracting the means shifts every indicator alike, so
        # only the spreads are applied: the ranking is the same and 1M-long arrays are touched less.
        table = self.lexical.indicators
        everything = bool(kept_sheets.all())
        score = np.zeros(len(table.keys), dtype=np.float32)
        if "sheet" in levels:
            sheet = self.lexical.sheet_scores(query)
            spread = _spread(sheet, None if everything else kept_sheets)
            score += (self.fusion.sheet_weight / spread) * sheet[table.sheet_row]
        if "indicator" in levels:
            indicator = self.lexical.indicator_scores(query)
            spread = _spread(indicator, None if everything else kept_sheets[table.sheet_row])
            score += (self.fusion.indicator_weight / spread) * indicator
        return _top(score, allowed, self.fusion.depth)

    def query_vector(self, query: str) -> np.ndarray:
        if self.embedding is None:
            raise RuntimeError("dense search needs an embedding")
        return np.asarray(self.embedding.embed_query([query])[0], dtype=np.float32)

    def dense_ranking(
        self,
        vector: np.ndarray,
        filters: SearchFilters,
        allowed: np.ndarray,
        kept_sheets: np.ndarray,
        levels: Sequence[Level],
        k: int,
    ) -> list[int]:
        if self.store is None:
            return []
        lexical = self.lexical
        depth = self.fusion.depth
        indicator_sim: dict[int, float] = {}
        sheet_sim: dict[int, float] = {}
        if "indicator" in levels:
            indicator_sim = self._neighbours(
                self.store.nearest_indicators,
                lexical.indicator_row,
                vector,
                depth,
                allowed,
                filters,
                k,
                False,
            )
        if "sheet" in levels:
            sheet_allowed = kept_sheets
            if filters.year is not None:
                sheet_allowed = sheet_allowed & (lexical.sheets.year == filters.year)
            sheet_sim = self._neighbours(
                self.store.nearest_sheets,
                lexical.sheet_row,
                vector,
                self.fusion.dense_sheets,
                sheet_allowed,
                filters,
                1,
                True,
            )
        candidates = set(indicator_sim)
        if sheet_sim:
            rows = lexical.rows_of_sheets(list(sheet_sim))
            candidates.update(int(r) for r in rows[allowed[rows]])
        if not candidates:
            return []
        rows = np.fromiter(candidates, dtype=np.int64)
        score = np.zeros(len(rows))
        if "sheet" in levels and sheet_sim:
            floor = min(sheet_sim.values())  # a sheet not among the nearest is at most this similar
            sheet_rows = lexical.indicators.sheet_row[rows]
            score += self.fusion.sheet_weight * np.array([sheet_sim.get(int(s), floor) for s in sheet_rows])
        if "indicator" in levels and indicator_sim:
            floor = min(indicator_sim.values())
            score += self.fusion.indicator_weight * np.array([indicator_sim.get(int(r), floor) for r in rows])
        order = np.lexsort((rows, -score))[:depth]
        return [int(r) for r in rows[order]]

    def _neighbours(
        self,
        nearest: Callable[[np.ndarray, int, Where], list[Neighbour]],
        row_of: Callable[[str], int | None],
        vector: np.ndarray,
        n: int,
        allowed: np.ndarray,
        filters: SearchFilters,
        at_least: int,
        for_sheets: bool,
    ) -> dict[int, float]:
        """Nearest rows that pass the filters: post-filtered first, Chroma's `where` only as a fallback.

        Chroma's filtered search is slow at scale (100k indicators: 80–390 ms against 3 ms unfiltered,
        see evals/bench_retrieval.py), so ask for more neighbours without a filter and drop the rows the
        table rules out; only when too few survive (a selective filter) let Chroma filter.
        """
        filtered = not bool(allowed.all())
        found: dict[int, float] = {}
        for hit in nearest(vector, 2 * n if filtered else n, None):
            row = row_of(hit.key)
            if row is not None and allowed[row] and len(found) < n:
                found[row] = hit.similarity
        if filtered and len(found) < at_least:
            for hit in nearest(vector, n, _where(filters, for_sheets=for_sheets)):
                row = row_of(hit.key)
                if row is not None and allowed[row]:
                    found.setdefault(row, hit.similarity)
        return found

    # --- the search ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 20,
        filters: SearchFilters | None = None,
        methods: Sequence[Method] = ALL_METHODS,
        levels: Sequence[Level] = ALL_LEVELS,
        distinct: bool = True,
        query_vector: np.ndarray | None = None,
    ) -> list[SearchHit]:
        """The k best indicators for `query`. With `distinct`, one hit per normalised indicator name."""
        filters = filters or SearchFilters()
        if not query.strip() or len(self.lexical) == 0 or k <= 0:
            return []
        kept_sheets = self._kept_sheets(filters)
        allowed = self._allowed(filters, kept_sheets)
        rankings: dict[Method, list[int]] = {}
        if "lexical" in methods:
            rankings["lexical"] = self.lexical_ranking(query, allowed, kept_sheets, levels)
        if "dense" in methods and self.store is not None:
            vector = query_vector if query_vector is not None else self.query_vector(query)
            rankings["dense"] = self.dense_ranking(vector, filters, allowed, kept_sheets, levels, k)
        weights = {"lexical": self.fusion.lexical_weight, "dense": self.fusion.dense_weight}
        fused = weighted_rrf([(ranking, weights[m]) for m, ranking in rankings.items()], self.fusion.rrf_k)
        order = sorted(fused, key=lambda row: (-fused[row], row))
        ranks = {
            m: {row: rank for rank, row in enumerate(ranking, start=1)} for m, ranking in rankings.items()
        }
        chosen: list[int] = []
        folded: dict[int, int] = {}
        if distinct:
            first_of_name: dict[int, int] = {}
            for row in order:
                name = int(self.lexical.indicators.name[row])
                if name in first_of_name:
                    folded[first_of_name[name]] += 1
                    continue
                if len(chosen) < k:
                    first_of_name[name] = row
                    folded[row] = 0
                    chosen.append(row)
        else:
            chosen = order[:k]
        return self._hits(chosen, fused, ranks, folded)

    def _hits(
        self,
        rows: list[int],
        fused: dict[int, float],
        ranks: dict[Method, dict[int, int]],
        folded: dict[int, int],
    ) -> list[SearchHit]:
        if not rows or self.metadata is None:
            return []
        keys = [self.lexical.indicators.keys[row] for row in rows]
        metadata = self.metadata.indicator_metadata(keys)
        hits = []
        for row, key in zip(rows, keys, strict=True):
            meta = metadata.get(key)
            if meta is None:
                continue
            found = {m: r[row] for m, r in ranks.items() if row in r}
            hits.append(
                SearchHit(
                    indicator=indicator_from_metadata(meta),
                    key=key,
                    sheet_id=str(meta.get("sheet_id", "")),
                    project_name=str(meta.get("project_name", "")),
                    year=int(meta["year"]) if "year" in meta else None,
                    department=str(meta["department"]) if "department" in meta else None,
                    score=round(fused[row], 6),
                    methods=[m for m in ("lexical", "dense") if m in found],
                    ranks=found,
                    same_name_hits=folded.get(row, 0),
                )
            )
        return hits
