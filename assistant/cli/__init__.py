"""Command-line interface. Each command lives in its own module and registers on `app`."""

from __future__ import annotations

import sys

from assistant.cli import retrieval_cmd, schema_cmd  # noqa: F401  (registers commands)
from assistant.cli.app import app


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
