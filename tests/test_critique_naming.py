"""E. Naming (R31–R33)."""

from __future__ import annotations

from assistant.schema import Severity
from tests.sheets import exemplary_sheet, findings, gold_sheet, make_sheet

CLEAN = exemplary_sheet()


def test_r31_leading_action_verb():
    # STANDARD R31: 依法按时完成各项工作任务 (002 #1).
    sheet = make_sheet([("产出指标", "数量指标", "完成系统安全检测", "12次")])
    [finding] = findings(sheet, "R31")
    assert finding.severity is Severity.WARNING and finding.suggestion.name == "系统安全检测次数"


def test_r31_value_inside_the_name_is_split_out():
    # STANDARD R31 / 000 #1: "现场值班咨询24次/年，专家讲座（活动）6次/年".
    sheet = gold_sheet("000", 1).to_sheet()
    [finding] = findings(sheet, "R31", 0)
    assert finding.suggestion.name == "现场值班咨询次数" and finding.suggestion.value == "≥24次"


def test_r31_quiet_on_noun_phrases():
    assert findings(CLEAN, "R31") == []


def test_r32_quality_name_with_a_count_value():
    # STANDARD R32: 法律援助案件质量评估 / 4次 (004 #1).
    sheet = gold_sheet("004", 1).to_sheet()
    [finding] = findings(sheet, "R32")
    assert finding.suggestion.name == "法律援助案件质量评估合格率"


def test_r32_rate_name_with_a_schedule_value():
    sheet = make_sheet([("产出指标", "时效指标", "短视频运行推广及时率", "每月制作4条，选择推广1条")])
    [finding] = findings(sheet, "R32")
    assert finding.suggestion.value == "=100%"


def test_r32_zero_fact_on_a_failure_rate_is_fine():
    sheet = make_sheet([("产出指标", "质量指标", "咨询服务重大失误率", "零失误")])
    assert findings(sheet, "R32") == []


def test_r33_coverage_without_a_base():
    sheet = make_sheet([("效益指标", "社会效益指标", "系统正常提供服务情况", "全时全覆盖")])
    [finding] = findings(sheet, "R33")
    assert finding.suggestion.name.endswith("覆盖率") and "基数" in finding.suggestion.value


def test_r33_quiet_on_rates_with_numbers():
    assert findings(CLEAN, "R33") == []
