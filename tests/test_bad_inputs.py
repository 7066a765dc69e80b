"""The bad-input corpus (tests/bad_inputs) through every surface that reads a user's file or words.

CLI ingest / critique / score / draft, the batch scorer and the UI handlers: each case ends in a
clear Chinese refusal naming the file, or in a correct result. Never a traceback, never a file
written outside the output folder, and the dangerous cases stay within a memory bound in a
process of their own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.ui import batch as batch_ui
from assistant.ui import drafter, reviewer
from tests.bad_inputs import (
    CASE_IDS,
    HEAVY_IDS,
    XXE_SECRET,
    Case,
    descriptions,
    make_cases,
    traversal_zip,
    zip_bomb_upload,
)
from tests.bad_inputs.cli import flat, invoke

pytestmark = pytest.mark.timeout(300)

ROOT = Path(__file__).resolve().parent.parent
# Peak RSS allowed for one CLI process on a dangerous case. A plain `assistant critique` peaks near
# 200 MB even on 5,000 indicators; a billion laughs that got expanded would need gigabytes.
MAX_RSS_MB = 800
SUBPROCESS_SECONDS = 120
DESCRIPTIONS = descriptions()


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return make_cases(tmp_path_factory.mktemp("bad-inputs"))


def files_under(*roots: Path) -> set[Path]:
    return {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


@contextmanager
def writes_only_into(allowed: Path, *watched: Path) -> Iterator[None]:
    """Fail if a file appears under `watched` anywhere but inside `allowed`."""
    before = files_under(*watched)
    yield
    new = files_under(*watched) - before
    outside = sorted(str(p) for p in new if allowed not in p.parents)
    assert not outside, f"written outside {allowed}: {outside}"


def assert_refusal(text: str, case: Case) -> None:
    shown = flat(text)
    assert flat(case.path.name) in shown, f"the message does not name {case.path.name}: {text}"
    assert any(word in shown for word in case.words), f"{case.id}: expected one of {case.words}: {text}"
    assert XXE_SECRET not in text


# --- CLI -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_cli_ingest(case_id: str, cases: dict[str, Case], tmp_path: Path, monkeypatch) -> None:
    case = cases[case_id]
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out" / "corpus.jsonl"
    with writes_only_into(out.parent, tmp_path, case.path.parent):
        result = invoke(["ingest", str(case.path), "-o", str(out)])
    if case.outcome == "refused":
        assert result.exit_code == 1
        assert_refusal(result.stderr, case)
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        (line,) = out.read_text(encoding="utf-8").splitlines()
        assert len(json.loads(line)["indicators"]) == case.indicators


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_cli_critique_json(case_id: str, cases: dict[str, Case], tmp_path: Path, monkeypatch) -> None:
    case = cases[case_id]
    monkeypatch.chdir(tmp_path)
    with writes_only_into(tmp_path / "nothing", tmp_path, case.path.parent):
        result = invoke(["critique", str(case.path), "--json"])
    if case.outcome == "refused":
        assert result.exit_code == 1
        assert json.loads(result.stdout) == []
        assert_refusal(result.stderr, case)
    else:
        assert result.exit_code == 0, result.stderr
        critique = json.loads(result.stdout)
        assert 0 <= critique["score"] <= 100 and critique["grade"] in ("优", "良", "中", "差")
        assert critique["findings"], "a sheet of repeated or injected rows has findings"


def test_cli_score_gives_every_file_one_row(cases: dict[str, Case], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "out" / "report.json"
    paths = [str(case.path) for case in cases.values()]
    watched = {case.path.parent.parent for case in cases.values()}
    with writes_only_into(report.parent, tmp_path, *watched):
        result = invoke(["score", *paths, "--out", str(report), "--workers", "2"])  # a process pool
    assert result.exit_code == 1  # some files could not be read
    rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert [r["file"] for r in rows] == paths  # one row per file, in the order given
    for row, case in zip(rows, cases.values(), strict=True):
        if case.outcome == "refused":
            assert row["status"] == "error"
            assert any(word in row["error"] for word in case.words), (case.id, row["error"])
        else:
            assert row["status"] == "ok" and row["indicators"] == case.indicators, case.id
    for case in cases.values():
        if case.outcome == "refused":
            assert flat(case.path.name) in flat(result.stderr)


@pytest.mark.parametrize(("name", "text", "outcome"), DESCRIPTIONS, ids=[d[0] for d in DESCRIPTIONS])
def test_cli_draft(name: str, text: str, outcome: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out" / "草稿.xlsx"
    with writes_only_into(out.parent, tmp_path):
        result = invoke(["draft", text, "--offline", "--json", "--out", str(out)])
    if outcome == "refused":
        assert result.exit_code == 2
        assert any(word in result.stderr for word in ("项目描述为空", "项目描述太长", "无法识别的字符"))
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.stderr
        draft = json.loads(result.stdout)
        assert len(draft["sheet"]["indicators"]) >= 5
        assert out.exists()


# --- memory and time, in a process of their own ---------------------------------------------------


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Run the CLI in a subprocess: exit code, stdout, stderr and its peak RSS in MB.

    The peak is the child's own VmHWM, written by the child as it exits: wait4's ru_maxrss would also
    count the pages of the (large) test process it was forked from, which exec does not reset."""
    out, err, peak = cwd / "stdout.txt", cwd / "stderr.txt", cwd / "peak.txt"
    code = (
        "import atexit, os\n"
        "def _peak():\n"
        "    status = open('/proc/self/status').read()\n"
        "    open(os.environ['PEAK_FILE'], 'w').write(status)\n"
        "atexit.register(_peak)\n"
        "from assistant.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "PEAK_FILE": str(peak)}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=cwd, stdout=stdout, stderr=stderr, env=env
        )
    timer = threading.Timer(SUBPROCESS_SECONDS, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    assert proc.returncode >= 0, f"killed after {SUBPROCESS_SECONDS} s (or by a signal)"
    peak_mb = usage.ru_maxrss / 1024
    if peak.exists():
        for line in peak.read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak_mb = int(line.split()[1]) / 1024
    return proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"), peak_mb


@pytest.mark.parametrize("case_id", HEAVY_IDS)
def test_dangerous_files_stay_within_memory_and_time(
    case_id: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    case = cases[case_id]
    code, stdout, stderr, peak_mb = run_measured(["critique", str(case.path), "--json"], tmp_path)
    assert peak_mb < MAX_RSS_MB, f"{case.id}: peak RSS {peak_mb:.0f} MB"
    assert "Traceback" not in stdout + stderr
    assert code == (1 if case.outcome == "refused" else 0), stderr


# --- UI handlers ----------------------------------------------------------------------------------


@pytest.fixture
def ui_tmp(tmp_path: Path, monkeypatch) -> Path:
    """The UI's session folders (tempfile.mkdtemp) go here, where the test can see them."""
    folder = tmp_path / "ui-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_ui_review_upload(case_id: str, cases: dict[str, Case], ui_tmp: Path) -> None:
    case = cases[case_id]
    with writes_only_into(ui_tmp, case.path.parent, ui_tmp.parent):
        view = reviewer.load(str(case.path), None)
    assert "Traceback" not in view.notice_html
    if case.outcome == "refused":
        assert not view.has_sheet
        assert "无法读取" in view.notice_html
        assert any(word in view.notice_html for word in case.words), view.notice_html
        assert XXE_SECRET not in view.notice_html
    else:
        assert view.has_sheet and len(view.session.sheet.indicators) == case.indicators
        assert len(view.rows) == case.indicators  # one table row per indicator
        assert 0 < len(view.findings) <= reviewer.MAX_LISTED_FINDINGS
        assert set(view.files) == {".xlsx", ".docx", ".json"}


def test_ui_batch_upload_of_every_case_and_hostile_archives(
    cases: dict[str, Case], ui_tmp: Path, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    escape_dir = tmp_path / "absolute-target"
    traversal = traversal_zip(hostile, escape_dir)
    bomb = zip_bomb_upload(hostile)
    files = [case for case in cases.values() if case.path.suffix != ".zip"]  # a .zip upload is unpacked
    uploads = [str(case.path) for case in files] + [str(traversal), str(bomb)]
    with writes_only_into(ui_tmp, tmp_path, *{c.path.parent.parent for c in cases.values()}):
        view = batch_ui.run_batch(uploads)
    assert not list(tmp_path.rglob("escape_*")) and not escape_dir.exists()
    assert not Path("/escape_drive.xlsx").exists()
    rows = {row[1]: row for row in view.rows}
    assert len(rows) == len(view.rows) == len(files) + 2  # every file one row, nothing lost or extra
    for case in files:
        row = rows[case.path.name]
        if case.outcome == "refused":
            assert row[0] == "—" and any(word in row[-1] for word in case.words), row  # unranked, why
        else:
            assert isinstance(row[0], int) and row[3] is not None, row
    assert isinstance(rows[f"{traversal.name} › 一科/正常.xlsx"][0], int)
    assert isinstance(rows[f"{bomb.name} › 正常.json"][0], int)
    assert "路径不安全" in view.notice_html and "压缩炸弹" in view.notice_html
    assert "Traceback" not in view.notice_html
    assert set(view.files) == {".xlsx", ".csv"}


@pytest.mark.parametrize(("name", "text", "outcome"), DESCRIPTIONS, ids=[d[0] for d in DESCRIPTIONS])
def test_ui_chat(name: str, text: str, outcome: str, ui_tmp: Path) -> None:
    with writes_only_into(ui_tmp, ui_tmp.parent):
        view = drafter.send_message(drafter.DraftSession(), text)
    assert "Traceback" not in view.notice_html
    if outcome == "refused":
        assert not view.accepted and not view.has_draft
        assert any(word in view.notice_html for word in ("请先", "太长", "无法识别的字符"))
    else:
        assert view.accepted and view.has_draft and len(view.rows) >= 5
        assert set(view.files) == {".xlsx", ".docx", ".json"}
