"""The drafter's source of similar past rows, over the real corpus (corpus/sheets.jsonl)."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.drafting import draft
from assistant.drafting.relevance import Vocabulary
from assistant.drafting.retrieval_source import RetrievalSource
from assistant.retrieval.memory import corpus_lexical_index
from assistant.schema import DraftRequest, ValueBasis

LEGAL_AID = "法律援助工作经费。全年办理法律援助案件900件，受援人满意度不低于90%，年度资金60万元。"
UNRELATED = "为全区养老院更换电梯12部，年度资金360万元。"


@pytest.fixture(scope="module")
def source() -> RetrievalSource:
    return RetrievalSource(corpus_lexical_index(), ("lexical",))


def test_similar_projects_lend_measurable_rows_with_their_provenance(source: RetrievalSource) -> None:
    rows = source.similar_indicators(LEGAL_AID, k=40)
    corpus_ids = {s.id for s in load_corpus()}
    assert rows
    for row in rows:
        assert row.value.measurable, row
        assert row.provenance is not None and row.provenance.sheet_id in corpus_ids
        assert row.provenance.basis is ValueBasis.SIMILAR and row.provenance.needs_confirmation
    assert any("援助" in (row.provenance.project_name or "") for row in rows)


def test_a_project_unlike_any_in_the_corpus_borrows_nothing(source: RetrievalSource) -> None:
    assert source.similar_indicators(UNRELATED, k=40) == []


def test_its_draft_says_that_no_similar_sheet_was_found(source: RetrievalSource) -> None:
    result = draft(DraftRequest(description=UNRELATED, year=2025), source=source, backend="offline")
    bases = {i.provenance.basis for i in result.sheet.indicators if i.provenance}
    assert ValueBasis.SIMILAR not in bases
    assert any("没有与本项目相近" in notice for notice in result.notices)
    assert any("12" in i.value.raw for i in result.sheet.indicators)  # its own number is still there


def test_budget_framing_is_no_evidence_that_two_projects_are_alike() -> None:
    sheets = load_corpus()
    vocabulary = Vocabulary(sheets)
    framing_only = "全区年度资金专项工作经费，开展项目建设，提高工作水平。"
    assert not any(vocabulary.shared_terms(framing_only, s.id) for s in sheets)
    legal_aid = next(s for s in sheets if "法律援助" in s.project_name)
    assert {"律援", "援助"} <= vocabulary.shared_terms(LEGAL_AID, legal_aid.id)
