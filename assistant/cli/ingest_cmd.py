"""`assistant ingest PATH... -o OUT.jsonl`: read sheets from files and folders into a corpus file.

Every file is tried; a file that cannot be read gets a Chinese message naming it and what was
not understood, the others are still read and written, and the exit code is 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.app import EXIT_OK, EXIT_SOME_FAILED, app, console, err_console
from assistant.corpus import write_jsonl
from assistant.ingest import IngestError, collect_files, read_path
from assistant.schema import Sheet


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
            table.add_row(escape(str(result.path)), "-", "-", "-", "[red]失败（原因见下）[/red]")
        else:
            status = "[green]成功[/green]" if not result.notices else "[yellow]成功（有提示）[/yellow]"
            table.add_row(
                escape(str(result.path)),
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
        Path | None, typer.Option("-o", "--output", help="输出的 JSON Lines 文件，每行一张表")
    ] = None,
    show_notices: Annotated[bool, typer.Option("-n", "--notices", help="逐条列出读取提示")] = False,
) -> None:
    """读取绩效目标表（文本、.xlsx、.docx、.pdf、JSON），汇总结果，并写入 JSON Lines 语料文件。"""
    files = collect_files(paths)
    if not files:
        err_console.print(f"没有找到可读取的文件：{escape('、'.join(str(p) for p in paths))}", soft_wrap=True)
        raise typer.Exit(EXIT_SOME_FAILED)
    results = [ingest_file(path) for path in files]
    console.print(summary_table(results))
    if show_notices:
        for result in results:
            for sheet in result.sheets:
                for notice in sheet.notices:
                    console.print(
                        f"  {escape(sheet.id)}「{escape(sheet.project_name)}」：{escape(notice)}",
                        soft_wrap=True,
                    )
    for result in results:
        if result.error:
            err_console.print(
                f"[red]无法读取 {escape(str(result.path))}：{escape(result.error)}[/red]", soft_wrap=True
            )
    sheets = [sheet for result in results for sheet in result.sheets]
    if output is not None:
        if sheets:
            count = write_jsonl(sheets, output)
            console.print(f"已写入 {count} 张表到 {escape(str(output))}", soft_wrap=True)
        else:
            err_console.print(
                f"没有读到任何表，未写入 {escape(str(output))}（原文件保持不变）", soft_wrap=True
            )
    failed = any(result.error for result in results)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)
