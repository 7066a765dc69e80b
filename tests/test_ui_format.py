"""Shared formatting: provenance in plain Chinese, escaped HTML, severity highlighting, the score card."""

from __future__ import annotations

import pytest

from assistant.critique import critique_sheet
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.ui.format import (
    Notice,
    basis_label,
    highlighted_table_html,
    money_label,
    notices_html,
    ordered_findings,
    score_card_html,
    sheet_header_html,
)
from tests.sheets import make_sheet


def with_basis(basis: ValueBasis | None, **fields) -> Indicator:
    provenance = None if basis is None else Provenance(basis=basis, **fields)
    return Indicator(
        level1="产出指标", level2="数量指标", name="培训人次", value="≥200人次", provenance=provenance
    )


@pytest.mark.parametrize(
    ("basis", "fields", "label"),
    [
        (ValueBasis.DESCRIPTION, {}, "取自描述"),
        (ValueBasis.SIMILAR, {"project_name": "法律援助项目"}, "参照：法律援助项目"),
        (ValueBasis.SIMILAR, {}, "参照相似项目"),
        (ValueBasis.FUNDS, {}, "由资金测算"),
        (ValueBasis.DEFAULT, {"needs_confirmation": True}, "默认值·请确认"),
        (ValueBasis.USER, {"note": "用户在对话中修改"}, "用户修改"),
        (ValueBasis.USER, {"note": "用户在对话中添加"}, "用户添加"),
        (ValueBasis.LLM, {"needs_confirmation": True}, "大模型建议·请确认"),
        (None, {}, "—"),
    ],
)
def test_the_basis_column_in_plain_chinese(basis, fields, label):
    assert basis_label(with_basis(basis, **fields)) == label


def test_text_from_files_is_escaped():
    sheet = make_sheet(
        [("产出指标", "数量指标", "<script>alert(1)</script>", "≥1<2件")], project="<b>项目</b>"
    )
    critique = critique_sheet(sheet)
    html = highlighted_table_html(sheet, critique, {}) + sheet_header_html(sheet)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>项目" not in html
    assert "<script>" not in notices_html([Notice("error", "<script>")])


def test_each_problem_cell_is_coloured_by_its_worst_severity():
    sheet = make_sheet(
        [
            ("产出指标", "数量指标", "培训人次", "增加"),
            ("产出指标", "质量指标", "培训合格率", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "满意度", "较高"),
        ]
    )
    critique = critique_sheet(sheet)
    html = highlighted_table_html(sheet, critique, {})
    rows = html.split("<tr>")[2:]  # after the header row
    for index, row in enumerate(rows):
        severities = {f.severity.value for f in critique.findings if f.indicator_index == index}
        for severity in ("error", "warning", "info"):
            if severity not in severities:
                continue
            assert f"jx-{severity}" in row  # the row's badge in the 问题 column
        if "error" in severities:
            assert "jx-cell-error" in row


def test_findings_are_ordered_errors_first():
    sheet = make_sheet(
        [("产出指标", "数量指标", "培训人次", "增加"), ("效益指标", "社会效益指标", "群众满意", "提升")]
    )
    ordered = [f.severity.value for _, f in ordered_findings(critique_sheet(sheet))]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert ordered == sorted(ordered, key=rank.__getitem__)


def test_the_score_card_shows_score_grade_sub_scores_and_counts():
    critique = critique_sheet(make_sheet([("产出指标", "数量指标", "培训人次", "增加")]))
    html = score_card_html(critique)
    assert f"{critique.score:.1f}" in html and f"等级：{critique.grade}" in html
    for dimension in critique.sub_scores:
        assert dimension.value in html
    assert f"错误 {sum(f.severity.value == 'error' for f in critique.findings)}" in html


@pytest.mark.parametrize(
    ("yuan", "text"), [(1_200_000, "120 万元"), (225_500, "22.55 万元"), (3500, "3,500 元")]
)
def test_money_in_the_units_budget_staff_use(yuan, text):
    assert money_label(yuan) == text
