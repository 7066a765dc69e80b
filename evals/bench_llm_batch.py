"""`python -m evals bench-llm-batch [--sheets 200] [--in-flight 1,2,4] [--json]`: batch LLM review
against the local llama.cpp server (llama-cpp-python + Gemma 3 270M, from .venv-llm).

Two measurements, each on `--sheets` different sheets (seed sheets under new project names):

1. Throughput at 1, 2, 4 requests in flight. llama-cpp-python's server answers one request at a
   time (a global lock; it has no `--n_parallel` slots), so "k in flight" is measured against a farm
   of k server processes (each one slot, `--n_threads 1`), the batch reviewer spreading its k worker
   threads over them; with `--single-server` all k go to one server (they queue there). Printed:
   sheets/min, seconds per sheet (p50/p95), failures, tokens.
2. A fault mid-run through the real command: `assistant score DIR --llm --parallel 1` against one
   server, the server killed (SIGKILL) once half the sheets are done and restarted at the same
   address; then `assistant score DIR --llm --retry-failed`. Printed: done / failed after the first
   run, sent again in the second (must equal the failed), done twice (must be 0), lost (must be 0).

The job store of each run is fresh. This is a benchmark, not a test: it prints what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _server_tools():
    sys.path.insert(0, str(ROOT))
    from tests import llm_server  # the same start/stop as the tests use

    return llm_server


def write_sheets(folder: Path, count: int) -> list[str]:
    from tests.ui_files import seed_sheets

    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_sheets()
    for n in range(count):
        sheet = seeds[n % len(seeds)].model_copy(
            update={"project_name": f"基准项目{n:04d}", "id": f"bench{n}"}
        )
        (folder / f"{n:04d}.json").write_text(sheet.model_dump_json(), encoding="utf-8")
    return [f"基准项目{n:04d}" for n in range(count)]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def throughput(folder: Path, in_flight: int, replicas: int, work: Path, max_tokens: int) -> dict:
    from assistant.batch import score_paths
    from assistant.batch.jobs import JobStore
    from assistant.batch.llm_review import paths_by_file, review_batch
    from assistant.config import LLMSettings

    tools = _server_tools()
    servers = [tools.start_llama_server(work / f"llama-{in_flight}-{n}.log") for n in range(replicas)]
    try:
        endpoints = [
            LLMSettings(base_url=s.base_url, model=s.model, api_key=None, timeout=300, max_tokens=max_tokens)
            for _, s in servers
        ]
        files = sorted(str(p) for p in folder.glob("*.json"))
        report = score_paths(files, workers=1)
        with JobStore(work / f"jobs-{in_flight}-{replicas}.sqlite3") as store:
            started = time.monotonic()
            summary = review_batch(report, paths_by_file(files), endpoints, store=store, in_flight=in_flight)
            elapsed = time.monotonic() - started
    finally:
        for proc, _ in servers:
            tools.stop_process(proc)
    seconds = [r.llm_seconds for r in report.scored if r.llm_seconds is not None]
    return {
        "in_flight": in_flight,
        "servers": replicas,
        "sheets": summary.to_review,
        "done": summary.reviewed,
        "failed": summary.failed,
        "failure_reasons": summary.reasons,
        "seconds": round(elapsed, 1),
        "sheets_per_min": round(summary.reviewed / elapsed * 60, 1) if elapsed else 0.0,
        "sheet_seconds_p50": round(statistics.median(seconds), 2) if seconds else None,
        "sheet_seconds_p95": round(_percentile(seconds, 0.95), 2) if seconds else None,
        "tokens": summary.tokens,
        "tokens_per_sheet": round(summary.tokens / summary.reviewed) if summary.reviewed else None,
    }


def fault_run(folder: Path, count: int, work: Path, max_tokens: int) -> dict:
    from assistant.batch.jobs import JobStore

    tools = _server_tools()
    port = tools.free_port()
    log = work / "llama-fault.log"
    jobs = work / "jobs-fault.sqlite3"
    proc, info = tools.start_llama_server(log, port)
    env = {
        **os.environ,
        "ASSISTANT_LLM_BASE_URL": info.base_url,
        "ASSISTANT_LLM_MODEL": info.model,
        "ASSISTANT_LLM_TIMEOUT": "300",
        "ASSISTANT_LLM_MAX_TOKENS": str(max_tokens),
    }
    command = [
        sys.executable,
        "-m",
        "assistant",
        "score",
        str(folder),
        "--llm",
        "--parallel",
        "1",
        "--jobs",
        str(jobs),
    ]
    started = time.monotonic()
    run = subprocess.Popen([*command, "--out", str(work / "fault-1.json")], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        while True:
            time.sleep(0.5)
            if jobs.exists():
                with JobStore(jobs) as store:
                    if store.counts()["done"] >= count // 2:
                        break
            if run.poll() is not None:
                raise RuntimeError("the first run ended before the fault was injected")
        proc.kill()  # the fault: the server dies mid-run
        proc.wait(timeout=10)
        killed_at = time.monotonic() - started
        first_code = run.wait(timeout=3600)
        first_seconds = time.monotonic() - started
        with JobStore(jobs) as store:
            first = store.counts()
            first_rows = dict(
                (h, (state, attempts))
                for h, state, attempts in store._db.execute(
                    "SELECT sheet_hash, state, attempts FROM llm_jobs"
                )
            )
        proc, _ = tools.start_llama_server(log, port)
        restarted = time.monotonic()
        second_code = subprocess.run(
            [*command, "--retry-failed", "--out", str(work / "fault-2.json")], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=7200,
        ).returncode  # fmt: skip
        second_seconds = time.monotonic() - restarted
    finally:
        tools.stop_process(proc)
    with JobStore(jobs) as store:
        rows = store._db.execute("SELECT sheet_hash, state, attempts FROM llm_jobs").fetchall()
        after = store.counts()
    report = json.loads((work / "fault-2.json").read_text(encoding="utf-8"))
    projects = [r["project"] for r in report["rows"] if r["status"] == "ok"]
    return {
        "sheets": count,
        "killed_after_seconds": round(killed_at, 1),
        "first_run": {"exit": first_code, "seconds": round(first_seconds, 1), **first},
        "second_run": {"exit": second_code, "seconds": round(second_seconds, 1), **after},
        # Sent in the second run: its attempts went up. A sheet done in the first run must not be.
        "sent_again": sum(1 for h, _, attempts in rows if attempts > first_rows.get(h, ("", 0))[1]),
        "done_twice": sum(
            1
            for h, _, attempts in rows
            if first_rows.get(h, ("", 0))[0] == "done" and attempts > first_rows[h][1]
        ),
        "sheets_in_report": len(projects),
        "distinct_in_report": len(set(projects)),
        "lost": count - len(set(projects)),
        "tried_more_than_twice": sum(1 for _, _, attempts in rows if attempts > 2),
        "recovered": after["done"] - first["done"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals bench-llm-batch")
    parser.add_argument("--sheets", type=int, default=200)
    parser.add_argument("--in-flight", default="1,2,4")
    parser.add_argument("--single-server", action="store_true", help="all requests to one server")
    parser.add_argument("--no-fault", action="store_true")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    tools = _server_tools()
    if reason := tools.llama_unavailable_reason():
        print(f"bench-llm-batch: {reason}", file=sys.stderr)
        return 2
    results: dict = {"load_before": os.getloadavg(), "cores": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-llm-") as tmp:
        work = Path(tmp)
        folder = work / "sheets"
        write_sheets(folder, options.sheets)
        if not options.no_throughput:
            for k in (int(x) for x in options.in_flight.split(",")):
                run = throughput(folder, k, 1 if options.single_server else k, work, options.max_tokens)
                run["load_after"] = round(os.getloadavg()[0], 2)
                results["runs"].append(run)
                if not options.json:
                    print(_render_run(run), flush=True)
        if not options.no_fault:
            results["fault"] = fault_run(folder, options.sheets, work, options.max_tokens)
            results["fault"]["load_after"] = round(os.getloadavg()[0], 2)
            if not options.json:
                print(_render_fault(results["fault"]), flush=True)
    if options.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


def _render_run(r: dict) -> str:
    return (
        f"in flight {r['in_flight']} · {r['servers']} server(s): {r['done']}/{r['sheets']} done, "
        f"{r['failed']} failed in {r['seconds']} s = {r['sheets_per_min']} sheets/min; per sheet p50 "
        f"{r['sheet_seconds_p50']} s, p95 {r['sheet_seconds_p95']} s; {r['tokens']} tokens "
        f"({r['tokens_per_sheet']}/sheet); load after {r['load_after']}"
    )


def _render_fault(f: dict) -> str:
    one, two = f["first_run"], f["second_run"]
    return (
        f"fault run, {f['sheets']} sheets, server killed at {f['killed_after_seconds']} s and restarted: "
        f"first run exit {one['exit']} in {one['seconds']} s — done {one['done']}, failed {one['failed']}, "
        f"pending {one['pending']}; --retry-failed exit {two['exit']} in {two['seconds']} s — done {two['done']}, "
        f"failed {two['failed']}; sent again {f['sent_again']} (= failed in the first run), done twice "
        f"{f['done_twice']}, tried more than twice "
        f"{f['tried_more_than_twice']}; report rows {f['sheets_in_report']}, distinct {f['distinct_in_report']}, "
        f"lost {f['lost']}; load after {f['load_after']}"
    )
