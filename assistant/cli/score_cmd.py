"""`assistant score PATH... --out report.xlsx|.csv|.json`: score many submissions at once.

Every file found is in the report: scored, or with the reason it was not (unreadable, skipped as
not a submission, a duplicate); the same list is printed. The report is written atomically and
never over one of the inputs. Ctrl-C writes the files finished so far as a report marked 未完成
(or says plainly that nothing was written).
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
    if interrupted:
        err_console.print(
            f"[red]评分被中断[/red]：{summary.unfinished} 个文件未处理；已处理部分的报告已写入 "
            f"{escape(str(written))}（标记为“未完成”）",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    console.print(f"报告已写入 {escape(str(written))}", soft_wrap=True)
    raise typer.Exit(EXIT_SOME_FAILED if report.unreadable else EXIT_OK)


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
