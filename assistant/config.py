"""Settings read from the environment, in one place. Nothing here touches the network.

Offline is the default: with no ASSISTANT_LLM_BASE_URL the product drafts and critiques with
retrieval, the offline drafter and the rule critic.

Numeric settings are read where they are used (`max_file_bytes()`, `index_lock_timeout()`, …), so a
value changed after start-up (or by a test) is seen everywhere; nothing copies them into module
globals. `settings_errors()` checks every one of them at start-up: the CLI and the UI refuse a
malformed value with a Chinese message naming the variable, instead of a traceback at import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
PROMPTS_DIR = PROJECT_ROOT / "prompts"
CORPUS_DIR = PROJECT_ROOT / "corpus"
DEFAULT_CORPUS = CORPUS_DIR / "sheets.jsonl"

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024


class SettingError(ValueError):
    """A malformed environment setting; the message (Chinese) names the variable and the accepted form."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"环境变量 {name}={value!r} 无法识别：应为{expected}。请改正或删除该变量后重试。")
        self.name = name


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """ "20971520", "20MB", "20 mb", "512K", "1.5GiB" → bytes (binary units, as the UI shows them)."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(text)
    unit = (match.group(2) or "").lower()[:1]
    return int(float(match.group(1)) * _SIZE_FACTORS[unit])


def _positive(parse: Callable[[str], float]) -> Callable[[str], float]:
    def checked(text: str) -> float:
        value = parse(text)
        if value <= 0:
            raise ValueError(text)
        return value

    return checked


def _whole(text: str) -> float:
    return int(text.strip())


@dataclass(frozen=True)
class _Setting:
    parse: Callable[[str], float]
    default: float
    expected: str  # what a valid value looks like, in Chinese


_NUMERIC: dict[str, _Setting] = {
    "ASSISTANT_MAX_FILE_BYTES": _Setting(
        _positive(parse_size), DEFAULT_MAX_FILE_BYTES, "正的字节数，如 20971520 或 20MB"
    ),
    "ASSISTANT_INDEX_LOCK_TIMEOUT": _Setting(_positive(float), 600.0, "正的秒数，如 600"),
    "ASSISTANT_LLM_TIMEOUT": _Setting(_positive(float), 60.0, "正的秒数，如 60"),
    "ASSISTANT_LLM_MAX_TOKENS": _Setting(_positive(_whole), 2048, "正整数，如 2048"),
    "ASSISTANT_LLM_CONTEXT_TOKENS": _Setting(_positive(_whole), 8192, "正整数，如 8192"),
    # Requests in flight at once in a batch LLM review (`assistant score --llm`, the batch tab).
    "ASSISTANT_LLM_PARALLEL": _Setting(_positive(_whole), 4, "正整数，如 4"),
    # The page's queue (see README "Many users"): events waiting at most, events running at once
    # (each draft/review is a few tens of ms of CPU), batches running at once (each uses every core).
    "ASSISTANT_UI_QUEUE_SIZE": _Setting(_positive(_whole), 128, "正整数，如 128"),
    "ASSISTANT_UI_CONCURRENCY": _Setting(_positive(_whole), 8, "正整数，如 8"),
    "ASSISTANT_UI_BATCH_CONCURRENCY": _Setting(_positive(_whole), 2, "正整数，如 2"),
    "ASSISTANT_UI_PORT": _Setting(_positive(_whole), 7860, "端口号（正整数），如 7860"),
    "ASSISTANT_UI_MAX_UPLOAD": _Setting(_positive(parse_size), 500 * 1024**2, "大小，如 500mb"),
}


def setting(name: str) -> float:
    """The current value of a numeric setting (its default when unset); SettingError when malformed."""
    spec = _NUMERIC[name]
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return spec.default
    try:
        return spec.parse(raw)
    except (ValueError, OverflowError):
        raise SettingError(name, raw, spec.expected) from None


def settings_errors() -> list[str]:
    """One Chinese message per malformed setting (empty when all are fine): checked at start-up."""
    errors = []
    for name in _NUMERIC:
        try:
            setting(name)
        except SettingError as exc:
            errors.append(str(exc))
    try:
        chroma_server()
    except SettingError as exc:
        errors.append(str(exc))
    return errors


def max_file_bytes() -> int:
    """Ingestion limit: a file above this size is refused with a clear message, not read."""
    return int(setting("ASSISTANT_MAX_FILE_BYTES"))


def index_lock_timeout() -> float:
    """How long a process waits for another one writing the retrieval store (seconds)."""
    return setting("ASSISTANT_INDEX_LOCK_TIMEOUT")


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


@dataclass(frozen=True)
class ChromaServer:
    """A Chroma server (`chroma run`) holding the shared retrieval store instead of a local folder."""

    host: str
    port: int
    ssl: bool = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.ssl else 'http'}://{host}:{self.port}"


_CHROMA_URL = "ASSISTANT_CHROMA_URL"
_CHROMA_EXPECTED = "Chroma 服务地址，如 http://127.0.0.1:8000（由 chroma run 启动）"


def chroma_server() -> ChromaServer | None:
    """The Chroma server named by ASSISTANT_CHROMA_URL (None: the embedded store in the data folder).

    Only http(s)://host[:port] is accepted (no path, query or user info); the port defaults to 8000
    for http (Chroma's own default) and 443 for https. SettingError when malformed.
    """
    raw = os.environ.get(_CHROMA_URL)
    if raw is None or not raw.strip():
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError:
        raise SettingError(_CHROMA_URL, raw, _CHROMA_EXPECTED) from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise SettingError(_CHROMA_URL, raw, _CHROMA_EXPECTED)
    ssl = parts.scheme == "https"
    return ChromaServer(host=parts.hostname, port=port or (443 if ssl else 8000), ssl=ssl)


def llm_parallel() -> int:
    """Requests in flight at once in a batch LLM review."""
    return int(setting("ASSISTANT_LLM_PARALLEL"))


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
        timeout=setting("ASSISTANT_LLM_TIMEOUT"),
        max_tokens=int(setting("ASSISTANT_LLM_MAX_TOKENS")),
        context_tokens=int(setting("ASSISTANT_LLM_CONTEXT_TOKENS")),
    )


def embedding_settings() -> EmbeddingSettings:
    return EmbeddingSettings(
        base_url=os.environ.get("ASSISTANT_EMBEDDING_BASE_URL") or None,
        model=os.environ.get("ASSISTANT_EMBEDDING_MODEL") or None,
        api_key=_secret("ASSISTANT_EMBEDDING_API_KEY", "ASSISTANT_LLM_API_KEY", "OPENAI_API_KEY"),
    )
