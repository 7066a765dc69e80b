"""A search store that heals (issue 16, item 7): missing, emptied, corrupt or half-written Chroma stores.

Before: with chroma.sqlite3 deleted or emptied every `search` answered "没有找到" and exited 0; an
`index` killed after its first batch left a partial store for good; a corrupt file gave a raw
traceback. Now a store that lost its sheets is synced again from the corpus (compared by the counts
recorded with the sync stamp), a write killed half-way is finished on the next use, and every
store error is a Chinese message naming `assistant index --rebuild`. The CLI cases run in a
process of their own each: Chroma keeps one client per path per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import write_jsonl
from assistant.retrieval import index as index_module
from assistant.retrieval.api import forget_open_indexes, get_index
from assistant.retrieval.embeddings import HashingEmbedding
from assistant.schema import Sheet

pytestmark = pytest.mark.timeout(600)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    from evals.gold import load_gold

    path = tmp_path / "sheets.jsonl"
    write_jsonl([gold.to_sheet() for gold in load_gold()][:4], path)
    return path


def cli(args: list[str], tmp_path: Path, corpus: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_CORPUS": str(corpus), "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def search(tmp_path: Path, corpus: Path) -> subprocess.CompletedProcess[str]:
    return cli(["search", "法律", "--json", "-k", "5", "--method", "lexical"], tmp_path, corpus)


def sqlite(tmp_path: Path) -> Path:
    return tmp_path / "data" / "chroma" / "chroma.sqlite3"


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_deleted_or_emptied_store_database_is_rebuilt_from_the_corpus_on_next_use(
    damage: str, tmp_path: Path, corpus: Path
) -> None:
    first = search(tmp_path, corpus)
    assert first.returncode == 0 and json.loads(first.stdout), first.stderr
    if damage == "deleted":
        sqlite(tmp_path).unlink()
    else:
        sqlite(tmp_path).write_bytes(b"")
    healed = search(tmp_path, corpus)
    assert healed.returncode == 0, healed.stderr
    assert json.loads(healed.stdout) == json.loads(first.stdout)  # not "没有找到"
    assert "不完整" in healed.stderr or "首次使用" in healed.stderr


def test_a_corrupt_store_names_the_rebuild_command_and_the_rebuild_works(
    tmp_path: Path, corpus: Path
) -> None:
    assert search(tmp_path, corpus).returncode == 0
    sqlite(tmp_path).write_bytes(os.urandom(40_000))
    broken = search(tmp_path, corpus)
    assert broken.returncode == 1
    assert "assistant index --rebuild" in broken.stderr and "Traceback" not in broken.stderr
    rebuilt = cli(["index", "--rebuild", "--quiet"], tmp_path, corpus)
    assert rebuilt.returncode == 0, rebuilt.stderr
    again = search(tmp_path, corpus)
    assert again.returncode == 0 and json.loads(again.stdout)


def test_an_index_killed_after_its_first_batch_is_finished_on_next_use(
    tmp_path: Path, corpus: Path, monkeypatch
) -> None:
    store = tmp_path / "chroma"
    embedding = HashingEmbedding(64)
    monkeypatch.setattr(index_module, "WRITE_BATCH", 1)  # one sheet per store write
    calls = {"n": 0}
    real = HashingEmbedding.__call__

    def killed_after_the_first_batch(self: HashingEmbedding, input: list[str]) -> object:
        calls["n"] += 1
        if calls["n"] > 2:  # the first sheet and its indicators are written, then the process dies
            raise KeyboardInterrupt
        return real(self, input)

    monkeypatch.setattr(HashingEmbedding, "__call__", killed_after_the_first_batch)
    with pytest.raises(KeyboardInterrupt):
        get_index(store, embedding, corpus=corpus, progress=False, notify=lambda _: None)
    forget_open_indexes()
    monkeypatch.setattr(HashingEmbedding, "__call__", real)
    said: list[str] = []
    index = get_index(store, embedding, corpus=corpus, progress=False, notify=said.append)
    sheets = [Sheet.model_validate_json(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert index.counts()[0] == len(sheets)  # the partial store was completed, not kept
    assert not index.interrupted
    assert any("检索索引已更新" in message for message in said)


def test_a_store_with_a_write_still_marked_unfinished_says_so(tmp_path: Path, corpus: Path) -> None:
    store = tmp_path / "chroma"
    index = get_index(
        store, HashingEmbedding(64), corpus=tmp_path / "none.jsonl", auto_build=False, progress=False
    )
    index.add_sheets(
        [Sheet.model_validate_json(corpus.read_text(encoding="utf-8").splitlines()[0])], progress=False
    )
    (store / index_module.WRITE_PENDING).write_text(
        "killed", encoding="utf-8"
    )  # as a killed `index PATH` leaves it
    forget_open_indexes()
    said: list[str] = []
    get_index(store, HashingEmbedding(64), corpus=tmp_path / "none.jsonl", progress=False, notify=said.append)
    assert any("被中断" in message and "assistant index --rebuild" in message for message in said)
