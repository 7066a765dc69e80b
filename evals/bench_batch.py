"""`python -m evals bench-batch [--sizes 10k,100k] [--workers 1,2] [--json]`: rule scoring of a whole
folder of submissions, as `assistant score DIR` does it, at province scale.

For each size a folder of that many one-sheet files is written (Sheet JSON, the corpus sheets under
distinct project names, so no two files are equal), then scored by `assistant.batch.score_paths`
(read, critique, assemble the report) with 1 process and with every core, each in a fresh Python
process so that its peak memory is its own: printed are sheets/s, seconds, the peak resident memory
of the parent (which holds the whole report) and of the largest worker, and the time to write the
report as .csv and .xlsx. Files are JSON because reading other formats is `bench-ingest`'s subject;
this measures the batch machinery and the rules.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def write_folder(folder: Path, count: int) -> None:
    from evals.bench_critique import _load_sheets

    sheets = _load_sheets()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        sheet = sheets[n % len(sheets)]
        data = sheet.model_copy(update={"project_name": f"{sheet.project_name}（{n}）", "id": f"b{n}"})
        sub = folder / f"{n // 1000:04d}"  # 1,000 files per sub-folder, as units' folders would be
        if n % 1000 == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.json").write_text(data.model_dump_json(), encoding="utf-8")


def one(folder: str, workers: int, report_formats: list[str]) -> dict:
    """Score the folder once in this process; what it took."""
    from assistant.batch import score_paths, write_report

    started = time.perf_counter()
    report = score_paths([folder], workers=workers)
    seconds = time.perf_counter() - started
    scored = len(report.scored)
    written: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as out:
        for suffix in report_formats:
            t = time.perf_counter()
            write_report(report, Path(out) / f"report{suffix}")
            written[suffix] = round(time.perf_counter() - t, 1)
    return {
        "workers": workers,
        "sheets": scored,
        "rows": len(report.rows),
        "findings": len(report.findings),
        "seconds": round(seconds, 1),
        "sheets_per_second": round(scored / seconds, 1),
        # ru_maxrss is in KiB on Linux. Children: the largest worker process (not their sum).
        "peak_parent_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_worker_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "report_seconds": written,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals bench-batch")
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--reports", default=".csv,.xlsx", help="report formats to time (comma-separated)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("FOLDER", "WORKERS"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    formats = [f for f in options.reports.split(",") if f]
    if options.one:
        print(json.dumps(one(options.one[0], int(options.one[1]), formats)))
        return 0
    results: dict = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0], "runs": []}
    for size in (_size(s) for s in options.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
            t = time.perf_counter()
            write_folder(Path(tmp) / "in", size)
            made = round(time.perf_counter() - t, 1)
            for workers in dict.fromkeys(int(w) for w in options.workers.split(",")):
                done = subprocess.run(
                    [sys.executable, "-m", "evals", "bench-batch", "--one", str(Path(tmp) / "in"), str(workers),
                     "--reports", options.reports],
                    cwd=ROOT, capture_output=True, text=True, check=True,
                )  # fmt: skip
                run = {
                    "size": size,
                    "folder_written_seconds": made,
                    **json.loads(done.stdout.splitlines()[-1]),
                }
                run["load_after"] = round(os.getloadavg()[0], 2)
                results["runs"].append(run)
                if not options.json:
                    print(render_run(run), flush=True)
    if options.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


def render_run(r: dict) -> str:
    reports = ", ".join(f"{k} {v} s" for k, v in r["report_seconds"].items())
    return (
        f"{r['size']:>7,} files · {r['workers']} process(es): {r['sheets']:,} sheets in {r['seconds']} s = "
        f"{r['sheets_per_second']:,.0f} sheets/s; {r['findings']:,} findings; peak memory parent "
        f"{r['peak_parent_mib']:,} MiB, largest worker {r['peak_worker_mib']:,} MiB; report {reports}; "
        f"load after {r['load_after']}"
    )
