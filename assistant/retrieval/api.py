"""Plain functions for the rest of the product: `search(...)` and `get_index()`.

The index for the corpus is built on first use (with a progress bar) and reused across runs;
when corpus/sheets.jsonl changes, its new sheets are added on the next use (only those are
embedded). The store heals: the stamp of the last sync records the store's counts too, so a store
that lost its sheets (chroma.sqlite3 deleted or emptied) or a sync that was killed half-way is
synced again on the next use, with a notice, instead of answering "nothing found" for good. A store built from other files (`assistant index PATH`) is left as it is. Sheets removed from the corpus stay in the index (it may also hold sheets added with
`assistant index other.jsonl`); `assistant index --rebuild` starts from scratch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from assistant.config import corpus_path
from assistant.corpus import CorpusMissingError, read_jsonl
from assistant.retrieval.embeddings import Embedding, embedding_from_settings
from assistant.retrieval.index import Notify, RetrievalIndex, notify_stderr, resolve_store
from assistant.retrieval.lock import write_lock
from assistant.retrieval.models import IndexReport, Method, SearchFilters, SearchHit
from assistant.retrieval.similar import SimilarIndicators

CORPUS_STAMP = "corpus-stamp.json"

_open: dict[tuple[str, str], RetrievalIndex] = {}  # (store folder, embedding) → the open index


def _stamp(path: Path) -> dict[str, object]:
    stat = path.stat()
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _read_stamp(index: RetrievalIndex) -> dict[str, object] | None:
    try:
        return json.loads((index.path / CORPUS_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, or being rewritten by another process
        return None


def sync_corpus(
    index: RetrievalIndex,
    corpus: Path,
    *,
    progress: bool = True,
    force: bool = False,
    lock_timeout: float | None = None,
) -> IndexReport | None:
    """Add the corpus's new sheets if the corpus file changed since the last sync (or `force`).

    Returns the report, or None when there was nothing to do.
    """
    if not force and _up_to_date(index, corpus):
        return None  # the common case, decided without waiting for the write lock
    with write_lock(index.path, timeout=lock_timeout, notify=index.notify):
        # Decided again under the lock: another process may have synced while this one waited.
        if not force and _up_to_date(index, corpus):
            return None
        return _sync(index, corpus, progress)


def _up_to_date(index: RetrievalIndex, corpus: Path) -> bool:
    """Nothing to add: no corpus (and a store that is not empty), a store built from other files,
    or the corpus unchanged since the last sync."""
    stamp_file = index.path / CORPUS_STAMP
    if not corpus.exists():
        return index.counts()[0] > 0
    if index.interrupted:
        return False  # a write was killed half-way: finish it (stored sheets are skipped)
    if not stamp_file.exists():
        return index.counts()[0] > 0  # built from other files (`assistant index PATH`): leave it
    stamp = _read_stamp(index)
    if stamp is None:
        return False
    recorded = stamp.pop("counts", None)
    if stamp != _stamp(corpus):
        return False
    now = list(index.counts())
    if isinstance(recorded, list) and recorded != now:
        index.notify(f"检索库不完整（现有 {now[0]} 张表，上次同步后为 {recorded[0]} 张），正在用语料库补全……")
        return False
    return True


def _sync(index: RetrievalIndex, corpus: Path, progress: bool) -> IndexReport:
    stamp_file = index.path / CORPUS_STAMP
    if not corpus.exists():
        raise CorpusMissingError(
            f"检索库为空，且语料库 {corpus} 不存在。请先运行：assistant ingest corpus/raw -o {corpus}"
        )
    stamp = _stamp(corpus)
    if index.counts()[0] == 0:
        index.notify(f"首次使用：正在为语料库 {corpus} 建立检索索引（只需一次）……")
    report = index.add_sheets(read_jsonl(corpus), progress=progress)
    if report.sheets_added or report.sheets_replaced:
        index.notify(
            f"检索索引已更新：新增 {report.sheets_added} 张表、替换 {report.sheets_replaced} 张，"
            f"共 {report.sheets_total} 张表 {report.indicators_total} 条指标。"
        )
    stamp["counts"] = list(index.counts())
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    index.mark_complete()
    return report


def get_index(
    path: str | Path | None = None,
    embedding: Embedding | None = None,
    *,
    corpus: str | Path | None = None,
    auto_build: bool = True,
    progress: bool = True,
    notify: Notify = notify_stderr,
    lock_timeout: float | None = None,
) -> RetrievalIndex:
    """The index at `path` (default: the Chroma server of ASSISTANT_CHROMA_URL, else <data dir>/chroma),
    opened once per process and kept in step with the corpus."""
    explicit = path is not None
    path = resolve_store(path)[0]
    embedding = embedding or embedding_from_settings()
    cache_key = (str(path.resolve()), embedding.describe())
    index = _open.get(cache_key)
    if index is None:
        index = RetrievalIndex.open(
            path if explicit else None, embedding, progress=progress, notify=notify, lock_timeout=lock_timeout
        )
        _open[cache_key] = index
    if auto_build:
        sync_corpus(
            index, Path(corpus) if corpus else corpus_path(), progress=progress, lock_timeout=lock_timeout
        )
    if index.interrupted:
        index.notify(
            f"检索库 {path} 上次写入时被中断，内容可能不完整：请重新运行 assistant index（或 assistant index --rebuild）"
        )
    return index


def forget_open_indexes() -> None:
    """Drop the per-process cache (tests, or after another process rebuilt the store)."""
    _open.clear()


def search(
    query: str,
    k: int = 20,
    *,
    level2: str | None = None,
    measurable_only: bool = False,
    year: int | None = None,
    exclude_sheet_ids: Sequence[str] = (),
    methods: Sequence[Method] = ("lexical", "dense"),
    distinct: bool = True,
    index: SimilarIndicators | None = None,
) -> list[SearchHit]:
    """Indicators of past sheets most relevant to `query` (a project name, goals, or an indicator)."""
    index = index or get_index()
    filters = SearchFilters(
        level2=level2, measurable_only=measurable_only, year=year, exclude_sheet_ids=list(exclude_sheet_ids)
    )
    return index.search(query, k=k, filters=filters, methods=methods, distinct=distinct)
