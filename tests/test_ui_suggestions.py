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


def test_a_rewrite_to_a_rate_brings_its_formula():
    sheet = make_sheet(ROWS)
    rate = Suggestion(action="rewrite", name="法律咨询办结率", value="≥95%")
    new, _ = apply_suggestion(sheet, finding(rate))
    assert new.indicators[0].description.startswith("计算公式：法律咨询办结率 =")
    count = Suggestion(action="rewrite", value="≥4240人次")
    assert apply_suggestion(sheet, finding(count))[0].indicators[0].description is None


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


# --- every one-click rewrite on the seed and realworld sheets is accepted by the critic ---------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

from assistant.critique import critique_sheet, default_hints  # noqa: E402
from assistant.schema import Funding, Indicator, Sheet  # noqa: E402
from evals.gold import load_gold  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# The realworld gold: a copy in evals/data once it is there, else the shared dev set.
REALWORLD = next(
    (
        p
        for p in (ROOT / "evals" / "data" / "realworld", ROOT.parent / "shared" / "realworld" / "sheets")
        if p.is_dir()
    ),
    Path("/work/shared/realworld/sheets"),
)


def realworld_sheets() -> list[Sheet]:
    sheets = []
    for path in sorted(REALWORLD.glob("rw*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        sheets.append(
            Sheet(
                id=path.stem,
                project_name=gold["project_name"] or path.stem,
                year=gold.get("year"),
                department=gold.get("department"),
                implementing_unit=gold.get("implementing_unit"),
                funds=Funding(total=gold.get("total_funds_yuan")),
                overall_goal=gold.get("overall_goal"),
                annual_goal=gold.get("annual_goal"),
                indicators=[
                    Indicator.model_validate(
                        {
                            "level1": i["level1"] or "",
                            "level2": i["level2"] or "",
                            "name": i["name"] or "",
                            "value": i["value"],
                        }
                    )
                    for i in gold["indicators"]
                ],
            )
        )
    return sheets


def gold_sheets() -> list[Sheet]:
    return [g.to_sheet() for g in load_gold()] + realworld_sheets()


def new_findings_after_each_rewrite(sheet: Sheet, hints) -> list[str]:
    """Apply every one-click suggestion the critic makes on the sheet, one at a time; for each, the
    findings on the edited row (the added row, for an addition) that were not there before."""
    critique = critique_sheet(sheet, hints)
    problems = []
    for finding in critique.findings:
        if why_not(finding, sheet) is not None or finding.suggestion.action == "delete":
            continue
        edited, _ = apply_suggestion(sheet, finding)
        if finding.suggestion.action == "add":
            row, before = len(edited.indicators) - 1, set()
        else:
            row = finding.indicator_index
            before = {f.code for f in critique.findings if f.indicator_index == row}
        after = critique_sheet(edited, hints).findings
        new = sorted({f.code for f in after if f.indicator_index == row} - before)
        if new:
            problems.append(
                f"{finding.code} on row {row}: {finding.suggestion.name} {finding.suggestion.value} → {new}"
            )
    return problems


def test_the_gold_sets_are_there():
    assert len(load_gold()) == 56 and len(realworld_sheets()) == 18


# Rewrites the critic itself still rejects (strict: a fix makes the test fail until the entry goes):
# sheet id → why no rewrite of the one row can settle it. The unit fix ≤4000人/次 → ≤4000元/人次 is right,
# but it makes the row a unit cost, and 4000元 × 100人 is far from the 117万元 of funds (R27): the sheet's
# own numbers disagree, and only the reviewer can say which one is wrong.
KNOWN_WRONG: dict[str, str] = {
    "002_33e3c13fb73fd403#5": "R08's unit fix exposes the sheet's own budget mismatch (R27)",
    # R40 reads 咨询 as a word of another project type in a legal-adviser project: the sheet's quantity
    # row (现场值班咨询24次/年) is flagged, and so is R03's unit cost built over it.
    "000_fbcba3a06dc44e97#1": "R03's cost over a quantity R40 already calls unrelated (R40)",
    # R31 names a prose row after its first clause (每月走访一次人数), which no other row shares (R40).
    "000_fbcba3a06dc44e97#6": "R31's short name for a prose row shares nothing with the other rows (R40)",
}


@pytest.fixture(scope="module")
def hints():
    return default_hints()


@pytest.mark.parametrize("sheet", gold_sheets(), ids=lambda s: s.id)
def test_every_one_click_rewrite_is_accepted_by_the_critic(sheet, hints, request):
    if sheet.id in KNOWN_WRONG:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_WRONG[sheet.id], strict=True))
    assert new_findings_after_each_rewrite(sheet, hints) == []
