"""编制助手 handlers: chat drafts and refines, table edits are read back and re-critiqued, files download."""

from __future__ import annotations

import pytest

from assistant import taxonomy as tx
from assistant.ingest import read_path
from assistant.llm.errors import LLMUnavailable
from assistant.schema import ValueBasis
from assistant.ui import drafter
from assistant.ui.drafter import DraftSession, edit_table, send_message, sheet_from_rows

DESCRIPTION = "本项目为人民调解工作经费，全年调解矛盾纠纷1000件，调解成功率不低于95%，培训人民调解员200人次，年度资金120万元。"


@pytest.fixture(scope="module")
def first():
    return send_message(DraftSession(), DESCRIPTION)


def editable(view) -> list[list[str]]:
    return [list(row[:4]) for row in view.rows]


def test_first_message_drafts_a_table_covering_every_required_category(first):
    level2s = {row[1] for row in first.rows}
    level1s = {row[0] for row in first.rows}
    assert {tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.SERVICE_SATISFACTION} <= level2s
    assert {tx.OUTPUT, tx.BENEFIT, tx.SATISFACTION, tx.COST} <= level1s
    assert all(len(row) == 5 and row[4] for row in first.rows)


def test_the_reply_explains_the_draft_in_chinese_and_the_chat_keeps_both_turns(first):
    assert [m["role"] for m in first.chat] == ["user", "assistant"]
    assert first.chat[0]["content"] == DESCRIPTION
    reply = first.chat[1]["content"]
    assert f"{len(first.rows)} 项指标" in reply and "审核得分" in reply


def test_the_basis_column_says_where_each_value_came_from(first):
    labels = {row[2]: row[4] for row in first.rows}
    by_name = {i.name: i for i in first.session.draft.sheet.indicators}
    for name, label in labels.items():
        basis = by_name[name].provenance.basis
        expected = {
            ValueBasis.DESCRIPTION: "取自描述",
            ValueBasis.FUNDS: "由资金测算",
            ValueBasis.DEFAULT: "默认值",
            ValueBasis.SIMILAR: "参照",
        }
        assert label.startswith(expected[basis])
        assert label.endswith("请确认") == by_name[name].provenance.needs_confirmation


def test_the_score_and_main_findings_are_shown(first):
    critique = first.session.draft.critique
    assert f"{critique.score:.1f}" in first.score_html
    assert critique.grade in first.score_html
    for finding in critique.findings[:3]:
        assert finding.message.replace("「", "").split("」")[0][:4] in first.findings_html.replace("「", "")


def test_downloads_read_back_as_the_drafted_sheet(first):
    assert set(first.files) == {".xlsx", ".docx", ".json"}
    drafted = first.session.draft.sheet
    for suffix, path in first.files.items():
        (sheet,) = read_path(path)
        assert [(i.level2, i.name, i.value.raw) for i in sheet.indicators] == [
            (i.level2, i.name, i.value.raw) for i in drafted.indicators
        ], suffix


def test_a_follow_up_edit_command_changes_that_row_only(first):
    view = send_message(first.session, "满意度改为≥95%")
    changed = [(old, new) for old, new in zip(first.rows, view.rows, strict=True) if old != new]
    assert len(changed) == 1
    _, new = changed[0]
    assert "满意度" in new[2] and new[3] == "≥95%" and new[4] == "用户修改"
    assert len(view.chat) == 4 and "≥95%" in view.chat[-1]["content"]


def test_the_session_passed_in_is_not_changed_by_a_follow_up(first):
    before = first.session.draft.sheet.model_copy(deep=True)
    send_message(first.session, "增加一个成本指标")
    assert first.session.draft.sheet == before
    assert len(first.session.chat) == 2


def test_new_information_is_offered_as_rows_not_redrafted(first):
    view = send_message(first.session, "另外全年开展法治宣传活动12场")
    assert view.rows == first.rows  # nothing changes until the user answers
    reply = view.chat[-1]["content"]
    assert "法治宣传活动场次 ≥12场" in reply and "回复“是”" in reply and "重新生成" in reply
    added = send_message(view.session, "是")
    assert len(added.rows) == len(first.rows) + 1
    row = next(r for r in added.rows if r[2] == "法治宣传活动场次")
    assert row[1] == tx.QUANTITY and row[3] == "≥12场" and row[4] == "用户添加"


def test_redrafting_with_new_information_is_the_users_choice_and_keeps_their_edits(first):
    edited = send_message(first.session, "满意度改为≥95%").session
    offered = send_message(edited, "另外全年开展法治宣传活动12场").session
    view = send_message(offered, "重新生成")
    assert view.session.request.description.endswith("另外全年开展法治宣传活动12场")
    assert any(r[3] == "≥12场" for r in view.rows)
    satisfaction = [r for r in view.rows if r[1] == tx.SERVICE_SATISFACTION]
    assert [r[3] for r in satisfaction] == ["≥95%"] and satisfaction[0][4] == "用户修改"
    assert "保留了您改过的" in view.chat[-1]["content"]


def test_project_fields_typed_as_text_are_read_and_wrong_ones_are_chinese_notices():
    info, problems = drafter.parse_info("调解经费", "2025年", "120万元", "区司法局")
    assert (info.year, info.funds_wan, problems) == (2025, 120.0, [])
    info, problems = drafter.parse_info("", "0", "很多", "")
    assert info.year is None and info.funds_wan is None
    assert [p.level for p in problems] == ["warning", "warning"]
    assert "四位年份" in problems[0].text and "万元" in problems[1].text
    assert drafter.parse_info("", None, None, None) == (drafter.ProjectInfo(), [])  # empty until set


def test_project_fields_changed_after_drafting_update_the_sheet(first):
    info = drafter.ProjectInfo(year=2025, funds_wan=80)
    view = send_message(first.session, "", info)
    sheet = view.session.draft.sheet
    assert (sheet.year, sheet.funds.total, sheet.start_date.year) == (2025, 800000.0, 2025)
    assert "预算年度 2025" in view.notice_html and "80 万元" in view.notice_html
    cost = next(i for i in sheet.indicators if i.level1 == tx.COST)
    assert cost.value.raw == "≤800元/件"  # the unit cost follows the funds


def test_project_fields_beside_the_chat_reach_the_draft():
    info = drafter.ProjectInfo(
        project_name="人民调解专项经费", year=2025, funds_wan=80, implementing_unit="区司法局"
    )
    view = send_message(DraftSession(), "全年调解矛盾纠纷500件", info)
    sheet = view.session.draft.sheet
    assert (sheet.project_name, sheet.year, sheet.funds.total) == ("人民调解专项经费", 2025, 800000.0)
    assert sheet.implementing_unit == "区司法局"


@pytest.mark.parametrize("message", ["", "   ", "\n"])
def test_an_empty_message_asks_for_a_description_and_is_not_sent(message):
    view = send_message(DraftSession(), message)
    assert not view.accepted and view.chat == [] and not view.has_draft
    assert "请先" in view.notice_html


def test_an_overlong_message_is_refused_with_a_notice():
    view = send_message(DraftSession(), "调" * (drafter.MAX_DESCRIPTION_CHARS + 1))
    assert not view.accepted and not view.has_draft and "太长" in view.notice_html


def test_a_drafting_failure_is_a_chinese_notice_and_loses_nothing(first, monkeypatch):
    def down(*args, **kwargs):
        raise LLMUnavailable("大模型服务连接失败")

    monkeypatch.setattr(drafter, "edit", down)  # an injected failure, said so
    view = send_message(first.session, "满意度改为≥95%")
    assert "大模型服务连接失败" in view.notice_html and "Traceback" not in view.notice_html
    assert view.rows == first.rows and view.chat == first.chat


def test_a_value_edited_in_the_table_is_the_users_and_the_sheet_is_critiqued_again(first):
    rows = editable(first)
    rows[0][3] = "≥1500件"
    view = edit_table(first.session, rows)
    assert view.rows[0][3] == "≥1500件" and view.rows[0][4] == "用户修改"
    assert [r[4] for r in view.rows[1:]] == [r[4] for r in first.rows[1:]]
    assert view.session.draft.critique is not first.session.draft.critique
    assert "1500件" in view.session.draft.sheet.annual_goal
    assert "重新审核" in view.notice_html
    (sheet,) = read_path(view.files[".xlsx"])
    assert sheet.indicators[0].value.raw == "≥1500件"


def test_deleting_a_row_and_adding_one_in_the_table():
    session = send_message(DraftSession(), DESCRIPTION).session
    rows = [[i.level1, i.level2, i.name, i.value.raw] for i in session.draft.sheet.indicators]
    removed = rows.pop(1)
    rows.append([tx.BENEFIT, tx.SOCIAL_BENEFIT, "矛盾纠纷化解率", "≥90%"])
    rows.append(["", "", "", ""])  # the blank row a table editor leaves behind
    view = edit_table(session, rows)
    names = [r[2] for r in view.rows]
    assert removed[2] not in names and names[-1] == "矛盾纠纷化解率"
    assert view.rows[-1][4] == "用户添加"
    assert len(view.rows) == len(rows) - 1


def test_an_unchanged_table_is_not_critiqued_again(first):
    view = edit_table(first.session, editable(first))
    assert view.session.draft is first.session.draft
    assert view.notice_html == ""


def test_rows_that_only_moved_keep_their_provenance(first):
    sheet = first.session.draft.sheet
    rows = editable(first)[::-1]
    moved, changed = sheet_from_rows(sheet, rows)
    assert changed == 0
    assert [i.provenance for i in moved.indicators] == [i.provenance for i in sheet.indicators[::-1]]


def test_a_table_edit_before_any_draft_does_nothing():
    view = edit_table(DraftSession(), [["产出指标", "数量指标", "x", "1"]])
    assert not view.has_draft and view.rows == []


def test_notices_from_drafting_are_shown_beside_the_draft(monkeypatch):
    real = drafter.draft

    def with_fallback(request):
        result = real(request)
        return result.model_copy(update={"notices": ["大模型服务超时，已改用离线结果。"]})

    monkeypatch.setattr(drafter, "draft", with_fallback)
    view = send_message(DraftSession(), DESCRIPTION)
    assert view.has_draft and "大模型服务超时，已改用离线结果。" in view.notice_html


def test_a_row_renamed_in_the_table_has_its_explanation_follow_into_the_exports(first):
    sheet = first.session.draft.sheet
    index = next(n for n, i in enumerate(sheet.indicators) if i.description and i.name in i.description)
    old = sheet.indicators[index].name
    rows = editable(first)
    rows[index][2] = "调解协议达成率"
    view = edit_table(first.session, rows)
    renamed = view.session.draft.sheet.indicators[index]
    assert renamed.name == "调解协议达成率" and old not in renamed.description
    assert "调解协议达成率" in renamed.description
    (back,) = read_path(view.files[".docx"])
    assert back.indicators[index].description == renamed.description
