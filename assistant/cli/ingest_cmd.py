"""`assistant ingest PATH... -o OUT.jsonl [--append | --force]`: read sheets into a corpus file.

Every file is tried; a file that cannot be read gets a Chinese message naming it and what was
not understood, the others are still read and written, and the exit code is 1. Files found in a
folder and not read are listed with the reason. An existing corpus is never replaced by surprise:
`--append` adds the new sheets to it, `--force` replaces it; an output that is one of the inputs,
or a folder, is refused. The corpus is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.app import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    app,
    console,
    err_console,
    said_if_interrupted,
)
from assistant.corpus import load_corpus, write_jsonl
from assistant.ingest import IngestError, read_path, scan_files
from assistant.ingest.file_safety import shown_name
from assistant.outputs import OutputError, check_target
from assistant.schema import Sheet

CORPUS_SUFFIX = ".jsonl"


@dataclass
class FileResult:
    path: Path
    sheets: list[Sheet] = field(default_factory=list)
    error: str | None = None

    @property
    def indicators(self) -> int:
        return sum(len(s.indicators) for s in self.sheets)

    @property
    def notices(self) -> int:
        return sum(len(s.notices) for s in self.sheets)


def ingest_file(path: Path) -> FileResult:
    try:
        return FileResult(path, read_path(path))
    except IngestError as exc:
        return FileResult(path, error=exc.reason)
    except Exception as exc:  # a reader bug must not stop the other files
        return FileResult(path, error=f"读取时出错（{type(exc).__name__}: {exc}）")


def summary_table(results: list[FileResult]) -> Table:
    table = Table(title="读取结果", show_lines=False)
    table.add_column("文件", overflow="fold")
    table.add_column("表数", justify="right")
    table.add_column("指标数", justify="right")
    table.add_column("提示", justify="right")
    table.add_column("状态")
    for result in results:
        if result.error:
            table.add_row(escape(shown_name(result.path)), "-", "-", "-", "[red]失败（原因见下）[/red]")
        else:
            status = "[green]成功[/green]" if not result.notices else "[yellow]成功（有提示）[/yellow]"
            table.add_row(
                escape(shown_name(result.path)),
                str(len(result.sheets)),
                str(result.indicators),
                str(result.notices),
                status,
            )
    ok = [r for r in results if not r.error]
    table.add_section()
    table.add_row(
        f"合计 {len(results)} 个文件（失败 {len(results) - len(ok)} 个）",
        str(sum(len(r.sheets) for r in ok)),
        str(sum(r.indicators for r in ok)),
        str(sum(r.notices for r in ok)),
        "",
    )
    return table


@app.command("ingest")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="要读取的文件或文件夹（文件夹会递归查找支持的文件）")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出的 JSON Lines 文件（.jsonl），每行一张表")
    ] = None,
    append: Annotated[bool, typer.Option("--append", help="输出文件已存在时，把新读到的表追加进去")] = False,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时，用本次读到的表覆盖它")] = False,
    show_notices: Annotated[bool, typer.Option("-n", "--notices", help="逐条列出读取提示")] = False,
) -> None:
    """读取绩效目标表（文本、.xlsx/.xls、.docx/.doc、WPS、.pdf、.html、JSON），汇总结果，并写入 JSON Lines 语料文件。"""
    scan = scan_files(paths)
    if output is not None:
        _check_output(output, scan.files, append=append, force=force)
    if not scan.files:
        err_console.print(
            f"没有找到可读取的文件：{escape('、'.join(shown_name(p) for p in paths))}", soft_wrap=True
        )
        _print_skipped(scan.skipped)
        raise typer.Exit(EXIT_SOME_FAILED)
    with said_if_interrupted():  # the corpus is written only at the end, atomically
        results = [ingest_file(path) for path in scan.files]
    console.print(summary_table(results))
    if show_notices:
        for result in results:
            for sheet in result.sheets:
                for notice in sheet.notices:
                    console.print(
                        f"  {escape(shown_name(sheet.id))}「{escape(sheet.project_name)}」：{escape(notice)}",
                        soft_wrap=True,
                    )
    for result in results:
        if result.error:
            err_console.print(
                f"[red]无法读取 {escape(shown_name(result.path))}：{escape(result.error)}[/red]",
                soft_wrap=True,
            )
    _print_skipped(scan.skipped)
    sheets = [sheet for result in results for sheet in result.sheets]
    if output is not None:
        if sheets:
            with said_if_interrupted():
                _write(sheets, output, append=append)
        else:
            err_console.print(
                f"没有读到任何表，未写入 {escape(str(output))}（原文件保持不变）", soft_wrap=True
            )
    failed = any(result.error for result in results)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _print_skipped(skipped: list) -> None:
    for item in skipped:
        err_console.print(
            f"[yellow]未读取 {escape(item.path)}：{escape(item.reason)}[/yellow]", soft_wrap=True
        )


def _refuse(message: str) -> typer.Exit:
    err_console.print(f"[red]{escape(message)}[/red]", soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


def _check_output(output: Path, inputs: list[Path], *, append: bool, force: bool) -> None:
    if append and force:
        raise _refuse("--append 与 --force 只能选一个")
    if output.suffix.lower() != CORPUS_SUFFIX and not output.is_dir():
        raise _refuse(
            f"输出文件应为 JSON Lines（{CORPUS_SUFFIX}），例如 corpus/sheets.jsonl；未写入 {output}"
        )
    try:
        check_target(output, inputs)
    except OutputError as exc:
        raise _refuse(str(exc)) from None
    if output.exists() and output.stat().st_size and not (append or force):
        raise _refuse(f"{output} 已存在，未写入：加 --append 把新读到的表追加进去，或加 --force 覆盖它")


def _write(sheets: list[Sheet], output: Path, *, append: bool) -> None:
    added, replaced, same = len(sheets), 0, 0
    if append and output.exists():
        try:
            existing = load_corpus(output)
        except Exception as exc:  # a corrupt line: say so, change nothing
            err_console.print(
                f"[red]无法追加：{escape(str(output))} 不是有效的语料文件（{escape(type(exc).__name__)}），未写入[/red]",
                soft_wrap=True,
            )
            raise typer.Exit(EXIT_SOME_FAILED) from None
        merged = {sheet.id: sheet for sheet in existing}
        hashes = {sheet.content_hash() for sheet in existing}
        added = 0
        for sheet in sheets:
            if sheet.content_hash() in hashes:
                same += 1
                continue
            replaced += sheet.id in merged
            added += sheet.id not in merged
            merged[sheet.id] = sheet
        sheets = list(merged.values())
    try:
        count = write_jsonl(sheets, output)
    except OutputError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(EXIT_SOME_FAILED) from None
    if append:
        console.print(
            f"已追加 {added} 张表、替换 {replaced} 张、跳过内容相同的 {same} 张，"
            f"{escape(str(output))} 共 {count} 张表",
            soft_wrap=True,
        )
    else:
        console.print(f"已写入 {count} 张表到 {escape(str(output))}", soft_wrap=True)
