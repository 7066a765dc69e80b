"""Write a batch report as .xlsx (评分 / 问题明细 / 汇总 sheets), .csv (the score rows) or .json."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from assistant.batch.models import BatchReport, ScoreRow

SUFFIXES = (".xlsx", ".csv", ".json")

# Column order and Chinese headers of the score rows.
ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "文件"),
    ("sheet_index", "表序号"),
    ("project", "项目名称"),
    ("status", "状态"),
    ("score", "总分"),
    ("grade", "等级"),
    ("completeness", "完整性"),
    ("measurability", "可衡量性"),
    ("conformity", "规范性"),
    ("consistency", "相关性与一致性"),
    ("errors", "错误数"),
    ("warnings", "警告数"),
    ("infos", "提示数"),
    ("indicators", "指标数"),
    ("error", "无法读取的原因"),
)
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "文件"),
    ("sheet_index", "表序号"),
    ("project", "项目名称"),
    ("code", "规则"),
    ("severity", "严重程度"),
    ("dimension", "维度"),
    ("where", "位置"),
    ("message", "问题"),
    ("suggestion", "改写建议"),
)
SCORE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("90–100（优）", 90, 101),
    ("75–89（良）", 75, 90),
    ("60–74（中）", 60, 75),
    ("0–59（差）", 0, 60),
)
_STATUS = {"ok": "已评分", "error": "无法读取"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


class Summary(BaseModel):
    files: int
    sheets: int
    failed: int
    mean_score: float | None
    median_score: float | None
    grades: dict[str, int]
    score_bands: dict[str, int]
    top_findings: list[dict]  # code, title, findings, sheets


def summarize(report: BatchReport, top: int = 15) -> Summary:
    from assistant.critique import RULES

    scored = report.scored
    scores = [r.score for r in scored if r.score is not None]
    files = len({r.file for r in report.rows})
    grades = Counter(r.grade for r in scored if r.grade)
    bands = {label: sum(low <= s < high for s in scores) for label, low, high in SCORE_BANDS}
    by_code = Counter(f.code for f in report.findings)
    sheets_by_code: dict[str, set[tuple[str, int | None]]] = {}
    for f in report.findings:
        sheets_by_code.setdefault(f.code, set()).add((f.file, f.sheet_index))
    top_findings = [
        {
            "code": code,
            "title": RULES[code].title if code in RULES else "",
            "findings": count,
            "sheets": len(sheets_by_code[code]),
        }
        for code, count in by_code.most_common(top)
    ]
    return Summary(
        files=files,
        sheets=len(scored),
        failed=len(report.failed),
        mean_score=round(statistics.fmean(scores), 1) if scores else None,
        median_score=round(statistics.median(scores), 1) if scores else None,
        grades={g: grades.get(g, 0) for g in ("优", "良", "中", "差")},
        score_bands=bands,
        top_findings=top_findings,
    )


def write_report(report: BatchReport, out: str | Path) -> Path:
    """Write the report in the format the suffix names; the file is replaced atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"不支持的报告格式 {suffix or '（无扩展名）'}，请使用 {' / '.join(SUFFIXES)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    if suffix == ".xlsx":
        _write_xlsx(report, tmp)
    elif suffix == ".csv":
        _write_csv(report, tmp)
    else:
        _write_json(report, tmp)
    tmp.replace(out)
    return out


def _row_values(row: ScoreRow) -> list:
    data = row.model_dump()
    data["status"] = _STATUS.get(row.status, row.status)
    return [data[key] for key, _ in ROW_COLUMNS]


def _write_csv(report: BatchReport, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it as UTF-8
        writer = csv.writer(handle)
        writer.writerow([title for _, title in ROW_COLUMNS])
        for row in report.rows:
            writer.writerow(["" if v is None else v for v in _row_values(row)])


def _write_json(report: BatchReport, path: Path) -> None:
    payload = {
        "summary": summarize(report).model_dump(),
        "rows": [r.model_dump() for r in report.rows],
        "findings": [f.model_dump() for f in report.findings],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_xlsx(report: BatchReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    error_fill = PatternFill("solid", fgColor="F8D7DA")
    book = Workbook()
    rows_sheet = book.active
    rows_sheet.title = "评分"
    rows_sheet.append([title for _, title in ROW_COLUMNS])
    # The first sheet a reviewer opens lists the sheets in rank order (best first), then the
    # files that could not be read; the other formats keep the input order.
    ranked = [*sorted(report.scored, key=lambda r: -(r.score or 0.0)), *report.failed]
    for row in ranked:
        rows_sheet.append(_row_values(row))
        if row.status == "error":
            for cell in rows_sheet[rows_sheet.max_row]:
                cell.fill = error_fill
    findings_sheet = book.create_sheet("问题明细")
    findings_sheet.append([title for _, title in FINDING_COLUMNS])
    for f in report.findings:
        data = f.model_dump()
        data["severity"] = _SEVERITY.get(f.severity, f.severity)
        findings_sheet.append([data[key] for key, _ in FINDING_COLUMNS])

    summary = summarize(report)
    s = book.create_sheet("汇总")
    s.append(["项目", "数值"])
    s.append(["文件数", summary.files])
    s.append(["已评分的表", summary.sheets])
    s.append(["无法读取的文件", summary.failed])
    s.append(["平均分", summary.mean_score])
    s.append(["中位数", summary.median_score])
    s.append([])
    s.append(["等级", "表数"])
    for grade, count in summary.grades.items():
        s.append([grade, count])
    s.append([])
    s.append(["分数段", "表数"])
    for band, count in summary.score_bands.items():
        s.append([band, count])
    s.append([])
    s.append(["最常见的问题（规则）", "说明", "问题数", "涉及表数"])
    for item in summary.top_findings:
        s.append([item["code"], item["title"], item["findings"], item["sheets"]])

    for sheet in (rows_sheet, findings_sheet, s):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    for row in s.iter_rows():
        if row and row[0].value in ("等级", "分数段", "最常见的问题（规则）"):
            for cell in row:
                cell.font = bold
    _widths(rows_sheet, {"A": 36, "C": 30, "O": 40})
    _widths(findings_sheet, {"A": 30, "C": 24, "G": 30, "H": 60, "I": 70})
    _widths(s, {"A": 22, "B": 60})
    book.save(path)


def _widths(sheet, widths: dict[str, int]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
