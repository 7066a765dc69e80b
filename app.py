"""绩效目标助手 — the web UI. `make run` starts it at http://127.0.0.1:7860.

The layout and handlers live in assistant/ui/; this file only reads where to listen and launches.
ASSISTANT_UI_HOST / ASSISTANT_UI_PORT change the address (the tests use a free port).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # Gradio's own start-up probes
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Batch scoring uses a process pool; forking a threaded web server can deadlock, so workers
    # start from a clean server process instead.
    multiprocessing.set_start_method("forkserver", force=True)
    from assistant.config import settings_errors

    if errors := settings_errors():  # a malformed setting: a Chinese message naming it, not a traceback
        print("\n".join(errors), file=sys.stderr)
        raise SystemExit(2)
    from assistant.ui.blocks import launch

    host = os.environ.get("ASSISTANT_UI_HOST", "127.0.0.1")
    port = int(os.environ.get("ASSISTANT_UI_PORT", "7860"))
    try:
        launch(host=host, port=port)
    except OSError as exc:
        logging.getLogger("app").debug("launch failed: %s", exc)
        print(
            f"无法在 {host}:{port} 启动页面：端口可能已被占用。请关闭占用它的程序，"
            f"或换一个端口，例如 ASSISTANT_UI_PORT={port + 1} make run",
            file=sys.stderr,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
