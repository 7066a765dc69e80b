"""`assistant score PATH... --out report.xlsx|.csv|.json`: score many submissions at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.cli.app import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, app, console, err_console


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
) -> None:
    """批量评分：每张表一行（文件、项目、得分、等级、各级问题数）；读不了的文件记为错误行。"""
    from assistant.batch import SUFFIXES, score_paths, summarize, write_report
    from assistant.ingest import collect_files

    if out.suffix.lower() not in SUFFIXES:
        err_console.print(
            f"[red]不支持的报告格式[/red] {out.suffix or '（无扩展名）'}：请使用 {' / '.join(SUFFIXES)}"
        )
        raise typer.Exit(EXIT_USAGE)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        err_console.print(f"[yellow]路径不存在，已记为错误行：[/yellow]{escape(str(path))}", soft_wrap=True)
    if not collect_files(paths):
        err_console.print("[red]没有找到可读取的文件。[/red]")
        raise typer.Exit(EXIT_USAGE)

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

        report = score_paths(paths, workers=workers, progress=progress, corpus=corpus)

    try:
        written = write_report(report, out)
    except OSError as exc:
        err_console.print(f"[red]无法写入报告[/red] {escape(str(out))}：{escape(str(exc.strerror or exc))}")
        raise typer.Exit(EXIT_SOME_FAILED) from None

    summary = summarize(report)
    console.print(
        f"已评分 {summary.sheets} 张表（{summary.files} 个文件），平均分 {summary.mean_score if summary.mean_score is not None else '—'}；"
        f"等级 " + "  ".join(f"{g} {n}" for g, n in summary.grades.items())
    )
    for row in report.failed:
        err_console.print(
            f"[red]无法读取[/red] {escape(row.file)}：{escape(row.error or '')}", soft_wrap=True
        )
    console.print(f"报告已写入 {escape(str(written))}", soft_wrap=True)
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)
