"""Write a batch report as .xlsx (评分 / 问题明细 / 汇总 sheets), .csv (the score rows) or .json.

Every report is written atomically (`assistant.outputs`), every text cell as inert text (a project
named "=HYPERLINK(…)" is not a formula: `assistant.export.safe_cells`), and every report carries a
mark (`REPORT_MARK`) so that a report left in a folder that is scored again is recognised and
skipped, not scored as a submission (`is_batch_report`).
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import zipfile
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.batch.models import BatchReport, ScoreRow
from assistant.critique.checklist import CHECKS
from assistant.export.safe_cells import append_row, csv_cell, strings_as_text
from assistant.outputs import write_atomic
from assistant.schema import SEVERITY_LABELS

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
    ("notices", "提示"),
    ("error", "未评分的原因"),
)
# The reviewer's checklist: a column per check before the last two columns (提示, 未评分的原因), each
# "通过（优）" or "未通过（中）：第3行 …"; and an 审核清单 sheet with a row per sheet and check.
CHECK_NAMES: tuple[str, ...] = tuple(check.name for check in CHECKS)
CHECKLIST_COLUMNS: tuple[str, ...] = ("文件", "表序号", "项目名称", "检查项", "结果", "等级", "未通过的指标", "整表问题", "规则")
# Added after ROW_COLUMNS when the batch had an LLM review (`score --llm`); the advice is not in the score.
LLM_ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("llm_state", "大模型审核"),
    ("llm_advice", "大模型意见数"),
    ("llm_tokens", "大模型用量（tokens）"),
    ("llm_seconds", "大模型用时（秒）"),
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
_STATUS = {
    "ok": "已评分",
    "error": "无法读取",
    "skipped": "已跳过",
    "duplicate": "重复",
    "unfinished": "未处理（已中断）",
}
INCOMPLETE = "未完成"
# Written into every report (the .xlsx document properties, the .json payload); the .csv is known by
# its header row.
REPORT_MARK = "jixiao-assistant batch report"
REPORT_TITLE = "绩效目标助手 批量评分报告"
_SEVERITY = {severity.value: label for severity, label in SEVERITY_LABELS.items()}


class TopFinding(BaseModel):
    """One of the most frequent findings of a batch: which rule, how often, in how many sheets."""

    code: str
    title: str
    findings: int
    sheets: int


class Summary(BaseModel):
    files: int
    sheets: int
    failed: int  # files or sheets that could not be read or critiqued
    mean_score: float | None
    median_score: float | None
    grades: dict[str, int]
    score_bands: dict[str, int]
    top_findings: list[TopFinding]
    skipped: int = 0  # found and not submissions (unsupported type, lock file, this tool's report)
    duplicates: int = 0
    unfinished: int = 0  # not reached: the run was interrupted
    complete: bool = True
    checks_failed: dict[str, int] = Field(default_factory=dict)  # check → sheets that did not pass it
    compared_with_last_year: int = 0  # sheets compared with last year's sheet
    # The LLM review, by scored sheet (all zero when it did not run).
    llm_done: int = 0
    llm_failed: int = 0
    llm_pending: int = 0  # not reviewed yet (interrupted, or held by another run)
    llm_advice: int = 0
    llm_tokens: int = 0  # over distinct sheets (equal sheets are reviewed once)


def has_llm(report: BatchReport) -> bool:
    return any(r.llm_state for r in report.rows)


def summarize(report: BatchReport, top: int = 15) -> Summary:
    from assistant.critique import RULES

    scored = report.scored
    scores = [r.score for r in scored if r.score is not None]
    files = len({r.file for r in report.rows})
    grades = Counter(r.grade for r in scored if r.grade)
    bands = {label: sum(low <= s < high for s in scores) for label, low, high in SCORE_BANDS}
    sheets_by_code: dict[str, set[tuple[str, int | None]]] = {}
    for f in report.findings:
        sheets_by_code.setdefault(f.code, set()).add((f.file, f.sheet_index))
    by_code = Counter(f.code for f in report.findings if f.source == "rule")
    top_findings = [
        TopFinding(
            code=code,
            title=RULES[code].title if code in RULES else "",
            findings=count,
            sheets=len(sheets_by_code[code]),
        )
        for code, count in by_code.most_common(top)
    ]
    return Summary(
        files=files,
        sheets=len(scored),
        failed=len(report.unreadable),
        mean_score=round(statistics.fmean(scores), 1) if scores else None,
        median_score=round(statistics.median(scores), 1) if scores else None,
        grades={g: grades.get(g, 0) for g in ("优", "良", "中", "差")},
        score_bands=bands,
        top_findings=top_findings,
        skipped=sum(r.status == "skipped" for r in report.rows),
        duplicates=sum(r.status == "duplicate" for r in report.rows),
        unfinished=sum(r.status == "unfinished" for r in report.rows),
        complete=report.complete,
        checks_failed={
            name: sum(any(c.check == name and not c.passed for c in r.checklist) for r in scored)
            for name in CHECK_NAMES
        },
        compared_with_last_year=sum(r.previous is not None for r in scored),
        llm_done=sum(r.llm_state == "done" for r in scored),
        llm_failed=sum(r.llm_state == "failed" for r in scored),
        llm_pending=sum(r.llm_state in ("pending", "running") for r in scored),
        llm_advice=sum(r.llm_advice or 0 for r in scored),
        llm_tokens=sum({r.content_hash: r.llm_tokens or 0 for r in scored if r.content_hash}.values()),
    )


def write_report(report: BatchReport, out: str | Path) -> Path:
    """Write the report in the format the suffix names; the file is replaced atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"不支持的报告格式 {suffix or '（无扩展名）'}，请使用 {' / '.join(SUFFIXES)}")
    writer = {".xlsx": _write_xlsx, ".csv": _write_csv, ".json": _write_json}[suffix]
    return write_atomic(out, lambda tmp: writer(report, tmp))


def is_batch_report(data: bytes, name: str) -> bool:
    """Whether these bytes are a report this tool wrote (by its mark, or its sheets and columns)."""
    suffix = Path(name).suffix.lower()
    head = data[:4096]
    if data.startswith(b"PK\x03\x04") and suffix in (".xlsx", ".xlsm", ""):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
                core = package.read("docProps/core.xml")[:20000] if "docProps/core.xml" in names else b""
                book = package.read("xl/workbook.xml")[:20000] if "xl/workbook.xml" in names else b""
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError):
            return False
        if REPORT_MARK.encode() in core:
            return True
        return all(f'name="{title}"'.encode() in book for title in ("评分", "问题明细", "汇总"))
    text = head.decode("utf-8-sig", "ignore").lstrip()
    if suffix in (".csv", ".txt", ""):
        first = text.split("\n", 1)[0].strip()
        return first.startswith(",".join(title for _, title in ROW_COLUMNS[:5]))
    if suffix == ".json" and text.startswith("{"):
        return f'"mark": "{REPORT_MARK}"' in text or (
            text.startswith('{\n  "summary"') and '"rows"' in data.decode("utf-8", "ignore")[:2_000_000]
        )
    return False


_CHECKS_AT = len(ROW_COLUMNS) - 2  # the check columns go before 提示 and 未评分的原因


def _row_columns(report: BatchReport) -> tuple[tuple[str, str], ...]:
    return ROW_COLUMNS + LLM_ROW_COLUMNS if has_llm(report) else ROW_COLUMNS


def _finding_columns(report: BatchReport) -> tuple[tuple[str, str], ...]:
    llm = any(f.source == "llm" for f in report.findings)
    return (*FINDING_COLUMNS, ("source", "来源")) if llm else FINDING_COLUMNS


def llm_state_text(row: ScoreRow) -> str:
    """待审核 / 审核中 / 已审核 / 审核失败：reason — the LLM column of a row ("" when it did not run)."""
    from assistant.batch.jobs import STATE_LABELS

    if not row.llm_state:
        return ""
    label = STATE_LABELS[row.llm_state]
    return f"{label}：{row.llm_error}" if row.llm_state == "failed" and row.llm_error else label


def _row_values(row: ScoreRow, columns: tuple[tuple[str, str], ...] = ROW_COLUMNS) -> list:
    data = row.model_dump(exclude={"checklist"})
    data["status"] = _STATUS.get(row.status, row.status)
    data["notices"] = "；".join(row.notices)
    data["llm_state"] = llm_state_text(row)
    checks = {c.check: c for c in row.checklist}
    values = [data[key] for key, _ in columns]
    return values[:_CHECKS_AT] + [_check_cell(checks.get(name)) for name in CHECK_NAMES] + values[_CHECKS_AT:]


def _headers(columns: tuple[tuple[str, str], ...] = ROW_COLUMNS) -> list[str]:
    titles = [title for _, title in columns]
    return titles[:_CHECKS_AT] + list(CHECK_NAMES) + titles[_CHECKS_AT:]


def _check_cell(check) -> str:
    """One check of one sheet in one cell: "通过", or "未通过（中）：第3行 …；…"."""
    if check is None:
        return ""
    if check.passed:
        return f"通过（{check.grade}）"
    where = [f"第{i + 1}行 {name}" for i, name in zip(check.failing_indicators, check.failing_names, strict=True)]
    listed = "；".join([*where[:5], *check.sheet_problems[:2]])
    more = f" 等{len(where)}行" if len(where) > 5 else ""
    return f"未通过（{check.grade}）：{listed}{more}"


def _write_csv(report: BatchReport, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it as UTF-8
        writer = csv.writer(handle)
        columns = _row_columns(report)
        writer.writerow(_headers(columns))
        for row in report.rows:
            writer.writerow([csv_cell("" if v is None else v) for v in _row_values(row, columns)])


def _write_json(report: BatchReport, path: Path) -> None:
    payload = {
        "mark": REPORT_MARK,
        "complete": report.complete,
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
    book.properties.title = REPORT_TITLE + ("（未完成）" if not report.complete else "")
    book.properties.keywords = REPORT_MARK
    book.properties.creator = "绩效目标助手"
    rows_sheet = book.active
    rows_sheet.title = "评分"
    columns = _row_columns(report)
    append_row(rows_sheet, _headers(columns))
    # The first sheet a reviewer opens lists the sheets in rank order (best first), then the
    # files that could not be read or were not scored; the other formats keep the input order.
    ranked = [*sorted(report.scored, key=lambda r: -(r.score or 0.0)), *report.failed]
    for at, row in enumerate(ranked, start=2):
        append_row(rows_sheet, _row_values(row, columns))
        if row.status in ("error", "unfinished"):
            for cell in rows_sheet[at]:
                cell.fill = error_fill
    findings_sheet = book.create_sheet("问题明细")
    finding_columns = _finding_columns(report)
    append_row(findings_sheet, [title for _, title in finding_columns])
    for f in report.findings:
        data = f.model_dump()
        data["severity"] = _SEVERITY.get(f.severity, f.severity)
        data["source"] = "大模型（建议，不计分）" if f.source == "llm" else "规则"
        append_row(findings_sheet, [data[key] for key, _ in finding_columns])

    summary = summarize(report)
    s = book.create_sheet("汇总")
    lines: list[list[object]] = [["项目", "数值"]]
    if not report.complete:
        lines.append(["报告状态", f"{INCOMPLETE}：评分被中断，{summary.unfinished} 个文件未处理"])
    lines += [
        ["文件数", summary.files],
        ["已评分的表", summary.sheets],
        ["无法读取的文件", summary.failed],
        ["已跳过的文件（非申报表）", summary.skipped],
        ["重复的文件或表", summary.duplicates],
        ["平均分", summary.mean_score],
        ["中位数", summary.median_score],
        *(
            [
                ["大模型审核：已审核", summary.llm_done],
                ["大模型审核：审核失败", summary.llm_failed],
                ["大模型审核：未完成", summary.llm_pending],
                ["大模型意见（不计分）", summary.llm_advice],
                ["大模型用量（tokens）", summary.llm_tokens],
            ]
            if has_llm(report)
            else []
        ),
        [],
        ["等级", "表数"],
        *([grade, count] for grade, count in summary.grades.items()),
        [],
        ["分数段", "表数"],
        *([band, count] for band, count in summary.score_bands.items()),
        ["与上年表比较的表", summary.compared_with_last_year],
        [],
        ["审核清单", "未通过的表数"],
        *([name, count] for name, count in summary.checks_failed.items()),
        [],
        ["最常见的问题（规则）", "说明", "问题数", "涉及表数"],
        *([t.code, t.title, t.findings, t.sheets] for t in summary.top_findings),
    ]
    for line in lines:
        append_row(s, line)

    checks_sheet = book.create_sheet("审核清单")
    append_row(checks_sheet, list(CHECKLIST_COLUMNS))
    for row in report.scored:
        for check in row.checklist:
            append_row(
                checks_sheet,
                [
                    row.file,
                    row.sheet_index,
                    row.project,
                    check.check,
                    "通过" if check.passed else "未通过",
                    check.grade,
                    "；".join(
                        f"第{i + 1}行 {n}" for i, n in zip(check.failing_indicators, check.failing_names, strict=True)
                    ),
                    "；".join(check.sheet_problems),
                    " ".join(check.rules),
                ],
            )

    for sheet in (rows_sheet, findings_sheet, checks_sheet, s):
        strings_as_text(sheet)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    for row in s.iter_rows():
        if row and row[0].value in ("等级", "分数段", "审核清单", "最常见的问题（规则）"):
            for cell in row:
                cell.font = bold
    letters = _letters(len(_headers()))
    _widths(rows_sheet, {"A": 36, "C": 30, letters[-2]: 50, letters[-1]: 40})
    _widths(findings_sheet, {"A": 30, "C": 24, "G": 30, "H": 60, "I": 70})
    _widths(s, {"A": 22, "B": 60})
    _widths(checks_sheet, {"A": 30, "C": 28, "D": 12, "G": 60, "H": 50})
    _widths(rows_sheet, dict.fromkeys(letters[_CHECKS_AT : _CHECKS_AT + len(CHECK_NAMES)], 36))
    book.save(path)


def _letters(n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(k) for k in range(1, n + 1)]


def _widths(sheet, widths: dict[str, int]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
