"""Batch scoring: files and folders in, one row per sheet, error rows for unreadable files, a report out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from assistant.batch import score_paths, summarize, write_report
from assistant.cli.app import app
from evals.gold import load_gold

BROKEN = {
    "garbled.json": '{"project_name": "x", "indicators": [',
    "empty.txt": "",
    "binary.json": bytes(range(256)) * 8,
    "prose.txt": "这不是绩效目标表，只是一段说明文字。",
    "wrong_fields.json": '{"project_name": 5, "indicators": "none"}',
}


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """195 readable sheets (one per file, some in a subfolder) and 5 broken files."""
    root = tmp_path_factory.mktemp("submissions")
    (root / "district").mkdir()
    gold = load_gold()
    for i in range(195):
        folder = root / "district" if i % 4 == 0 else root
        # A file of its own each (its id differs): byte-identical files would be reported as duplicates.
        sheet = gold[i % len(gold)].to_sheet().model_copy(update={"id": f"sheet_{i:03d}"})
        (folder / f"sheet_{i:03d}.json").write_text(sheet.model_dump_json(), encoding="utf-8")
    for name, content in BROKEN.items():
        target = root / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def test_cli_scores_200_files_with_5_error_rows_and_exit_code_1(batch_dir: Path, tmp_path: Path):
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(app, ["score", str(batch_dir), "--out", str(out)])
    assert result.exit_code == 1, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["评分", "问题明细", "汇总", "审核清单"]
    rows = list(book["评分"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 200
    errors = [r for r in rows if r[3] == "无法读取"]
    assert len(errors) == 5
    assert {Path(r[0]).name for r in errors} == set(BROKEN)
    assert all(r[-1] for r in errors)  # each error row says why
    assert book["问题明细"].max_row > 200
    summary_labels = [r[0] for r in book["汇总"].iter_rows(values_only=True)]
    assert "分数段" in summary_labels and "最常见的问题（规则）" in summary_labels


def test_batch_core_returns_rows_in_file_order_and_reports_progress(batch_dir: Path):
    calls: list[tuple[int, int]] = []
    report = score_paths([batch_dir], workers=2, progress=lambda done, total: calls.append((done, total)))
    assert len(report.rows) == 200 and len(report.failed) == 5
    assert [r.file for r in report.rows] == sorted(r.file for r in report.rows)
    assert calls[0] == (0, 200) and calls[-1] == (200, 200)
    ok = report.scored[0]
    assert ok.project and ok.grade in "优良中差" and ok.score is not None
    assert ok.errors + ok.warnings + ok.infos == len(
        [f for f in report.findings if (f.file, f.sheet_index) == (ok.file, ok.sheet_index)]
    )


def test_one_process_and_a_pool_give_the_same_rows(batch_dir: Path):
    files = sorted(batch_dir.glob("sheet_00*.json"))[:10]
    serial = score_paths(files, workers=1)
    pooled = score_paths(files, workers=2)
    assert serial.rows == pooled.rows


def test_csv_and_json_reports(batch_dir: Path, tmp_path: Path):
    report = score_paths([batch_dir / "garbled.json", *sorted(batch_dir.glob("sheet_01*.json"))], workers=1)
    csv_path = write_report(report, tmp_path / "r.csv")
    with csv_path.open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert table[0][:5] == ["文件", "表序号", "项目名称", "状态", "总分"]
    assert len(table) == len(report.rows) + 1
    data = json.loads(write_report(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(data) == {"mark", "complete", "summary", "rows", "findings"}
    assert data["summary"]["failed"] == 1 and data["summary"]["sheets"] == len(report.rows) - 1


def test_summary_counts_grades_bands_and_frequent_findings(batch_dir: Path):
    report = score_paths(sorted(batch_dir.glob("sheet_*.json"))[:20], workers=1)
    summary = summarize(report)
    assert sum(summary.grades.values()) == sum(summary.score_bands.values()) == 20
    assert (
        summary.top_findings and summary.top_findings[0].findings >= summary.top_findings[-1].findings
    )


def test_unsupported_report_format_is_refused_before_any_work(batch_dir: Path, tmp_path: Path):
    result = CliRunner().invoke(app, ["score", str(batch_dir), "--out", str(tmp_path / "report.pdf")])
    assert result.exit_code == 2 and "不支持的报告格式" in result.output
    assert not (tmp_path / "report.pdf").exists()


def test_all_readable_files_exit_0(batch_dir: Path, tmp_path: Path):
    files = [str(p) for p in sorted(batch_dir.glob("sheet_00*.json"))[:3]]
    result = CliRunner().invoke(app, ["score", *files, "--out", str(tmp_path / "ok.csv")])
    assert result.exit_code == 0, result.output
    assert "报告已写入" in result.output


def test_score_previous_compares_each_sheet_with_its_own_last_year_and_lists_the_checklist(tmp_path: Path):
    """A submission derived from a real sheet (rw08, a year on, a target lowered) scored with last
    year's folder: the row says what it was compared with, its findings hold H01, its check columns fill."""
    from assistant.schema import Indicator
    from evals.gold import load_realworld

    last = next(g for g in load_realworld() if g.seed_file.startswith("rw08")).to_sheet()
    rows = [
        i.model_copy(update={"value": Indicator(level1="", level2="", name="", value="150").value})
        if i.name == "补助学生数量"
        else i
        for i in last.indicators
    ]
    now = last.model_copy(update={"id": "now", "year": (last.year or 2023) + 1, "indicators": rows})
    (tmp_path / "in").mkdir()
    (tmp_path / "last").mkdir()
    (tmp_path / "in" / "now.json").write_text(now.model_dump_json(), encoding="utf-8")
    (tmp_path / "last" / "last.json").write_text(last.model_dump_json(), encoding="utf-8")
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        app, ["score", str(tmp_path / "in"), "--previous", str(tmp_path / "last"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "上年表 1 张" in result.output and "审核清单未通过的表数" in result.output
    book = load_workbook(out)
    header = [c.value for c in book["评分"][1]]
    assert {"目标明确", "指标完整", "细化量化", "归类正确", "合理可行", "相互匹配"} <= set(header)
    findings = list(book["问题明细"].iter_rows(min_row=2, values_only=True))
    assert any("H01" in [str(v) for v in f] for f in findings)
    checks = list(book["审核清单"].iter_rows(min_row=2, values_only=True))
    assert len(checks) == 6
    # Without --previous, last year's sheet is found in the corpus when it holds it, and only then.
    other = last.model_copy(update={"id": "other", "implementing_unit": "另一所学校"})
    (tmp_path / "other.jsonl").write_text(other.model_dump_json() + "\n", encoding="utf-8")
    (tmp_path / "same.jsonl").write_text(last.model_dump_json() + "\n", encoding="utf-8")
    assert score_paths([tmp_path / "in"], corpus=tmp_path / "other.jsonl").rows[0].previous is None
    found = score_paths([tmp_path / "in"], corpus=tmp_path / "same.jsonl").rows[0].previous
    assert found and "2023" in found
