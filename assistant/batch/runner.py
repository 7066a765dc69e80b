"""Score many files in parallel: files in, pydantic rows out, with an optional progress callback.

The core is `score_paths`, a plain function the CLI and the UI both call. Work is spread over a
process pool in small chunks of file paths; each worker loads the corpus hints once and returns
compact rows, so little crosses the process boundary. Every file found gets a row: a file that
cannot be read an error row with the reason, a file that is not a submission (a type no reader
knows, an Office lock file, a report this tool wrote) a skipped row, a second copy of a file or of
a sheet is named as such (a duplicate file row, a notice on a duplicate sheet); each scored row carries its reading notices. Nothing stops
the batch, and an interrupt (Ctrl-C) raises `BatchInterrupted` carrying the rows done so far.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from assistant.batch.models import BatchReport, FileResult, FindingRow, ScoreRow, Status
from assistant.critique import critique_sheet
from assistant.critique.hints import CorpusHints, default_hints
from assistant.critique.history import PreviousSheets
from assistant.ingest.file_safety import shown_name
from assistant.ingest.file_scan import FileScan
from assistant.schema import FIELD_LABELS, Critique, Dimension, Severity, Sheet

Progress = Callable[[int, int], None]  # (files done, files total)

# Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 8

_WORKER_HINTS: CorpusHints | None = None
# Last year's sheets (`score --previous`), read once per worker; each submission meets its own.
_WORKER_PREVIOUS: PreviousSheets | None = None


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: `report` holds every file finished, the rest as "unfinished" rows."""

    def __init__(self, report: BatchReport) -> None:
        super().__init__("batch interrupted")
        self.report = report


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def score_paths(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    corpus: str | Path | None = None,
    previous: Sequence[str | Path] = (),
) -> BatchReport:
    """Critique every sheet in the files and folders given: one row per sheet, a row with the reason
    for every file found and not scored (unreadable, skipped, duplicate). `previous`: files or
    folders of last year's sheets; each submission is compared with its own (same unit, same project)."""
    from assistant.ingest import scan_files

    return score_scan(scan_files(paths), workers=workers, progress=progress, corpus=corpus, previous=previous)


def score_scan(
    scan: FileScan,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    corpus: str | Path | None = None,
    previous: Sequence[str | Path] = (),
) -> BatchReport:
    """`score_paths` for a folder scan already made: its files scored, its skipped files as rows."""
    skipped = [ScoreRow(file=item.path, status="skipped", error=item.reason) for item in scan.skipped]
    try:
        report = score_files(
            [str(p) for p in scan.files], workers=workers, progress=progress, corpus=corpus, previous=previous
        )
    except BatchInterrupted as stop:
        stop.report.rows.extend(skipped)
        raise
    report.rows.extend(skipped)
    return report


def score_files(
    files: Sequence[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    corpus: str | Path | None = None,
    previous: Sequence[str | Path] = (),
) -> BatchReport:
    total = len(files)
    workers = max(1, workers or default_workers())
    corpus_arg = str(corpus) if corpus else None
    previous_arg = tuple(str(p) for p in previous)
    results: list[FileResult] = []
    if progress:
        progress(0, total)
    try:
        if workers == 1 or total < MIN_FILES_FOR_POOL:
            _init_worker(corpus_arg, ignore_interrupts=False, previous=previous_arg)
            for position, path in enumerate(files):
                results.append(score_file(position, path))
                if progress:
                    progress(len(results), total)
        else:
            _score_in_pool(list(enumerate(files)), workers, corpus_arg, results, progress, previous_arg)
    except KeyboardInterrupt:
        raise BatchInterrupted(_assemble(files, results, complete=False)) from None
    return _assemble(files, results, complete=True)


def _score_in_pool(
    items: list[tuple[int, str]],
    workers: int,
    corpus: str | None,
    results: list[FileResult],
    progress: Progress | None,
    previous: tuple[str, ...] = (),
) -> None:
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(corpus, True, previous)
    )
    pending: set[Future[list[FileResult]]] = set()
    try:
        pending = {pool.submit(_score_chunk, c) for c in _chunks(items, workers)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results.extend(future.result())
            if progress:
                progress(len(results), len(items))
    except KeyboardInterrupt:
        # Workers ignore SIGINT (this process decides): the chunks not started are cancelled, the
        # few running (at most 64 files each) finish and are kept. Killing workers instead can leave
        # the pool's feeder thread blocked on a full pipe, and the process hanging at exit.
        pool.shutdown(wait=False, cancel_futures=True)
        try:
            for future in pending:
                if not future.cancelled():
                    with contextlib.suppress(Exception):
                        results.extend(future.result())
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for them
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    pool.shutdown()


def _assemble(files: Sequence[str], results: list[FileResult], *, complete: bool) -> BatchReport:
    """The report in file order; duplicates marked; files not reached (interrupted) as "unfinished"."""
    results = sorted(results, key=lambda r: r.position)
    done = {r.position for r in results}
    report = BatchReport(complete=complete)
    first_file: dict[str, str] = {}  # file digest → the first file with it
    first_sheet: dict[str, tuple[str, int | None]] = {}  # sheet content hash → where it was first
    for result in results:
        name = result.rows[0].file if result.rows else ""
        if result.digest and (earlier := first_file.get(result.digest)) is not None:
            report.rows.append(
                ScoreRow(file=name, status="duplicate", error=f"与 {earlier} 内容完全相同，只评分一次")
            )
            continue
        if result.digest:
            first_file[result.digest] = name
        hashes = result.sheet_hashes + [""] * (len(result.rows) - len(result.sheet_hashes))
        for row, content in zip(result.rows, hashes, strict=True):
            row.content_hash = content or None
            if row.status == "ok" and content:
                if (seen := first_sheet.get(content)) is not None:
                    # The same sheet in another file (an .xlsx and its PDF, say): scored, and said.
                    where = seen[0] + (f" 第{seen[1]}张" if seen[1] else "")
                    row.notices.append(f"与 {where} 的表内容完全相同（可能重复提交）")
                else:
                    first_sheet[content] = (row.file, row.sheet_index)
            report.rows.append(row)
        report.findings.extend(result.findings)
    for position, path in enumerate(files):
        if position not in done:
            report.rows.append(
                ScoreRow(file=shown_name(path), status="unfinished", error="评分被中断，此文件未处理")
            )
    return report


def _chunks(items: list[tuple[int, str]], workers: int) -> list[list[tuple[int, str]]]:
    # Several chunks per worker keep the cores busy to the end and the progress bar moving.
    size = max(1, min(64, len(items) // (workers * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _init_worker(corpus: str | None, ignore_interrupts: bool = True, previous: tuple[str, ...] = ()) -> None:
    global _WORKER_HINTS, _WORKER_PREVIOUS
    if ignore_interrupts:  # a pool worker: Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_HINTS = default_hints(corpus)  # cached per corpus file and its mtime: each run gets its own
    _WORKER_PREVIOUS = read_previous(previous)[0] if previous else None


def read_previous(paths: Sequence[str | Path]) -> tuple[PreviousSheets, list[str]]:
    """Last year's sheets from files and folders, and a line per file that could not be read (the
    CLI shows them; the submissions they belong to are then compared with the corpus, if it holds them)."""
    from assistant.ingest import IngestError, read_path, scan_files

    sheets: list[Sheet] = []
    problems: list[str] = []
    for path in scan_files(paths).files:
        try:
            sheets.extend(read_path(path))
        except IngestError as exc:
            problems.append(f"{shown_name(path)}：{exc.reason}")
        except (OSError, ValueError) as exc:
            problems.append(f"{shown_name(path)}：{exc}")
    return PreviousSheets(sheets), problems


def _score_chunk(chunk: list[tuple[int, str]]) -> list[FileResult]:
    return [score_file(position, path) for position, path in chunk]


def score_file(position: int, path: str) -> FileResult:
    """Read one file and critique each sheet in it. Never raises: failures become an error row."""
    from assistant.batch.report import is_batch_report
    from assistant.config import max_file_bytes
    from assistant.ingest import IngestError, read_bytes
    from assistant.ingest.file_safety import read_capped

    name = shown_name(path)

    def failed(reason: str, status: Status = "error") -> FileResult:
        return FileResult(position=position, rows=[ScoreRow(file=name, status=status, error=reason)])

    try:
        source = shown_name(Path(path).name)
        data = read_capped(Path(path), source, max_file_bytes())
        if is_batch_report(data, source):
            return failed("这是本工具生成的评分报告，不是申报表，已跳过", "skipped")
        sheets = read_bytes(data, source)
    except IngestError as exc:
        return failed(exc.reason)
    except OSError as exc:
        return failed(f"无法读取：{exc.strerror or exc}")
    except Exception as exc:  # a reader bug must not stop the batch
        return failed(f"读取出错：{type(exc).__name__}: {exc}")
    rows: list[ScoreRow] = []
    hashes: list[str] = []
    findings: list[FindingRow] = []
    for number, sheet in enumerate(sheets, start=1):
        index = sheet.source_index or number
        try:
            last_year = _WORKER_PREVIOUS.previous_of(sheet) if _WORKER_PREVIOUS else None
            critique = critique_sheet(sheet, hints=_WORKER_HINTS, previous=last_year)
        except Exception as exc:  # one bad sheet must not lose the others
            rows.append(
                ScoreRow(
                    file=name,
                    sheet_index=index,
                    project=sheet.project_name,
                    status="error",
                    error=f"审核出错：{exc}",
                    notices=list(sheet.notices),
                )
            )
            hashes.append("")
            continue
        rows.append(score_row(name, index, sheet, critique))
        hashes.append(content_key(sheet))
        findings.extend(finding_rows(name, index, sheet, critique))
    digest = hashlib.sha256(data).hexdigest()
    return FileResult(position=position, rows=rows, findings=findings, digest=digest, sheet_hashes=hashes)


def content_key(sheet: Sheet) -> str:
    """What a sheet says, not where it came from: equal sheets in two files have equal keys.
    (`Sheet.content_hash` sorts a dict dump: several times slower, and a batch has thousands.)"""
    content = sheet.model_dump_json(exclude={"id", "source_file", "source_index", "notices"})
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def score_row(file: str, index: int | None, sheet: Sheet, critique: Critique) -> ScoreRow:
    sub = critique.sub_scores
    return ScoreRow(
        file=file,
        sheet_index=index,
        project=sheet.project_name,
        score=critique.score,
        grade=critique.grade,
        completeness=sub.get(Dimension.COMPLETENESS),
        measurability=sub.get(Dimension.MEASURABILITY),
        conformity=sub.get(Dimension.CONFORMITY),
        consistency=sub.get(Dimension.CONSISTENCY),
        errors=sum(f.severity is Severity.ERROR for f in critique.findings),
        warnings=sum(f.severity is Severity.WARNING for f in critique.findings),
        infos=sum(f.severity is Severity.INFO for f in critique.findings),
        indicators=len(sheet.indicators),
        notices=list(sheet.notices),
        checklist=critique.checklist,
        previous=critique.compared_with,
    )


def finding_rows(file: str, index: int | None, sheet: Sheet, critique: Critique) -> list[FindingRow]:
    rows = []
    for f in critique.findings:
        if f.indicator_index is not None and f.indicator_index < len(sheet.indicators):
            ind = sheet.indicators[f.indicator_index]
            where = f"第{f.indicator_index + 1}行 {ind.level2.strip()}/{ind.name.strip()}"
        else:
            where = FIELD_LABELS.get(f.field or "", "整表")
        s = f.suggestion
        suggestion = ""
        if s:
            rewrite = " ".join(x for x in (s.name, s.value) if x)
            suggestion = s.text + (f"（改写：{rewrite}）" if rewrite and rewrite not in s.text else "")
        rows.append(
            FindingRow(
                file=file,
                sheet_index=index,
                project=sheet.project_name,
                code=f.code,
                severity=f.severity.value,
                dimension=f.dimension.value,
                where=where,
                message=f.message,
                suggestion=suggestion,
            )
        )
    return rows
