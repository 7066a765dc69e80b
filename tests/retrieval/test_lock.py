"""Two processes writing one store: the write lock keeps it whole, and a writer that waits too long
gives up with a Chinese message instead of corrupting anything."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import write_jsonl
from assistant.retrieval.embeddings import HashingEmbedding
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.lock import IndexBusy, lock_path, write_lock
from assistant.schema import Sheet

pytestmark = pytest.mark.timeout(300)

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
# One writer process: index its own copies of the seed sheets into the shared store.
WRITER = """
import sys
from assistant.corpus import load_corpus
from assistant.retrieval.embeddings import HashingEmbedding
from assistant.retrieval.index import RetrievalIndex
store, sheets = sys.argv[1], load_corpus(sys.argv[2])
index = RetrievalIndex.open(store, HashingEmbedding(64), progress=False, notify=print)
report = index.add_sheets(sheets, progress=False)
print("added", report.sheets_added, report.indicators_added)
"""


def _quiet(_message: str) -> None:
    pass


def tagged(sheets: list[Sheet], tag: str) -> list[Sheet]:
    """The sheets under new ids and names: the same content from another writer is not a duplicate."""
    return [
        s.model_copy(update={"id": f"{tag}-{s.id}", "project_name": f"{s.project_name}（{tag}）"})
        for s in sheets
    ]


def assert_whole(store: Path, sheets: int, indicators: int) -> RetrievalIndex:
    """The store as a new process sees it: every row, every vector, a lexical index of its generation."""
    saved = LexicalIndex.load(store / "lexical")
    index = RetrievalIndex.open(store, HashingEmbedding(64), progress=False, notify=_quiet)
    assert index.counts() == (sheets, indicators)
    assert saved is not None and saved.generation == index.store.generation() and len(saved) == indicators
    vectors = index.store.indicators.get(include=["embeddings"])["embeddings"]
    assert len(vectors) == indicators
    nearest = index.store.nearest_indicators(np.ones(64, dtype=np.float32), indicators)
    assert len(nearest) == indicators
    return index


def test_writers_in_separate_processes_all_land_whole(seed_sheets: list[Sheet], tmp_path: Path) -> None:
    store = tmp_path / "chroma"
    parts = []
    for n in range(WRITERS):
        part = tmp_path / f"part{n}.jsonl"
        write_jsonl(tagged(seed_sheets[:20], f"W{n}"), part)
        parts.append(part)
    code = "from assistant.retrieval.embeddings import HashingEmbedding"  # warm the imports' .pyc once
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), str(part)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in parts
    ]
    results = [(p.wait(timeout=240), *p.communicate()) for p in procs]
    per_writer = sum(len(s.indicators) for s in seed_sheets[:20])
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
        assert f"added 20 {per_writer}" in out
    index = assert_whole(store, 20 * WRITERS, per_writer * WRITERS)
    assert index.store.generation() == WRITERS  # no write lost its generation bump
    for n in range(WRITERS):
        assert all(index.get_sheet(s.id) == s for s in tagged(seed_sheets[:20], f"W{n}"))


def test_a_writer_opened_before_another_wrote_catches_up_first(
    seed_sheets: list[Sheet], tmp_path: Path
) -> None:
    store = tmp_path / "chroma"
    early = RetrievalIndex.open(store, HashingEmbedding(64), progress=False, notify=_quiet)
    other = RetrievalIndex.open(store, HashingEmbedding(64), progress=False, notify=_quiet)
    other.add_sheets(tagged(seed_sheets[:3], "A"), progress=False)
    early.add_sheets(tagged(seed_sheets[3:6], "B"), progress=False)  # its view predates A's sheets
    indicators = sum(len(s.indicators) for s in seed_sheets[:6])
    index = assert_whole(store, 6, indicators)
    assert index.store.generation() == 2
    assert len(early.lexical) == indicators  # A's sheets are searchable in the late writer too
    hits = early.search(seed_sheets[0].indicators[0].name, k=20, methods=("lexical",), distinct=False)
    assert any(h.sheet_id.startswith("A-") for h in hits)


def test_a_second_writer_waits_for_the_first_and_says_so(seed_sheets: list[Sheet], tmp_path: Path) -> None:
    store = tmp_path / "chroma"
    index = RetrievalIndex.open(store, HashingEmbedding(64), progress=False, notify=_quiet)
    said: list[str] = []
    index.notify = said.append
    with held_by_another_thread(store):
        waiter = threading.Thread(
            target=index.add_sheets, args=(seed_sheets[:2],), kwargs={"progress": False}
        )
        waiter.start()
        time.sleep(1.0)
        assert index.counts()[0] == 0  # still waiting
    waiter.join(30)
    assert index.counts()[0] == 2
    assert any("另一个进程正在更新检索库" in s for s in said)


def test_a_writer_that_waits_too_long_gives_up_in_chinese(seed_sheets: list[Sheet], tmp_path: Path) -> None:
    store = tmp_path / "chroma"
    sheets = tmp_path / "sheets.jsonl"
    write_jsonl(seed_sheets[:2], sheets)
    env = {**os.environ, "ASSISTANT_INDEX_LOCK_TIMEOUT": "1"}
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "index", str(sheets)]
    with write_lock(store):  # held by this process for the whole run of the other one
        done = subprocess.run(
            [*command, "--store", str(store), "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True
        )
    assert done.returncode == 1
    shown = "".join(done.stderr.split())
    assert "正被另一个进程更新" in shown and "请稍后再试" in shown
    assert "Traceback" not in done.stderr
    assert not (store / "chroma.sqlite3").exists()  # nothing was written meanwhile
    assert lock_path(store).exists() and lock_path(store).parent == store.parent


@contextmanager
def held_by_another_thread(store: Path) -> Iterator[None]:
    """The store's lock, held by another thread (in this thread the lock is reentrant)."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_lock(store):
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


def test_a_busy_index_means_a_dense_source_is_skipped_not_a_failure(tmp_path: Path, monkeypatch) -> None:
    from assistant.drafting import retrieval_source as source_module
    from assistant.retrieval.api import get_index
    from assistant.retrieval.index import default_store_path

    monkeypatch.setattr(source_module, "INDEX_WAIT", 0.2)
    with held_by_another_thread(default_store_path()):
        with pytest.raises(IndexBusy, match="正被另一个进程更新"):
            get_index(lock_timeout=0.2, progress=False, notify=_quiet)
        assert source_module.retrieval_source(("lexical", "dense")) is None


def test_the_default_drafting_source_does_not_need_the_store_lock(tmp_path: Path, monkeypatch) -> None:
    # The drafter's default source is an in-memory lexical index of the corpus file, so a process
    # busy indexing does not take retrieval away from drafts.
    from assistant.drafting import retrieval_source as source_module
    from assistant.retrieval.index import default_store_path

    monkeypatch.setattr(source_module, "INDEX_WAIT", 0.2)
    with held_by_another_thread(default_store_path()):
        source = source_module.retrieval_source()
    assert source is not None
    assert source.methods == ("lexical",)
