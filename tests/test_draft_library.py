"""Library rows take the project's own object without doubling a word; greening is drafted as works."""

from __future__ import annotations

from assistant.drafting import draft
from assistant.knowledge import explain_project_type, library_for
from assistant.schema import DraftRequest
from assistant.values import TargetValue

GREENING = (
    "县林业局2025年实施国土绿化，新造林2000亩，栽植苗木12万株，资金160万元，造林成活率不低于85%，"
    "10月底前完成全部造林任务。"
)


def test_an_object_ending_in_the_patterns_next_word_is_not_doubled():
    entry = next(e for e in library_for("补助补贴发放") if e.name.startswith("{object}发放"))
    assert entry.render(object="耕地地力保护补贴发放").name == entry.name.replace(
        "{object}", "耕地地力保护补贴"
    )


def test_a_greening_project_is_drafted_as_works_with_its_area_cost_per_mu():
    assert explain_project_type(GREENING)[0].label == "基本建设工程"
    result = draft(DraftRequest(description=GREENING, year=2025), backend="offline")
    costs = [i for i in result.sheet.indicators if "亩均" in i.name]
    assert costs and costs[0].value.unit == "元/亩"


def test_a_count_in_tai_tao_keeps_its_measure_word():
    value = TargetValue.parse("≥120台套")
    assert (value.number, value.unit) == (120, "台套")
