from __future__ import annotations

from pathlib import Path

import pytest

# Fixtures and CI rules for the LLM tests: llama_server, fault_server, no skip of llm_server under CI.
pytest_plugins = ("tests.llm_server", "tests.ui_server")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never write into the developer's .assistant/ store, and never see a real API key.
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path_factory.getbasetemp() / "assistant-data"))
    for name in (
        "ASSISTANT_LLM_BASE_URL",
        "ASSISTANT_LLM_MODEL",
        "ASSISTANT_LLM_API_KEY",
        "OPENAI_API_KEY",
        "ASSISTANT_EMBEDDING_BASE_URL",
        "ASSISTANT_EMBEDDING_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)
