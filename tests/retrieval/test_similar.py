"""One retrieval seam (`SimilarIndicators`) behind the drafter's search and the critic's hints."""

from __future__ import annotations

import pytest

from assistant import taxonomy as tx
from assistant.critique.hints import CorpusHints, default_hints
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.memory import MemoryLexicalIndex, corpus_lexical_index
from assistant.schema import Sheet

NAMES = ("工作完成及时性", "调解成功率", "法律援助案件数量", "服务对象满意度")


def test_the_in_memory_index_refuses_a_method_it_cannot_run(seed_sheets: list[Sheet]) -> None:
    index = MemoryLexicalIndex(seed_sheets)
    assert index.search("人民调解", k=3, methods=("lexical",))
    with pytest.raises(ValueError, match="dense"):
        index.search("人民调解", k=3, methods=("lexical", "dense"))


def test_the_chroma_index_and_the_memory_index_give_the_critic_the_same_examples(
    seed_index: RetrievalIndex, seed_sheets: list[Sheet]
) -> None:
    on_disk, in_memory = CorpusHints(seed_index), CorpusHints.from_sheets(seed_sheets)
    for name in NAMES:
        assert on_disk.similar(name, limit=8) == in_memory.similar(name, limit=8)
        assert on_disk.typical(name, None, "percent") == in_memory.typical(name, None, "percent")
    assert on_disk.similar("工作完成及时性", tx.TIMELINESS)  # the seeds have such rows


def test_hints_examples_are_measurable_rows_ranked_by_name_similarity(seed_sheets: list[Sheet]) -> None:
    examples = CorpusHints.from_sheets(seed_sheets).similar("调解成功率", limit=5)
    assert examples and all(e.similarity >= 0.35 for e in examples)
    assert [e.similarity for e in examples] == sorted((e.similarity for e in examples), reverse=True)


def test_the_critic_and_the_drafter_share_the_corpus_index(seed_jsonl) -> None:
    hints = default_hints(seed_jsonl)
    assert hints is not None and hints.index is corpus_lexical_index(seed_jsonl)
