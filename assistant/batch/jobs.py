"""The job store of batch LLM review: one row per (sheet content, reviewer), kept across runs.

A SQLite file (default `<data dir>/llm-jobs.sqlite3`) records for every sheet sent to the LLM critic
its state — pending (待审核), running (审核中), done (已审核), failed (审核失败, with the reason) —, its
result (the advice, ready for the report), the tokens and requests it took, its time, and how many
times it was tried. A re-run of the same batch skips what is done and retries only what did not
finish; `retry_failed` also retries what failed.

Keys: the sheet's content hash (what the sheet says, not its file name: a resubmitted or renamed
file is not reviewed again) and the reviewer (the model plus a digest of the critic's prompts: a
new model or a new prompt reviews again). Claims are atomic, so two processes sharing one store
(two `score --llm` runs, several UI workers) never review the same sheet at once; a claim older
than `stale_after` seconds is taken to be abandoned (its process was killed) and may be taken over.
A result is written only by the run that holds the claim, so a sheet is never scored twice. A
claim of a process on this machine that no longer exists (killed) is given back at once
(`reclaim_dead`), without waiting for it to go stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.config import LLMSettings, data_dir

JobState = Literal["pending", "running", "done", "failed"]
STATE_LABELS: dict[str, str] = {
    "pending": "待审核",
    "running": "审核中",
    "done": "已审核",
    "failed": "审核失败",
}
JOBS_FILE = "llm-jobs.sqlite3"
CRITIC_PROMPTS = ("critic_system", "critic_user", "data_rule", "structured_repair", "structured_schema")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_jobs (
    sheet_hash TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
    reason TEXT,
    advice TEXT,
    requests INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    seconds REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    run_id TEXT,
    owner TEXT,
    claimed_at REAL,
    finished_at REAL,
    project TEXT,
    PRIMARY KEY (sheet_hash, reviewer)
)
"""


class Advice(BaseModel):
    """One LLM finding as the report shows it (the parts that depend on the sheet's content only)."""

    code: str
    severity: str
    dimension: str
    where: str
    message: str
    suggestion: str = ""


class Job(BaseModel):
    sheet_hash: str
    reviewer: str
    state: JobState
    reason: str | None = None
    advice: list[Advice] = Field(default_factory=list)
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float | None = None
    attempts: int = 0
    run_id: str | None = None
    finished_at: float | None = None

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def default_jobs_path() -> Path:
    return data_dir() / JOBS_FILE


def reviewer_id(settings: LLMSettings) -> str:
    """The model and a digest of the critic's prompts: who gave a result, so a change re-reviews.

    Not the base URL: a farm reached by another address (or a server restarted on a new port)
    serving the same model gives the same advice."""
    from assistant.llm.prompts import prompt_path

    digest = hashlib.sha256()
    for name in CRITIC_PROMPTS:
        try:
            digest.update(prompt_path(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return f"{settings.model or '?'}|{digest.hexdigest()[:12]}"


class JobStore:
    """The job table in one SQLite file. Thread-safe (one connection, serialised); WAL for readers."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_jobs_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- reading --------------------------------------------------------------------------------

    def get(self, sheet_hash: str, reviewer: str) -> Job | None:
        return self.get_many([sheet_hash], reviewer).get(sheet_hash)

    def get_many(self, hashes: Iterable[str], reviewer: str) -> dict[str, Job]:
        keys = list(dict.fromkeys(hashes))
        found: dict[str, Job] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                cursor = self._db.execute(
                    f"SELECT * FROM llm_jobs WHERE reviewer = ? AND sheet_hash IN ({marks})",
                    [reviewer, *chunk],
                )
                names = [c[0] for c in cursor.description]
                for values in cursor.fetchall():
                    job = _job(dict(zip(names, values, strict=True)))
                    found[job.sheet_hash] = job
        return found

    def counts(self, reviewer: str | None = None) -> dict[str, int]:
        query = "SELECT state, COUNT(*) FROM llm_jobs" + (" WHERE reviewer = ?" if reviewer else "")
        with self._lock:
            rows = self._db.execute(query + " GROUP BY state", [reviewer] if reviewer else []).fetchall()
        return {state: 0 for state in STATE_LABELS} | {state: n for state, n in rows}

    # --- writing --------------------------------------------------------------------------------

    def add_pending(self, items: Sequence[tuple[str, str | None]], reviewer: str) -> None:
        """Record sheets (hash, project) as pending unless they are known already."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO llm_jobs (sheet_hash, reviewer, state, project) VALUES (?, ?, 'pending', ?)",
                [(sheet_hash, reviewer, project) for sheet_hash, project in items],
            )

    def claim(
        self, sheet_hash: str, reviewer: str, run_id: str, *, stale_after: float, retry_failed: bool = False
    ) -> bool:
        """Take a sheet for review: pending, abandoned (running for more than `stale_after` s) or,
        with `retry_failed`, failed. False when it is done or another run holds it."""
        now = time.time()
        states = ("pending", "failed") if retry_failed else ("pending",)
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO llm_jobs (sheet_hash, reviewer, state) VALUES (?, ?, 'pending')",
                (sheet_hash, reviewer),
            )
            marks = ",".join("?" * len(states))
            cursor = db.execute(
                "UPDATE llm_jobs SET state = 'running', run_id = ?, owner = ?, claimed_at = ?, "
                "attempts = attempts + 1 "
                f"WHERE sheet_hash = ? AND reviewer = ? AND (state IN ({marks}) "
                "OR (state = 'running' AND claimed_at < ?))",
                (run_id, _owner(), now, sheet_hash, reviewer, *states, now - stale_after),
            )
            return cursor.rowcount == 1

    def finish(
        self,
        sheet_hash: str,
        reviewer: str,
        run_id: str,
        advice: Sequence[Advice],
        *,
        requests: int,
        prompt_tokens: int,
        completion_tokens: int,
        seconds: float,
    ) -> bool:
        """Record the result; only the claiming run may (False if its claim was taken over)."""
        payload = json.dumps([a.model_dump() for a in advice], ensure_ascii=False)
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE llm_jobs SET state = 'done', reason = NULL, advice = ?, requests = ?, "
                "prompt_tokens = ?, completion_tokens = ?, seconds = ?, finished_at = ? "
                "WHERE sheet_hash = ? AND reviewer = ? AND state = 'running' AND run_id = ?",
                (payload, requests, prompt_tokens, completion_tokens, seconds, time.time(),
                 sheet_hash, reviewer, run_id),
            )  # fmt: skip
            return cursor.rowcount == 1

    def fail(self, sheet_hash: str, reviewer: str, run_id: str, reason: str, *, seconds: float) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE llm_jobs SET state = 'failed', reason = ?, seconds = ?, finished_at = ? "
                "WHERE sheet_hash = ? AND reviewer = ? AND state = 'running' AND run_id = ?",
                (reason, seconds, time.time(), sheet_hash, reviewer, run_id),
            )
            return cursor.rowcount == 1

    def release(self, run_id: str) -> int:
        """Give back a run's unfinished claims (it was interrupted): they are pending again."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE llm_jobs SET state = 'pending', run_id = NULL, claimed_at = NULL "
                "WHERE state = 'running' AND run_id = ?",
                (run_id,),
            )
            return cursor.rowcount

    def reclaim_dead(self) -> int:
        """Give back the claims of processes of this machine that have died (killed mid-run)."""
        host = socket.gethostname()
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT owner FROM llm_jobs WHERE state = 'running'").fetchall()
        dead = [
            owner
            for (owner,) in rows
            if owner and owner.rsplit(":", 1)[0] == host and not _alive(int(owner.rsplit(":", 1)[1]))
        ]
        released = 0
        for owner in dead:
            with self._transaction() as db:
                released += db.execute(
                    "UPDATE llm_jobs SET state = 'pending', run_id = NULL, owner = NULL, claimed_at = NULL "
                    "WHERE state = 'running' AND owner = ?",
                    (owner,),
                ).rowcount
        return released


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def new_run_id() -> str:
    return uuid.uuid4().hex


def _job(row: dict[str, object]) -> Job:
    advice = json.loads(str(row.pop("advice"))) if row.get("advice") else []
    for unused in ("claimed_at", "project", "owner"):
        row.pop(unused, None)
    return Job.model_validate({**row, "advice": advice})
