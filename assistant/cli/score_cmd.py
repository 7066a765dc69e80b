"""`assistant score PATH... --out report.xlsx|.csv|.json [--llm [--retry-failed]]`: score many submissions.

Every file found is in the report: scored, or with the reason it was not (unreadable, skipped as
not a submission, a duplicate); the same list is printed. The report is written atomically and
never over one of the inputs. Ctrl-C writes the files finished so far as a report marked 未完成
(or says plainly that nothing was written).

`--llm` adds the LLM critic's advice (beside the rule score) as resumable jobs: each sheet's state
and result are kept in the job store, so running the same command again sends only the sheets not
yet reviewed; `--retry-failed` also retries the ones that failed (see assistant.batch.llm_review).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.cli.app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    app,
    console,
    err_console,
)

_NOT_SCORED = {
    "error": "[red]无法读取[/red]",
    "skipped": "[yellow]已跳过[/yellow]",
    "duplicate": "[yellow]重复[/yellow]",
}


@app.command("score")
def score(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（任意可读取的格式）")],
    out: Annotated[Path, typer.Option("--out", "-o", help="报告文件：.xlsx、.csv 或 .json")],
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="并行进程数（默认：CPU 核数）")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="语料库 JSONL（默认 corpus/sheets.jsonl，如存在）")
    ] = None,
    previous: Annotated[
        list[Path] | None,
        typer.Option(
            "--previous",
            help="上年的绩效目标表（文件或文件夹，可多次给出）：每张表与同一单位同一项目的上年表比较",
        ),
    ] = None,
    llm: Annotated[
        bool, typer.Option("--llm", help="加上大模型语义审核（作为建议，不计分；需配置 ASSISTANT_LLM_BASE_URL 等）")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="重新审核上次大模型审核失败的表（隐含 --llm）")
    ] = False,
    parallel: Annotated[
        int | None,
        typer.Option("--parallel", min=1, help="同时发送的大模型请求数（默认 ASSISTANT_LLM_PARALLEL，即 4）"),
    ] = None,
    jobs: Annotated[
        Path | None, typer.Option("--jobs", help="大模型审核任务库（默认 <数据目录>/llm-jobs.sqlite3）")
    ] = None,
) -> None:
    """批量评分：每张表一行（文件、项目、得分、等级、审核清单、各级问题数、读取提示）；未评分的文件写明原因。"""
    from assistant.batch import SUFFIXES, BatchInterrupted, score_scan, summarize, write_report
    from assistant.ingest import scan_files
    from assistant.ingest.file_safety import shown_name
    from assistant.outputs import OutputError

    if out.suffix.lower() not in SUFFIXES:
        err_console.print(
            f"[red]不支持的报告格式[/red] {escape(out.suffix) or '（无扩展名）'}：请使用 {' / '.join(SUFFIXES)}"
        )
        raise typer.Exit(EXIT_USAGE)
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    for path in missing:
        err_console.print(
            f"[yellow]路径不存在，已记为错误行：[/yellow]{escape(shown_name(path))}", soft_wrap=True
        )
    llm = llm or retry_failed
    settings = _llm_settings_or_exit() if llm else None
    scan = scan_files(paths)
    if not scan.files and not scan.skipped:
        err_console.print("[red]没有找到可读取的文件。[/red]")
        raise typer.Exit(EXIT_USAGE)
    try:
        _check_out(out, scan.files)
    except OutputError as exc:
        err_console.print(f"[red]无法写入报告：[/red]{escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None

    previous = list(previous or [])
    if previous:
        from assistant.batch.runner import read_previous

        last_year, problems = read_previous(previous)
        for problem in problems:
            err_console.print(f"[yellow]上年表无法读取，已略过：[/yellow]{escape(problem)}", soft_wrap=True)
        console.print(f"上年表 {len(last_year.sheets)} 张，每张申报表与同一单位同一项目的上年表比较。")

    interrupted = False
    with Progress(
        TextColumn("评分"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("score", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = score_scan(scan, workers=workers, progress=progress, corpus=corpus, previous=previous)
        except BatchInterrupted as stop:
            report, interrupted = stop.report, True
    review = None
    if settings is not None and not interrupted:
        review = _review(report, scan.files, settings, parallel, retry_failed, jobs, corpus)
        interrupted = review.interrupted

    try:
        written = write_report(report, out)
    except OutputError as exc:
        err_console.print(f"[red]无法写入报告：[/red]{escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED if interrupted else EXIT_SOME_FAILED) from None
    except KeyboardInterrupt:
        err_console.print(f"[red]已中断：报告未写入[/red]（{escape(str(out))} 保持原样）", soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None

    summary = summarize(report)
    console.print(
        f"已评分 {summary.sheets} 张表（{summary.files} 个文件），平均分 {summary.mean_score if summary.mean_score is not None else '—'}；"
        f"等级 " + "  ".join(f"{g} {n}" for g, n in summary.grades.items())
    )
    if summary.checks_failed:
        console.print(
            "审核清单未通过的表数："
            + "  ".join(f"{check} {n}" for check, n in summary.checks_failed.items()),
            soft_wrap=True,
        )
    for row in report.failed:
        if row.status in _NOT_SCORED:
            err_console.print(
                f"{_NOT_SCORED[row.status]} {escape(row.file)}：{escape(row.error or '')}", soft_wrap=True
            )
    noted = sum(1 for row in report.scored if row.notices)
    if noted:
        err_console.print(f"[yellow]{noted} 张表有读取提示，见报告的“提示”列。[/yellow]")
    if review is not None:
        _print_review(review, summary)
    if interrupted and review is not None and review.interrupted:
        err_console.print(
            f"[red]大模型审核被中断[/red]：{summary.llm_pending} 张表未审核（再次运行同一命令即可继续，"
            f"已审核的不会重复发送）；规则评分完整的报告已写入 {escape(str(written))}",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    if interrupted:
        err_console.print(
            f"[red]评分被中断[/red]：{summary.unfinished} 个文件未处理；已处理部分的报告已写入 "
            f"{escape(str(written))}（标记为“未完成”）",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    console.print(f"报告已写入 {escape(str(written))}", soft_wrap=True)
    llm_failed = review is not None and summary.llm_failed > 0
    raise typer.Exit(EXIT_SOME_FAILED if report.unreadable or llm_failed else EXIT_OK)


def _llm_settings_or_exit():
    from assistant.config import llm_settings

    settings = llm_settings()
    if not settings.configured:
        err_console.print(
            "[red]未配置大模型接口[/red]：--llm 需要设置 ASSISTANT_LLM_BASE_URL 与 ASSISTANT_LLM_MODEL"
            "（本地或内网的 OpenAI 兼容服务，如 vLLM、llama.cpp）。不加 --llm 时仅做规则评分。"
        )
        raise typer.Exit(EXIT_USAGE)
    return settings


def _review(report, files, settings, parallel, retry_failed, jobs, corpus):
    """The batch LLM review with its own progress bar (Ctrl-C: stops it, the rule report stands)."""
    from assistant.batch.jobs import JobStore
    from assistant.batch.llm_review import paths_by_file, review_batch
    from assistant.config import llm_parallel
    from assistant.critique.hints import default_hints
    from assistant.llm.redact import install_log_redaction

    install_log_redaction()
    with (
        JobStore(jobs) as store,
        Progress(
            TextColumn("大模型审核"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("llm", total=None)
        return review_batch(
            report,
            paths_by_file(files),
            settings,
            store=store,
            in_flight=parallel or llm_parallel(),
            retry_failed=retry_failed,
            hints=default_hints(str(corpus) if corpus else None),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _print_review(review, summary) -> None:
    console.print(
        f"大模型审核（{escape(review.reviewer.split('|')[0])}，不计分）：本次审核 {review.reviewed} 张，"
        f"沿用此前结果 {review.reused} 张，失败 {review.failed} 张；共 {summary.llm_advice} 条意见；"
        f"本次用量 {review.tokens:,} tokens，用时 {review.seconds:.1f} 秒",
        highlight=False,
    )
    for reason, count in sorted(review.reasons.items(), key=lambda item: -item[1])[:5]:
        err_console.print(f"[red]大模型审核失败[/red] {count} 张：{escape(reason)}", soft_wrap=True)
    if review.failed_kept:
        err_console.print(
            f"[yellow]{review.failed_kept} 张表上次大模型审核失败，本次未重试[/yellow]（加 --retry-failed 重试）",
            soft_wrap=True,
        )
    if review.failed and not review.interrupted:
        err_console.print("失败的表仍有规则评分；排除故障后加 --retry-failed 重新审核，只发送失败的表。")
    if review.busy:
        err_console.print(f"[yellow]{review.busy} 张表正由另一个审核任务处理，本报告中标为“审核中”。[/yellow]")


def _check_out(out: Path, inputs: list[Path]) -> None:
    """Refuse a report path that is a folder or one of the submissions. A report this tool wrote
    earlier may be replaced: it is recognised and skipped when scored, not a submission."""
    from assistant.batch import is_batch_report
    from assistant.config import max_file_bytes
    from assistant.ingest import IngestError
    from assistant.ingest.file_safety import read_capped
    from assistant.outputs import check_target

    try:
        check_target(out, inputs)
    except OSError as refusal:
        if out.is_dir():
            raise
        try:
            own = is_batch_report(read_capped(out, out.name, max_file_bytes()), out.name)
        except IngestError:
            own = False
        if not own:
            raise refusal from None
