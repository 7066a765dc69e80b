"""`python -m evals bench-critique [--sheets N] [--json]`: critique throughput in sheets per second.

The corpus (corpus/sheets.jsonl if present, else the 56 gold sheets) is replicated to N sheets
(default 10,000). Four numbers, each the best of a few runs:
- critique alone, 1 process and all cores;
- parse + critique, 1 process and all cores. "Parse" ingests text: the raw seed files through the
  text layout readers when those readers can read every raw file, otherwise each sheet's JSON text
  through the Sheet JSON reader (the readers of the seed layouts may not be merged yet).
Also printed: critique of sheets whose projects all differ (each name and goal numbered), one process:
the replicated corpus repeats whole projects, which a real batch does not, so this is the figure for
a province's batch; and critique alone on a cold process (first pass over the unique sheets, before the
per-text caches are warm), so the effect of replication on the caches is visible.
Bar (issue 3): critique ≥ 2,000 sheets/s on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from assistant.config import corpus_path
from assistant.critique import critique_sheet
from assistant.schema import Sheet

BAR = 2000.0
RAW_DIR = Path(__file__).resolve().parent.parent / "corpus" / "raw"

_SHEETS: list[Sheet] = []
_TEXTS: list[tuple[str, str, int]] = []  # (text, name, sheets in it)


def _load_sheets() -> list[Sheet]:
    path = corpus_path()
    if path.exists():
        from assistant.corpus import load_corpus

        sheets = load_corpus(path)
        if sheets:
            return sheets
    from evals.gold import load_gold

    return [g.to_sheet() for g in load_gold()]


def _load_texts(sheets: list[Sheet]) -> tuple[str, list[tuple[str, str, int]]]:
    """Text documents to parse: the raw seed files if every one is readable, else Sheet JSON."""
    from assistant.ingest import IngestError, read_text

    raw = sorted(RAW_DIR.glob("*.txt"))
    documents = []
    try:
        for path in raw:
            text = path.read_text(encoding="utf-8")
            documents.append((text, path.name, len(read_text(text, path.name))))
    except (IngestError, OSError, UnicodeDecodeError):
        documents = []
    if documents:
        return "raw-text", documents
    return "sheet-json", [(s.model_dump_json(), f"{s.id}.json", 1) for s in sheets]


def _init(mode: str) -> None:
    global _SHEETS, _TEXTS
    _SHEETS = _load_sheets()
    if mode == "parse":
        _TEXTS = _load_texts(_SHEETS)[1]


def _critique_range(start: int, count: int) -> int:
    sheets = _SHEETS
    for i in range(start, start + count):
        critique_sheet(sheets[i % len(sheets)])
    return count


def _distinct(total: int) -> list[Sheet]:
    """`total` sheets whose projects all differ (a number added to each name and annual goal), so no
    per-project result is ever reused; their rows repeat, as boilerplate rows do in a real batch."""
    sheets = _SHEETS
    return [
        sheets[i % len(sheets)].model_copy(
            update={
                "project_name": f"{sheets[i % len(sheets)].project_name}（{i}）",
                "annual_goal": f"{sheets[i % len(sheets)].annual_goal or ''}（第{i}批）",
            }
        )
        for i in range(total)
    ]


def _distinct_serial(total: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        batch = _distinct(total)  # built outside the clock, fresh each time
        started = time.perf_counter()
        for sheet in batch:
            critique_sheet(sheet)
        best = max(best, total / (time.perf_counter() - started))
    return best


def _parse_range(start: int, count: int) -> int:
    """Parse and critique documents until `count` sheets are done."""
    from assistant.ingest import read_text

    done, i = 0, start
    while done < count:
        text, name, _ = _TEXTS[i % len(_TEXTS)]
        for sheet in read_text(text, name):
            critique_sheet(sheet)
            done += 1
        i += 1
    return done


def _serial(work, total: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        done = work(0, total)
        best = max(best, done / (time.perf_counter() - started))
    return best


def _parallel(mode: str, total: int, workers: int, repeats: int) -> float:
    work = _critique_range if mode == "critique" else _parse_range
    chunk = max(1, total // (workers * 4))
    starts = list(range(0, total, chunk))
    best = 0.0
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(mode,)) as pool:
        list(pool.map(work, [0] * workers, [min(50, total)] * workers))  # start and warm every worker
        for _ in range(repeats):
            started = time.perf_counter()
            done = sum(pool.map(work, starts, [min(chunk, total - s) for s in starts]))
            best = max(best, done / (time.perf_counter() - started))
    return best


def measure(total: int, repeats: int = 3) -> dict:
    global _SHEETS, _TEXTS
    _SHEETS = _load_sheets()
    parse_mode, _TEXTS = _load_texts(_SHEETS)
    workers = os.cpu_count() or 1

    started = time.perf_counter()
    for sheet in _SHEETS:  # the first pass: nothing cached yet
        critique_sheet(sheet)
    cold = len(_SHEETS) / (time.perf_counter() - started)

    return {
        "sheets": total,
        "unique_sheets": len(_SHEETS),
        "parse_input": parse_mode,
        "cores": workers,
        "critique_cold_first_pass": round(cold, 1),
        "critique_1_process": round(_serial(_critique_range, total, repeats), 1),
        "critique_all_cores": round(_parallel("critique", total, workers, repeats), 1),
        "critique_distinct_projects_1_process": round(_distinct_serial(total, repeats), 1),
        "parse_critique_1_process": round(_serial(_parse_range, total, repeats), 1),
        "parse_critique_all_cores": round(_parallel("parse", total, workers, repeats), 1),
    }


def render(m: dict) -> str:
    ok = "达标" if min(m["critique_1_process"], m["critique_all_cores"]) >= BAR else "未达标"
    return "\n".join(
        [
            f"bench-critique — {m['sheets']} 张表（{m['unique_sheets']} 张不同的表复制而成），{m['cores']} 核；"
            f"解析输入：{m['parse_input']}",
            f"  审核（冷启动，首轮）        {m['critique_cold_first_pass']:>9.1f} 张/秒",
            f"  审核，1 个进程              {m['critique_1_process']:>9.1f} 张/秒",
            f"  审核，全部 {m['cores']} 核              {m['critique_all_cores']:>9.1f} 张/秒",
            f"  审核，每张表项目都不同，1 个进程 {m['critique_distinct_projects_1_process']:>9.1f} 张/秒",
            f"  解析+审核，1 个进程         {m['parse_critique_1_process']:>9.1f} 张/秒",
            f"  解析+审核，全部 {m['cores']} 核         {m['parse_critique_all_cores']:>9.1f} 张/秒",
            f"  门槛：审核 ≥ {BAR:.0f} 张/秒（{ok}）",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals bench-critique")
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    metrics = measure(options.sheets, options.repeats)
    print(json.dumps(metrics, ensure_ascii=False, indent=2) if options.json else render(metrics))
    return 0
