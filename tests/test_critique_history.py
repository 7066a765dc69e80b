"""Last year's sheet (issue 13 item 4): sheets derived from the gold by editing them, compared with the
gold sheet they came from (taken as last year's)."""

from __future__ import annotations

from assistant.critique import critique_sheet
from assistant.critique.hints import CorpusHints
from assistant.critique.history import find_previous, pair_rows
from assistant.schema import Indicator, Sheet
from evals.gold import load_realworld


def last_year() -> Sheet:
    """rw08 (学生伙食费, 2023, 30万元): a recurring project with counts, rates and a deadline."""
    return next(g for g in load_realworld() if g.seed_file.startswith("rw08")).to_sheet()


def this_year(previous: Sheet, **changes) -> Sheet:
    """The same project a year on: a copy with the year moved on and the given fields changed."""
    return previous.model_copy(update={"id": "", "year": (previous.year or 2023) + 1, **changes}, deep=True)


def edited(sheet: Sheet, name: str, value: str, description: str | None = None) -> Sheet:
    rows = [
        i.model_copy(
            update={
                "value": Indicator(level1="", level2="", name="", value=value).value,
                "description": description,
            }
        )
        if i.name == name
        else i
        for i in sheet.indicators
    ]
    return sheet.model_copy(update={"indicators": rows})


def history_findings(sheet: Sheet, previous: Sheet | None) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in critique_sheet(sheet, previous=previous).findings:
        if f.code.startswith("H"):
            found.setdefault(f.code, []).append(f)
    return found


def test_a_target_lowered_without_a_reason_is_found_with_last_years_value():
    previous = last_year()
    lowered = edited(this_year(previous), "补助学生数量", "150")
    [finding] = history_findings(lowered, previous)["H01"]
    assert lowered.indicators[finding.indicator_index].name == "补助学生数量"
    assert finding.suggestion.value == "≥168" and "168" in finding.message


def test_a_lower_target_with_its_reason_in_the_explanation_is_accepted():
    previous = last_year()
    explained = edited(this_year(previous), "补助学生数量", "150", "因毕业生离校，本年在校学生减少")
    assert "H01" not in history_findings(explained, previous)


def test_a_dropped_indicator_is_named_and_offered_back():
    previous = last_year()
    now = this_year(previous)
    now = now.model_copy(update={"indicators": [i for i in now.indicators if i.name != "残疾学生入学率"]})
    [finding] = history_findings(now, previous)["H02"]
    assert "残疾学生入学率" in finding.message
    assert (finding.suggestion.action, finding.suggestion.name, finding.suggestion.value) == (
        "add",
        "残疾学生入学率",
        "大于90%",
    )


def test_a_sheet_copied_unchanged_is_found_and_the_old_year_in_its_dates_rewritten():
    previous = last_year()
    copied = this_year(previous)
    found = history_findings(copied, previous)
    sheet_level = [f for f in found["H03"] if f.indicator_index is None]
    [date_row] = [f for f in found["H03"] if f.indicator_index is not None]
    assert sheet_level and "几乎完全相同" in sheet_level[0].message
    assert copied.indicators[date_row.indicator_index].name == "任务完成时间"
    assert date_row.suggestion.value == "2024年12月31日"


def test_a_deadline_copied_from_last_year_is_one_finding_not_two():
    previous = last_year()
    copied = this_year(previous)
    critique = critique_sheet(copied, previous=previous)
    date_row = next(i for i, ind in enumerate(copied.indicators) if ind.name == "任务完成时间")
    codes = [f.code for f in critique.findings if f.indicator_index == date_row]
    assert "H03" in codes
    assert "R41" not in codes  # the budget-year rule would say the same of the same date


def test_without_last_years_sheet_an_old_deadline_is_still_found_by_the_budget_year_rule():
    copied = this_year(last_year())
    critique = critique_sheet(copied)
    date_row = next(i for i, ind in enumerate(copied.indicators) if ind.name == "任务完成时间")
    assert "R41" in [f.code for f in critique.findings if f.indicator_index == date_row]


def test_funds_changed_while_outputs_stay_the_same_asks_for_outputs_in_proportion():
    previous = last_year()
    richer = this_year(previous, funds=previous.funds.model_copy(update={"total": 390_000.0}))
    [finding] = history_findings(richer, previous)["H04"]
    assert "+30%" in finding.message
    assert richer.indicators[finding.indicator_index].name == "补助学生数量"
    assert finding.suggestion.value == "≥218"  # 168 × 1.3


def test_an_updated_sheet_draws_no_history_finding():
    previous = last_year()
    updated = edited(this_year(previous), "补助学生数量", "180")
    updated = edited(updated, "任务完成时间", "2024年12月31日")
    assert history_findings(updated, previous) == {}


def test_without_last_years_sheet_the_history_rules_are_quiet():
    assert history_findings(this_year(last_year()), None) == {}


def test_last_years_sheet_is_found_in_the_corpus_for_the_same_unit_only():
    previous = last_year()
    now = edited(this_year(previous), "补助学生数量", "150")
    other_unit = previous.model_copy(update={"id": "other", "implementing_unit": "另一所学校"})
    assert find_previous(now, [other_unit]) is None
    assert find_previous(now, [other_unit, previous]) is previous
    hints = CorpusHints.from_sheets([previous, other_unit])
    critique = critique_sheet(now, hints=hints)
    assert any(f.code == "H01" for f in critique.findings)
    assert any("自动与语料库中同一单位同一项目的上年表" in n for n in critique.notices)


def test_a_later_years_sheet_is_not_taken_for_last_year():
    previous = last_year()
    assert find_previous(previous, [this_year(previous)]) is None


def test_rows_are_paired_by_name_and_each_of_last_years_rows_once():
    previous = last_year()
    now = this_year(previous)
    pairs = pair_rows(now, previous)
    assert [(p.now, p.before) for p in pairs] == [(i, i) for i in range(len(now.indicators))]
