"""审核 handlers: read an upload or pasted text, choose a sheet, apply suggestions with undo, notices on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.critique import critique_sheet, default_hints
from assistant.ingest import read_path
from assistant.ui import reviewer
from assistant.ui.reviewer import ReviewSession, apply_finding, choose_sheet, load, undo
from tests.ui_files import BROKEN_BYTES, MULTI_SHEET_SEED


@pytest.fixture(scope="module")
def loaded():
    return load(str(MULTI_SHEET_SEED), "")


def first_applicable(view) -> reviewer.FindingItem:
    return next(item for item in view.findings if item.blocked is None)


def test_an_upload_is_read_and_its_first_sheet_scored(loaded):
    sheets = read_path(MULTI_SHEET_SEED)
    expected = critique_sheet(sheets[0], default_hints())
    assert loaded.session.sheet == sheets[0]
    assert loaded.session.critique.score == expected.score
    assert f"{expected.score:.1f}" in loaded.score_html and expected.grade in loaded.score_html
    for dimension, value in expected.sub_scores.items():
        assert dimension.value in loaded.score_html and f"{value:.0f}" in loaded.score_html


def test_every_finding_is_listed_with_its_rewrite(loaded):
    critique = loaded.session.critique
    assert sorted(item.position for item in loaded.findings) == list(range(len(critique.findings)))
    assert [item.number for item in loaded.findings] == list(range(1, len(critique.findings) + 1))
    for item in loaded.findings:
        finding = critique.findings[item.position]
        assert finding.code in item.html
        if finding.suggestion and finding.suggestion.text:
            assert "建议：" in item.html


def test_problem_cells_are_marked_by_severity(loaded):
    from assistant.ui.format import CELL_STYLE

    critique = loaded.session.critique
    assert len(loaded.rows) == len(loaded.session.sheet.indicators)
    for f in critique.findings:
        if f.indicator_index is not None and f.field == "value":
            assert loaded.styles[f.indicator_index][3] in {CELL_STYLE[s] for s in CELL_STYLE}


def test_a_multi_sheet_file_offers_each_sheet_and_switches(loaded):
    sheets = read_path(MULTI_SHEET_SEED)
    assert [index for _, index in loaded.choices] == list(range(len(sheets)))
    assert all(sheet.project_name in label for (label, _), sheet in zip(loaded.choices, sheets, strict=True))
    view = choose_sheet(loaded.session, 2)
    assert view.session.sheet == sheets[2] and view.session.chosen == 2
    assert sheets[2].project_name in view.header_html


def test_choosing_the_sheet_already_shown_changes_nothing(loaded):
    switched = choose_sheet(loaded.session, 1)
    again = choose_sheet(switched.session, 1)
    assert again.unchanged and again.session.sheet == switched.session.sheet
    edited = apply_finding(switched.session, first_applicable(switched).position)
    kept = choose_sheet(edited.session, 1)  # the same sheet chosen again: the edits stay
    assert kept.unchanged and kept.session.sheet == edited.session.sheet


def test_edits_on_one_sheet_of_a_file_survive_switching_to_another_and_back(loaded):
    edited = apply_finding(loaded.session, first_applicable(loaded).position)
    other = choose_sheet(edited.session, 2)
    back = choose_sheet(other.session, 0)
    assert back.session.sheet == edited.session.sheet and back.can_undo
    assert "保留了之前在这张表上的修改" in back.notice_html


def test_starting_the_review_again_keeps_the_chosen_sheet_and_the_applied_edits(loaded):
    switched = choose_sheet(loaded.session, 1)
    edited = apply_finding(switched.session, first_applicable(switched).position)
    again = load(str(MULTI_SHEET_SEED), "", edited.session)
    assert again.session.chosen == 1 and again.session.sheet == edited.session.sheet and again.can_undo
    assert "保留了所选的表和已采纳的修改" in again.notice_html


def test_text_pasted_after_a_file_was_read_is_what_the_next_review_reads(loaded):
    pasted = "\n".join(
        [
            "项目名称\t粘贴的调解项目",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t调解案件数\t≥100件",
        ]
    )
    view = load(str(MULTI_SHEET_SEED), pasted, loaded.session)
    assert view.session.sheet.project_name == "粘贴的调解项目" and view.session.source == reviewer.PASTED_NAME
    again = load(str(MULTI_SHEET_SEED), pasted, view.session)  # nothing new: the pasted sheet stays
    assert again.session.sheet == view.session.sheet


def test_reset_forgets_everything():
    view = reviewer.reset()
    assert not view.has_sheet and view.session == ReviewSession()


def test_a_cell_edited_in_the_review_table_is_scored_again_and_can_be_undone(loaded):
    rows = [list(r[:4]) for r in loaded.rows]
    rows[0][3] = "≥4240件"  # "增加" made measurable by hand
    view = reviewer.edit_table(loaded.session, rows)
    assert view.session.sheet.indicators[0].value.raw == "≥4240件"
    assert view.session.critique == critique_sheet(view.session.sheet, default_hints())
    assert view.session.critique.score > loaded.session.critique.score
    assert "重新评分" in view.notice_html and view.can_undo
    assert view.session.sheet.indicators[0].provenance is None  # a reviewer's edit adds no 依据 column
    assert undo(view.session).session.sheet == loaded.session.sheet


def test_a_finding_without_a_one_click_rewrite_points_at_the_table_row(loaded):
    manual = next(item for item in loaded.findings if item.blocked and item.row)
    assert "需手工修改" in manual.manual_html and f"表格第 {manual.row} 行" in manual.manual_html


def test_pasted_text_is_read_like_the_file(loaded):
    view = load(None, MULTI_SHEET_SEED.read_text(encoding="utf-8"))
    assert view.session.source == reviewer.PASTED_NAME
    assert view.session.critique.score == loaded.session.critique.score


def test_applying_a_suggestion_changes_the_sheet_as_suggested_and_rescores(loaded):
    item = first_applicable(loaded)
    finding = loaded.session.critique.findings[item.position]
    view = apply_finding(loaded.session, item.position)
    suggestion = finding.suggestion
    if suggestion.action == "delete":
        assert len(view.session.sheet.indicators) == len(loaded.session.sheet.indicators) - 1
    else:
        row = view.session.sheet.indicators[finding.indicator_index]
        assert suggestion.value is None or row.value.raw == suggestion.value
        assert suggestion.name is None or row.name == suggestion.name
    assert view.session.critique == critique_sheet(view.session.sheet, default_hints())
    assert view.can_undo and "得分" in view.notice_html
    assert loaded.session.sheet == read_path(MULTI_SHEET_SEED)[0]  # the earlier view is untouched


def test_undo_restores_the_sheet_before_the_last_suggestion(loaded):
    applied = apply_finding(loaded.session, first_applicable(loaded).position)
    back = undo(applied.session)
    assert back.session.sheet == loaded.session.sheet
    assert back.session.critique.score == loaded.session.critique.score
    assert not back.can_undo


def test_a_suggestion_that_needs_a_person_is_refused_with_the_reason(loaded):
    blocked = next((item for item in loaded.findings if item.blocked), None)
    assert blocked is not None
    view = apply_finding(loaded.session, blocked.position)
    assert view.session.sheet == loaded.session.sheet
    assert blocked.blocked in view.notice_html


def test_a_stale_finding_number_is_a_notice(loaded):
    view = apply_finding(loaded.session, 10_000)
    assert "过期" in view.notice_html and view.session.sheet == loaded.session.sheet


def test_a_click_on_a_list_that_no_longer_matches_the_sheet_is_refused(loaded):
    item = first_applicable(loaded)
    applied = apply_finding(loaded.session, item.position, item.key)
    # The same button clicked again before the list was redrawn: the position now means another finding.
    again = apply_finding(applied.session, item.position, item.key)
    assert again.session.sheet == applied.session.sheet and "过期" in again.notice_html


def test_downloads_of_the_revised_sheet_read_back(loaded):
    applied = apply_finding(loaded.session, first_applicable(loaded).position)
    (sheet,) = read_path(applied.files[".xlsx"])
    assert [i.value.raw for i in sheet.indicators] == [i.value.raw for i in applied.session.sheet.indicators]


def test_empty_input_asks_for_a_file_or_text():
    view = load(None, "  ")
    assert not view.has_sheet and "请上传" in view.notice_html


def test_an_unreadable_upload_names_the_file_and_the_reason(tmp_path: Path):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(BROKEN_BYTES)
    view = load(str(path), "")
    assert not view.has_sheet
    assert "坏文件.xlsx" in view.notice_html and "Excel" in view.notice_html
    assert "Traceback" not in view.notice_html


def test_text_that_is_not_a_sheet_is_explained():
    view = load(None, "这是一段普通的说明文字，没有表格。")
    assert not view.has_sheet and "无法识别" in view.notice_html


def test_an_oversized_upload_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_BYTES", "1000")
    path = tmp_path / "大文件.txt"
    path.write_text("项目名称" * 1000, encoding="utf-8")
    view = load(str(path), "")
    assert not view.has_sheet and "文件过大" in view.notice_html


def test_a_failed_load_keeps_the_sheet_already_shown(loaded, tmp_path: Path):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(BROKEN_BYTES)
    view = load(str(path), "", loaded.session)
    assert view.session.sheet == loaded.session.sheet and "无法读取" in view.notice_html


def test_a_new_session_shows_nothing():
    view = choose_sheet(ReviewSession(), 0)
    assert not view.has_sheet and view.findings == [] and view.choices == []

