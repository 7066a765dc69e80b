"""The typer application every command module registers itself on."""

from __future__ import annotations

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


@app.callback()
def _root() -> None:
    """绩效目标助手：编制、审核、批量评分财政项目支出绩效目标表。"""
    from assistant.config import settings_errors

    # Every setting is checked before any command runs: a malformed one is named, never a traceback.
    if errors := settings_errors():
        for message in errors:
            err_console.print(f"[red]设置有误：[/red]{escape(message)}", soft_wrap=True, highlight=False)
        raise typer.Exit(EXIT_USAGE)
