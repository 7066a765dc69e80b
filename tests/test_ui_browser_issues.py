"""Issue 15 in a real headless Chromium: each problem a drafter or reviewer hit, as the scenario that failed,
now passing (one app server for the session; see tests/ui_server.py).

1. 项目信息 (预算年度 empty until set, Chinese notices, never a bare "Error"); 2. a chat that edits and
never throws away edits; 3. a second project asks first; 4. exports that carry the truth; 5. the review
tab's editable table and kept state; 6. phones (390 px); 7. Chinese everywhere; 8. batch row critique and
the report in rank order; 9. text shown as typed. Screenshots of every tab at 1440 and 390 px go to
tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from assistant import taxonomy as tx
from assistant.export import write_sheets
from assistant.ingest import read_path
from assistant.schema import Sheet
from tests.ui_files import MULTI_SHEET_SEED, broken_file, single_sheet_files
from tests.ui_page import (
    DESKTOP,
    PHONE,
    download,
    draft,
    edit_cell,
    english_on_page,
    last_reply,
    open_page,
    review_stamp,
    run_batch,
    score_of,
    send,
    table_rows,
    wait_for_cell,
    wait_for_findings_of_shown_sheet,
    wait_for_new_stamp,
)

pytestmark = pytest.mark.browser

DESCRIPTION = "本项目为人民调解工作经费，全年调解矛盾纠纷1000件，调解成功率不低于95%，培训人民调解员200人次，年度资金120万元。"
OTHER_PROJECT = "本项目为居家养老上门服务，为辖区60岁以上老人提供上门服务3000人次，每月回访一次，资金80万元。"
USER_TEXT = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")


def open_info_panel(page) -> None:
    page.get_by_text("项目信息（选填，填写后草稿更准确）").click()
    page.wait_for_selector("#draft-year textarea, #draft-year input", state="visible")


def field(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def no_error_toast(page) -> None:
    toasts = page.locator(".toast-body, [data-testid=toast-body]")
    assert toasts.count() == 0 or "Error" not in " ".join(toasts.all_inner_texts())


# --- 1. 项目信息 ----------------------------------------------------------------------------------


def test_1_project_fields_start_empty_and_a_wrong_value_is_a_chinese_notice(chromium, ui_url):
    with open_page(chromium, ui_url) as page:
        open_info_panel(page)
        assert field(page, "draft-year").input_value() == ""  # not 0
        assert field(page, "draft-funds").input_value() == ""
        field(page, "draft-year").fill("0")
        page.fill("#draft-input textarea", DESCRIPTION)
        page.click("#draft-send")
        page.wait_for_selector("#draft-notice .jx-notice-warning")
        assert "四位年份" in page.inner_text("#draft-notice")
        assert page.input_value("#draft-input textarea") == DESCRIPTION  # nothing lost
        no_error_toast(page)
        field(page, "draft-year").fill("2025")
        field(page, "draft-funds").fill("80")
        page.click("#draft-send")
        page.wait_for_selector("#draft-score .jx-score-num")
        header = page.inner_text(".jx-sheet-head")
        assert "2025" in header and "80 万元" in header
        no_error_toast(page)
        assert "Error" not in page.inner_text("body")


# --- 2. the chat edits ------------------------------------------------------------------------


def test_2_chat_commands_edit_rows_and_keep_earlier_edits(chromium, ui_url, tmp_path: Path):
    with open_page(chromium, ui_url) as page:
        draft(page, DESCRIPTION)
        rows = table_rows(page, "#draft-table")
        satisfaction = next(i for i, r in enumerate(rows) if r[1] == tx.SERVICE_SATISFACTION)

        send(page, "满意度改为≥95%")
        wait_for_cell(page, "#draft-table", satisfaction, 3, "≥95%")

        third = table_rows(page, "#draft-table")[2][2]
        send(page, "删除第3行")
        assert last_reply(page).startswith(f"已删除第3行「{third}」")
        after = table_rows(page, "#draft-table")
        assert len(after) == len(rows) - 1 and third not in [r[2] for r in after]
        assert any(r[1] == tx.SERVICE_SATISFACTION and r[3] == "≥95%" for r in after)  # kept

        send(page, "把第2行的指标值改为≥224次")
        wait_for_cell(page, "#draft-table", 1, 3, "^≥224次$")
        names = [r[2] for r in table_rows(page, "#draft-table")]
        assert len(names) == len(after) and not any("把第2行" in n for n in names)

        send(page, "增加一个关于检测抽样的数量指标")
        added = [r for r in table_rows(page, "#draft-table") if "检测抽样" in r[2]]
        assert len(added) == 1 and added[0][1] == tx.QUANTITY

        before = table_rows(page, "#draft-table")
        send(page, "事故0起")  # not a command: what it understood, and the options
        reply = last_reply(page)
        assert "「事故发生数 0起」" in reply and "回复“是”" in reply and "重新生成" in reply
        assert table_rows(page, "#draft-table") == before

        (sheet,) = read_path(download(page, "#draft-dl-xlsx", tmp_path))
        assert [[i.level1, i.level2, i.name, i.value.raw] for i in sheet.indicators] == [
            r[:4] for r in before
        ]
        assert not re.search(r"删除|改为|增加一个|事故0起", sheet.overall_goal or "")  # no command text


def test_2_a_description_without_project_facts_gets_a_question(chromium, ui_url):
    with open_page(chromium, ui_url) as page:
        send(page, "做好今年的工作")
        reply = last_reply(page)
        assert all(w in reply for w in ("做什么", "为谁做", "做多少", "何时完成"))
        assert not page.locator("#draft-score .jx-score-num").is_visible()


# --- 3. a second project ----------------------------------------------------------------------


def test_3_a_second_project_asks_whether_to_start_a_new_sheet(chromium, ui_url):
    with open_page(chromium, ui_url) as page:
        draft(page, DESCRIPTION)
        rows = table_rows(page, "#draft-table")
        send(page, OTHER_PROJECT)
        assert "要为它新建一张表吗" in last_reply(page)
        assert (
            page.inner_text(".jx-project") == "人民调解工作经费" and table_rows(page, "#draft-table") == rows
        )
        send(page, "新建")
        page.wait_for_function("() => document.querySelector('.jx-project').innerText === '居家养老上门服务'")
        assert "80 万元" in page.inner_text(".jx-sheet-head")


# --- 4. exports -------------------------------------------------------------------------------


def test_4_exports_carry_the_basis_the_renames_and_values_as_written(chromium, ui_url, tmp_path: Path):
    with open_page(chromium, ui_url) as page:
        draft(page, DESCRIPTION)
        rows = table_rows(page, "#draft-table")
        assert not any(re.search(r"\.\d*0\(|\(%\)|百分比", r[3]) for r in rows)  # ≥85%, not ≥85.00(%)
        (drafted,) = read_path(download(page, "#draft-dl-json", tmp_path))
        index = next(n for n, i in enumerate(drafted.indicators) if i.description and i.name in i.description)
        edit_cell(page, "#draft-table", index, 2, "调解协议达成率")
        wait_for_cell(page, "#draft-table", index, 4, "用户修改")
        page.wait_for_selector("#draft-notice :text('重新审核')")

        xlsx = download(page, "#draft-dl-xlsx", tmp_path)
        cells = [c.value for row in load_workbook(xlsx).active.iter_rows() for c in row]
        assert "依据" in cells and any(isinstance(c, str) and c.endswith("·请确认") for c in cells)
        assert not any(isinstance(c, str) and re.search(r"\d\.\d*0\(%\)", c) for c in cells)
        docx = download(page, "#draft-dl-docx", tmp_path)
        document = Document(str(docx))
        assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
        assert document.paragraphs[-1].text.startswith("注：“依据”列")
        for path in (xlsx, docx):
            (sheet,) = read_path(path)
            shown = table_rows(page, "#draft-table")
            assert [[i.level1, i.level2, i.name, i.value.raw] for i in sheet.indicators] == [
                r[:4] for r in shown
            ]
            assert [i.other_values["依据"] for i in sheet.indicators] == [r[4] for r in shown]
            renamed = sheet.indicators[index]
            assert renamed.name == "调解协议达成率" and "调解协议达成率" in renamed.description
            assert drafted.indicators[index].name not in renamed.description


# --- 5. the review tab ------------------------------------------------------------------------


def test_5_review_table_is_editable_and_the_chosen_sheet_and_edits_are_kept(chromium, ui_url):
    with open_page(chromium, ui_url) as page:
        page.get_by_role("tab", name="审核").click()
        page.set_input_files("#review-upload input[type=file]", str(MULTI_SHEET_SEED))
        wait_for_findings_of_shown_sheet(page)
        page.click("#review-pick input")
        second = page.locator("[role=option]").nth(1)
        project = second.get_attribute("aria-label").split("：", 1)[1]
        stamp = review_stamp(page)
        second.click()
        wait_for_new_stamp(page, stamp)
        assert page.inner_text("#tab-review .jx-sheet-head .jx-project").strip() == project

        # A finding without a one-click rewrite says why and where to edit, readably.
        manual = page.locator("#review-findings .jx-manual").first
        assert "需手工修改" in manual.inner_text() and "表格第" in manual.inner_text()
        assert manual.evaluate("e => getComputedStyle(e).color") != "rgb(148, 163, 184)"  # not pale grey

        # Edit a cell in the table: the sheet is scored again.
        before = score_of(page, "#review-score")
        rows = table_rows(page, "#review-table")
        target = next(i for i, r in enumerate(rows) if r[4])  # a row with a finding
        stamp = review_stamp(page)
        edit_cell(page, "#review-table", target, 3, "≥4240件")
        wait_for_new_stamp(page, stamp)
        assert table_rows(page, "#review-table")[target][3] == "≥4240件"
        assert "重新评分" in page.inner_text("#review-notice")

        # Apply a rewrite, then press 开始审核 again with the file still loaded: nothing is dropped.
        stamp = review_stamp(page)
        page.locator("#review-findings button.jx-apply").first.click()
        wait_for_new_stamp(page, stamp)
        edited = table_rows(page, "#review-table")
        score = score_of(page, "#review-score")
        assert score != before or edited != rows
        page.click("#review-run")
        page.wait_for_selector("#review-notice :text('保留了所选的表和已采纳的修改')")
        assert table_rows(page, "#review-table") == edited and score_of(page, "#review-score") == score
        assert page.inner_text("#tab-review .jx-sheet-head .jx-project").strip() == project

        # Text pasted after the file is what the next review reads; 重新开始 forgets everything.
        pasted = "项目名称\t粘贴的调解项目\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t调解案件数\t≥100件"
        page.fill("#review-paste textarea", pasted)
        stamp = review_stamp(page)
        page.click("#review-run")
        wait_for_new_stamp(page, stamp)
        assert page.inner_text("#tab-review .jx-sheet-head .jx-project").strip() == "粘贴的调解项目"
        page.click("#review-reset")
        page.wait_for_function("() => !document.querySelector('#review-score .jx-score-num')?.offsetParent")
        assert page.input_value("#review-paste textarea") == ""


# --- 6. phones --------------------------------------------------------------------------------


def fill_every_tab(page, tmp_path: Path) -> None:
    draft(page, DESCRIPTION)
    page.get_by_role("tab", name="审核").click()
    page.set_input_files("#review-upload input[type=file]", str(MULTI_SHEET_SEED))
    wait_for_findings_of_shown_sheet(page)
    run_batch(page, [*single_sheet_files(tmp_path / "in", count=3), broken_file(tmp_path / "in")])
    page.locator('#batch-table [data-testid="cell-0-2"]').click()
    page.wait_for_selector("#batch-detail .jx-detail")


TABS = (("编制助手", "draft"), ("审核", "review"), ("批量评分", "batch"))


@pytest.mark.parametrize(("viewport", "label"), [(DESKTOP, "1440"), (PHONE, "390")])
def test_6_every_tab_fits_the_screen_and_is_photographed(
    chromium, ui_url, tmp_path: Path, artifacts: Path, viewport, label
):
    with open_page(chromium, ui_url, viewport) as page:
        fill_every_tab(page, tmp_path)
        for tab, name in TABS:
            page.get_by_role("tab", name=tab).click()
            page.wait_for_selector(f"#tab-{name}", state="visible")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{tab}: the page is {width} px wide at {viewport['width']} px"
            title = page.locator(".jx-header h1")
            height = title.evaluate(
                "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || 30)"
            )
            assert height < 1.6, f"the title wraps onto {height:.1f} lines"
            page.screenshot(path=artifacts / f"ui_{name}_{label}.png", full_page=True)
        if viewport is PHONE:
            # Wide tables scroll inside their own box, not the page.
            box = page.locator("#batch-table .table-wrap, #batch-table .virtual-table-viewport").last
            assert box.evaluate("e => e.scrollWidth > e.clientWidth")


# --- 7. Chinese everywhere --------------------------------------------------------------------

USER_AND_FILE_TEXT = (
    "[role=gridcell]",
    ".message-content",
    "#draft-chat [aria-label]",
    ".jx-sheet-head",
    ".jx-finding",
    ".jx-detail",
    "#review-upload .file-preview, #batch-upload .file-preview",
    "#review-upload table, #batch-upload table",
    "#batch-bands",  # the chart's own screen-reader text (Vega)
)


def test_7_every_word_on_the_page_is_chinese_in_an_english_browser(chromium, ui_url, tmp_path: Path):
    with open_page(chromium, ui_url, locale="en-US") as page:
        statuses = page.evaluate_handle(
            """() => { const seen = []; new MutationObserver(() => {
                 document.querySelectorAll('.progress-text, .meta-text, .progress-level-inner, .eta-bar')
                   .forEach((e) => seen.push(e.innerText)); })
               .observe(document.body, {subtree: true, childList: true, characterData: true});
               return seen; }"""
        )
        page.get_by_role("tab", name="审核").click()
        upload_text = page.locator("#review-upload").inner_text()
        assert "把文件拖到这里" in upload_text and "点击选择文件" in upload_text and "Drop" not in upload_text
        page.get_by_role("tab", name="编制助手").click()
        open_info_panel(page)
        fill_every_tab(page, tmp_path)
        for tab, _ in TABS:
            page.get_by_role("tab", name=tab).click()
            assert english_on_page(page, USER_AND_FILE_TEXT, (MULTI_SHEET_SEED.name,)) == [], tab
        seen = statuses.json_value()
        assert seen, "no progress label was seen"
        assert not [s for s in seen if re.search(r"processing|\d\s*s\b|In queue", s)], seen
        # Rule codes come with what the rule checks.
        page.get_by_role("tab", name="审核").click()
        rule = page.locator("#review-findings .jx-rule").first.inner_text()
        assert re.match(r"^R\d\d\s*\S{4,}", rule)


# --- 8. batch ---------------------------------------------------------------------------------


def test_8_a_click_on_a_batch_row_opens_its_critique(chromium, ui_url, tmp_path: Path):
    files = [*single_sheet_files(tmp_path / "in", count=3), broken_file(tmp_path / "in")]
    with open_page(chromium, ui_url) as page:
        run_batch(page, files)
        rows = table_rows(page, "#batch-table")
        for index in (1, 0):
            page.locator(f'#batch-table [data-testid="cell-{index}-2"]').click()
            page.wait_for_function(
                "p => document.querySelector('#batch-detail .jx-detail-title')?.innerText.includes(p)",
                arg=rows[index][2],
            )
            detail = page.inner_text("#batch-detail")
            assert rows[index][3] in page.inner_text("#batch-detail .jx-score-num")
            assert "问题与改写建议" in detail
        page.locator(f'#batch-table [data-testid="cell-{len(rows) - 1}-1"]').click()
        page.wait_for_selector("#batch-detail :text('无法读取')")


# --- 9. text as typed -------------------------------------------------------------------------


def test_9_text_with_angle_brackets_is_shown_as_typed_everywhere(chromium, ui_url, tmp_path: Path):
    with open_page(chromium, ui_url) as page:  # a script that ran would open a dialog and fail the test
        draft(page, f"{DESCRIPTION}{USER_TEXT[0]}")
        assert USER_TEXT[0] in page.inner_text("#draft-chat")

        page.get_by_role("tab", name="审核").click()
        pasted = "\n".join(
            [
                f"项目名称\t{USER_TEXT[0]}调解经费",
                "一级指标\t二级指标\t三级指标\t指标值",
                f"产出指标\t数量指标\t调解案件数{USER_TEXT[1]}\t≥100件",
                "产出指标\t质量指标\t调解成功率\t<b>≥95%</b>",
                "满意度指标\t服务对象满意度指标\t调解当事人满意度\t≥90%",
            ]
        )
        page.fill("#review-paste textarea", pasted)
        page.click("#review-run")
        wait_for_findings_of_shown_sheet(page)
        assert page.inner_text("#tab-review .jx-sheet-head .jx-project").strip() == f"{USER_TEXT[0]}调解经费"
        rows = table_rows(page, "#review-table")
        assert [r[:4] for r in rows[:2]] == [
            ["产出指标", "数量指标", f"调解案件数{USER_TEXT[1]}", "≥100件"],
            ["产出指标", "质量指标", "调解成功率", "<b>≥95%</b>"],
        ]
        assert USER_TEXT[1] in page.inner_text("#review-findings")

        # A file whose names hold markup: the batch table's cells stay in their columns.
        sheet = Sheet.model_validate(
            {
                "project_name": "</td><td>越界项目<img src=x onerror=alert(3)>",
                "indicators": [
                    {"level1": "产出指标", "level2": "数量指标", "name": "<b>案件数</b>", "value": "≥1件"}
                ],
            }
        )
        upload = write_sheets([sheet], tmp_path / "标记.json")
        run_batch(page, [upload])
        (row,) = table_rows(page, "#batch-table")
        assert row[1] == "标记.json" and row[2] == sheet.project_name and row[3] != ""
        page.locator('#batch-table [data-testid="cell-0-2"]').click()
        page.wait_for_selector("#batch-detail .jx-detail")
        assert sheet.project_name in page.inner_text("#batch-detail .jx-detail-title")
