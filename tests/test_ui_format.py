"""Shared formatting: provenance in plain Chinese, escaped HTML, severity highlighting, the score card."""

from __future__ import annotations

import pytest

from assistant.critique import critique_sheet
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.ui.format import (
    Notice,
    basis_label,
    chat_for_display,
    finding_html,
    legend_html,
    notices_html,
    ordered_findings,
    review_table,
    rule_label,
    score_card_html,
    sheet_header_html,
)
from assistant.values import money_label
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
    cards = "".join(finding_html(n, f, sheet) for n, f in enumerate(critique.findings, 1))
    html = cards + sheet_header_html(sheet) + legend_html(sheet)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>项目" not in html
    assert "<script>" not in notices_html([Notice("error", "<script>")])


def test_the_review_table_keeps_cell_text_as_written_in_its_own_column():
    # The editable table is data, not HTML: text with angle brackets stays in its cell as typed.
    rows = [("产出指标", "数量指标", "<img src=x onerror=alert(2)>", "</td><td>≥1件")]
    sheet = make_sheet(rows)
    table, _ = review_table(sheet, critique_sheet(sheet), {})
    assert [r[:4] for r in table] == [list(rows[0])]


def test_chat_messages_are_shown_escaped_as_typed():
    chat = [{"role": "user", "content": "<script>alert(1)</script> a<b"}]
    shown = chat_for_display(chat)
    assert shown[0]["content"] == "&lt;script&gt;alert(1)&lt;/script&gt; a&lt;b"
    assert chat[0]["content"].startswith("<script>")  # the session keeps what was typed


def test_each_problem_cell_is_coloured_by_its_worst_severity():
    sheet = make_sheet(
        [
            ("产出指标", "数量指标", "培训人次", "增加"),
            ("产出指标", "质量指标", "培训合格率", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "满意度", "较高"),
        ]
    )
    critique = critique_sheet(sheet)
    numbers = {position: position + 1 for position in range(len(critique.findings))}
    rows, styles = review_table(sheet, critique, numbers)
    for index, (row, style) in enumerate(zip(rows, styles, strict=True)):
        mine = [(p, f) for p, f in enumerate(critique.findings) if f.indicator_index == index]
        assert row[4] == " ".join(str(p + 1) for p, _ in mine)  # the 问题 column numbers them
        if any(f.severity.value == "error" and f.field == "value" for _, f in mine):
            assert "#fdecec" in style[3]  # the value cell in the error colour
        if not mine:
            assert not any(style)


def test_a_rule_code_is_shown_with_what_the_rule_checks():
    assert rule_label("R07").startswith("R07 指标值是")
    assert rule_label("L01") == "L01"  # an LLM finding without a rule-table entry keeps its code
    sheet = make_sheet([("产出指标", "数量指标", "培训人次", "增加")])
    finding = next(f for f in critique_sheet(sheet).findings if f.code == "R07")
    assert "R07</b>指标值是" in finding_html(1, finding, sheet)


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
