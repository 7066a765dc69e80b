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
from assistant.batch.models import FindingRow, ScoreRow
from assistant.batch.report import SCORE_BANDS, TopFinding, llm_state_text
from assistant.config import LLMSettings, llm_settings
from assistant.schema import Dimension, Severity
from assistant.ui.downloads import session_dir
from assistant.ui.format import GRADE_CLASS, Notice, finding_card_html, notices_html, score_values_html
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


@dataclass(frozen=True)
class SheetDetail:
    """One table row's sheet: its score row and its findings, for the critique shown on a click."""

    row: ScoreRow
    findings: tuple[FindingRow, ...] = ()
    label: str = ""  # the file as the table names it


@dataclass
class BatchView:
    rows: list[list[object]] = field(default_factory=list)
    details: list[SheetDetail] = field(default_factory=list)  # one per table row, in table order
    summary_html: str = ""
    notice_html: str = ""
    bands: list[dict[str, object]] = field(default_factory=list)  # 分数段 / 表数, for the chart
    top_findings: list[TopFinding] = field(default_factory=list)
    top_html: str = ""
    files: dict[str, Path] = field(default_factory=dict)
    workdir: str | None = None


def run_batch(
    uploads: list[str] | None,
    workdir: str | None = None,
    progress: Progress | None = None,
    llm_progress: Progress | None = None,
) -> BatchView:
    """Score every uploaded file (archives expanded); unreadable files become rows with the reason.
    With an LLM endpoint configured, the LLM critic's advice is added as a batch review (resumable
    jobs: a sheet reviewed before, by any user, is not sent again)."""
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
        if (settings := llm_settings()).configured:
            notices += _llm_review(report, [u.path for u in expanded.files], settings, llm_progress)
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
        details=sheet_details(report),
        summary_html=summary_html(summary),
        notice_html=notices_html(notices),
        bands=[{"分数段": band, "表数": n} for band, n in summary.score_bands.items()],
        top_findings=summary.top_findings,
        top_html=top_findings_html(summary.top_findings),
        files=files,
        workdir=workdir,
    )


def _llm_review(
    report: BatchReport, files: list[Path], settings: LLMSettings, progress: Progress | None
) -> list[Notice]:
    """The LLM critic over the scored sheets (advice, not in the score); what happened, as notices."""
    from assistant.batch.jobs import JobStore
    from assistant.batch.llm_review import paths_by_file, review_batch
    from assistant.config import llm_parallel

    try:
        with JobStore() as store:
            run = review_batch(
                report, paths_by_file(files), settings, store=store, in_flight=llm_parallel(), progress=progress
            )
    except Exception:  # the rule scores stand whatever happens here
        log.exception("batch LLM review failed")
        return [Notice("warning", "大模型语义审核未能完成，下表仅为规则评分。")]
    notices = [
        Notice(
            "info",
            f"大模型语义审核（建议，不计分）：本次审核 {run.reviewed} 张、沿用此前结果 {run.reused} 张，"
            f"用量 {run.tokens:,} tokens。意见见各表的详情。",
        )
    ]
    failed = run.failed + run.failed_kept
    if failed:
        reasons = "；".join(run.reasons) or "见表中说明"
        notices.append(Notice("warning", f"{failed} 张表大模型审核失败（{reasons}），仍有规则评分。"))
    return notices


def band_label(band: object) -> str:
    """ "90–100（优）" → "优 90–100": the grade first, short enough for a phone's chart axis."""
    text = str(band)
    if "（" in text and text.endswith("）"):
        span, grade = text[:-1].split("（", 1)
        return f"{grade} {span}"
    return text


BAND_ORDER: list[str] = [band_label(label) for label, _, _ in reversed(SCORE_BANDS)]


def _with_display_names(report: BatchReport, names: dict[str, str]) -> BatchReport:
    rows = [r.model_copy(update={"file": names.get(r.file, Path(r.file).name)}) for r in report.rows]
    findings = [f.model_copy(update={"file": names.get(f.file, Path(f.file).name)}) for f in report.findings]
    return report.model_copy(update={"rows": rows, "findings": findings})


def ranked(report: BatchReport) -> list[ScoreRow]:
    """Scored sheets best first, then the files that could not be read (the table's order)."""
    return [*sorted(report.scored, key=lambda r: -(r.score or 0.0)), *report.failed]


def _labels(report: BatchReport) -> dict[tuple[str, int | None], str]:
    per_file: dict[str, int] = {}
    for r in report.rows:
        per_file[r.file] = per_file.get(r.file, 0) + 1
    return {
        (r.file, r.sheet_index): f"{r.file}（第{r.sheet_index}张）"
        if per_file[r.file] > 1 and r.sheet_index
        else r.file
        for r in report.rows
    }


def sheet_details(report: BatchReport) -> list[SheetDetail]:
    """Each table row's score row and findings, in the table's order."""
    by_sheet: dict[tuple[str, int | None], list[FindingRow]] = {}
    for f in report.findings:
        by_sheet.setdefault((f.file, f.sheet_index), []).append(f)
    labels = _labels(report)
    return [
        SheetDetail(r, tuple(by_sheet.get((r.file, r.sheet_index), [])), labels[(r.file, r.sheet_index)])
        for r in ranked(report)
    ]


def table_rows(report: BatchReport) -> list[list[object]]:
    """Scored sheets best first, then the files that could not be read."""
    scored = [r for r in ranked(report) if r.status == "ok"]
    labels = _labels(report)
    rows: list[list[object]] = []
    for rank, r in enumerate(scored, start=1):
        file = labels[(r.file, r.sheet_index)]
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
                "；".join([*r.notices, *_llm_note(r)]),  # what reading did not understand; LLM state
            ]
        )
    for r in report.failed:
        rows.append(["—", r.file, r.project or "", None, "", None, None, None, None, "", r.error or ""])
    return rows


def _llm_note(row: ScoreRow) -> list[str]:
    if row.llm_state == "done":
        return [f"大模型意见 {row.llm_advice or 0} 条"]
    if row.llm_state:
        return [f"大模型{llm_state_text(row)}"]
    return []


_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def detail_html(details: list[SheetDetail], index: int | None) -> str:
    """The critique of the sheet on one table row: score, sub-scores, every finding with its rewrite."""
    if index is None or not 0 <= index < len(details):
        return ""
    detail = details[index]
    row = detail.row
    title = (
        f'<div class="jx-detail-title">{escape(row.project or "（未命名）")}'
        f'<span class="jx-detail-file">{escape(detail.label)}</span></div>'
    )
    if row.status != "ok" or row.score is None:
        reason = escape(row.error or "无法读取")
        return f'<div class="jx-detail">{title}<div class="jx-notice jx-notice-error">无法读取：{reason}</div></div>'
    subs = {
        Dimension.COMPLETENESS: row.completeness,
        Dimension.MEASURABILITY: row.measurability,
        Dimension.CONFORMITY: row.conformity,
        Dimension.CONSISTENCY: row.consistency,
    }
    counts = {Severity.ERROR: row.errors, Severity.WARNING: row.warnings, Severity.INFO: row.infos}
    card = score_values_html(row.score, row.grade or "差", subs, counts)
    ordered = sorted(
        detail.findings, key=lambda f: list(_SEVERITIES).index(f.severity) if f.severity in _SEVERITIES else 3
    )
    cards = "".join(
        finding_card_html(
            n,
            _SEVERITIES.get(f.severity, Severity.INFO),
            f.where,
            f.dimension,
            f.message,
            f.suggestion,
            f.code,
        )
        for n, f in enumerate(ordered, start=1)
    )
    body = (
        f'<div class="jx-findings">{cards}</div>' if cards else '<div class="jx-empty">没有发现问题。</div>'
    )
    return (
        f'<div class="jx-detail">{title}{card}'
        f'<div class="jx-section-title">问题与改写建议（{len(ordered)} 条）</div>{body}</div>'
    )


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
