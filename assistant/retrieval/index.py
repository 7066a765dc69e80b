"""The retrieval index on disk: the Chroma store and the lexical index beside it, kept in step.

`RetrievalIndex.open` checks both on the way in:
- the collections were built by another embedding → a clean rebuild from the sheets the store
  itself keeps (never mixed vectors), with a notice;
- the lexical index is missing or older than the store → rebuilt from the store (seconds).
`add_sheets` is incremental: a sheet whose content hash is stored is skipped, a sheet whose id is
stored with other content replaces it, and only new sheets are embedded.
Every write holds the store's lock (`assistant.retrieval.lock`) and first catches up with what other
processes wrote since this one opened the store. A write leaves a mark (`WRITE_PENDING`) from its first
batch until its last: a write that was killed half-way is known afterwards (`interrupted`), so the
corpus sync completes it and a search says so, instead of a partial store passing for a whole one.

Shared store (ASSISTANT_CHROMA_URL): the collections are on a Chroma server that several processes
and machines use; the lexical index stays in this machine's folder and is rebuilt from the server
whenever the server's generation or counts moved on (checked on open, before every write and, at
most every `REMOTE_CHECK_SECONDS`, before a search), so a worker never answers from a stale
lexical side. An embedding that differs from the one the server's collections were built with is
refused (rebuilding a shared store is `assistant index --rebuild`, on purpose), never silently mixed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.config import ChromaServer, chroma_server, data_dir
from assistant.corpus import write_jsonl
from assistant.retrieval.documents import IndicatorRecord, SheetDocuments, SheetRecord, documents_of
from assistant.retrieval.embeddings import Embedding, embedding_from_settings
from assistant.retrieval.hybrid import ALL_METHODS, Searcher
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.lock import write_lock
from assistant.retrieval.models import IndexReport, Method, SearchFilters, SearchHit
from assistant.retrieval.name_index import Example, NameIndex
from assistant.retrieval.store import StoreError, VectorStore
from assistant.schema import Sheet

EMBED_BATCH = 32  # texts per embedding call (one progress-bar step)
WRITE_BATCH = 256  # sheets per store write: an interrupted build keeps what it finished
REBUILD_BACKUP = "rebuild-pending.jsonl"
WRITE_PENDING = "write-pending"
REMOTE_CHECK_SECONDS = 2.0  # a shared store's generation is read at most this often by searches

Notify = Callable[[str], None]


def default_store_path(server: ChromaServer | None = None) -> Path:
    """The store's folder: the embedded store, or this machine's folder beside a shared server."""
    if server is not None:
        name = f"{server.host}_{server.port}".replace(":", "_").replace("/", "_")
        return data_dir() / "chroma-server" / name
    return data_dir() / "chroma"


def resolve_store(path: str | Path | None) -> tuple[Path, ChromaServer | None]:
    """An explicit folder is an embedded store; no folder is the configured one (the Chroma
    server of ASSISTANT_CHROMA_URL when set, else <data dir>/chroma)."""
    if path is not None:
        return Path(path), None
    server = chroma_server()
    return default_store_path(server), server


def notify_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _embed(
    texts: Sequence[str], embed: Callable[[list[str]], list[np.ndarray]], bar: tqdm
) -> list[np.ndarray]:
    vectors: list[np.ndarray] = []
    for start in range(0, len(texts), EMBED_BATCH):
        batch = list(texts[start : start + EMBED_BATCH])
        vectors.extend(embed(batch))
        bar.update(len(batch))
    return vectors


class RetrievalIndex:
    def __init__(self, store: VectorStore, lexical: LexicalIndex, notify: Notify) -> None:
        self.store = store
        self.lexical = lexical
        self.notify = notify
        self.notices: list[str] = []
        self._searcher: Searcher | None = None
        self._names: tuple[int, NameIndex] | None = None
        self._checked = time.monotonic()  # when a shared store's generation was last compared

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def embedding(self) -> Embedding:
        return self.store.embedding

    @property
    def interrupted(self) -> bool:
        """A write to the store began and did not finish (killed, or failed): it may be partial."""
        return (self.path / WRITE_PENDING).exists()

    def mark_complete(self) -> None:
        """The store holds everything it should again (a sync or rebuild finished)."""
        (self.path / WRITE_PENDING).unlink(missing_ok=True)

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        embedding: Embedding | None = None,
        *,
        progress: bool = True,
        notify: Notify = notify_stderr,
        lock_timeout: float | None = None,
    ) -> RetrievalIndex:
        path, server = resolve_store(path)
        embedding = embedding or embedding_from_settings()
        # Opening may create the store, rebuild it or refresh the lexical index: one process at a time.
        with write_lock(path, timeout=lock_timeout, notify=notify):
            store = VectorStore(path, embedding, server)
            index = cls(store, LexicalIndex.empty(), notify)
            backup = path / REBUILD_BACKUP
            if not store.matches() and store.remote and store.count()[0] > 0:
                stored = store.stored_identity()
                raise StoreError(
                    f"检索库服务 {store.describe()} 中的向量由 {stored.get('embedding_name', '未知')}:"
                    f"{stored.get('embedding_model', '')} 建立，与本机设置（{embedding.describe()}）不同。"
                    "请让所有使用该服务的机器采用相同的 ASSISTANT_EMBEDDING_* 设置，"
                    "或运行 assistant index --rebuild 用本机设置重建共享检索库"
                )
            if not store.matches():
                index._rebuild_for_new_embedding(progress)
            elif backup.exists():
                # A rebuild was interrupted: finish it (stored sheets are skipped by their hash).
                index._finish_rebuild(progress)
            index._catch_up()
        return index

    def _catch_up(self) -> None:
        """Bring this process's view up to what is on disk (another process may have written since
        it opened): fresh collection metadata, and a lexical index of the store's generation."""
        self._checked = time.monotonic()
        self.store.reload()
        generation, indicators = self.store.generation(), self.store.count()[1]
        if self.lexical.generation == generation and len(self.lexical) == indicators:
            return
        saved = LexicalIndex.load(self.path / "lexical")
        if saved is not None and saved.generation == generation and len(saved) == indicators:
            self.lexical = saved
            self._searcher = None
        else:
            self.refresh_lexical()

    def _say(self, message: str) -> None:
        self.notices.append(message)
        self.notify(message)

    def _rebuild_for_new_embedding(self, progress: bool) -> None:
        old = self.store.stored_identity()
        sheets = list(self.store.stored_sheets())
        if sheets:
            self._say(
                f"检索库的向量模型已更换（原：{old.get('embedding_name', '未知')}:{old.get('embedding_model', '')}，"
                f"现：{self.embedding.describe()}），正在用新模型重建全部 {len(sheets)} 张表的向量……"
            )
            # Keep the sheets on disk until the rebuild is done, so an interruption loses nothing.
            write_jsonl(sheets, self.path / REBUILD_BACKUP)
        self.store.recreate()
        if sheets:
            self._finish_rebuild(progress)

    def _finish_rebuild(self, progress: bool) -> None:
        from assistant.corpus import load_corpus

        backup = self.path / REBUILD_BACKUP
        self.add_sheets(load_corpus(backup), progress=progress)
        backup.unlink()
        self._say("向量索引重建完成。")

    def refresh_lexical(self) -> None:
        """Rebuild the lexical index from the store and save it."""
        with write_lock(self.path, notify=self.notify):
            self.lexical = LexicalIndex.build(
                self.store.sheet_records(), self.store.indicator_records(), self.store.generation()
            )
            self.lexical.save(self.path / "lexical")
            self._searcher = None

    # --- adding ---------------------------------------------------------------------------------

    def add_sheets(self, sheets: Iterable[Sheet], *, progress: bool = True) -> IndexReport:
        with write_lock(self.path, notify=self.notify):
            self._catch_up()
            return self._add_sheets(sheets, progress)

    def _add_sheets(self, sheets: Iterable[Sheet], progress: bool) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport()
        batch: dict[str, SheetDocuments] = {}  # by sheet id: a later version in the same batch wins
        seen_keys: set[str] = set()
        for sheet in sheets:
            docs = documents_of(sheet)
            if docs.sheet.key in seen_keys:
                report.duplicates_skipped += 1
                continue
            seen_keys.add(docs.sheet.key)
            previous = batch.pop(sheet.id, None)
            if previous is not None:
                report.sheets_replaced += 1
            batch[sheet.id] = docs
        stored = self.store.existing([d.sheet.key for d in batch.values()])
        report.duplicates_skipped += len(stored)
        new = [d for d in batch.values() if d.sheet.key not in stored]
        if new:
            self._write(new, report, progress)
        report.sheets_total, report.indicators_total = self.store.count()
        report.seconds = round(time.perf_counter() - started, 2)
        report.notices = list(self.notices)
        return report

    def _write(self, new: list[SheetDocuments], report: IndexReport, progress: bool) -> None:
        ids = [str(d.sheet.metadata["sheet_id"]) for d in new]
        replaced = self.store.keys_for_sheet_ids(ids)
        self.store.bump_generation()  # from here until the lexical index is saved, it is stale
        removed: list[str] = []
        added_sheets: list[SheetRecord] = []
        added_indicators: list[IndicatorRecord] = []
        total_texts = sum(1 + len(d.indicators) for d in new)
        (self.path / WRITE_PENDING).write_text(f"{len(new)} sheets\n", encoding="utf-8")
        try:
            with tqdm(
                total=total_texts,
                desc="建立检索索引",
                unit="条",
                disable=not progress,
                file=sys.stderr,
                leave=False,
            ) as bar:
                for start in range(0, len(new), WRITE_BATCH):
                    chunk = new[start : start + WRITE_BATCH]
                    old_keys = [
                        replaced[str(d.sheet.metadata["sheet_id"])]
                        for d in chunk
                        if str(d.sheet.metadata["sheet_id"]) in replaced
                    ]
                    sheet_records = [d.sheet for d in chunk]
                    indicator_records = [r for d in chunk for r in d.indicators]
                    sheet_vectors = _embed([r.text for r in sheet_records], self.embedding, bar)
                    indicator_vectors = _embed([r.text for r in indicator_records], self.embedding, bar)
                    self.store.delete_sheets(old_keys)
                    self.store.upsert(sheet_records, sheet_vectors, indicator_records, indicator_vectors)
                    removed.extend(old_keys)
                    added_sheets.extend(sheet_records)
                    added_indicators.extend(indicator_records)
                    if sheet_vectors and self.store.stored_identity().get("embedding_dim") is None:
                        self.store.record_dimension(len(sheet_vectors[0]))
                    report.sheets_replaced += len(old_keys)
                    report.sheets_added += len(chunk) - len(old_keys)
                    report.indicators_added += len(indicator_records)
        except BaseException:
            # The batches already stored stay searchable in this process; the saved lexical index
            # is marked stale, so the next open re-reads it from the store (which is the truth).
            self._update_lexical(removed, added_sheets, added_indicators, generation=-1)
            raise
        self._update_lexical(removed, added_sheets, added_indicators, self.store.generation())
        self.mark_complete()

    def _update_lexical(
        self,
        removed: list[str],
        sheets: list[SheetRecord],
        indicators: list[IndicatorRecord],
        generation: int,
    ) -> None:
        # From the lexical index's own saved inputs: reading a large store back from Chroma is
        # slow (1M indicators: ~13 min, against ~2 min for this rebuild).
        self.lexical = self.lexical.updated(removed, sheets, indicators, generation)
        self.lexical.save(self.path / "lexical")
        self._searcher = None

    # --- searching ------------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(self.lexical, self.store)
        return self._searcher

    def search(
        self,
        query: str,
        k: int = 20,
        filters: SearchFilters | None = None,
        methods: Sequence[Method] = ALL_METHODS,
        distinct: bool = True,
    ) -> list[SearchHit]:
        """Hybrid search (see `Searcher.search`); `distinct` keeps one hit per indicator name."""
        if self.store.remote and time.monotonic() - self._checked > REMOTE_CHECK_SECONDS:
            self._catch_up()  # another machine may have written to the shared store
        return self.searcher().search(query, k=k, filters=filters, methods=methods, distinct=distinct)

    def get_sheet(self, sheet_id: str) -> Sheet | None:
        return self.store.get_sheet(sheet_id)

    def sheets(self) -> list[Sheet]:
        return list(self.store.stored_sheets())

    def similar_names(
        self, name: str, level2: str | None = None, limit: int = 5, min_similarity: float = 0.0
    ) -> list[Example]:
        """`SimilarIndicators.similar_names` over the stored sheets (read once per store generation)."""
        generation = self.store.generation()
        if self._names is None or self._names[0] != generation:
            self._names = (generation, NameIndex(self.store.stored_sheets()))
        return self._names[1].similar(name, level2, limit, min_similarity)

    def counts(self) -> tuple[int, int]:
        return self.store.count()
