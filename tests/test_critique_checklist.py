"""The reviewer's checklist beside the score (issue 13 item 3): one table of checks, fed by the rules."""

from __future__ import annotations

import pytest

from assistant.critique import critique_sheet, rule_table
from assistant.critique.checklist import CHECKS, checklist
from assistant.schema import Dimension, Finding, Severity
from tests.sheets import exemplary_sheet, make_sheet

NAMES = ["目标明确", "指标完整", "细化量化", "归类正确", "合理可行", "相互匹配"]


def by_check(sheet):
    return {c.check: c for c in critique_sheet(sheet).checklist}


def test_every_rule_feeds_exactly_one_check():
    fed = [code for check in CHECKS for code in check.rules]
    assert len(fed) == len(set(fed))
    assert {r.code for r in rule_table()} == set(fed)
    assert [c.name for c in CHECKS] == NAMES


def test_an_exemplary_sheet_passes_every_check():
    results = critique_sheet(exemplary_sheet()).checklist
    assert [(c.check, c.passed, c.grade) for c in results] == [(n, True, "优") for n in NAMES]


GOOD = [
    ("产出指标", "数量指标", "个别教育谈话人次", "≥1200人次"),
    ("产出指标", "质量指标", "教育帮扶档案合格率", "≥95%"),
    ("产出指标", "时效指标", "新入矫对象首次谈话时限", "≤5个工作日"),
    ("成本指标", "经济成本指标", "每人次教育帮扶成本", "≤500元/人次"),
    ("效益指标", "社会效益指标", "矫正对象重新犯罪率", "≤1%"),
    ("满意度指标", "服务对象满意度指标", "矫正对象满意度", "≥90%"),
]


@pytest.mark.parametrize(
    ("check", "change"),
    [
        ("目标明确", {"annual_goal": None}),
        ("指标完整", {"drop": "矫正对象满意度"}),
        ("细化量化", {"row": ("产出指标", "质量指标", "教育帮扶档案合格率", "良好")}),
        ("归类正确", {"add": ("产出指标", "质量指标", "专项资金到位率", "100%")}),
        ("合理可行", {"row": ("满意度指标", "服务对象满意度指标", "矫正对象满意度", "≥100%")}),
        ("相互匹配", {"annual_goal": "2024年开展个别教育谈话不少于1500人次，建立帮扶台账80份。"}),
    ],
)
def test_each_check_fails_on_its_own_defect_and_names_the_rows(check, change):
    rows = list(GOOD)
    if "drop" in change:
        rows = [r for r in rows if r[2] != change["drop"]]
    if "row" in change:
        rows = [change["row"] if r[2] == change["row"][2] else r for r in rows]
    if "add" in change:
        rows.append(change["add"])
    fields = {"annual_goal": change["annual_goal"]} if "annual_goal" in change else {}
    results = by_check(make_sheet(rows, **fields))
    assert not results[check].passed and results[check].grade != "优"
    if "row" in change or "add" in change:
        assert (change.get("row") or change["add"])[2] in results[check].failing_names
    else:
        assert results[check].sheet_problems
    others = [name for name, result in results.items() if not result.passed and name != check]
    assert others == [] or check in ("指标完整", "相互匹配"), others


def test_an_info_hint_does_not_fail_a_check():
    rows = [*GOOD, ("产出指标", "质量指标", "帮扶活动参与人数", "≥300人")]  # a count under 质量: a hint
    result = by_check(make_sheet(rows))["归类正确"]
    assert result.passed and result.failing_indicators == []


def test_an_error_caps_the_grade_at_zhong():
    rows = [*GOOD, ("产出指标", "质量指标", "专项资金到位率", "100%")]
    assert by_check(make_sheet(rows))["归类正确"].grade in ("中", "差")


def test_llm_findings_are_advice_and_feed_no_check():
    sheet = make_sheet(GOOD)
    advice = Finding(
        code="L01",
        severity=Severity.WARNING,
        dimension=Dimension.CONSISTENCY,
        indicator_index=0,
        message="指标与项目无关",
        source="llm",
    )
    assert all(c.passed for c in checklist(sheet, [advice]))


def test_the_checklist_is_part_of_the_critique_json():
    payload = critique_sheet(make_sheet(GOOD)).model_dump(mode="json")
    assert [c["check"] for c in payload["checklist"]] == NAMES
    assert set(payload["checklist"][0]) >= {"passed", "grade", "failing_indicators", "failing_names"}
