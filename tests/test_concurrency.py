"""Many users at once: 8 UI sessions in parallel keep their own state and files, and a batch of
1,000 files gives every file its row.

The sessions run twice: as handler calls from 8 threads (the three tabs, each thread its own
inputs), and as 8 gradio_client sessions against the app in a subprocess (Gradio's own per-session
state and queue). The Chroma store under concurrent writers is tested in tests/retrieval/test_lock.py.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from assistant.batch import score_paths, write_report
from assistant.ingest import read_path
from assistant.schema import Sheet
from assistant.ui import batch as batch_ui
from assistant.ui import drafter, reviewer
from tests.ui_files import seed_sheets, single_sheet_files

pytestmark = pytest.mark.timeout(600)

SESSIONS = 8
BATCH_FILES = 1000


def description(n: int) -> str:
    """Each session's own numbers: lectures 100+n, people 3000+n (no session's number is in another's)."""
    return (
        f"本项目为第{n}号社区法律服务经费，全年开展法治讲座{100 + n}场，"
        f"服务群众{3000 + n}人次，年度资金{50 + n}万元。"
    )


def own_numbers(n: int) -> tuple[str, str]:
    return f"{100 + n}场", f"{3000 + n}人次"


def in_parallel(work: Callable[[int], Any]) -> list[Any]:
    """Run work(0..7) in 8 threads released together; results in session order, errors re-raised."""
    start = threading.Barrier(SESSIONS)

    def run(n: int) -> Any:
        start.wait(timeout=60)
        return work(n)

    with ThreadPoolExecutor(SESSIONS) as pool:
        return list(pool.map(run, range(SESSIONS)))


def cells_text(rows: list[list[object]]) -> str:
    return " ".join(str(cell) for row in rows for cell in row)


# --- handlers from 8 threads -----------------------------------------------------------------------


def test_eight_drafting_sessions_in_parallel_keep_their_own_tables_chats_and_files() -> None:
    def session(n: int) -> drafter.DraftView:
        first = drafter.send_message(drafter.DraftSession(), description(n))
        return drafter.send_message(first.session, f"满意度改为≥{90 + n}%")

    views = in_parallel(session)
    for n, view in enumerate(views):
        others = [number for m in range(SESSIONS) if m != n for number in own_numbers(m)]
        text = cells_text(view.rows)
        assert all(number in text for number in own_numbers(n)), (n, text)
        assert f"≥{90 + n}%" in text
        assert not any(number in text for number in others), (n, text)
        assert [m["content"] for m in view.chat if m["role"] == "user"] == [
            description(n),
            f"满意度改为≥{90 + n}%",
        ]
        (sheet,) = read_path(view.files[".xlsx"])
        assert [i.value.raw for i in sheet.indicators] == [row[3] for row in view.rows]
    folders = {str(view.files[".xlsx"].parent) for view in views}
    assert len(folders) == SESSIONS  # one download folder per session


@pytest.fixture(scope="module")
def upload_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return single_sheet_files(tmp_path_factory.mktemp("uploads"), count=SESSIONS)


def test_eight_review_sessions_in_parallel_keep_their_own_sheet_and_edits(upload_files: list[Path]) -> None:
    expected = [read_path(path)[0] for path in upload_files]

    def session(n: int) -> tuple[reviewer.ReviewView, reviewer.ReviewView]:
        loaded = reviewer.load(str(upload_files[n]), None)
        item = next(i for i in loaded.findings if i.blocked is None)
        return loaded, reviewer.apply_finding(loaded.session, item.position, item.key)

    for n, (loaded, applied) in enumerate(in_parallel(session)):
        assert loaded.session.sheet == expected[n]
        assert applied.session.history == [expected[n]]  # its own undo history, one step
        assert applied.session.sheet.project_name == expected[n].project_name
        (written,) = read_path(applied.files[".xlsx"])
        assert [i.name for i in written.indicators] == [i.name for i in applied.session.sheet.indicators]


def test_eight_batch_sessions_in_parallel_score_their_own_uploads(upload_files: list[Path]) -> None:
    def session(n: int) -> batch_ui.BatchView:
        return batch_ui.run_batch([str(upload_files[n]), str(upload_files[(n + 1) % SESSIONS])])

    for n, view in enumerate(in_parallel(session)):
        mine = {upload_files[n].name, upload_files[(n + 1) % SESSIONS].name}
        assert {row[1] for row in view.rows} == mine
        report = view.files[".csv"].read_text(encoding="utf-8-sig")
        assert all(name in report for name in mine)


# --- 8 gradio_client sessions against the app ------------------------------------------------------


def test_eight_browser_sessions_against_the_running_app(ui_url: str, upload_files: list[Path]) -> None:
    from gradio_client import Client, handle_file

    def session(n: int) -> tuple[Any, Any]:
        client = Client(ui_url, verbose=False)
        client.predict(description(n), "", None, None, "", api_name="/draft")
        edited = client.predict(f"满意度改为≥{90 + n}%", "", None, None, "", api_name="/draft")
        review = client.predict(handle_file(str(upload_files[n])), "", api_name="/review")
        return edited, review

    expected = [read_path(path)[0].project_name for path in upload_files]
    for n, (edited, review) in enumerate(in_parallel(session)):
        chat, table, xlsx = edited[0], edited[5], edited[8]
        # Gradio 6 gives each chat message's content as a list of parts ({"type": "text", "text": …}).
        said = ["".join(part["text"] for part in m["content"]) for m in chat if m["role"] == "user"]
        assert said == [description(n), f"满意度改为≥{90 + n}%"], (n, chat)
        text = cells_text(table["data"])
        others = [number for m in range(SESSIONS) if m != n for number in own_numbers(m)]
        assert all(number in text for number in own_numbers(n)) and f"≥{90 + n}%" in text
        assert not any(number in text for number in others)
        (sheet,) = read_path(xlsx["value"])  # a gr.update: the session's own .xlsx, as downloaded
        assert any(i.value.raw == f"≥{90 + n}%" for i in sheet.indicators)
        assert expected[n] in review[3]  # the header of the reviewed sheet


# --- a batch of 1,000 files ------------------------------------------------------------------------


def write_batch(folder: Path) -> dict[str, tuple[str, str]]:
    """1,000 files (JSON sheets, .xlsx, a few unreadable ones): file name → (status, project name)."""
    folder.mkdir()
    rng = random.Random(1000)
    seeds: list[Sheet] = seed_sheets()
    expected: dict[str, tuple[str, str]] = {}
    for n in range(BATCH_FILES):
        if n % 50 == 7:
            path = folder / f"{n:04d}_坏文件.txt"
            path.write_bytes(bytes(rng.randrange(256) for _ in range(300)))
            expected[path.name] = ("error", "")
            continue
        sheet = seeds[n % len(seeds)].model_copy(update={"project_name": f"批量项目{n:04d}", "id": f"b{n}"})
        path = folder / f"{n:04d}.json"
        path.write_text(sheet.model_dump_json(), encoding="utf-8")
        expected[path.name] = ("ok", sheet.project_name)
    return expected


def test_a_batch_of_1000_files_gives_every_file_exactly_one_row(tmp_path: Path) -> None:
    expected = write_batch(tmp_path / "submissions")
    progress: list[tuple[int, int]] = []
    report = score_paths([tmp_path / "submissions"], workers=2, progress=lambda d, t: progress.append((d, t)))
    rows = {Path(row.file).name: row for row in report.rows}
    assert len(report.rows) == len(rows) == BATCH_FILES  # no file lost, none twice
    for name, (status, project) in expected.items():
        row = rows[name]
        assert row.status == status, (name, row)
        if status == "ok":
            assert row.project == project and row.score is not None
        else:
            assert row.error
    assert [Path(r.file).name for r in report.rows] == sorted(expected)  # in file order
    assert progress[-1] == (BATCH_FILES, BATCH_FILES)
    assert {f.file for f in report.findings} <= {r.file for r in report.rows}
    csv = write_report(report, tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv) == 1 + BATCH_FILES
