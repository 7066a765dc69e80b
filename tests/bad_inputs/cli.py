"""Running the CLI in the bad-input tests: in process (CliRunner), never a traceback."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from assistant.cli import app


def invoke(args: list[str]) -> Result:
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args[0]} raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def flat(text: str) -> str:
    """Output without whitespace: rich wraps long messages at the terminal width."""
    return "".join(text.split())
