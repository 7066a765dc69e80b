"""批量评分 handler: uploads (and .zip) scored, ranked, charted and reported; bad files are rows, not failures."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.ui import batch
from assistant.ui.batch import TABLE_HEADERS, run_batch
from tests.ui_files import broken_file, single_sheet_files

SCORE = TABLE_HEADERS.index("总分")
FILE = TABLE_HEADERS.index("文件")
NOTE = TABLE_HEADERS.index("说明")


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("uploads")
    good = single_sheet_files(folder, count=4)
    return [*good[:2], broken_file(folder), *good[2:]]


@pytest.fixture(scope="module")
def scored(uploads):
    calls: list[tuple[int, int]] = []
    view = run_batch([str(p) for p in uploads], progress=lambda done, total: calls.append((done, total)))
    return view, calls


def test_every_file_is_a_row_and_the_broken_one_says_why(scored, uploads):
    view, _ = scored
    assert len(view.rows) == 5
    assert sorted(row[FILE] for row in view.rows) == sorted(p.name for p in uploads)
    broken = view.rows[-1]
    assert broken[FILE] == "损坏的申报表.xlsx" and broken[SCORE] is None and "Excel" in broken[NOTE]
    assert "损坏的申报表.xlsx" in view.notice_html


def test_rows_are_ranked_by_score(scored):
    view, _ = scored
    scores = [row[SCORE] for row in view.rows[:4]]
    assert scores == sorted(scores, reverse=True)
    assert [row[0] for row in view.rows] == [1, 2, 3, 4, "—"]


def test_progress_is_reported_to_the_end(scored):
    _, calls = scored
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


def test_the_charts_count_every_scored_sheet(scored):
    view, _ = scored
    assert sum(b["表数"] for b in view.bands) == 4
    assert view.top_findings and all(t.code in view.top_html for t in view.top_findings)
    assert "4" in view.summary_html and "无法读取" in view.summary_html


def test_the_reports_list_every_file_by_the_name_the_user_uploaded(scored, uploads):
    view, _ = scored
    book = load_workbook(view.files[".xlsx"], read_only=True)
    rows = list(book["评分"].iter_rows(values_only=True))
    assert len(rows) == 6 and sorted(r[0] for r in rows[1:]) == sorted(p.name for p in uploads)
    with view.files[".csv"].open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 6


def test_a_zip_is_scored_entry_by_entry(uploads, tmp_path):
    archive = tmp_path / "全部申报表.zip"
    with zipfile.ZipFile(archive, "w") as book:
        for path in uploads:
            book.write(path, f"区县/{path.name}")
        book.writestr("../outside.xlsx", uploads[0].read_bytes())
    view = run_batch([str(archive)])
    assert len(view.rows) == 5
    assert all(str(row[FILE]).startswith("全部申报表.zip › 区县/") for row in view.rows)
    assert "路径不安全" in view.notice_html


def test_no_upload_is_a_notice():
    view = run_batch([])
    assert view.rows == [] and "请先上传" in view.notice_html


def test_an_archive_with_nothing_readable_is_a_notice(tmp_path):
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as book:
        book.writestr("inner.zip", b"PK")
    view = run_batch([str(archive)])
    assert view.rows == [] and "没有可以评分的文件" in view.notice_html


def test_a_scoring_failure_is_a_notice_not_a_traceback(uploads, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("进程池异常")

    monkeypatch.setattr(batch, "score_paths", explode)
    view = run_batch([str(uploads[0])])
    assert view.rows == [] and "批量评分时出错" in view.notice_html and "Traceback" not in view.notice_html


def test_a_file_over_the_size_limit_is_a_row_with_the_reason(uploads, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_BYTES", "5000")
    view = run_batch([str(p) for p in uploads])
    assert len(view.rows) == 5
    assert any("文件过大" in str(row[NOTE]) for row in view.rows)


def test_each_table_row_has_its_sheets_critique(scored):
    view, _ = scored
    assert [d.label for d in view.details] == [row[FILE] for row in view.rows]
    first = view.details[0]
    html = batch.detail_html(view.details, 0)
    assert first.row.project and first.row.project in html and f"{first.row.score:.1f}" in html
    assert html.count('class="jx-finding ') == len(first.findings) > 0
    for finding in first.findings:
        assert finding.code in html
    broken = batch.detail_html(view.details, len(view.details) - 1)
    assert "无法读取" in broken and "Excel" in broken
    assert batch.detail_html(view.details, 99) == ""


def test_text_from_files_in_the_critique_panel_is_escaped():
    from assistant.batch.models import FindingRow, ScoreRow

    row = ScoreRow(file="<b>f</b>.xlsx", project="<script>alert(1)</script>", score=50, grade="差")
    finding = FindingRow(
        file=row.file,
        code="R07",
        severity="error",
        dimension="可衡量性",
        where="第1行",
        message="<img src=x>",
    )
    html = batch.detail_html([batch.SheetDetail(row, (finding,), row.file)], 0)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<b>f" not in html


def test_score_bands_are_labelled_grade_first_for_the_chart():
    assert batch.band_label("90–100（优）") == "优 90–100"
    assert batch.band_label("其他") == "其他"


def test_the_reports_first_sheet_is_in_rank_order(scored):
    view, _ = scored
    book = load_workbook(view.files[".xlsx"], read_only=True)
    rows = list(book["评分"].iter_rows(values_only=True))
    header = rows[0]
    score, status = header.index("总分"), header.index("状态")
    ok = [r for r in rows[1:] if r[status] == "已评分"]
    assert [r[score] for r in ok] == sorted((r[score] for r in ok), reverse=True)
    assert rows[-1][status] == "无法读取"  # unreadable files last
    assert [r[0] for r in rows[1:]] == [row[FILE] for row in view.rows]  # the order the page shows
