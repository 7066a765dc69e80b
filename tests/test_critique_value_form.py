"""B. Form of the value (R07–R13), with STANDARD.md's examples and real seed rows."""

from __future__ import annotations

from assistant.schema import Severity
from tests.sheets import codes_on, exemplary_sheet, findings, gold_sheet, make_sheet, row_index

CLEAN = exemplary_sheet()


def test_r07_direction_word_on_a_count_gets_a_number_and_a_baseline_to_fill():
    # STANDARD R07: 接待咨询案件数 / 增加.
    sheet = make_sheet([("产出指标", "数量指标", "接待咨询案件数", "增加")])
    [finding] = findings(sheet, "R07")
    assert finding.severity is Severity.ERROR
    assert finding.suggestion and finding.suggestion.value == "≥＿件（上年＿件）"


def test_r07_takes_the_number_from_the_annual_goal_when_it_states_one():
    sheet = make_sheet(
        [("产出指标", "数量指标", "接待咨询案件数", "增加")], annual_goal="全年接待咨询案件不少于3000件。"
    )
    [finding] = findings(sheet, "R07")
    assert finding.suggestion and finding.suggestion.value == "≥3000件"


def test_r07_macro_effect_is_rewritten_as_a_project_outcome():
    # 003 #1: 人民调解公信力 / 提高 in a mediation project.
    sheet = gold_sheet("003", 1).to_sheet()
    [finding] = findings(sheet, "R07", row_index(sheet, "人民调解公信力"))
    assert finding.suggestion and finding.suggestion.name == "调解协议履行率"


def test_r07_quiet_on_measurable_values():
    assert findings(CLEAN, "R07") == []


def test_r08_rate_name_with_a_count_unit():
    # 001 #19: 三会一课工作完成率 / =4.00(项).
    sheet = gold_sheet("001", 19).to_sheet()
    [finding] = findings(sheet, "R08")
    assert sheet.indicators[finding.indicator_index].name == "三会一课工作完成率"
    assert finding.suggestion and finding.suggestion.value == "=100%（基数：4项）"


def test_r08_money_name_with_a_count_unit():
    sheet = make_sheet([("成本指标", "经济成本指标", "补贴资金", "≤4000人/次")])
    [finding] = findings(sheet, "R08")
    assert finding.suggestion and finding.suggestion.value == "≤4000元/人次"


def test_r08_quiet_when_units_match_names():
    assert findings(CLEAN, "R08") == []


def test_r09_a_count_capped_from_above_is_reversed():
    # STANDARD R09: 维持调解员人数 ≤490人 (003 #1).
    sheet = gold_sheet("003", 1).to_sheet()
    [finding] = findings(sheet, "R09")
    assert finding.suggestion and finding.suggestion.value == "≥490人"


def test_r09_a_cost_written_as_a_floor_is_reversed():
    sheet = make_sheet([("成本指标", "经济成本指标", "单件调解成本", "≥850元")])
    [finding] = findings(sheet, "R09")
    assert finding.suggestion and finding.suggestion.value.startswith("≤")


def test_r09_quiet_on_correct_polarity():
    sheet = make_sheet(
        [
            ("产出指标", "数量指标", "专职调解员在岗人数", "≥490人"),
            ("效益指标", "社会效益指标", "重新犯罪率", "<0.5%"),
        ]
    )
    assert findings(sheet, "R09") == []


def test_r09_harm_rates_of_any_sector_are_capped_from_above():
    capped = make_sheet([("效益指标", "社会效益指标", "家庭经济困难学生辍学率", "≤0.5%")])
    floored = make_sheet([("效益指标", "社会效益指标", "家庭经济困难学生辍学率", "≥0.5%")])
    assert findings(capped, "R09") == []
    assert findings(floored, "R09")[0].suggestion.value == "≤0.5%"


def test_r09_a_grant_standard_may_be_a_floor():
    sheet = make_sheet([("产出指标", "成本指标", "人均基本公共卫生服务经费补助标准", "≥89元")])
    assert findings(sheet, "R09") == []


def test_r10_satisfaction_at_least_100_percent_is_impossible():
    # STANDARD R10: 教育帮扶对象满意度 ≥100%.
    sheet = make_sheet([("满意度指标", "服务对象满意度指标", "教育帮扶对象满意度", "≥100%")])
    [finding] = findings(sheet, "R10")
    assert finding.severity is Severity.ERROR and finding.suggestion and finding.suggestion.value == "≥90%"


def test_r10_rate_above_100_percent_and_fractional_headcount():
    sheet = make_sheet(
        [("产出指标", "质量指标", "档案合格率", "≥120%"), ("产出指标", "数量指标", "培训人数", "≥4.5人")]
    )
    assert len(findings(sheet, "R10")) == 2


def test_r10_quiet_in_range():
    assert findings(CLEAN, "R10") == []


def test_r11_runs_only_when_the_sheet_carries_an_indicator_nature_column():
    sheet = make_sheet([("产出指标", "时效指标", "工作安排时间", "按月安排")])
    sheet.indicators[0].other_values["指标性质"] = "定量"
    assert [f.code for f in findings(sheet, "R11")] == ["R11"]
    sheet.indicators[0].other_values.clear()
    assert findings(sheet, "R11") == []


def test_r12_hedged_numbers_are_cleaned():
    # 001 #9: 涉诉案件代理工作完成数 / 约34.00个(按实); STANDARD: ≥95%以上.
    sheet = make_sheet(
        [
            ("产出指标", "数量指标", "涉诉案件代理工作完成数", "约34.00个(按实)"),
            ("产出指标", "质量指标", "卷宗合格率", "≥95%以上"),
        ]
    )
    values = [f.suggestion.value for f in findings(sheet, "R12") if f.suggestion]
    assert values == ["≥34个", "≥95%"]


def test_r12_quiet_on_plain_numbers():
    assert findings(CLEAN, "R12") == []


def test_r13_bare_adjective_is_an_error_with_a_rate_to_measure():
    # STANDARD R13: 律师顾问服务专业性 / 专业 (001 #2); 指纹签到系统运行稳定性 / 稳定 (001 #1).
    sheet = make_sheet(
        [
            ("产出指标", "质量指标", "律师顾问服务专业性", "专业"),
            ("产出指标", "质量指标", "指纹签到系统运行稳定性", "稳定"),
        ]
    )
    by_name = {sheet.indicators[f.indicator_index].name: f.suggestion for f in findings(sheet, "R13")}
    assert by_name["律师顾问服务专业性"].name == "律师顾问服务合格率"
    assert by_name["指纹签到系统运行稳定性"].name == "指纹签到系统运行可用率"


def test_r13_consistency_value_becomes_an_accuracy_rate():
    # 003 #1: 补贴与政策一致性 / 一致 → STANDARD §5: 补贴按标准发放准确率 =100%.
    sheet = gold_sheet("003", 1).to_sheet()
    [finding] = findings(sheet, "R13", row_index(sheet, "补贴与政策一致性"))
    assert finding.suggestion and finding.suggestion.name == "补贴按政策执行准确率"
    assert finding.suggestion.value == "=100%"


def test_r13_graded_qualitative_value_is_allowed():
    description = "达成：档案经抽查全部合格；部分达成：合格率80%以上；未达成：低于80%。依据季度抽查记录。"
    sheet = make_sheet([("产出指标", "质量指标", "档案管理规范性", "规范", description)])
    assert codes_on(sheet, "档案管理规范性") == set()


def test_checkable_facts_count_as_measurable():
    sheet = make_sheet(
        [
            ("产出指标", "质量指标", "工程竣工验收", "通过验收"),
            ("产出指标", "质量指标", "档案管理等级", "A级"),
        ]
    )
    assert findings(sheet, "R07") == findings(sheet, "R13") == []


def test_one_value_form_finding_per_vague_row():
    sheet = gold_sheet("003", 1).to_sheet()
    value_codes = {"R01", "R07", "R13", "R18", "R23"}
    for i, _ in enumerate(sheet.indicators):
        assert len([f for f in findings(sheet, row=i) if f.code in value_codes]) <= 1
