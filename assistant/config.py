"""Settings read from the environment, in one place. Nothing here touches the network.

Offline is the default: with no ASSISTANT_LLM_BASE_URL the product drafts and critiques with
retrieval, the offline drafter and the rule critic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
PROMPTS_DIR = PROJECT_ROOT / "prompts"
CORPUS_DIR = PROJECT_ROOT / "corpus"
DEFAULT_CORPUS = CORPUS_DIR / "sheets.jsonl"

# Ingestion limits: a file above this size is refused with a clear message, not read.
MAX_FILE_BYTES = int(os.environ.get("ASSISTANT_MAX_FILE_BYTES", 20 * 1024 * 1024))
# How long a process waits for another one writing the retrieval store before giving up (seconds).
INDEX_LOCK_TIMEOUT = float(os.environ.get("ASSISTANT_INDEX_LOCK_TIMEOUT", "600"))


def data_dir() -> Path:
    """Where the Chroma store and other built state live.

    ASSISTANT_DATA_DIR wins; otherwise the project's own `.assistant/` when running from a
    checkout, else the user's data folder.
    """
    if env := os.environ.get("ASSISTANT_DATA_DIR"):
        return Path(env).expanduser()
    if (PROJECT_ROOT / "pyproject.toml").exists() and os.access(PROJECT_ROOT, os.W_OK):
        return PROJECT_ROOT / ".assistant"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao-assistant"


def corpus_path() -> Path:
    return Path(os.environ.get("ASSISTANT_CORPUS", DEFAULT_CORPUS)).expanduser()


@dataclass(frozen=True)
class LLMSettings:
    base_url: str | None
    model: str | None
    api_key: SecretStr | None
    timeout: float = 60.0
    max_tokens: int = 2048
    context_tokens: int = 8192

    @property
    def configured(self) -> bool:
        return bool(self.base_url or self.api_key) and bool(self.model)

    def describe(self) -> str:
        """A safe, key-free description for the UI and logs."""
        if not self.configured:
            return "离线模式（检索 + 离线草拟 + 规则审核）"
        return f"大模型：{self.model} @ {self.base_url or 'api.openai.com'}"


@dataclass(frozen=True)
class EmbeddingSettings:
    base_url: str | None
    model: str | None
    api_key: SecretStr | None = field(default=None)

    @property
    def remote(self) -> bool:
        return bool(self.base_url and self.model)


def _secret(*names: str) -> SecretStr | None:
    for name in names:
        if value := os.environ.get(name):
            return SecretStr(value)
    return None


def llm_settings() -> LLMSettings:
    return LLMSettings(
        base_url=os.environ.get("ASSISTANT_LLM_BASE_URL") or None,
        model=os.environ.get("ASSISTANT_LLM_MODEL") or None,
        api_key=_secret("ASSISTANT_LLM_API_KEY", "OPENAI_API_KEY"),
        timeout=float(os.environ.get("ASSISTANT_LLM_TIMEOUT", "60")),
        max_tokens=int(os.environ.get("ASSISTANT_LLM_MAX_TOKENS", "2048")),
        context_tokens=int(os.environ.get("ASSISTANT_LLM_CONTEXT_TOKENS", "8192")),
    )


def embedding_settings() -> EmbeddingSettings:
    return EmbeddingSettings(
        base_url=os.environ.get("ASSISTANT_EMBEDDING_BASE_URL") or None,
        model=os.environ.get("ASSISTANT_EMBEDDING_MODEL") or None,
        api_key=_secret("ASSISTANT_EMBEDDING_API_KEY", "ASSISTANT_LLM_API_KEY", "OPENAI_API_KEY"),
    )
