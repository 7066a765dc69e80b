"""The typer application every command module registers itself on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    name="assistant",
    help="绩效目标助手：编制、审核、批量评分财政项目支出绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Reports go to stdout; notices and errors go to stderr so `--json` output stays clean.
console = Console()
err_console = Console(stderr=True)

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
NOTHING_WRITTEN = "已中断：本次没有写入任何文件（原有文件保持不变）"


@contextmanager
def said_if_interrupted(message: str = NOTHING_WRITTEN) -> Iterator[None]:
    """Ctrl-C inside the block: say plainly what was (not) written, exit 130 (typer alone says nothing)."""
    try:
        yield
    except KeyboardInterrupt:
        err_console.print(f"[red]{escape(message)}[/red]", soft_wrap=True, highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


@app.callback()
def _root() -> None:
    """绩效目标助手：编制、审核、批量评分财政项目支出绩效目标表。"""
    from assistant.config import settings_errors

    # Every setting is checked before any command runs: a malformed one is named, never a traceback.
    if errors := settings_errors():
        for message in errors:
            err_console.print(f"[red]设置有误：[/red]{escape(message)}", soft_wrap=True, highlight=False)
        raise typer.Exit(EXIT_USAGE)
