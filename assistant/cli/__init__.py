"""Command-line interface. Each command lives in its own module and registers on `app`."""

from __future__ import annotations

import sys

INTERRUPTED = "已中断：本次没有写入任何文件（原有文件保持不变）"  # as app.NOTHING_WRITTEN (not imported yet)

try:  # Ctrl-C while the commands load (a second or so) is an interrupt too, not a traceback
    # One command module per line (registration by import), so parallel work merges cleanly.
    import assistant.cli.critique_cmd
    import assistant.cli.draft_cmd
    import assistant.cli.ingest_cmd
    import assistant.cli.retrieval_cmd
    import assistant.cli.schema_cmd
    import assistant.cli.score_cmd  # noqa: F401
    from assistant.cli.app import app
except KeyboardInterrupt:
    print(INTERRUPTED, file=sys.stderr)
    sys.exit(130)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        # Every output is written atomically at the end (score writes its partial report itself),
        # so an interrupt here has written nothing.
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
