"""Batch LLM review: the LLM critic over every scored sheet of a batch report, as resumable jobs.

After the rule scoring (which always completes: the rule score never waits for, or depends on, the
LLM), `review_batch` sends each sheet not yet reviewed by this reviewer to the OpenAI-compatible
endpoint — at most `in_flight` requests at once, each call bounded by `ASSISTANT_LLM_TIMEOUT` and
retried by the rules of `assistant.llm.structured` (429 waits, 5xx backoff; a refused connection or a
time-out gives up at once) — and records each sheet's state and result in the job store
(`assistant.batch.jobs`). A sheet already done (in this run or an earlier one, in any file) is not
sent again: its stored advice goes into the report. A failure is kept with its reason and retried
only on request (`retry_failed`); a sheet left unfinished by an interrupted run is reviewed on the
next. Equal sheets in several files are reviewed once.

The report rows get their LLM state, advice count, tokens and time; the advice itself becomes
finding rows marked `source="llm"`, beside (never inside) the rule score.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.batch.jobs import Advice, Job, JobStore, new_run_id, reviewer_id
from assistant.batch.models import BatchReport, FindingRow
from assistant.config import LLMSettings
from assistant.critique.hints import CorpusHints
from assistant.schema import Sheet

Progress = Callable[[int, int], None]  # (sheets done, sheets to review)
# A claim older than the call's deadline plus this margin belongs to a process that was killed.
STALE_MARGIN = 60.0


@dataclass
class LLMRunSummary:
    """What one batch LLM review did, in sheets (rows of the report) and unique sheet contents."""

    reviewer: str
    to_review: int = 0  # unique sheets sent to the endpoint in this run
    reviewed: int = 0  # of those, done
    failed: int = 0  # of those, failed (the reasons are on the rows)
    reused: int = 0  # unique sheets done in an earlier run: not sent again
    failed_kept: int = 0  # failed in an earlier run and not retried (no `retry_failed`)
    busy: int = 0  # held by another run that is still working on them
    unfinished: int = 0  # not reached: the run was interrupted
    prompt_tokens: int = 0  # spent in this run
    completion_tokens: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    reasons: dict[str, int] = field(default_factory=dict)  # failure reason → sheets, this run

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class _Item:
    sheet_hash: str
    path: str
    sheet_index: int | None


@dataclass(frozen=True)
class _Outcome:
    item: _Item
    advice: list[Advice] | None  # None: failed
    reason: str = ""
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


def paths_by_file(files: Sequence[str | Path]) -> dict[str, str]:
    """The report's name of each scanned file (its `file` column) → the file, to read it again."""
    from assistant.ingest.file_safety import shown_name

    return {shown_name(str(path)): str(path) for path in files}


def review_batch(
    report: BatchReport,
    paths: Mapping[str, str | Path],
    settings: LLMSettings | Sequence[LLMSettings],
    *,
    store: JobStore,
    in_flight: int = 4,
    retry_failed: bool = False,
    hints: CorpusHints | None = None,
    progress: Progress | None = None,
) -> LLMRunSummary:
    """Review the report's scored sheets with the LLM critic; fill in their LLM columns (in place).

    `paths` maps each row's `file` to the file to read the sheet from again. Several `settings`
    (replicas of one model at several addresses, a farm with no load balancer in front) are used
    in turn, one per worker thread. Ctrl-C stops sending, gives the unfinished sheets back as
    pending and returns with `interrupted` set.
    """
    started = time.monotonic()
    endpoints = [settings] if isinstance(settings, LLMSettings) else list(settings)
    reviewer = reviewer_id(endpoints[0])
    summary = LLMRunSummary(reviewer=reviewer)
    if hints is None:  # the rule critique the advice is merged with: as the rule scoring made it
        from assistant.critique.hints import default_hints

        hints = default_hints()
    items: dict[str, _Item] = {}
    projects: dict[str, str | None] = {}
    for row in report.rows:
        sheet_hash = row.content_hash or ""
        if row.status == "ok" and sheet_hash and sheet_hash not in items and row.file in paths:
            items[sheet_hash] = _Item(sheet_hash, str(paths[row.file]), row.sheet_index)
            projects[sheet_hash] = row.project
    store.reclaim_dead()
    store.add_pending(list(projects.items()), reviewer)
    known = store.get_many(items, reviewer)
    todo: deque[_Item] = deque()
    for sheet_hash, item in items.items():
        job = known.get(sheet_hash)
        if job is not None and job.state == "done":
            summary.reused += 1
        elif job is not None and job.state == "failed" and not retry_failed:
            summary.failed_kept += 1
        else:
            todo.append(item)
    summary.to_review = len(todo)
    run_id = new_run_id()
    try:
        _run(todo, endpoints, store, reviewer, run_id, max(1, in_flight), hints, summary, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        store.release(run_id)
    summary.seconds = round(time.monotonic() - started, 2)
    jobs = store.get_many(items, reviewer)
    summary.unfinished = sum(1 for item in todo if jobs.get(item.sheet_hash, _PENDING).state == "pending")
    apply_jobs(report, jobs)
    return summary


_PENDING = Job(sheet_hash="", reviewer="", state="pending")


def _run(
    todo: deque[_Item],
    endpoints: list[LLMSettings],
    store: JobStore,
    reviewer: str,
    run_id: str,
    in_flight: int,
    hints: CorpusHints | None,
    summary: LLMRunSummary,
    progress: Progress | None,
) -> None:
    """Feed at most `in_flight` sheets to worker threads; this thread alone claims and records."""
    work: queue.Queue[_Item | None] = queue.Queue()
    results: queue.Queue[_Outcome] = queue.Queue()
    stale_after = max(e.timeout for e in endpoints) + STALE_MARGIN
    total, done, running = len(todo), 0, 0

    def worker(settings: LLMSettings) -> None:
        while (item := work.get()) is not None:
            results.put(_review_one(item, settings, hints))

    # Daemon threads: after Ctrl-C the process need not wait for requests already sent (their
    # claims are given back; a result that still arrives is refused by the store).
    threads = [
        threading.Thread(target=worker, args=(endpoints[n % len(endpoints)],), daemon=True, name=f"llm-{n}")
        for n in range(in_flight)
    ]
    for thread in threads:
        thread.start()
    if progress:
        progress(0, total)
    try:
        while todo or running:
            while todo and running < in_flight:
                item = todo.popleft()
                if store.claim(item.sheet_hash, reviewer, run_id, stale_after=stale_after, retry_failed=True):
                    work.put(item)
                    running += 1
                else:  # another run holds it, or finished it meanwhile
                    summary.busy += 1
                    done += 1
            if not running:
                break
            outcome = _next(results)
            running -= 1
            done += 1
            _record(outcome, store, reviewer, run_id, summary)
            if progress:
                progress(done, total)
    finally:
        for _ in threads:
            work.put(None)


def _next(results: queue.Queue[_Outcome]) -> _Outcome:
    while True:  # short waits: Ctrl-C reaches this thread promptly
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            continue


def _record(outcome: _Outcome, store: JobStore, reviewer: str, run_id: str, summary: LLMRunSummary) -> None:
    key = outcome.item.sheet_hash
    summary.prompt_tokens += outcome.prompt_tokens
    summary.completion_tokens += outcome.completion_tokens
    if outcome.advice is None:
        store.fail(key, reviewer, run_id, outcome.reason, seconds=outcome.seconds)
        summary.failed += 1
        summary.reasons[outcome.reason] = summary.reasons.get(outcome.reason, 0) + 1
        return
    store.finish(
        key,
        reviewer,
        run_id,
        outcome.advice,
        requests=outcome.requests,
        prompt_tokens=outcome.prompt_tokens,
        completion_tokens=outcome.completion_tokens,
        seconds=outcome.seconds,
    )
    summary.reviewed += 1


def _review_one(item: _Item, settings: LLMSettings, hints: CorpusHints | None) -> _Outcome:
    """Read the sheet again, critique it by the rules, ask the LLM critic. Never raises."""
    from assistant.batch.runner import finding_rows
    from assistant.critique import critique_sheet
    from assistant.critique.llm_critic import llm_review, merge
    from assistant.llm.errors import LLMError

    started = time.monotonic()
    try:
        sheet = _read_sheet(item)
        rules = critique_sheet(sheet, hints=hints)
        review = llm_review(sheet, settings)
        merged = merge(rules, review.findings)
        extra = merged.model_copy(update={"findings": merged.findings[len(rules.findings) :]})
        advice = [
            Advice(**f.model_dump(include=set(Advice.model_fields)))
            for f in finding_rows("", item.sheet_index, sheet, extra)
        ]
    except LLMError as exc:
        return _Outcome(item, None, exc.reason, seconds=time.monotonic() - started)
    except _Gone as gone:
        return _Outcome(item, None, str(gone), seconds=time.monotonic() - started)
    except Exception as exc:  # a bug in one sheet's review must not stop the batch
        return _Outcome(
            item, None, f"审核出错：{type(exc).__name__}: {exc}", seconds=time.monotonic() - started
        )
    return _Outcome(
        item,
        advice,
        requests=review.requests,
        prompt_tokens=review.prompt_tokens,
        completion_tokens=review.completion_tokens,
        seconds=time.monotonic() - started,
    )


class _Gone(Exception):
    """The sheet cannot be read again as it was scored (the file changed or vanished)."""


def _read_sheet(item: _Item) -> Sheet:
    from assistant.batch.runner import content_key
    from assistant.config import max_file_bytes
    from assistant.ingest import IngestError, read_bytes
    from assistant.ingest.file_safety import read_capped, shown_name

    path = Path(item.path)
    try:
        sheets = read_bytes(read_capped(path, shown_name(path.name), max_file_bytes()), shown_name(path.name))
    except (IngestError, OSError) as exc:
        raise _Gone(f"评分后无法再次读取该文件：{exc}") from None
    for sheet in sheets:
        if content_key(sheet) == item.sheet_hash:
            return sheet
    raise _Gone("文件在评分后被修改，未送大模型审核；请重新评分")


def apply_jobs(report: BatchReport, jobs: Mapping[str, Job]) -> None:
    """Put the jobs' states and advice on the report's rows (in place; earlier LLM rows replaced)."""
    findings = [f for f in report.findings if f.source != "llm"]
    for row in report.rows:
        job = jobs.get(row.content_hash or "") if row.status == "ok" else None
        if job is None:
            continue
        row.llm_state = job.state
        row.llm_error = job.reason if job.state == "failed" else None
        if job.state == "done":
            row.llm_advice = len(job.advice)
            row.llm_tokens = job.tokens
            row.llm_seconds = round(job.seconds, 2) if job.seconds is not None else None
            findings += [
                FindingRow(file=row.file, sheet_index=row.sheet_index, project=row.project, source="llm",
                           **advice.model_dump())
                for advice in job.advice
            ]  # fmt: skip
    order = {(r.file, r.sheet_index): n for n, r in enumerate(report.rows)}
    # Stable: each sheet's rule findings, then its LLM advice, sheets in report order.
    report.findings = sorted(findings, key=lambda f: order.get((f.file, f.sheet_index), len(order)))
