"""C. Category semantics (R14–R24, R34) and the classifier behind the misplacement rules."""

from __future__ import annotations

from assistant.critique.classifier import Classifier
from assistant.schema import Severity, TargetValue
from tests.sheets import codes_on, exemplary_sheet, findings, gold_sheet, make_sheet, row_index

CLEAN = exemplary_sheet()
CATEGORY = ("R14", "R15", "R16", "R17", "R19", "R20", "R21", "R34")


def test_clean_sheet_has_no_category_findings():
    assert [f for f in findings(CLEAN) if f.code in CATEGORY] == []


def test_r14_staffing_headcount_is_an_input_in_a_staffing_project():
    # 002 #1 (多种用工人员经费): 配备社区矫正社工 ≥6人.
    sheet = gold_sheet("002", 1).to_sheet()
    [finding] = findings(sheet, "R14")
    assert finding.suggestion and finding.suggestion.name == "社区矫正社工服务人次"


def test_r14_money_counted_as_output():
    sheet = make_sheet([("产出指标", "数量指标", "业务工作支出安排金额", "28.8万元")])
    [finding] = findings(sheet, "R14")
    assert finding.severity is Severity.ERROR and finding.suggestion.level1 == "成本指标"


def test_r14_headcount_in_a_service_project_is_left_alone():
    sheet = make_sheet([("产出指标", "数量指标", "社工开展个别教育人次", "≥1200人次")])
    assert findings(sheet, "R14") == []


def test_r15_process_items_are_deleted_wherever_they_sit():
    # 004 #2 (普陀): 立项依据的充分性 / 项目立项的规范性 / 人员到位率 under 可持续影响.
    sheet = gold_sheet("004", 2).to_sheet()
    names = {sheet.indicators[f.indicator_index].name for f in findings(sheet, "R15")}
    assert names == {"立项依据的充分性", "项目立项的规范性", "人员到位率"}
    assert all(f.suggestion.action == "delete" for f in findings(sheet, "R15"))


def test_r15_vague_value_of_a_process_item_gets_the_same_remedy():
    sheet = gold_sheet("003", 1).to_sheet()
    [vague] = findings(sheet, "R23", row_index(sheet, "立项依据的充分性"))
    assert vague.suggestion.action == "delete"


def test_r15_does_not_take_sustainability_mechanisms_for_process_items():
    sheet = make_sheet([("效益指标", "可持续影响指标", "人民调解长效管理机制健全性", "健全")])
    assert findings(sheet, "R15") == []


def test_r16_output_count_under_benefit_moves_to_quantity():
    # 004 #1: 法律援助案件办理数 / 增加 under 社会效益.
    sheet = gold_sheet("004", 1).to_sheet()
    [finding] = findings(sheet, "R16")
    assert sheet.indicators[finding.indicator_index].name == "法律援助案件办理数"
    assert finding.suggestion.level2 == "数量指标"


def test_r16_mechanism_under_social_benefit_moves_to_sustainability():
    sheet = make_sheet([("效益指标", "社会效益指标", "长效管理制度建设", "健全")])
    [finding] = findings(sheet, "R16")
    assert finding.suggestion.level2 == "可持续影响指标"


def test_r16_leaves_outcome_rates_and_harm_counts_under_benefit():
    sheet = make_sheet(
        [
            ("效益指标", "社会效益指标", "有效投诉处置率", "=100%"),
            ("效益指标", "社会效益指标", "系统重大故障发生数", "=0起"),
            ("效益指标", "社会效益指标", "法律服务机构数", ">80家"),
        ]
    )
    assert [f for f in findings(sheet, "R16") if f.severity is not Severity.INFO] == []


def test_r16_a_quality_term_under_benefit_is_an_info_hint_with_a_suggested_move():
    # STANDARD R16 (质量 vs 效益): weak evidence, so a hint, not a warning.
    sheet = make_sheet([("效益指标", "社会效益指标", "系统重大故障发生数", "=0起")])
    [hint] = findings(sheet, "R16")
    assert hint.severity is Severity.INFO and hint.suggestion.level2 == "质量指标"


def test_r17_satisfaction_filed_as_an_effect():
    # 004 #2: 工作人员满意度 / 增强 under 社会效益.
    sheet = gold_sheet("004", 2).to_sheet()
    [finding] = findings(sheet, "R17")
    assert finding.suggestion.level2 == "服务对象满意度指标"


def test_r17_benefit_block_with_only_satisfaction():
    sheet = make_sheet([("效益指标", "社会效益指标", "市民对空气质量改善的满意程度", "≥85%")])
    messages = [f.message for f in findings(sheet, "R17")]
    assert any("只有满意度" in m for m in messages) and len(messages) == 2


def test_r17_a_non_satisfaction_metric_filed_under_satisfaction_moves_out():
    sheet = make_sheet(
        [
            ("满意度指标", "服务对象满意度指标", "调解卷宗合格率", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "园区内企业", "≥90%"),
        ]
    )
    [finding] = findings(sheet, "R17")
    assert finding.indicator_index == 0 and finding.suggestion.level2 == "质量指标"


def test_r18_timeliness_without_a_deadline():
    # STANDARD R18: 法律援助案件办理 / 及时 (004 #1).
    sheet = gold_sheet("004", 1).to_sheet()
    [finding] = findings(sheet, "R18")
    assert finding.suggestion.value == "≤＿个工作日"


def test_r18_payment_every_quarter_gets_a_payment_deadline():
    # 000 #1: 每季度支付一次 / 按时支付.
    sheet = gold_sheet("000", 1).to_sheet()
    [finding] = findings(sheet, "R18")
    assert finding.suggestion.value == "每季度末后＿个工作日内"


def test_r18_quiet_on_deadlines_and_time_limits():
    sheet = make_sheet(
        [
            ("产出指标", "时效指标", "完成时限", "2024年12月31日前"),
            ("产出指标", "时效指标", "响应时间", "≤4小时"),
        ]
    )
    assert findings(sheet, "R18") == []


def test_r19_a_count_filed_under_cost_moves_to_quantity():
    # 001 #8: 法律服务机构数 / >80.00(家) under 成本指标.
    sheet = gold_sheet("001", 8).to_sheet()
    [finding] = findings(sheet, "R19")
    assert finding.suggestion.level2 == "数量指标"


def test_r19_budget_control_ratio_is_not_a_cost_level():
    sheet = make_sheet(
        [
            ("成本指标", "经济成本指标", "成本控制率", "=100%"),
            ("产出指标", "数量指标", "调解案件数", "≥1000件"),
        ]
    )
    [finding] = findings(sheet, "R19")
    assert finding.suggestion.value == "≤600元/件"


def test_r20_money_under_social_cost_is_an_economic_cost():
    sheet = make_sheet([("成本指标", "社会成本指标", "社会成本", "100%")])
    [finding] = findings(sheet, "R20")
    assert finding.suggestion.level2 == "经济成本指标"


def test_r21_budget_execution_is_not_an_economic_benefit():
    sheet = make_sheet([("效益指标", "经济效益指标", "结余率", "≤5%")])
    [finding] = findings(sheet, "R21")
    assert finding.suggestion.action == "delete"


def test_r22_legacy_labels_and_filler_values_are_info():
    sheet = make_sheet([("效果目标", "环境效益指标", "生态影响", "无")])
    severities = {f.severity for f in findings(sheet, "R22")}
    assert severities == {Severity.INFO} and len(findings(sheet, "R22")) == 2


def test_r23_sustainability_needs_a_mechanism_and_a_horizon():
    sheet = gold_sheet("001", 4).to_sheet()
    [finding] = findings(sheet, "R23")
    assert finding.suggestion.value == "=100%（持续＿年）"


def test_r24_internal_respondents_and_unverifiable_100_percent():
    sheet = make_sheet(
        [
            ("满意度指标", "服务对象满意度指标", "工作人员满意度", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "园区内企业", "100%"),
        ]
    )
    by_name = {sheet.indicators[f.indicator_index].name: f for f in findings(sheet, "R24")}
    assert "内部人员" in by_name["工作人员满意度"].message
    assert by_name["园区内企业"].suggestion.name == "园区内企业满意度"
    assert by_name["园区内企业"].suggestion.value == "≥90%"


def test_r24_quiet_on_a_named_group_in_band():
    assert findings(CLEAN, "R24") == []


def test_r34_timeliness_rate_filed_under_quality_moves_to_timeliness():
    # 001 #7: 法治评估报告完成及时率 under 质量.
    sheet = gold_sheet("001", 7).to_sheet()
    moved = {sheet.indicators[f.indicator_index].name: f.suggestion.level2 for f in findings(sheet, "R34")}
    assert moved == {"法治评估报告完成及时率": "时效指标", "专家评审工作完成及时率": "时效指标"}


def test_r34_pass_rate_filed_under_timeliness_moves_to_quality():
    # 001 #16: 系统软件运维合格率 under 时效.
    sheet = gold_sheet("001", 16).to_sheet()
    [finding] = findings(sheet, "R34")
    assert finding.suggestion.level2 == "质量指标"


def test_r34_timeliness_rows_with_time_words_stay():
    sheet = make_sheet(
        [
            ("产出指标", "时效指标", "依法按时完成各项工作任务", "≥95%"),
            ("产出指标", "时效指标", "人民调解服务周期", "全年"),
        ]
    )
    assert findings(sheet, "R34") == []


def test_misplaced_row_with_vague_value_gets_one_consistent_rewrite():
    sheet = make_sheet([("产出指标", "质量指标", "工作完成及时性", "及时")])
    assert codes_on(sheet, "工作完成及时性") == {"R18", "R34"}
    suggestions = {f.code: f.suggestion for f in findings(sheet, row=0)}
    assert suggestions["R18"].level2 == suggestions["R34"].level2 == "时效指标"
    assert suggestions["R18"].value == suggestions["R34"].value


def test_classifier_predicts_level2_from_name_and_value():
    classifier = Classifier()
    cases = {
        ("矫正对象重新犯罪率", "≤1%"): "社会效益指标",
        ("法律顾问服务合格率", "≥95%"): "质量指标",
        ("调解案件数", "≥1000件"): "数量指标",
        ("审查决定时限", "≤7个工作日"): "时效指标",
        ("受援人满意度", "≥90%"): "服务对象满意度指标",
        ("单件办案成本", "≤850元"): "成本指标",
        ("法律顾问值班次数", "≥24次"): "数量指标",
    }
    for (name, value), level2 in cases.items():
        assert classifier.predict(name, TargetValue.parse(value)).level2 == level2, name
