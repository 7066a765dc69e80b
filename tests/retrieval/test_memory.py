"""The in-memory lexical index the drafter uses: same search semantics, no vectors, no store on disk."""

from __future__ import annotations

from assistant.retrieval.memory import MemoryLexicalIndex
from assistant.retrieval.models import SearchFilters
from evals.gold import load_gold

SHEETS = [g.to_sheet() for g in load_gold()]


def test_a_query_finds_indicators_of_similar_projects() -> None:
    index = MemoryLexicalIndex(SHEETS)
    hits = index.search("人民调解 矛盾纠纷 调解案件", k=10)
    assert hits and any("调解" in h.indicator.name or "调解" in h.project_name for h in hits[:3])
    assert all(h.methods == ["lexical"] for h in hits)


def test_filters_exclude_sheets_and_keep_measurable_rows_only() -> None:
    index = MemoryLexicalIndex(SHEETS)
    excluded = SHEETS[0].id
    hits = index.search(
        SHEETS[0].project_name,
        k=40,
        filters=SearchFilters(exclude_sheet_ids=[excluded], measurable_only=True),
    )
    assert hits
    assert all(h.sheet_id != excluded for h in hits)
    assert all(h.indicator.value.measurable for h in hits)


def test_a_hit_leads_back_to_its_sheet() -> None:
    index = MemoryLexicalIndex(SHEETS)
    hit = index.search("法律援助", k=1)[0]
    sheet = index.get_sheet(hit.sheet_id)
    assert sheet is not None and hit.indicator.name in [i.name for i in sheet.indicators]
