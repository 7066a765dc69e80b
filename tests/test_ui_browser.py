"""The three tabs in a real headless Chromium against app.py on a free port (fixtures in tests/ui_server.py).

Flows: draft (describe → full table → refine by chat and by editing a cell → download .xlsx and
read it back), review (upload a seed file → score and findings → apply one suggestion), batch
(5 files, 1 broken → 5 rows and a report), and two browser sessions that do not share state.
Screenshots of each tab go to tests/artifacts/. Waits are on page elements, never sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant import taxonomy as tx
from assistant.ingest import read_path
from assistant.ui.drafter import DraftSession, send_message
from tests.ui_files import MULTI_SHEET_SEED, broken_file, single_sheet_files
from tests.ui_page import (
    TIMEOUT_MS,
    download,
    open_page,
    run_batch,
    score_of,
    table_rows,
    wait_for_cell,
    wait_for_findings_of_shown_sheet,
)

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 900}
DESCRIPTION = "本项目为人民调解工作经费，全年调解矛盾纠纷1000件，调解成功率不低于95%，培训人民调解员200人次，年度资金120万元。"
REQUIRED_LEVEL2 = (tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.SERVICE_SATISFACTION)
REQUIRED_LEVEL1 = (tx.OUTPUT, tx.BENEFIT, tx.SATISFACTION, tx.COST)


@pytest.fixture
def page(chromium, ui_url) -> Iterator:
    with open_page(chromium, ui_url, VIEWPORT) as page:
        yield page


def send(page, text: str) -> None:
    page.fill("#draft-input textarea", text)
    page.click("#draft-send")


def test_draft_flow(page, tmp_path: Path, artifacts: Path):
    assert "离线模式" in page.inner_text("#jx-backend")
    send(page, DESCRIPTION)
    page.wait_for_selector("#draft-score .jx-score-num")
    rows = table_rows(page, "#draft-table")
    assert set(REQUIRED_LEVEL1) <= {r[0] for r in rows} and set(REQUIRED_LEVEL2) <= {r[1] for r in rows}
    assert all(r[4] for r in rows)  # every row says where its value came from
    assert page.locator("#draft-chat [class*=message]").filter(has_text="已根据您的描述").count() >= 1

    # A follow-up in the chat changes the satisfaction row.
    satisfaction = next(i for i, r in enumerate(rows) if r[1] == tx.SERVICE_SATISFACTION)
    send(page, "满意度改为≥95%")
    wait_for_cell(page, "#draft-table", satisfaction, 3, "≥95%")

    # An edit typed into the table is kept and the sheet is critiqued again.
    page.locator('#draft-table [data-testid="cell-0-3"]').dblclick()
    editor = page.locator('#draft-table [data-testid="cell-0-3"] textarea')
    editor.fill("≥1500件")  # replaces what the cell held
    editor.press("Enter")
    wait_for_cell(page, "#draft-table", 0, 4, "用户修改")
    page.wait_for_selector("#draft-notice :text('重新审核')")
    page.screenshot(path=artifacts / "ui_draft.png", full_page=True)

    (sheet,) = read_path(download(page, "#draft-dl-xlsx", tmp_path))
    shown = table_rows(page, "#draft-table")
    assert [[i.level1, i.level2, i.name, i.value.raw] for i in sheet.indicators] == [r[:4] for r in shown]
    assert sheet.indicators[0].value.raw == "≥1500件" and sheet.indicators[satisfaction].value.raw == "≥95%"


def test_review_flow(page, artifacts: Path):
    page.get_by_role("tab", name="审核").click()
    page.set_input_files("#review-upload input[type=file]", str(MULTI_SHEET_SEED))
    page.wait_for_selector("#review-score .jx-score-num")
    before = score_of(page, "#review-score")
    assert re.fullmatch(r"\d+\.\d", before)
    wait_for_findings_of_shown_sheet(page)  # the list is rendered after the score
    assert page.locator("#review-table [role=gridcell][data-row]").count() >= 4
    # Three sheets in the file: a chooser switches to another one.
    page.click("#review-pick input")
    second = page.locator("[role=option]").nth(1)
    project = second.get_attribute("aria-label").split("：", 1)[1]
    second.click()
    page.wait_for_function(
        "p => document.querySelector('#review-table').closest('.column')"
        ".querySelector('.jx-project').innerText === p",
        arg=project,
    )
    wait_for_findings_of_shown_sheet(page)
    before = score_of(page, "#review-score")

    stamp_before = page.get_attribute("#review-legend .jx-legend-row", "data-stamp")
    page.locator("#review-findings button.jx-apply").first.click()
    page.wait_for_selector("#review-notice :text('得分')")
    page.wait_for_function(
        "s => document.querySelector('#review-legend .jx-legend-row').dataset.stamp !== s",
        arg=stamp_before,
        timeout=TIMEOUT_MS,
    )
    assert score_of(page, "#review-score") != before
    assert page.locator("#review-undo").is_visible()
    page.screenshot(path=artifacts / "ui_review.png", full_page=True)


def test_batch_flow(page, tmp_path: Path, artifacts: Path):
    files = [*single_sheet_files(tmp_path / "in", count=4), broken_file(tmp_path / "in")]
    run_batch(page, files)
    rows = table_rows(page, "#batch-table")
    assert len(rows) == 5
    assert rows[-1][1] == "损坏的申报表.xlsx" and "Excel" in rows[-1][-1]
    assert "损坏的申报表.xlsx" in page.inner_text("#batch-notice")
    page.screenshot(path=artifacts / "ui_batch.png", full_page=True)

    report = download(page, "#batch-dl-xlsx", tmp_path)
    sheet = load_workbook(report, read_only=True)["评分"]
    assert sorted(r[0] for r in list(sheet.iter_rows(values_only=True))[1:]) == sorted(f.name for f in files)


def test_two_browser_sessions_do_not_share_state(chromium, ui_url):
    contexts = [chromium.new_context(viewport=VIEWPORT, locale="zh-CN") for _ in range(2)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(ui_url)
            page.wait_for_selector("#draft-input textarea")
        first, second = pages
        texts = (
            "全年调解矛盾纠纷1000件，培训调解员200人次，资金120万元",
            "为辖区老人提供居家养老上门服务，资金80万元",
        )
        for page, text in zip(pages, texts, strict=True):
            send(page, text)
        for page in pages:
            page.wait_for_selector("#draft-score .jx-score-num")
        # Each session shows exactly the draft a fresh session makes of its own description.
        for page, text in zip(pages, texts, strict=True):
            expected = send_message(DraftSession(), text).rows
            assert table_rows(page, "#draft-table") == expected
            assert text in page.inner_text("#draft-chat")
        assert texts[0] not in second.inner_text("#draft-chat") and texts[1] not in first.inner_text(
            "#draft-chat"
        )

        second_rows = table_rows(second, "#draft-table")
        send(first, "满意度改为≥99%")
        first.wait_for_selector("#draft-chat :text('≥99%')")
        assert any(r[3] == "≥99%" for r in table_rows(first, "#draft-table"))
        assert table_rows(second, "#draft-table") == second_rows
    finally:
        for context in contexts:
            context.close()
