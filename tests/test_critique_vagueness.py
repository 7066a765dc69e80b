"""Vagueness across sectors (issue 13 item 2): what a reviewer cannot check at year end, whatever the sector."""

from __future__ import annotations

import pytest

from assistant.critique import critique_sheet, is_value_form
from assistant.domain import is_measurable
from assistant.schema import Indicator
from assistant.values import ValueKind, parse_value
from tests.sheets import make_sheet


def vague_rows(rows):
    sheet = make_sheet(rows, project="农村人居环境整治项目")
    return {
        sheet.indicators[f.indicator_index].name for f in critique_sheet(sheet).findings if is_value_form(f)
    }


@pytest.mark.parametrize("value", ["正面支撑", "长远", "有效", "较高", "持续改善", "有所提升", "程度较高"])
def test_slogans_and_directions_as_values_are_vague(value):
    assert vague_rows([("效益指标", "社会效益指标", "村容村貌改善情况", value)]) == {"村容村貌改善情况"}


def test_yes_against_a_vague_claim_is_vague_but_yes_against_a_checkable_question_is_not():
    rows = [
        ("效益指标", "社会效益指标", "群众生活质量明显提升", "是"),
        ("产出指标", "质量指标", "垃圾清运车辆配备到位", "是"),
        ("产出指标", "时效指标", "补贴发放及时性", "是", "在资金下达后10个工作日内发放到户"),
    ]
    assert vague_rows(rows) == {"群众生活质量明显提升"}


@pytest.mark.parametrize("value", ["公里", "万亩", "≧ %", "≥%"])
def test_a_unit_alone_is_no_target(value):
    assert vague_rows([("产出指标", "数量指标", "新建污水管网长度", value)]) == {"新建污水管网长度"}


def test_a_system_placeholder_row_is_an_empty_row_to_delete():
    sheet = make_sheet(
        [("成本指标", "社会成本指标", "0", "0.00%"), ("产出指标", "数量指标", "改厕户数", "≥300户")]
    )
    [finding] = [f for f in critique_sheet(sheet).findings if f.indicator_index == 0]
    assert finding.code == "R01" and is_value_form(finding) and finding.suggestion.action == "delete"


def test_masked_digits_are_no_number():
    value = parse_value("≤****000元")
    assert value.kind is ValueKind.QUALITATIVE and value.number is None and value.raw == "≤****000元"
    assert vague_rows([("成本指标", "经济成本指标", "项目总成本", "≤****000元")]) == {"项目总成本"}


def test_spending_kept_within_the_budget_is_checkable():
    assert is_measurable(
        Indicator(level1="成本指标", level2="经济成本指标", name="成本控制", value="不超预算")
    )
    assert vague_rows([("成本指标", "经济成本指标", "成本控制率", "不超预算")]) == set()


def test_a_value_that_says_what_the_money_is_used_for_is_no_target():
    row = Indicator(
        level1="效益指标", level2="经济效益指标", name="带动市场", value="50万元将用于设备运转支出"
    )
    assert not is_measurable(row)


@pytest.mark.parametrize("value", ["≥300户", "2025年10月底前", "每季度1次", "0起", "全覆盖", "≤1000元/人"])
def test_checkable_values_stay_measurable(value):
    assert vague_rows([("产出指标", "数量指标", "改厕户数", value)]) == set()
