"""Load benchmark of the page: N users at once (N = 1, 4, 16) through draft, review and a 20-file batch.

    .venv/bin/python scripts/bench_load.py [--sessions 1,4,16] [--rounds 2] [--deadline 1200] [--json]

Starts app.py on a free 127.0.0.1 port (offline, a fresh data folder, the page's own queue settings
unless ASSISTANT_UI_* are set), then for each N opens N gradio_client sessions that each run
`--rounds` rounds of: draft (a description with the session's own numbers), review (the session's
own .xlsx), batch (the session's own 20 files: .json, .xlsx and .docx). Every answer is checked
against its own input — the draft has this session's numbers and no other's, the review shows this
session's project, the batch lists exactly this session's 20 files — so a mixed-up session counts
as an error ("mixed"), as does an exception or a time-out. Prints p50/p95 latency and errors per
action. Bounded: N × rounds × 3 requests per N, each with a time-out, the whole run with a deadline;
only 127.0.0.1 is contacted; the app is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH_FILES = 20
REQUEST_TIMEOUT = 300.0
ACTIONS = ("draft", "review", "batch")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def description(n: int) -> str:
    """Session n's own numbers (lectures 100+n, people 5000+n): in no other session's draft."""
    return f"本项目为第{n}号社区法治服务经费，全年开展法治讲座{100 + n}场，服务群众{5000 + n}人次，年度资金{50 + n}万元。"


def own_numbers(n: int) -> tuple[str, str]:
    return f"{100 + n}场", f"{5000 + n}人次"


def make_files(folder: Path, sessions: int) -> dict[int, tuple[Path, list[Path]]]:
    """Per session: one .xlsx to review and 20 files to batch, all with the session's own names."""
    from assistant.export import write_sheets
    from tests.ui_files import seed_sheets

    seeds = seed_sheets()
    made: dict[int, tuple[Path, list[Path]]] = {}
    for n in range(sessions):
        own = folder / f"s{n:02d}"
        own.mkdir(parents=True)
        review_sheet = seeds[n % len(seeds)].model_copy(update={"project_name": f"负载审核项目{n:02d}"})
        review = write_sheets([review_sheet], own / f"审核{n:02d}.xlsx")
        batch = []
        for k in range(BATCH_FILES):
            sheet = seeds[(n + k) % len(seeds)].model_copy(
                update={"project_name": f"会话{n:02d}表{k:02d}", "id": f"load-{n}-{k}"}
            )
            suffix = (".xlsx", ".docx")[k % 2] if k % 5 == 0 else ".json"
            path = own / f"会话{n:02d}_{k:02d}{suffix}"
            if suffix == ".json":
                path.write_text(sheet.model_dump_json(), encoding="utf-8")
            else:
                write_sheets([sheet], path)
            batch.append(path)
        made[n] = (review, batch)
    return made


def start_app(work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASSISTANT_LLM_", "ASSISTANT_EMBEDDING_", "ASSISTANT_CHROMA_"))
        and k != "OPENAI_API_KEY"
    }
    env.update(
        ASSISTANT_UI_HOST="127.0.0.1",
        ASSISTANT_UI_PORT=str(port),
        ASSISTANT_DATA_DIR=str(work / "data"),
        GRADIO_TEMP_DIR=str(work / "gradio"),
        GRADIO_ANALYTICS_ENABLED="False",
    )
    log = (work / "app.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((work / "app.log").read_text(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    stop_app(proc)
    raise RuntimeError("app.py did not start within 120 s")


def stop_app(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def _cells(table: dict[str, Any]) -> str:
    return " ".join(str(cell) for row in table.get("data", []) for cell in row)


def check_draft(out: tuple, n: int, sessions: int) -> str | None:
    text = _cells(out[5])
    if not all(x in text for x in own_numbers(n)):
        return "draft lacks its own numbers"
    others = [x for m in range(sessions) if m != n for x in own_numbers(m)]
    if any(x in text for x in others):
        return "mixed: another session's numbers in the draft"
    return None


def check_review(out: tuple, n: int, sessions: int) -> str | None:
    header = str(out[3])
    if f"负载审核项目{n:02d}" not in header:
        mixed = any(f"负载审核项目{m:02d}" in header for m in range(sessions) if m != n)
        return "mixed: another session's sheet reviewed" if mixed else "review lacks its sheet"
    return None


def check_batch(out: tuple, n: int, files: list[Path]) -> str | None:
    table = out[6].get("value", out[6]) if isinstance(out[6], dict) else {}
    names = {str(row[1]) for row in table.get("data", [])}
    if names != {p.name for p in files}:
        return "mixed: batch rows are not this session's files" if names else "batch gave no rows"
    return None


def session(
    url: str, n: int, sessions: int, files: tuple[Path, list[Path]], rounds: int, stop_at: float
) -> list[dict]:
    from gradio_client import Client, handle_file

    review, batch = files
    records: list[dict] = []
    client = Client(url, verbose=False)
    for _ in range(rounds):
        for action in ACTIONS:
            if time.monotonic() > stop_at:
                records.append({"action": action, "seconds": None, "error": "deadline"})
                continue
            started = time.monotonic()
            try:
                if action == "draft":
                    job = client.submit(description(n), "", None, None, "", api_name="/draft")
                    error = check_draft(job.result(timeout=REQUEST_TIMEOUT), n, sessions)
                elif action == "review":
                    job = client.submit(handle_file(str(review)), "", api_name="/review")
                    error = check_review(job.result(timeout=REQUEST_TIMEOUT), n, sessions)
                else:
                    job = client.submit([handle_file(str(p)) for p in batch], api_name="/batch")
                    error = check_batch(job.result(timeout=REQUEST_TIMEOUT), n, batch)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:200]
            records.append({"action": action, "seconds": time.monotonic() - started, "error": error})
    client.close()
    return records


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(sessions_list: list[int], rounds: int, deadline: float) -> dict:
    results: dict[str, Any] = {
        "cores": os.cpu_count(),
        "rounds": rounds,
        "load_before": os.getloadavg(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        files = make_files(work / "files", max(sessions_list))
        proc, url = start_app(work)
        stop_at = time.monotonic() + deadline
        try:
            session(url, 0, 1, files[0], 1, stop_at)  # warm-up: first draft/review/batch pay start-up costs
            for sessions in sessions_list:
                barrier = threading.Barrier(sessions)

                def one(n: int, sessions: int = sessions, barrier: threading.Barrier = barrier) -> list[dict]:
                    barrier.wait(timeout=120)
                    return session(url, n, sessions, files[n], rounds, stop_at)

                started = time.monotonic()
                with ThreadPoolExecutor(sessions) as pool:
                    records = [r for rs in pool.map(one, range(sessions)) for r in rs]
                wall = time.monotonic() - started
                row: dict[str, Any] = {"sessions": sessions, "wall_seconds": round(wall, 1), "actions": {}}
                for action in ACTIONS:
                    mine = [r for r in records if r["action"] == action]
                    times = [r["seconds"] for r in mine if r["seconds"] is not None and not r["error"]]
                    errors = [r["error"] for r in mine if r["error"]]
                    row["actions"][action] = {
                        "requests": len(mine),
                        "p50": round(statistics.median(times), 2) if times else None,
                        "p95": round(percentile(times, 0.95), 2) if times else None,
                        "errors": len(errors),
                        "mixed": sum(1 for e in errors if e.startswith("mixed")),
                        "examples": sorted(set(errors))[:3],
                    }
                row["load_after"] = round(os.getloadavg()[0], 2)
                results["runs"].append(row)
        finally:
            stop_app(proc)
    return results


def render(results: dict) -> str:
    lines = [
        f"bench-load — {results['cores']} cores, {results['rounds']} rounds per session, "
        f"load before {results['load_before'][0]:.2f}",
        "| sessions | action | requests | p50 s | p95 s | errors | mixed | wall s | load after |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["runs"]:
        for action, a in row["actions"].items():
            lines.append(
                f"| {row['sessions']} | {action} | {a['requests']} | {a['p50']} | {a['p95']} | {a['errors']} | "
                f"{a['mixed']} | {row['wall_seconds']} | {row['load_after']} |"
            )
            lines += [f"|  |  | error: {e} |" for e in a["examples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench_load.py")
    parser.add_argument("--sessions", default="1,4,16")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=1200.0, help="seconds for the whole run")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    results = run([int(x) for x in options.sessions.split(",")], options.rounds, options.deadline)
    print(json.dumps(results, ensure_ascii=False, indent=2) if options.json else render(results))
    failed = any(a["errors"] for row in results["runs"] for a in row["actions"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
