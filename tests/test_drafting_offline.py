"""The offline drafter and the offline edit commands (no corpus source, no key, no network)."""

from __future__ import annotations

import pytest

from assistant import taxonomy as tx
from assistant.drafting import draft, refine
from assistant.schema import DraftRequest, Severity, ValueBasis

REQUEST = DraftRequest(
    description=(
        "本项目为区人民调解工作经费，年度资金120万元，计划全年调解矛盾纠纷4240件，开展人民调解员培训12场，"
        "调解成功率不低于95%，纠纷受理后3个工作日内启动调解。"
    ),
    year=2025,
)


@pytest.fixture(scope="module")
def drafted():
    return draft(REQUEST, use_corpus=False)


def test_a_draft_covers_every_required_category(drafted) -> None:
    level2s = {i.level2 for i in drafted.sheet.indicators}
    assert {tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.ECONOMIC_COST, tx.SERVICE_SATISFACTION} <= level2s
    assert level2s & set(tx.BENEFIT_LEVEL2)


def test_every_drafted_value_is_measurable_and_has_a_basis(drafted) -> None:
    for indicator in drafted.sheet.indicators:
        assert indicator.value.measurable, indicator
        assert indicator.provenance is not None and indicator.provenance.basis is not None


def test_numbers_in_the_description_appear_in_the_draft(drafted) -> None:
    values = " ".join(i.value.raw for i in drafted.sheet.indicators)
    for number in ("4240", "12", "95", "3"):
        assert number in values


def test_the_cost_row_is_derived_from_the_funds(drafted) -> None:
    cost = next(i for i in drafted.sheet.indicators if i.level1 == tx.COST)
    assert cost.provenance.basis is ValueBasis.FUNDS
    # 1,200,000 元 ÷ 4240 件 = 283.018…, rounded up at the shown precision (domain.unit_cost, as the critic does)
    assert cost.value.raw == "≤283.02元/件"


def test_the_draft_has_no_error_finding_and_a_goal_naming_its_numbers(drafted) -> None:
    assert not [f for f in drafted.critique.findings if f.severity is Severity.ERROR]
    assert "4240" in drafted.sheet.annual_goal


def test_defaults_are_marked_for_confirmation(drafted) -> None:
    defaults = [i for i in drafted.sheet.indicators if i.provenance.basis is ValueBasis.DEFAULT]
    assert defaults and all(i.provenance.needs_confirmation for i in defaults)


def test_without_a_corpus_the_draft_says_so(drafted) -> None:
    assert any("语料" in n for n in drafted.notices)


def test_a_value_edit_keeps_the_comparator_and_moves_the_cost(drafted) -> None:
    result = refine(drafted, "案件数改为1200件", REQUEST)
    assert result.edited
    names = {i.name: i.value.raw for i in result.draft.sheet.indicators}
    assert names["调解矛盾纠纷件数"] == "≥1200件"
    assert names["调解矛盾纠纷单件成本"] == "≤1000元/件"


def test_a_satisfaction_edit_changes_only_that_row(drafted) -> None:
    result = refine(drafted, "满意度改为≥92%", REQUEST)
    changed = [
        (a.name, a.value.raw, b.value.raw)
        for a, b in zip(drafted.sheet.indicators, result.draft.sheet.indicators, strict=True)
        if a.value.raw != b.value.raw
    ]
    assert changed == [("调解当事人满意度", "≥90%", "≥92%")]  # the default names its respondents (R24)


def test_deleting_and_adding_rows(drafted) -> None:
    deleted = refine(drafted, "删除调解成功率", REQUEST).draft
    assert "调解成功率" not in {i.name for i in deleted.sheet.indicators}
    added = refine(drafted, "增加一个成本指标", REQUEST).draft
    assert len([i for i in added.sheet.indicators if i.level1 == tx.COST]) == 2


def test_a_message_that_is_not_an_edit_redrafts_with_the_added_information(drafted) -> None:
    result = refine(drafted, "另外计划开展法治讲座6场", REQUEST)
    assert not result.edited
    assert any("6场" in i.value.raw for i in result.draft.sheet.indicators)


def test_a_year_named_in_the_description_is_the_budget_year() -> None:
    result = draft(
        DraftRequest(description="2024年度法律援助经费，年度资金50万元，办理法律援助案件500件。"),
        use_corpus=False,
    )
    assert result.sheet.year == 2024


def test_revise_keeps_cost_and_generated_goal_in_step_with_an_edited_table(drafted) -> None:
    from assistant.drafting import revise

    rows = [
        i.model_copy(update={"value": i.value.parse("≥2120件")}) if i.name == "调解矛盾纠纷件数" else i
        for i in drafted.sheet.indicators
    ]
    revised = revise(drafted, drafted.sheet.model_copy(update={"indicators": rows}))
    cost = next(i for i in revised.sheet.indicators if i.level1 == tx.COST)
    assert cost.value.raw == "≤566.04元/件"  # 1,200,000 ÷ 2120 = 566.037…, rounded up
    assert "2120" in revised.sheet.annual_goal
