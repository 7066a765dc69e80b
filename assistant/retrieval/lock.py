"""One writer at a time per store: an exclusive lock file beside the Chroma store.

Chroma's local store and the lexical index beside it are not safe for two processes writing at
once. Measured with four processes indexing into one new store: some died on Chroma's own schema
set-up ("table collections already exists"), others while rebuilding the lexical index from files
another writer was replacing, and the generation counter lost updates. So everything that writes —
opening a store (which may create, rebuild or refresh it), adding sheets, rebuilding — holds this
lock; a second process waits for the first to finish (saying so), and gives up with a clear Chinese
error after `config.index_lock_timeout()` seconds. The lock file sits beside the store, not inside it, so
`assistant index --rebuild` can delete the store while holding the lock.

The lock is reentrant in a thread and exclusive across threads and processes (filelock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant import config


class IndexBusy(RuntimeError):
    """Another process kept the store locked for longer than we wait. The message is for the user."""


def lock_path(store: Path) -> Path:
    store = Path(store)
    return store.with_name(f"{store.name}.lock")


@contextmanager
def write_lock(
    store: Path, *, timeout: float | None = None, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's write lock for the `with` block (waiting up to `timeout` seconds)."""
    timeout = config.index_lock_timeout() if timeout is None else timeout
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if notify:
            notify(f"另一个进程正在更新检索库 {store}，等待其完成……")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise IndexBusy(
                f"检索库 {store} 正被另一个进程更新，等待 {timeout:g} 秒后仍未完成，请稍后再试"
            ) from None
    try:
        yield
    finally:
        lock.release()
