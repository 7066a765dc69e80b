"""The UI under a real browser (a pytest plugin; see conftest).

- `ui_url` (session fixture): app.py started in a subprocess on a free 127.0.0.1 port, offline,
  with analytics off; the fixture waits until the page is served and stops the process at the end.
- `chromium` (session fixture): Debian's /usr/bin/chromium driven headless by Playwright for Python
  (no `playwright install`: the system browser is used). Playwright gives the browser a fresh
  temporary profile (user-data-dir) each launch.
- Where no browser can be had the tests skip with a loud reason; under CI=true a skip of a test
  marked `browser` is reported as a failure (the same rule as the llm_server tests).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY_TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_unavailable_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]'; make test does)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found: run scripts/install_system_deps.sh (make test does) or set ASSISTANT_CHROMIUM"
    return None


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def ui_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    work = tmp_path_factory.mktemp("ui-app")
    log_path = work / "app.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ASSISTANT_LLM_", "ASSISTANT_EMBEDDING_")) and key != "OPENAI_API_KEY"
    }
    env.update(
        ASSISTANT_UI_HOST="127.0.0.1",
        ASSISTANT_UI_PORT=str(port),
        GRADIO_ANALYTICS_ENABLED="False",
        ASSISTANT_DATA_DIR=str(work / "data"),
        GRADIO_TEMP_DIR=str(work / "gradio"),
        PYTHONUNBUFFERED="1",
    )
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with everything it started
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _ready(url):
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"app.py not serving after {READY_TIMEOUT:.0f} s:\n{log_path.read_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def chromium():
    if reason := browser_unavailable_reason():
        pytest.skip(f"BROWSER NOT AVAILABLE — {reason}")
    from playwright.sync_api import Error, sync_playwright

    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    except Error as exc:
        manager.stop()
        pytest.skip(f"BROWSER NOT AVAILABLE — {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
    if not _has_cjk_font():
        warnings.warn(
            "no CJK font found (fonts-wqy-microhei): screenshots in tests/artifacts will show boxes for Chinese",
            stacklevel=1,
        )
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


def _has_cjk_font() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: say nothing
    return bool(listed.strip())


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a test marked browser must not skip under CI=true: {reason}"
