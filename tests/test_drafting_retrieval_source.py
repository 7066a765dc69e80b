"""The drafter's source of similar past rows, over the real corpus (corpus/sheets.jsonl): only sheets of
the project's own sector that are alike enough lend rows, each checked by the relevance judge the critic
uses, adapted to this project."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.critique import critique_sheet, is_category
from assistant.drafting import draft
from assistant.drafting.facts import extract_facts
from assistant.drafting.places import CorpusPlaces
from assistant.drafting.profile import profile_of
from assistant.drafting.retrieval_source import (
    ALIKE_SHEET,
    SIMILAR_SHEET,
    RetrievalSource,
    adapt,
    borrowed_value,
    usable_rows,
)
from assistant.knowledge import ProjectText
from assistant.knowledge.relevance import ProjectScope, Verdict, judge, similarity
from assistant.retrieval.memory import MemoryLexicalIndex, corpus_lexical_index
from assistant.schema import DraftRequest, Funding, Indicator, Sheet, TargetValue, ValueBasis

LEGAL_AID = "区司法局法律援助工作经费。全年办理法律援助案件900件，受援人满意度不低于90%，年度资金60万元。"
UNRELATED = "为全区养老院更换电梯12部，年度资金360万元。"
CANTEEN = (
    "县市场监督管理局2025年中小学校食堂食品安全检查项目，年度资金40万元，对全县86所学校食堂开展"
    "食品安全监督检查不少于344次，抽检食品样品500批次。"
)


def _profile(text: str, name: str = ""):
    return profile_of(name or text[:12], text, extract_facts(text), year=2025)


@pytest.fixture(scope="module")
def source() -> RetrievalSource:
    return RetrievalSource(corpus_lexical_index(), ("lexical",))


def test_similar_projects_of_the_same_sector_lend_measurable_rows_with_their_provenance(
    source: RetrievalSource,
) -> None:
    rows = source.similar_indicators(LEGAL_AID, k=40, profile=_profile(LEGAL_AID, "法律援助工作经费"))
    corpus = {s.id: s for s in load_corpus()}
    assert rows
    for row in rows:
        assert row.value.measurable, row
        assert row.provenance is not None and row.provenance.sheet_id in corpus
        assert row.provenance.basis is ValueBasis.SIMILAR and row.provenance.needs_confirmation
        assert source.tags(row.provenance.sheet_id).sector == "公共安全"
        assert (row.provenance.similarity or 0) >= SIMILAR_SHEET
    assert any("援助" in (row.provenance.project_name or "") for row in rows)


def test_a_project_of_another_sector_borrows_nothing_from_the_judicial_sheets(
    source: RetrievalSource,
) -> None:
    profile = _profile(CANTEEN, "中小学校食堂食品安全检查项目")
    assert profile.sector_name != "公共安全"
    rows = source.similar_indicators(CANTEEN, k=80, profile=profile)
    assert all(source.tags(r.provenance.sheet_id).sector == profile.sector_name for r in rows)


def test_a_project_unlike_any_in_the_corpus_borrows_nothing(source: RetrievalSource) -> None:
    assert source.similar_indicators(UNRELATED, k=40, profile=_profile(UNRELATED)) == []


def test_its_draft_says_that_no_similar_project_of_its_sector_exists(source: RetrievalSource) -> None:
    result = draft(DraftRequest(description=UNRELATED, year=2025), source=source, backend="offline")
    bases = {i.provenance.basis for i in result.sheet.indicators if i.provenance}
    assert ValueBasis.SIMILAR not in bases
    assert any(n.startswith("语料库中没有相似的") and "类通用指标起草" in n for n in result.notices)
    assert any("12" in i.value.raw for i in result.sheet.indicators)  # its own number is still there


def test_budget_framing_is_no_evidence_that_two_projects_are_alike() -> None:
    framing_only = ProjectScope.of(
        ProjectText(description="全区年度资金专项工作经费，开展项目建设，提高工作水平。")
    )
    sheets = load_corpus()
    assert all(
        similarity(framing_only, ProjectScope.of(ProjectText.from_sheet(s))) < SIMILAR_SHEET for s in sheets
    )
    legal_aid = next(s for s in sheets if "法律援助" in s.project_name)
    scope = ProjectScope.of(ProjectText(name="法律援助工作经费", description=LEGAL_AID))
    assert similarity(scope, ProjectScope.of(ProjectText.from_sheet(legal_aid))) >= SIMILAR_SHEET


def test_a_row_about_its_own_projects_things_is_not_lent_to_another_project() -> None:
    own = ProjectScope.of(
        ProjectText(name="先行调解案件增量辅助工作政府购买服务", goals="协助法院开展先行调解案件增量辅助工作")
    )
    row = "先行调解案件增量辅助完成率"
    elsewhere = ProjectScope.of(
        ProjectText(name="司法局政府雇员经费", description="招录政府雇员60名，按月发放薪酬")
    )
    assert not judge(row, elsewhere, own).fits
    same_work = ProjectScope.of(ProjectText(name="先行调解经费", description="本院先行调解案件增量辅助工作"))
    assert judge(row, same_work, own).fits


def test_a_row_naming_another_units_place_is_foreign() -> None:
    places = CorpusPlaces([Sheet(project_name="人民调解", implementing_unit="上海市闵行区司法局")])
    assert places.places == {"上海市", "闵行区"}
    assert places.foreign_place("闵行区调解员管理办法执行覆盖率", "普陀区人民调解工作经费") == "闵行区"
    assert places.foreign_place("闵行区调解员管理办法执行覆盖率", "闵行区人民调解工作经费") is None


def test_a_borrowed_deadline_moves_to_this_projects_year_and_prose_is_not_borrowed() -> None:
    profile = _profile(LEGAL_AID, "法律援助工作经费")

    def row(value: str) -> Indicator:
        return Indicator(level1="产出指标", level2="时效指标", name="完成时间", value=value)

    assert borrowed_value(row("2021年6月30日前"), profile) == "2025年6月30日前"
    assert borrowed_value(row("对学校2400平米体育场馆补贴5万元。"), profile) is None
    assert borrowed_value(row("2100"), profile) is None  # a number without its unit
    assert borrowed_value(row("95%以上"), profile) == "≥95%"


def test_a_borrowed_name_takes_this_projects_object_unless_it_does_that_work_too() -> None:
    profile = _profile("2025年矛盾纠纷多元化解工作经费，全年化解矛盾纠纷2000件。", "矛盾纠纷多元化解工作经费")
    assert adapt("人民调解案件数", "人民调解工作经费", profile) == f"{profile.object}案件数"
    mediation = _profile("人民调解工作经费，全年开展人民调解3000件。", "人民调解工作经费")
    assert adapt("人民调解案件数", "区人民调解工作经费", mediation) == "人民调解案件数"


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


def test_a_row_sharing_no_word_with_the_project_comes_only_from_a_very_alike_sheet(
    source: RetrievalSource,
) -> None:
    profile = _profile(LEGAL_AID, "法律援助工作经费")
    rows = source.similar_indicators(LEGAL_AID, k=80, profile=profile)
    unknown = [r for r in rows if judge(r.name, profile.scope).verdict is Verdict.UNKNOWN]
    assert all((r.provenance.similarity or 0) >= ALIKE_SHEET for r in unknown)


# Made-up past sheets of one kind of project: a platform's maintenance, whose failure count is filed
# under 社会效益 (the critic hints it belongs to 质量); in one sheet its value is a vague word.
PLATFORM = "区政务服务平台运维项目：保障区政务服务平台全年稳定运行，完成平台软硬件运维，年度资金50万元。"
FAULTS = "平台重大故障发生次数"


def _row(level1: str, level2: str, name: str, value: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value=TargetValue.parse(value))


def _platform_sheet(number: int, fault_value: str) -> Sheet:
    return Sheet(
        id=f"made-{number}",
        project_name=f"区政务服务平台运维项目{number}",
        year=2024,
        implementing_unit="区政务服务中心",
        overall_goal="保障区政务服务平台全年稳定运行，完成平台软硬件运维。",
        funds=Funding(total=500000, fiscal=500000),
        indicators=[
            _row("产出指标", "数量指标", "平台软件维护次数", "≥12次"),
            _row("产出指标", "质量指标", "平台运维验收合格率", "=100%"),
            _row("产出指标", "时效指标", "故障响应时间", "≤4小时"),
            _row("成本指标", "经济成本指标", "运维成本", "≤50万元"),
            _row("效益指标", "社会效益指标", FAULTS, fault_value),
            _row("满意度指标", "服务对象满意度指标", "平台使用单位满意度", "≥90%"),
        ],
    )


def test_a_past_row_its_critic_would_file_elsewhere_is_lent_where_the_critic_says() -> None:
    past = _platform_sheet(1, "0次")
    hint = [
        f
        for f in critique_sheet(past, None).findings
        if f.indicator_index == 4 and is_category(f, hints=True)
    ]
    assert hint and hint[0].suggestion is not None and hint[0].suggestion.level2 == "质量指标"
    lent = usable_rows(past, None)[FAULTS]
    assert lent is not None and (lent.level1, lent.level2) == ("产出指标", "质量指标")
    assert lent.value.raw == "0次"
    moved = past.model_copy(update={"indicators": [*past.indicators[:4], lent, past.indicators[5]]})
    assert not [
        f
        for f in critique_sheet(moved, None).findings
        if f.indicator_index == 4 and is_category(f, hints=True)
    ]


def test_a_row_one_sheet_states_vaguely_is_lent_as_a_sibling_sheet_states_it() -> None:
    vague, measured = _platform_sheet(1, "健全"), _platform_sheet(2, "0次")
    assert usable_rows(vague, None)[FAULTS] is None  # its critic leaves a blank to fill: not lent
    source = RetrievalSource(MemoryLexicalIndex([vague, measured]), ("lexical",))
    profile = _profile(PLATFORM, "政务服务平台运维项目")
    rows = [r for r in source.similar_indicators(PLATFORM, k=40, profile=profile) if r.name == FAULTS]
    assert len(rows) == 1
    assert rows[0].value.raw == "=0次" or rows[0].value.number == 0
    assert rows[0].provenance is not None and rows[0].provenance.sheet_id == measured.id
    assert rows[0].level2 == "质量指标"
