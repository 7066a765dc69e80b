"""The drafter's source of similar past rows, over the real corpus (corpus/sheets.jsonl)."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.drafting import draft
from assistant.drafting.relevance import Vocabulary
from assistant.drafting.retrieval_source import RetrievalSource
from assistant.retrieval.memory import corpus_lexical_index
from assistant.schema import DraftRequest, Sheet, ValueBasis

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


def _sheet(name: str, goal: str, unit: str | None = None) -> Sheet:
    return Sheet(project_name=name, overall_goal=goal, implementing_unit=unit)


def test_a_row_about_its_own_projects_things_is_foreign_to_another_project() -> None:
    own = _sheet("先行调解案件增量辅助工作政府购买服务", "协助法院开展先行调解案件增量辅助工作")
    others = [
        _sheet(f"项目{n}", text)
        for n, text in enumerate(("法律援助办案", "普法宣传活动", "社区矫正监管", "律师行业管理"))
    ]
    vocabulary = Vocabulary([own, *others])
    row = "先行调解案件增量辅助完成率"
    assert len(vocabulary.foreign_terms(row, "招录政府雇员60名，按月发放薪酬", own.id)) >= 2
    assert vocabulary.foreign_terms(row, "本院先行调解案件增量辅助工作", own.id) == set()


def test_a_row_naming_another_units_place_is_foreign() -> None:
    vocabulary = Vocabulary([_sheet("人民调解", "调解纠纷", unit="上海市闵行区司法局")])
    assert vocabulary.places == {"上海市", "闵行区"}
    assert vocabulary.foreign_place("闵行区调解员管理办法执行覆盖率", "普陀区人民调解工作经费") == "闵行区"
    assert vocabulary.foreign_place("闵行区调解员管理办法执行覆盖率", "闵行区人民调解工作经费") is None


def test_a_past_satisfaction_row_keeps_its_value_fix_but_not_the_past_projects_respondents() -> None:
    from assistant.drafting.retrieval_source import usable_rows
    from tests.sheets import make_sheet

    past = make_sheet(
        [
            ("产出指标", "数量指标", "普法宣传活动场次", "≥12场"),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "=100%"),
        ],
        project="普法宣传工作经费",
    )
    row = usable_rows(past, None)["服务对象满意度"]
    assert row is not None and row.name == "服务对象满意度"  # the draft names its own respondents
    assert row.value.raw == "≥90%"  # 100% cannot be verified (R24)
