"""批量评分 (batch): many uploaded files or .zip archives → a ranked table, charts and a report.

Scoring is `assistant.batch.score_paths` (parallel, one error row per unreadable file, never
stops); this module expands the uploads safely, shows files by the names the user knows, and
writes the report files for download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from assistant.batch import BatchReport, Summary, score_paths, summarize, write_report
from assistant.batch.report import TopFinding
from assistant.ui.downloads import session_dir
from assistant.ui.format import GRADE_CLASS, Notice, notices_html
from assistant.ui.uploads import expand_uploads

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (files done, files total)

TABLE_HEADERS: tuple[str, ...] = (
    "排名",
    "文件",
    "项目名称",
    "总分",
    "等级",
    "完整性",
    "可衡量性",
    "规范性",
    "相关性与一致性",
    "错误/警告/提示",
    "说明",
)
REPORT_SUFFIXES: tuple[str, ...] = (".xlsx", ".csv")
REPORT_STEM = "批量评分报告"
TOP_FINDINGS = 8


@dataclass
class BatchView:
    rows: list[list[object]] = field(default_factory=list)
    summary_html: str = ""
    notice_html: str = ""
    bands: list[dict[str, object]] = field(default_factory=list)  # 分数段 / 表数, for the chart
    top_findings: list[TopFinding] = field(default_factory=list)
    top_html: str = ""
    files: dict[str, Path] = field(default_factory=dict)
    workdir: str | None = None


def run_batch(
    uploads: list[str] | None, workdir: str | None = None, progress: Progress | None = None
) -> BatchView:
    """Score every uploaded file (archives expanded); unreadable files become rows with the reason."""
    paths = [p for p in (uploads or []) if p]
    if not paths:
        return BatchView(
            notice_html=notices_html(
                [Notice("warning", "请先上传要评分的文件（可多选，或上传 .zip 压缩包）。")]
            )
        )
    workdir = session_dir(workdir, "jixiao-batch-")
    notices: list[Notice] = []
    try:
        expanded = expand_uploads(list[str | Path](paths), Path(workdir) / "uploads")
        notices += [Notice("warning", n) for n in expanded.notices]
        if not expanded.files:
            notices.append(Notice("warning", "没有可以评分的文件。"))
            return BatchView(notice_html=notices_html(notices), workdir=workdir)
        names = {str(u.path): u.display for u in expanded.files}
        report = score_paths([u.path for u in expanded.files], progress=progress)
        report = _with_display_names(report, names)
    except Exception as exc:  # a notice, never a traceback; nothing half-written is offered
        log.exception("batch scoring failed")
        notices.append(Notice("error", f"批量评分时出错：{exc}"))
        return BatchView(notice_html=notices_html(notices), workdir=workdir)

    summary = summarize(report, top=TOP_FINDINGS)
    if report.unreadable:
        listed = "；".join(f"{r.file}（{r.error}）" for r in report.unreadable[:5])
        more = f" 等 {len(report.unreadable)} 个" if len(report.unreadable) > 5 else ""
        notices.append(
            Notice("warning", f"有 {len(report.unreadable)} 个文件无法读取，已在表中列出原因：{listed}{more}")
        )
    files = _write_reports(report, workdir, notices)
    return BatchView(
        rows=table_rows(report),
        summary_html=summary_html(summary),
        notice_html=notices_html(notices),
        bands=[{"分数段": band, "表数": n} for band, n in summary.score_bands.items()],
        top_findings=summary.top_findings,
        top_html=top_findings_html(summary.top_findings),
        files=files,
        workdir=workdir,
    )


def _with_display_names(report: BatchReport, names: dict[str, str]) -> BatchReport:
    rows = [r.model_copy(update={"file": names.get(r.file, Path(r.file).name)}) for r in report.rows]
    findings = [f.model_copy(update={"file": names.get(f.file, Path(f.file).name)}) for f in report.findings]
    return report.model_copy(update={"rows": rows, "findings": findings})


def table_rows(report: BatchReport) -> list[list[object]]:
    """Scored sheets best first, then the files that could not be read."""
    scored = sorted(report.scored, key=lambda r: -(r.score or 0.0))
    per_file: dict[str, int] = {}
    for r in report.rows:
        per_file[r.file] = per_file.get(r.file, 0) + 1
    rows: list[list[object]] = []
    for rank, r in enumerate(scored, start=1):
        file = f"{r.file}（第{r.sheet_index}张）" if per_file[r.file] > 1 and r.sheet_index else r.file
        rows.append(
            [
                rank,
                file,
                r.project or "",
                r.score,
                r.grade or "",
                r.completeness,
                r.measurability,
                r.conformity,
                r.consistency,
                f"{r.errors} / {r.warnings} / {r.infos}",
                "；".join(r.notices),  # what reading did not fully understand
            ]
        )
    for r in report.failed:
        rows.append(["—", r.file, r.project or "", None, "", None, None, None, None, "", r.error or ""])
    return rows


def summary_html(summary: Summary) -> str:
    def card(label: str, value: object, css: str = "") -> str:
        shown = "—" if value is None else value
        return f'<div class="jx-stat {css}"><div class="jx-stat-val">{shown}</div><div class="jx-stat-label">{label}</div></div>'

    grades = "".join(
        f'<span class="jx-grade-chip jx-grade-{GRADE_CLASS[g]}">{g} {n}</span>'
        for g, n in summary.grades.items()
    )
    return (
        '<div class="jx-stats">'
        + card("文件", summary.files)
        + card("已评分的表", summary.sheets)
        + card("无法读取", summary.failed, "jx-stat-bad" if summary.failed else "")
        + card("平均分", summary.mean_score)
        + card("中位数", summary.median_score)
        + f'<div class="jx-stat jx-stat-wide"><div class="jx-stat-val jx-grades">{grades}</div>'
        '<div class="jx-stat-label">等级分布</div></div></div>'
    )


def top_findings_html(top: list[TopFinding]) -> str:
    """The most frequent findings as horizontal bars: rule, what it checks, how often, in how many sheets."""
    title = f'<div class="jx-chart-title">最常见的问题（前 {len(top)} 项）</div>' if top else ""
    if not top:
        return '<div class="jx-chart"><div class="jx-chart-title">最常见的问题</div><div class="jx-empty">没有发现问题。</div></div>'
    most = max(t.findings for t in top) or 1
    bars = "".join(
        f'<div class="jx-hbar"><span class="jx-hbar-label" title="{escape(t.title)}">'
        f"<b>{escape(t.code)}</b>{escape(t.title)}</span>"
        f'<span class="jx-hbar-track"><i style="width:{100 * t.findings / most:.0f}%"></i></span>'
        f'<span class="jx-hbar-val">{t.findings} 次 · {t.sheets} 张表</span></div>'
        for t in top
    )
    return f'<div class="jx-chart">{title}{bars}</div>'


def _write_reports(report: BatchReport, workdir: str, notices: list[Notice]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for suffix in REPORT_SUFFIXES:
        try:
            files[suffix] = write_report(report, Path(workdir) / f"{REPORT_STEM}{suffix}")
        except Exception:
            log.exception("writing the %s report failed", suffix)
            notices.append(Notice("warning", f"{suffix} 报告生成失败，请下载其他格式。"))
    return files
