"""The retrieval eval's bar: the hybrid beats each single method and twice the popularity baseline."""

from __future__ import annotations

from assistant.retrieval.index import RetrievalIndex
from evals import retrieval


def test_hybrid_recall_beats_each_method_and_twice_popularity(seed_index: RetrievalIndex) -> None:
    metrics = retrieval.run(seed_index)
    hybrid = metrics["hybrid"]["r20"]
    assert hybrid >= metrics["lexical"]["r20"]
    assert hybrid >= metrics["dense"]["r20"]
    assert hybrid >= 2 * metrics["popularity"]["r20"]
    assert hybrid <= metrics["ceiling"]
    for method in ("lexical", "dense", "hybrid"):
        assert set(metrics[method]) == {"r10", "r20", "r40", "p50_ms"}
