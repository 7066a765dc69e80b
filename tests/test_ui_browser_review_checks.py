"""审核 tab in a real headless Chromium (issue 13): this year's sheet with last year's beside it, the
reviewer's checklist under the score and the lowered target found. The screenshot goes to
tests/artifacts/ui_review_checklist_1440.png. Waits are on page elements, never sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.critique.checklist import CHECKS
from tests.test_ui_review_checks import rw08, with_value, written
from tests.ui_page import DESKTOP, open_page

pytestmark = pytest.mark.browser


def test_the_review_tab_shows_the_checklist_and_compares_with_last_years_upload(
    chromium, ui_url, tmp_path: Path, artifacts: Path
):
    last = rw08()
    now = with_value(last, "补助学生数量", "150", id="now", year=(last.year or 2023) + 1)
    this_file = written(tmp_path, "今年.json", now)
    last_file = written(tmp_path, "上年.json", with_value(last, "补助学生数量", "200"))
    with open_page(chromium, ui_url, DESKTOP) as page:
        page.get_by_role("tab", name="审核").click()
        page.set_input_files("#review-previous input[type=file]", last_file)
        page.set_input_files("#review-upload input[type=file]", this_file)
        page.wait_for_selector("#review-score #review-checklist")
        page.wait_for_selector("#review-findings .jx-rule:has-text('H01')")
        checklist = page.inner_text("#review-checklist")
        for check in CHECKS:
            assert check.name in checklist
        assert "未通过" in checklist and "补助学生数量" in checklist
        assert "已与上年表" in page.inner_text("#review-notice")
        page.locator("#review-checklist").scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "ui_review_checklist_1440.png", full_page=True)
