"""The persistent Chroma store: a collection of sheets and one of indicators, with their vectors.

Chroma holds the vectors, the indexed text and the metadata (the sheet collection also keeps each
whole sheet as JSON, so the store can rebuild itself for a new embedding without the corpus).
Which embedding built the collections is recorded in their metadata; `VectorStore.matches`
compares it with the wanted one. Vectors are always passed in explicitly: Chroma never embeds on
its own, so its download-on-first-use default function is never reached.

Every failure inside Chroma (a damaged, truncated or foreign chroma.sqlite3, a missing segment
folder) surfaces as a `StoreError` whose Chinese message names the store and the command that
rebuilds it, never as a raw traceback.

With a `ChromaServer` (ASSISTANT_CHROMA_URL) the collections live on a Chroma server (`chroma run`)
that several processes and machines share, through `chromadb.HttpClient`; `path` is then this
machine's folder for what sits beside the store (the lexical index, the lock, the corpus stamp).
A server that cannot be reached is a `StoreError` naming it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import chromadb
import numpy as np
from chromadb.config import Settings

from assistant.config import ChromaServer
from assistant.retrieval.documents import IndicatorRecord, SheetRecord
from assistant.retrieval.embeddings import Embedding, same_embedding
from assistant.schema import Sheet

SHEETS = "sheets"
INDICATORS = "indicators"
SCHEMA_VERSION = 1
PAGE = 2000  # rows per get() page when reading everything back

Where = dict[str, Any] | None

# Chroma logs a warning for every id it is asked to delete that does not exist; not useful here.
logging.getLogger("chromadb").setLevel(logging.ERROR)


REBUILD = "assistant index --rebuild"


class StoreError(RuntimeError):
    """The store cannot be opened, read or written; the message (Chinese) says how to rebuild it."""


def store_error(path: Path, exc: BaseException, server: ChromaServer | None = None) -> StoreError:
    if server is not None:
        return StoreError(
            f"无法使用检索库服务 {server.url}（{type(exc).__name__}: {str(exc)[:160]}）。"
            "请确认 chroma run 已启动、地址正确（ASSISTANT_CHROMA_URL），或删除该变量改用本机检索库"
        )
    return StoreError(
        f"检索库 {path} 已损坏或无法读取（{type(exc).__name__}）。请运行：{REBUILD}"
        "（用语料库重建检索库，约需一两分钟）"
    )


_F = TypeVar("_F", bound=Callable[..., Any])


def _guarded(method: _F) -> _F:
    """Turn any failure inside Chroma into a StoreError naming the rebuild command."""

    @functools.wraps(method)
    def wrapper(self: VectorStore, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
            if isinstance(result, Iterator):
                return _guarded_iter(self, result)
            return result
        except StoreError:
            raise
        except Exception as exc:
            raise store_error(self.path, exc, self.server) from exc

    return wrapper  # type: ignore[return-value]


def _guarded_iter(store: VectorStore, items: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from items
    except StoreError:
        raise
    except Exception as exc:
        raise store_error(store.path, exc, store.server) from exc


@dataclass(frozen=True)
class Neighbour:
    key: str
    similarity: float  # cosine similarity, 1 = same direction


class VectorStore:
    def __init__(self, path: str | Path, embedding: Embedding, server: ChromaServer | None = None) -> None:
        self.path = Path(path)
        self.embedding = embedding
        self.server = server
        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            if server is not None:
                self.client = chromadb.HttpClient(
                    host=server.host, port=server.port, ssl=server.ssl, settings=settings
                )
            else:
                self.client = chromadb.PersistentClient(path=str(self.path), settings=settings)
            self.sheets = self._collection(SHEETS)
            self.indicators = self._collection(INDICATORS)
        except Exception as exc:  # a damaged file fails anywhere inside Chroma
            raise store_error(self.path, exc, server) from exc

    @property
    def remote(self) -> bool:
        return self.server is not None

    def describe(self) -> str:
        """Where the store is, for messages: the server's address or the folder."""
        return self.server.url if self.server is not None else str(self.path)

    # --- collections and the embedding that built them -------------------------------------

    def _collection(self, name: str, generation: int = 0) -> Any:
        existing = {c.name for c in self.client.list_collections()}
        if name in existing:
            return self.client.get_collection(name)
        metadata: dict[str, Any] = {**self.embedding.identity(), "schema_version": SCHEMA_VERSION}
        if generation:
            metadata["generation"] = generation
        # get_or_create: another process (a second UI worker on a shared server) may create it too.
        return self.client.get_or_create_collection(
            name,
            # chromadb annotates EmbeddingFunction[documents | images]; this one embeds documents only.
            embedding_function=cast(Any, self.embedding),
            configuration={"hnsw": {"space": "cosine"}},
            metadata=metadata,
        )

    @_guarded
    def reload(self) -> None:
        """Fetch the collections again: their metadata (generation, identity) may have been
        changed by another process since they were opened."""
        self.sheets = self._collection(SHEETS)
        self.indicators = self._collection(INDICATORS)

    @_guarded
    def stored_identity(self) -> dict[str, Any]:
        return dict(self.indicators.metadata or {})

    @_guarded
    def matches(self) -> bool:
        """Whether both collections were built by the wanted embedding (and this schema)."""
        wanted = self.embedding.identity()
        for collection in (self.sheets, self.indicators):
            stored = collection.metadata or {}
            if stored.get("schema_version") != SCHEMA_VERSION or not same_embedding(stored, wanted):
                return False
        return True

    @_guarded
    def recreate(self) -> None:
        """Drop both collections and start empty under the wanted embedding. The generation goes
        on counting (not back to 0): another process's lexical index of the old store is stale."""
        try:
            generation = self.generation() + 1
        except StoreError:  # unreadable metadata: whatever was there is gone with it
            generation = 1
        for name in (SHEETS, INDICATORS):
            if name in {c.name for c in self.client.list_collections()}:
                self.client.delete_collection(name)
        self.sheets = self._collection(SHEETS, generation)
        self.indicators = self._collection(INDICATORS)

    @_guarded
    def record_dimension(self, dimension: int) -> None:
        """Remember the vector size once known (a remote model reveals it on first use)."""
        for collection in (self.sheets, self.indicators):
            metadata = dict(collection.metadata or {})
            if metadata.get("embedding_dim") != dimension:
                metadata["embedding_dim"] = dimension
                collection.modify(metadata=metadata)

    @_guarded
    def generation(self) -> int:
        """A counter bumped before every write; the lexical index records the one it was built from."""
        return int((self.sheets.metadata or {}).get("generation", 0))

    @_guarded
    def bump_generation(self) -> int:
        metadata = dict(self.sheets.metadata or {})
        metadata["generation"] = int(metadata.get("generation", 0)) + 1
        self.sheets.modify(metadata=metadata)
        return int(metadata["generation"])

    # --- writing ----------------------------------------------------------------------------

    @_guarded
    def upsert(
        self,
        sheets: Sequence[SheetRecord],
        sheet_vectors: Sequence[np.ndarray],
        indicators: Sequence[IndicatorRecord],
        indicator_vectors: Sequence[np.ndarray],
    ) -> None:
        # Indicators first: a sheet row is the mark that the whole sheet is stored, so a crash
        # in between leaves the sheet "missing" and the next run simply adds it again (upsert).
        self._upsert(self.indicators, indicators, indicator_vectors)
        self._upsert(self.sheets, sheets, sheet_vectors)

    def _upsert(self, collection: Any, records: Sequence[Any], vectors: Sequence[np.ndarray]) -> None:
        batch = max(1, min(self.client.get_max_batch_size(), 4000))
        for start in range(0, len(records), batch):
            chunk = records[start : start + batch]
            collection.upsert(
                ids=[r.key for r in chunk],
                documents=[r.text for r in chunk],
                metadatas=[r.metadata for r in chunk],
                embeddings=np.asarray(vectors[start : start + batch], dtype=np.float32),
            )

    @_guarded
    def delete_sheets(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        self.indicators.delete(where={"sheet_key": {"$in": list(keys)}})
        self.sheets.delete(ids=list(keys))

    # --- reading ----------------------------------------------------------------------------

    @_guarded
    def count(self) -> tuple[int, int]:
        return self.sheets.count(), self.indicators.count()

    @_guarded
    def existing(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), PAGE):
            found.update(self.sheets.get(ids=list(keys[start : start + PAGE]), include=[])["ids"])
        return found

    @_guarded
    def keys_for_sheet_ids(self, sheet_ids: Sequence[str]) -> dict[str, str]:
        """sheet_id → stored key, for the given sheet ids that are stored."""
        found: dict[str, str] = {}
        for start in range(0, len(sheet_ids), PAGE):
            chunk = list(sheet_ids[start : start + PAGE])
            got = self.sheets.get(where={"sheet_id": {"$in": chunk}}, include=["metadatas"])
            for key, metadata in zip(got["ids"], got["metadatas"], strict=True):
                found[str(metadata["sheet_id"])] = key
        return found

    def _pages(self, collection: Any, include: list[str]) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            page = collection.get(include=include, limit=PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page
            offset += len(page["ids"])

    @_guarded
    def sheet_records(self) -> Iterator[SheetRecord]:
        for page in self._pages(self.sheets, ["documents", "metadatas"]):
            for key, text, metadata in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
                yield SheetRecord(key=key, text=text or "", metadata=dict(metadata or {}))

    @_guarded
    def indicator_records(self) -> Iterator[IndicatorRecord]:
        for page in self._pages(self.indicators, ["documents", "metadatas"]):
            for key, text, metadata in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
                yield IndicatorRecord(key=key, text=text or "", metadata=dict(metadata or {}))

    @_guarded
    def stored_sheets(self) -> Iterator[Sheet]:
        for record in self.sheet_records():
            if "sheet_json" in record.metadata:
                yield Sheet.model_validate_json(str(record.metadata["sheet_json"]))

    @_guarded
    def get_sheet(self, sheet_id: str) -> Sheet | None:
        got = self.sheets.get(where={"sheet_id": sheet_id}, include=["metadatas"], limit=1)
        if not got["ids"]:
            return None
        return Sheet.model_validate_json(str(got["metadatas"][0]["sheet_json"]))

    @_guarded
    def indicator_metadata(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        got = self.indicators.get(ids=list(keys), include=["metadatas"])
        return {key: dict(m or {}) for key, m in zip(got["ids"], got["metadatas"], strict=True)}

    # --- dense search -------------------------------------------------------------------------

    @_guarded
    def nearest_sheets(self, vector: np.ndarray, n: int, where: Where = None) -> list[Neighbour]:
        return self._nearest(self.sheets, vector, n, where)

    @_guarded
    def nearest_indicators(self, vector: np.ndarray, n: int, where: Where = None) -> list[Neighbour]:
        return self._nearest(self.indicators, vector, n, where)

    def _nearest(self, collection: Any, vector: np.ndarray, n: int, where: Where) -> list[Neighbour]:
        if n <= 0:
            return []
        result = collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where or None,
            include=["distances"],
        )
        return [
            Neighbour(key, 1.0 - float(distance))
            for key, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]
