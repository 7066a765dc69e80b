"""`python -m evals parse`: ingest corpus/raw and compare with the hand-checked gold.

- sheets: parsed sheets aligned with a gold sheet (by file and position in the file);
- header accuracy: project_name, department, implementing_unit, year and total funds (in 元),
  per field and overall, over all gold sheets (a missing sheet counts as wrong);
- indicator rows: a row matches when level1, level2, name and value agree after whitespace
  normalisation, matched as multisets within the aligned sheet; precision, recall, F1;
- layouts: the gold sheets rendered into the layouts real submissions arrive in (evals.layouts:
  pipe tables, runs of spaces, one cell per line, indented tree, cells run together, regional
  names, "(必填)" suffixes, ASCII comparators, an 实施期 column, PDF with and without ruling
  lines), each seed file as one document, ingested and compared with what was written after
  canonicalisation (labels through the taxonomy, names and values through normalize_text).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

from assistant.config import CORPUS_DIR
from assistant.ingest import IngestError, collect_files, read_bytes, read_path
from assistant.schema import Sheet
from evals.gold import GoldSheet, load_gold
from evals.layouts import CASES, Case, render_document, row_key
from evals.metrics import prf, squash

RAW_DIR = CORPUS_DIR / "raw"
HEADER_FIELDS = ("project_name", "department", "implementing_unit", "year", "total_funds")


def _gold_total(gold: GoldSheet) -> float | None:
    total = gold.row["total_funds"]
    if total is None:
        return None
    return round(total * (10000.0 if gold.row["funds_unit"] == "万元" else 1.0), 2)


def header_matches(sheet: Sheet | None, gold: GoldSheet) -> dict[str, bool]:
    if sheet is None:
        return dict.fromkeys(HEADER_FIELDS, False)
    row = gold.row
    total = _gold_total(gold)
    return {
        "project_name": squash(sheet.project_name) == squash(row["project_name"]),
        "department": squash(sheet.department) == squash(row["department"]),
        "implementing_unit": squash(sheet.implementing_unit) == squash(row["implementing_unit"]),
        "year": sheet.year == row["year"],
        "total_funds": (sheet.funds.total is None and total is None)
        or (sheet.funds.total is not None and total is not None and abs(sheet.funds.total - total) < 0.01),
    }


def row_keys(sheet: Sheet | None) -> Counter[tuple[str, str, str, str]]:
    if sheet is None:
        return Counter()
    return Counter((i.level1, i.level2, squash(i.name), squash(i.value.raw)) for i in sheet.indicators)


def gold_keys(gold: GoldSheet) -> Counter[tuple[str, str, str, str]]:
    return Counter((i.level1, i.level2, squash(i.name), squash(i.value)) for i in gold.indicators)


def ingest_dir(raw_dir: Path = RAW_DIR) -> tuple[dict[tuple[str, int], Sheet], dict[str, str]]:
    parsed: dict[tuple[str, int], Sheet] = {}
    failures: dict[str, str] = {}
    for path in collect_files([raw_dir]):
        try:
            sheets = read_path(path)
        except IngestError as exc:
            failures[path.name] = exc.reason
            continue
        for sheet in sheets:
            parsed[(path.name, sheet.source_index or 0)] = sheet
    return parsed, failures


def layout_keys(sheet: Sheet | None) -> Counter[tuple[str, str, str, str]]:
    if sheet is None:
        return Counter()
    return Counter(row_key(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators)


def gold_by_file() -> dict[str, list[GoldSheet]]:
    grouped: dict[str, list[GoldSheet]] = {}
    for gold in load_gold():
        grouped.setdefault(gold.seed_file, []).append(gold)
    return grouped


def layout_case(case: Case, documents: dict[str, list[GoldSheet]]) -> dict:
    """Row P/R/F1 of ingestion on every seed file rendered in the case's layouts, against what was written."""
    started = time.perf_counter()
    tp = fp = fn = found = total = header_hits = 0
    failures: dict[str, str] = {}
    for base in case.bases:
        for seed_file, golds in documents.items():
            rng = random.Random(f"{case.name}:{base}:{seed_file}")
            rendering = render_document(base, [g.to_sheet() for g in golds], case.style, rng)
            name = f"{Path(seed_file).stem}.{base}{rendering.suffix}"
            try:
                sheets = read_bytes(rendering.data, name)
            except IngestError as exc:
                failures[name] = exc.reason
                sheets = []
            for index, (gold, written) in enumerate(zip(golds, rendering.forms, strict=True)):
                sheet = sheets[index] if index < len(sheets) else None
                got, want = layout_keys(sheet), Counter(written.expected_keys())
                hit = sum((got & want).values())
                tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
                found += sheet is not None
                total += 1
                header_hits += sum(header_matches(sheet, gold).values())
            fp += sum(sum(layout_keys(extra).values()) for extra in sheets[len(golds) :])
    precision, recall, f1 = prf(tp, fp, fn)
    return {
        "bases": list(case.bases),
        "sheets": f"{found}/{total}",
        "row_precision": precision,
        "row_recall": recall,
        "row_f1": f1,
        "rows": {"matched": tp, "extra": fp, "missed": fn},
        "header_accuracy": header_hits / (total * len(HEADER_FIELDS)) if total else 0.0,
        "seconds": round(time.perf_counter() - started, 2),
        "failed_files": failures,
    }


def layout_metrics(cases: tuple[Case, ...] = CASES) -> dict[str, dict]:
    documents = gold_by_file()
    return {case.name: layout_case(case, documents) for case in cases}


def run(raw_dir: Path = RAW_DIR) -> dict:
    parsed, failures = ingest_dir(raw_dir)
    gold = load_gold()
    field_hits: Counter[str] = Counter()
    tp = fp = fn = 0
    per_file: dict[str, Counter[str]] = {}
    aligned = 0
    for gold_sheet in gold:
        sheet = parsed.get(gold_sheet.key)
        aligned += sheet is not None
        for name, ok in header_matches(sheet, gold_sheet).items():
            field_hits[name] += ok
        got, want = row_keys(sheet), gold_keys(gold_sheet)
        hit = sum((got & want).values())
        counts = per_file.setdefault(gold_sheet.seed_file, Counter())
        counts["tp"] += hit
        counts["fp"] += sum(got.values()) - hit
        counts["fn"] += sum(want.values()) - hit
        counts["sheets"] += sheet is not None
        counts["gold_sheets"] += 1
        tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
    precision, recall, f1 = prf(tp, fp, fn)
    n = len(gold)
    layouts_started = time.perf_counter()
    layouts = layout_metrics()
    layout_seconds = time.perf_counter() - layouts_started
    header_fields = {name: field_hits[name] / n if n else 0.0 for name in HEADER_FIELDS}
    return {
        "sheets": aligned,
        "gold_sheets": n,
        "parsed_sheets": len(parsed),
        "header_accuracy": sum(field_hits.values()) / (n * len(HEADER_FIELDS)) if n else 0.0,
        "header_fields": header_fields,
        "row_precision": precision,
        "row_recall": recall,
        "row_f1": f1,
        "rows": {"matched": tp, "extra": fp, "missed": fn},
        "files": {
            name: {
                "sheets": f"{c['sheets']}/{c['gold_sheets']}",
                "row_f1": prf(c["tp"], c["fp"], c["fn"])[2],
            }
            for name, c in per_file.items()
        },
        "failed_files": failures,
        "layouts": layouts,
        "layout_min_f1": min((m["row_f1"] for m in layouts.values()), default=0.0),
        "layout_seconds": round(layout_seconds, 1),
    }


def render(metrics: dict) -> str:
    lines = [
        "解析评测 (parse)",
        f"  表数：{metrics['sheets']}/{metrics['gold_sheets']}（共解析出 {metrics['parsed_sheets']} 张）",
        f"  表头字段准确率：{metrics['header_accuracy']:.3f}",
    ]
    lines += [f"    {name}: {value:.3f}" for name, value in metrics["header_fields"].items()]
    rows = metrics["rows"]
    lines += [
        f"  指标行 P/R/F1：{metrics['row_precision']:.3f} / {metrics['row_recall']:.3f} / {metrics['row_f1']:.3f}"
        f"（匹配 {rows['matched']}，多出 {rows['extra']}，遗漏 {rows['missed']}）",
    ]
    lines += [f"    {name}: 表 {c['sheets']}，F1 {c['row_f1']:.3f}" for name, c in metrics["files"].items()]
    lines += [f"  读取失败 {name}：{reason}" for name, reason in metrics["failed_files"].items()]
    if layouts := metrics.get("layouts"):
        lines.append(
            f"  各版式指标行 F1（金标准表按版式生成后再读取；最低 {metrics['layout_min_f1']:.3f}，"
            f"用时 {metrics['layout_seconds']:.1f} s）："
        )
        lines.append("    版式" + " " * 25 + "表数       P      R     F1    表头     秒")
        for name, m in layouts.items():
            lines.append(
                f"    {name:<24}{m['sheets']:>9}  {m['row_precision']:6.3f} {m['row_recall']:6.3f} "
                f"{m['row_f1']:6.3f}  {m['header_accuracy']:6.3f}  {m['seconds']:5.1f}"
            )
            lines += [f"      读取失败 {file}：{reason}" for file, reason in m["failed_files"].items()]
    return "\n".join(lines)
