"""D. Consistency with goals, budget and history (R25–R30)."""

from __future__ import annotations

from datetime import date

from assistant.critique import rule_table
from assistant.schema import Severity
from tests.sheets import exemplary_sheet, findings, gold_sheet, make_sheet, row_index

CLEAN = exemplary_sheet()


def test_r25_goal_and_indicator_state_different_numbers():
    # STANDARD R25: 年度目标 "聘用21名法律顾问" vs 数量 ≥20人.
    sheet = make_sheet(
        [("产出指标", "数量指标", "法律顾问聘用人数", "≥20人")], annual_goal="根据需要聘用21名法律顾问。"
    )
    [finding] = findings(sheet, "R25")
    assert finding.severity is Severity.ERROR and finding.suggestion.value == "≥21名"


def test_r25_real_seed_goal_rates_differ_from_indicator_rates():
    # 004 #3: goal 再犯罪率低于0.2% vs indicator 社区服刑人员再犯罪率 ≤1%.
    sheet = gold_sheet("004", 3).to_sheet()
    [finding] = findings(sheet, "R25")
    assert finding.indicator_index == row_index(sheet, "社区服刑人员再犯罪率")
    assert finding.suggestion.value == "≤0.2%"


def test_r25_quiet_when_goal_numbers_are_other_objects():
    # 001 #7: "14个街镇" is where the evaluation happens, not how many evaluations.
    sheet = gold_sheet("001", 7).to_sheet()
    assert findings(sheet, "R25") == []


def test_r25_quiet_on_matching_numbers():
    assert findings(CLEAN, "R25") == []


def test_r26_annual_goal_that_is_only_a_number():
    # 000: 年度总体目标 = "100%".
    sheet = gold_sheet("000", 2).to_sheet()
    [finding] = findings(sheet, "R26")
    assert finding.severity is Severity.ERROR and "实现" in finding.suggestion.text


def test_r26_copied_goal_warns_only_for_multi_year_projects():
    rows = [("产出指标", "数量指标", "调解案件数", "≥1000件")]
    goal = "开展人民调解工作。"
    one_year = make_sheet(rows, annual_goal=goal, overall_goal=goal)
    three_years = make_sheet(
        rows, annual_goal=goal, overall_goal=goal, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31)
    )
    assert [f.severity for f in findings(one_year, "R26")] == [Severity.INFO]
    assert [f.severity for f in findings(three_years, "R26")] == [Severity.WARNING]


def test_r26_quiet_on_a_proper_goal():
    assert findings(CLEAN, "R26") == []


def test_r27_unit_cost_times_quantity_far_from_funds():
    # 002 #14: 法律援助案件补贴 ≤15000元/件 × 900件 against 70万元.
    sheet = gold_sheet("002", 14).to_sheet()
    [finding] = findings(sheet, "R27")
    assert finding.suggestion.value == "≤777.78元/件"


def test_r27_cost_ceiling_above_the_funds():
    # 002 #12: 运维成本 ≤70万 against 20万元.
    sheet = gold_sheet("002", 12).to_sheet()
    [finding] = findings(sheet, "R27")
    assert finding.suggestion.value == "≤20万元"


def test_r27_quiet_when_unit_cost_matches_funds():
    # 002 #1: 人均工资标准 7.2万元 × 6人 = 43.2万元 = the funds.
    assert findings(gold_sheet("002", 1).to_sheet(), "R27") == []
    assert findings(CLEAN, "R27") == []


def test_r28_runs_only_with_last_years_actuals():
    sheet = make_sheet([("产出指标", "数量指标", "接待咨询案件数", "≥2000件")])
    assert findings(sheet, "R28") == []
    sheet.indicators[0].other_values["上年实际值"] = "2860件"
    [finding] = findings(sheet, "R28")
    assert finding.suggestion.value == "≥2860件"


def test_r29_rates_need_a_formula_when_the_sheet_has_descriptions():
    rows = [("效益指标", "社会效益指标", "纠纷调解成功率", "≥85%", "纠纷调解成功率")]
    [finding] = findings(make_sheet(rows), "R29")
    assert finding.severity is Severity.WARNING and "分母" in finding.suggestion.text


def test_r29_without_a_description_column_gives_one_notice():
    sheet = make_sheet([("效益指标", "社会效益指标", "纠纷调解成功率", "≥85%")])
    [finding] = findings(sheet, "R29")
    assert finding.severity is Severity.INFO and finding.indicator_index is None


def test_r29_quiet_when_formulas_are_written():
    assert findings(CLEAN, "R29") == []


def test_r30_region_wide_outcome_is_not_attributable():
    # STANDARD R30: 辖区社会安定环境持续提升 (001 #1).
    sheet = gold_sheet("001", 1).to_sheet()
    [finding] = findings(sheet, "R30")
    assert finding.indicator_index == row_index(sheet, "辖区社会安定环境持续提升")
    assert finding.suggestion.name == "重新违法犯罪率"


def test_r30_quiet_on_project_outcomes():
    assert findings(CLEAN, "R30") == []


def test_conditional_rules_say_what_they_need_in_the_rule_table():
    table = {r.code: r for r in rule_table()}
    assert table["R28"].condition and "上年" in table["R28"].status
    assert table["R29"].condition and table["R11"].condition
