"""Applying a critique suggestion: literal rewrites, moves, deletes and additions; advice and blanks stay manual."""

from __future__ import annotations

import pytest

from assistant.schema import Dimension, Finding, Severity, Suggestion, ValueBasis
from assistant.ui.suggestions import NotApplicable, applicable, apply_suggestion, why_not
from tests.sheets import make_sheet

ROWS = [
    ("产出指标", "数量指标", "法律咨询人次", "增加"),
    ("效益指标", "社会效益指标", "法律援助案件办理数", "≥900件"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]


def finding(suggestion: Suggestion | None, index: int | None = 0, field: str | None = "value") -> Finding:
    return Finding(
        code="R07",
        severity=Severity.ERROR,
        dimension=Dimension.MEASURABILITY,
        indicator_index=index,
        field=field,
        message="测试",
        suggestion=suggestion,
    )


def test_a_rewrite_sets_the_value_and_keeps_the_rest():
    sheet = make_sheet(ROWS)
    new, done = apply_suggestion(sheet, finding(Suggestion(action="rewrite", value="≥4240人次")))
    row = new.indicators[0]
    assert (row.level1, row.level2, row.name, row.value.raw) == (
        "产出指标",
        "数量指标",
        "法律咨询人次",
        "≥4240人次",
    )
    assert row.value.number == 4240
    assert new.indicators[1:] == sheet.indicators[1:]
    assert "≥4240人次" in done


def test_a_move_sets_the_category():
    sheet = make_sheet(ROWS)
    move = Suggestion(action="move", level1="产出指标", level2="数量指标", name="法律援助案件办理数")
    new, done = apply_suggestion(sheet, finding(move, index=1, field="level2"))
    assert (new.indicators[1].level1, new.indicators[1].level2) == ("产出指标", "数量指标")
    assert "类别" in done


def test_a_delete_removes_the_row():
    sheet = make_sheet(ROWS)
    new, done = apply_suggestion(sheet, finding(Suggestion(action="delete", text="删除本行"), index=2))
    assert [i.name for i in new.indicators] == ["法律咨询人次", "法律援助案件办理数"]
    assert "删除" in done


def test_an_addition_appends_a_row_marked_as_the_users():
    sheet = make_sheet(ROWS)
    add = Suggestion(action="add", level1="产出指标", level2="时效指标", name="案件办结及时率", value="≥95%")
    new, _ = apply_suggestion(sheet, finding(add, index=None, field="indicators"))
    added = new.indicators[-1]
    assert (added.level2, added.name, added.value.raw) == ("时效指标", "案件办结及时率", "≥95%")
    assert added.provenance.basis is ValueBasis.USER


@pytest.mark.parametrize(
    ("suggestion", "index", "reason"),
    [
        (None, 0, "没有可直接采纳"),
        (Suggestion(action="rewrite", value="≥＿人次"), 0, "＿"),
        (Suggestion(action="fill", text="补充指标解释"), 0, "方向"),
        (Suggestion(action="delete", text="合并同类指标"), None, "整张表"),
        (Suggestion(action="add", text="补充一个时效指标"), None, "方向"),
        (Suggestion(action="rewrite", value="≥1件"), 7, "整张表"),
    ],
)
def test_suggestions_that_need_a_person_are_not_applied(suggestion, index, reason):
    sheet = make_sheet(ROWS)
    f = finding(suggestion, index=index)
    assert not applicable(f, sheet)
    assert reason in why_not(f, sheet)
    with pytest.raises(NotApplicable):
        apply_suggestion(sheet, f)
