"""A. Structure and completeness (R01–R06): each rule fires on a violating sheet and not on a clean one."""

from __future__ import annotations

from assistant.schema import Severity
from tests.sheets import exemplary_sheet, findings, gold_sheet, make_sheet

CLEAN = exemplary_sheet()


def test_r01_empty_value_is_an_error_with_a_value_to_fill():
    sheet = make_sheet([("满意度指标", "服务对象满意度指标", "接受调解群众满意度", "")])
    [finding] = findings(sheet, "R01")
    assert finding.severity is Severity.ERROR and finding.field == "value"
    assert finding.suggestion and finding.suggestion.value == "≥90%"


def test_r01_placeholder_name_counts_as_empty():
    sheet = make_sheet([("成本指标", "成本指标", "指标1：", "≤1000元/次")])
    assert [f.field for f in findings(sheet, "R01")] == ["name"]


def test_r01_a_sheet_without_indicators_is_one_error():
    sheet = make_sheet([])
    [finding] = findings(sheet, "R01")
    assert finding.indicator_index is None and finding.suggestion and finding.suggestion.action == "add"


def test_r01_quiet_on_a_complete_sheet():
    assert findings(CLEAN, "R01") == []


def test_r02_satisfaction_under_an_effect_level1_must_move_to_satisfaction():
    # STANDARD R02: 效果目标 / 服务对象满意度指标 is not a legal pair.
    sheet = make_sheet([("效果目标", "服务对象满意度指标", "受援人满意度", "≥90%")])
    [finding] = findings(sheet, "R02")
    assert finding.suggestion and finding.suggestion.level1 == "满意度指标"


def test_r02_unknown_level2_label_is_an_error():
    sheet = make_sheet([("产出指标", "工作指标", "调解案件数", "≥100件")])
    [finding] = findings(sheet, "R02")
    assert finding.field == "level2" and finding.suggestion and finding.suggestion.level2 == "数量指标"


def test_r02_accepts_legacy_aliases_and_the_cost_row_under_output():
    sheet = make_sheet(
        [
            ("产出目标(必填)", "数量指标", "调解案件数", "≥100件"),
            ("产出指标", "成本指标", "单件成本", "≤500元/件"),
        ]
    )
    assert findings(sheet, "R02") == []


def test_r03_lists_missing_categories_on_a_real_seed_sheet():
    # 000 #1 has 数量, 时效, 经济效益 and 满意度 rows only.
    sheet = gold_sheet("000", 1).to_sheet()
    missing = {f.suggestion.level2 for f in findings(sheet, "R03") if f.suggestion}
    assert missing == {"质量指标", "经济成本指标"}
    assert all(f.severity is Severity.WARNING for f in findings(sheet, "R03"))


def test_r03_missing_quantity_or_benefit_is_an_error():
    sheet = make_sheet([("满意度指标", "服务对象满意度指标", "受援人满意度", "≥90%")])
    errors = [f for f in findings(sheet, "R03") if f.severity is Severity.ERROR]
    assert {f.suggestion.level2 for f in errors if f.suggestion} == {"数量指标", "社会效益指标"}


def test_r03_cost_suggestion_is_funds_divided_by_the_main_quantity():
    sheet = make_sheet(
        [("产出指标", "数量指标", "调解案件数", "≥1000件")],
        funds=81_200,
        annual_goal="全年调解案件不少于1000件。",
    )
    cost = next(f for f in findings(sheet, "R03") if f.suggestion and f.suggestion.level1 == "成本指标")
    assert cost.suggestion.value == "≤81.2元/件"


def test_r03_quiet_on_a_complete_sheet():
    assert findings(CLEAN, "R03") == []


def test_r04_goal_figure_without_an_indicator_is_reported():
    sheet = make_sheet(
        [("产出指标", "数量指标", "个别教育谈话人次", "≥1200人次")],
        annual_goal="2024年开展个别教育谈话不少于1200人次，配备60部移动执法设备。",
    )
    [finding] = findings(sheet, "R04")
    assert "60部" in finding.message
    assert finding.suggestion and finding.suggestion.value == "≥60部"


def test_r04_quiet_when_every_goal_figure_has_an_indicator():
    assert findings(CLEAN, "R04") == []


def test_r05_second_copy_of_a_row_is_a_duplicate():
    # 001 #8 lists 法律服务机构数 under 成本 and again under 社会效益.
    sheet = gold_sheet("001", 8).to_sheet()
    [finding] = findings(sheet, "R05")
    assert sheet.indicators[finding.indicator_index].name == "法律服务机构数"
    assert finding.suggestion and finding.suggestion.action == "delete"


def test_r05_similar_names_with_different_metrics_are_not_duplicates():
    sheet = make_sheet(
        [
            ("产出指标", "数量指标", "法律援助案件办理率", "=100%"),
            ("产出指标", "时效指标", "法律援助案件办理", "≤7个工作日"),
        ]
    )
    assert findings(sheet, "R05") == []


def test_r06_too_few_indicators():
    sheet = gold_sheet("000", 3).to_sheet()
    assert any("少于 5 条" in f.message for f in findings(sheet, "R06"))


def test_r06_padding_with_vague_rows():
    sheet = gold_sheet("003", 1).to_sheet()
    assert any("凑数" in f.message for f in findings(sheet, "R06"))


def test_r06_quiet_on_a_well_sized_sheet():
    assert findings(CLEAN, "R06") == []
