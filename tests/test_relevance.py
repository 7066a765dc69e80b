"""Relevance to the project (issue 12 item 5): one judge for the drafter's gate and the critic's R40–R43."""

from __future__ import annotations

from assistant.critique import critique_sheet
from assistant.critique.precedence import RELEVANCE_RULES
from assistant.critique.scoring import RELEVANCE_CAP
from assistant.drafting import draft
from assistant.knowledge import ProjectText
from assistant.knowledge.relevance import ProjectScope, Verdict, judge, judge_in_sheet
from assistant.schema import DraftRequest
from evals import relevance as relevance_eval
from tests.sheets import make_sheet

CANTEEN = "学校食堂食品安全检查项目"
CANTEEN_GOAL = "2024年对全区120所中小学校食堂开展食品安全检查不少于480家次，抽检食品样品600批次。"
CANTEEN_ROWS = [
    ("产出指标", "数量指标", "学校食堂检查家次", "≥480家次"),
    ("产出指标", "数量指标", "食品样品抽检批次", "≥600批次"),
    ("产出指标", "质量指标", "食品抽检问题处置率", "=100%"),
    ("产出指标", "时效指标", "检查任务完成时间", "2024年12月31日前"),
    ("成本指标", "经济成本指标", "项目总成本", "≤80万元"),
    ("效益指标", "社会效益指标", "学校食堂食品安全事故发生数", "=0起"),
    ("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90%"),
]


def canteen(*extra):
    return make_sheet(
        [*CANTEEN_ROWS, *extra], project=CANTEEN, annual_goal=CANTEEN_GOAL, overall_goal=CANTEEN_GOAL
    )


def relevance_findings(sheet):
    return [f for f in critique_sheet(sheet).findings if f.code in RELEVANCE_RULES]


def test_a_row_of_the_projects_own_sheet_is_not_a_relevance_finding():
    assert relevance_findings(canteen()) == []


def test_another_sectors_row_is_an_error_with_a_rewrite_or_deletion_and_caps_the_score():
    sheet = canteen(("效益指标", "社会效益指标", "人民调解成功率", "≥95%"))
    findings = relevance_findings(sheet)
    assert [(f.code, f.severity.value) for f in findings] == [("R40", "error")]
    assert findings[0].suggestion is not None and findings[0].suggestion.action in ("delete", "rewrite")
    assert critique_sheet(sheet).score <= RELEVANCE_CAP


def test_a_row_sharing_nothing_with_the_project_nor_with_the_other_rows_is_flagged():
    sheet = canteen(("产出指标", "质量指标", "涉诉案件代理专业性", "≥95%"))
    assert [f.code for f in relevance_findings(sheet)] == ["R40"]


def test_an_item_the_other_rows_speak_of_is_not_flagged():
    scope = ProjectScope.of(ProjectText(name="档案馆设备购置项目", goals="购置设备一批，改善库房条件。" * 2))
    assert judge("声光报警器安装数量", scope).verdict is Verdict.UNKNOWN
    assert judge_in_sheet("声光报警器安装数量", scope, ["声光报警器验收合格率"]).fits
    assert not judge_in_sheet("声光报警器安装数量", scope, ["设备购置完成率"]).fits


def test_a_satisfaction_row_of_people_the_project_does_not_serve_is_flagged_even_without_the_word():
    sheet = canteen(("满意度指标", "服务对象满意度指标", "矫正人员", "≥90%"))
    assert "R43" in [f.code for f in relevance_findings(sheet)]


def test_on_realworld_sheets_with_judicial_rows_spliced_in_the_rule_flags_them_and_not_the_real_ones():
    m = relevance_eval.run()
    assert m["spliced_specific_flagged"] >= 0.90
    assert m["real_flagged"] <= 0.05


def test_the_drafter_proposes_no_row_its_own_critic_flags_as_unrelated():
    for description in (
        "为县第一中学购置实验室教学设备，采购物理、化学实验仪器120台套，资金50万元，9月开学前完成安装调试。",
        "2025年发放耕地地力保护补贴，补贴面积12万亩，补贴标准每亩105元，惠及种植户2.3万户，资金1260万元。",
    ):
        result = draft(DraftRequest(description=description, year=2025), backend="offline")
        assert result.critique is not None
        assert [f.code for f in result.critique.findings if f.code in RELEVANCE_RULES] == []
