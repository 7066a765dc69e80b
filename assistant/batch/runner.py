"""Score many files in parallel: files in, pydantic rows out, with an optional progress callback.

The core is `score_paths`, a plain function the CLI and (later) the UI both call. Work is spread
over a process pool in small chunks of file paths; each worker loads the corpus hints once and
returns compact rows, so little crosses the process boundary. A file that cannot be read becomes
an error row with the reason; nothing stops the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from assistant.batch.models import BatchReport, FileResult, FindingRow, ScoreRow
from assistant.critique import critique_sheet
from assistant.critique.hints import CorpusHints, default_hints
from assistant.schema import FIELD_LABELS, Critique, Dimension, Severity, Sheet

Progress = Callable[[int, int], None]  # (files done, files total)

# Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 8

_WORKER_HINTS: CorpusHints | None = None
_WORKER_HINTS_LOADED = False


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def score_paths(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    corpus: str | Path | None = None,
) -> BatchReport:
    """Critique every sheet in the files and folders given; one row per sheet, error rows for bad files."""
    from assistant.ingest import collect_files

    files = [str(p) for p in collect_files(paths)]
    return score_files(files, workers=workers, progress=progress, corpus=corpus)


def score_files(
    files: Sequence[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    corpus: str | Path | None = None,
) -> BatchReport:
    total = len(files)
    workers = max(1, workers or default_workers())
    corpus_arg = str(corpus) if corpus else None
    results: list[FileResult] = []
    if progress:
        progress(0, total)
    if workers == 1 or total < MIN_FILES_FOR_POOL:
        _init_worker(corpus_arg)
        for position, path in enumerate(files):
            results.append(score_file(position, path))
            if progress:
                progress(len(results), total)
    else:
        chunks = _chunks(list(enumerate(files)), workers)
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(corpus_arg,)
        ) as pool:
            futures = [pool.submit(_score_chunk, chunk) for chunk in chunks]
            done = 0
            for future in as_completed(futures):
                part = future.result()
                results.extend(part)
                done += len(part)
                if progress:
                    progress(done, total)
    results.sort(key=lambda r: r.position)
    report = BatchReport()
    for result in results:
        report.rows.extend(result.rows)
        report.findings.extend(result.findings)
    return report


def _chunks(items: list[tuple[int, str]], workers: int) -> list[list[tuple[int, str]]]:
    # Several chunks per worker keep the cores busy to the end and the progress bar moving.
    size = max(1, min(64, len(items) // (workers * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _init_worker(corpus: str | None) -> None:
    global _WORKER_HINTS, _WORKER_HINTS_LOADED
    if not _WORKER_HINTS_LOADED:
        _WORKER_HINTS = default_hints(corpus)
        _WORKER_HINTS_LOADED = True


def _score_chunk(chunk: list[tuple[int, str]]) -> list[FileResult]:
    return [score_file(position, path) for position, path in chunk]


def score_file(position: int, path: str) -> FileResult:
    """Read one file and critique each sheet in it. Never raises: failures become an error row."""
    from assistant.ingest import IngestError, read_path

    name = str(path)
    try:
        sheets = read_path(path)
    except IngestError as exc:
        return FileResult(position=position, rows=[ScoreRow(file=name, status="error", error=exc.reason)])
    except OSError as exc:
        return FileResult(
            position=position,
            rows=[ScoreRow(file=name, status="error", error=f"无法读取：{exc.strerror or exc}")],
        )
    except Exception as exc:  # a reader bug must not stop the batch
        return FileResult(
            position=position, rows=[ScoreRow(file=name, status="error", error=f"读取出错：{exc}")]
        )
    rows: list[ScoreRow] = []
    findings: list[FindingRow] = []
    for number, sheet in enumerate(sheets, start=1):
        index = sheet.source_index or number
        try:
            critique = critique_sheet(sheet, hints=_WORKER_HINTS)
        except Exception as exc:  # one bad sheet must not lose the others
            rows.append(
                ScoreRow(
                    file=name,
                    sheet_index=index,
                    project=sheet.project_name,
                    status="error",
                    error=f"审核出错：{exc}",
                )
            )
            continue
        rows.append(score_row(name, index, sheet, critique))
        findings.extend(finding_rows(name, index, sheet, critique))
    return FileResult(position=position, rows=rows, findings=findings)


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
