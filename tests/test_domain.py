"""Decisions the drafter and the critic share (assistant/domain.py, Suggestion.apply): one answer each."""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.critique import critique_sheet
from assistant.domain import is_measurable, main_quantity, respondent_group, unit_cost
from assistant.drafting.cost import cost_indicator
from assistant.schema import Funding, Indicator, Sheet, Suggestion


def _count(name: str, value: str) -> Indicator:
    return Indicator(level1=tx.OUTPUT, level2=tx.QUANTITY, name=name, value=value)


ROWS = [
    _count("设备购置数量", "≥12台"),
    _count("调解矛盾纠纷件数", "≥4240件"),
    _count("培训覆盖人次", "≥600人次"),
]


def test_the_main_quantity_is_the_first_service_count() -> None:
    assert main_quantity(ROWS).name == "调解矛盾纠纷件数"


def test_the_main_quantity_of_a_cost_row_is_the_count_its_name_speaks_of() -> None:
    assert main_quantity(ROWS, near="培训覆盖每人次成本").name == "培训覆盖人次"


def test_without_a_service_count_the_largest_count_is_the_main_quantity() -> None:
    assert (
        main_quantity([_count("设备数量", "≥12台"), _count("树木种植数量", "≥300株")]).name == "树木种植数量"
    )


def test_the_drafters_cost_row_is_the_critics_unit_cost_rewrite() -> None:
    drafted = cost_indicator(1_200_000, ROWS)
    cost = unit_cost(1_200_000, ROWS)
    assert (
        (drafted.name, drafted.value.raw)
        == (cost.name, cost.value)
        == ("调解矛盾纠纷单件成本", "≤283.02元/件")
    )
    # The critic's rewrite of a vague cost row on the same sheet proposes exactly that row.
    vague = Indicator(level1=tx.COST, level2=tx.ECONOMIC_COST, name="成本控制", value="合理")
    sheet = Sheet(
        project_name="区人民调解工作经费", funds=Funding(total=1_200_000), indicators=[*ROWS, vague]
    )
    rewrites = [
        f.suggestion for f in critique_sheet(sheet).findings if f.indicator_index == 3 and f.suggestion
    ]
    assert any((s.name, s.value) == (cost.name, cost.value) for s in rewrites)


def test_respondents_are_named_by_what_the_project_does() -> None:
    assert respondent_group("区人民调解工作经费") == "调解当事人"
    assert respondent_group("学生伙食费补助") == "学生伙食费服务对象"


def test_graded_and_checkable_rows_are_measurable() -> None:
    graded = Indicator(level1=tx.BENEFIT, level2=tx.SOCIAL_BENEFIT, name="群众获得感", value="良好",
                       description="达成得满分，部分达成得一半，未达成不得分")  # fmt: skip
    passed = Indicator(level1=tx.OUTPUT, level2=tx.QUALITY, name="项目验收", value="通过验收")
    vague = Indicator(level1=tx.OUTPUT, level2=tx.QUALITY, name="服务质量", value="良好")
    assert [is_measurable(i) for i in (graded, passed, vague)] == [True, True, False]


def test_a_move_to_a_new_level2_brings_its_parent() -> None:
    row = Indicator(level1=tx.OUTPUT, level2=tx.QUALITY, name="当事人满意率", value="≥90%")
    moved = Suggestion(action="move", level2=tx.SERVICE_SATISFACTION).apply(row)
    assert (moved.level1, moved.level2, moved.name, moved.value.raw) == (
        tx.SATISFACTION,
        tx.SERVICE_SATISFACTION,
        "当事人满意率",
        "≥90%",
    )


def test_a_rewrite_replaces_only_the_fields_it_gives() -> None:
    row = Indicator(level1=tx.OUTPUT, level2=tx.TIMELINESS, name="办结及时性", value="及时")
    rewritten = Suggestion(name="办结时限", value="≤5个工作日").apply(row)
    assert (rewritten.level1, rewritten.level2, rewritten.name, rewritten.value.number) == (
        tx.OUTPUT,
        tx.TIMELINESS,
        "办结时限",
        5.0,
    )


def test_a_suggestion_with_a_blank_is_not_concrete() -> None:
    assert not Suggestion(name="办结时限", value="≤＿个工作日").concrete
    assert Suggestion(name="办结时限", value="≤5个工作日").concrete
