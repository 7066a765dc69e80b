"""`python -m evals parse`: ingest every set and compare with what it should say.

Three sets, each measured the same way:
- seeds: the five seed files in corpus/raw against the hand-checked gold (evals/data/seed_sheets.jsonl);
- realworld: the 18 published pages in corpus/raw/realworld against their gold (evals/data/realworld/);
- generated: the seed gold rendered into the layouts and quirk families real pages arrive in
  (evals.layouts), each seed file as one document, against what was written.

Per set: sheets read (gold sheets for which a parsed sheet exists at the same file and position),
header-field accuracy, indicator-row precision/recall/F1.

- Header fields: project name, department (主管部门), implementing unit (实施单位), year, total funds
  in 元 (within 0.01 元; both missing counts as agreeing). Names are compared after removing a leading
  code ("[812]", "【812033】", "404-", "505_", "(433)", "169") and all whitespace, on both sides.
- Rows: a parsed row matches a gold row when level1, level2 (both through `taxonomy.canonical_pair`:
  101 names where the taxonomy knows the label, other frameworks as written), name and value agree
  after whitespace removal and the removal of a template slot prefix ("指标1："), matched as
  multisets within the aligned sheet.
- Truncated pages (gold `truncated`): the gold covers only the rows present. The row the cut went
  through is not held against the reader: when the last parsed row of the sheet matches no gold row
  and one of its cells (name, description or value) is where the page's text ends, it counts
  neither as a hit nor as an extra row. Every other row counts.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import CORPUS_DIR
from assistant.ingest import IngestError, read_bytes, read_path
from assistant.schema import Indicator, Sheet
from assistant.taxonomy import canonical_pair
from evals.gold import GoldSheet, load_gold, load_realworld
from evals.layouts import CASES, Case, render_document, row_key
from evals.metrics import prf, squash

RAW_DIR = CORPUS_DIR / "raw"
REALWORLD_RAW = RAW_DIR / "realworld"
HEADER_FIELDS = ("project_name", "department", "implementing_unit", "year", "total_funds")

_LEADING_CODE = re.compile(
    r"^\s*(?:[\[【(（]\s*[\dA-Za-z*]+\s*[\]】)）]|\d{2,}\s*[-_—－]?|[\dA-Za-z]+[-_—－])\s*"
)
_SLOT = re.compile(r"^\s*指标\s*\d+\s*[:：]\s*")

RowKey = tuple[str, str, str, str]


def name_key(text: str | None) -> str:
    """A header name as compared: leading code and whitespace removed ("[812]教育厅" → "教育厅")."""
    text = text or ""
    text = _LEADING_CODE.sub("", text, count=1)
    return squash(text)


def cell_key(text: str | None) -> str:
    return squash(_SLOT.sub("", text or ""))


def indicator_key(level1: str | None, level2: str | None, name: str, value: str) -> RowKey:
    l1, l2 = canonical_pair(level1, level2)
    return (l1, l2, cell_key(name), cell_key(value))


def header_matches(sheet: Sheet | None, gold: GoldSheet) -> dict[str, bool]:
    if sheet is None:
        return dict.fromkeys(HEADER_FIELDS, False)
    row = gold.row
    total = _gold_total(gold)
    return {
        "project_name": name_key(sheet.project_name) == name_key(row["project_name"]),
        "department": name_key(sheet.department) == name_key(row["department"]),
        "implementing_unit": name_key(sheet.implementing_unit) == name_key(row["implementing_unit"]),
        "year": sheet.year == row["year"],
        "total_funds": (sheet.funds.total is None and total is None)
        or (sheet.funds.total is not None and total is not None and abs(sheet.funds.total - total) < 0.01),
    }


def _gold_total(gold: GoldSheet) -> float | None:
    total = gold.row["total_funds"]
    if total is None:
        return None
    return round(total * (10000.0 if gold.row["funds_unit"] == "万元" else 1.0), 2)


def row_keys(sheet: Sheet | None) -> Counter[RowKey]:
    if sheet is None:
        return Counter()
    return Counter(indicator_key(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators)


def gold_keys(gold: GoldSheet) -> Counter[RowKey]:
    return Counter(indicator_key(i.level1, i.level2, i.name, i.value) for i in gold.indicators)


def cut_row(sheet: Sheet, gold: GoldSheet, page_text: str) -> Indicator | None:
    """The parsed row a truncated page was cut in, by the rule in the module docstring, or None."""
    if not gold.truncated or not sheet.indicators:
        return None
    last = sheet.indicators[-1]
    if indicator_key(last.level1, last.level2, last.name, last.value.raw) in gold_keys(gold):
        return None
    end = squash(page_text)
    cells = [last.value.raw, last.description or "", last.name]
    return last if any(c and end.endswith(squash(c)) for c in cells) else None


@dataclass
class SheetScore:
    """One gold sheet against the parsed sheet aligned with it."""

    id: str
    read: bool
    matched: int = 0
    extra: int = 0
    missed: int = 0
    header: dict[str, bool] = field(default_factory=dict)
    cut_row: str | None = None

    @property
    def f1(self) -> float:
        return prf(self.matched, self.extra, self.missed)[2]


def score_sheet(sheet: Sheet | None, gold: GoldSheet, page_text: str = "") -> SheetScore:
    got, want = row_keys(sheet), gold_keys(gold)
    cut = cut_row(sheet, gold, page_text) if sheet is not None else None
    if cut is not None:
        got[indicator_key(cut.level1, cut.level2, cut.name, cut.value.raw)] -= 1
        got = +got
    hit = sum((got & want).values())
    return SheetScore(
        id=f"{Path(gold.seed_file).stem}#{gold.index_in_file}",
        read=sheet is not None,
        matched=hit,
        extra=sum(got.values()) - hit,
        missed=sum(want.values()) - hit,
        header=header_matches(sheet, gold),
        cut_row=cut.name if cut is not None else None,
    )


def summarise(scores: list[SheetScore], failures: dict[str, str], parsed: int) -> dict:
    tp = sum(s.matched for s in scores)
    fp = sum(s.extra for s in scores)
    fn = sum(s.missed for s in scores)
    precision, recall, f1 = prf(tp, fp, fn)
    n = len(scores)
    fields = {
        name: (sum(s.header.get(name, False) for s in scores) / n if n else 0.0) for name in HEADER_FIELDS
    }
    return {
        "sheets": sum(s.read for s in scores),
        "gold_sheets": n,
        "parsed_sheets": parsed,
        "header_accuracy": sum(fields.values()) / len(fields) if n else 0.0,
        "header_fields": fields,
        "row_precision": precision,
        "row_recall": recall,
        "row_f1": f1,
        "rows": {"matched": tp, "extra": fp, "missed": fn},
        "failed_files": failures,
    }


def ingest_files(paths: list[Path]) -> tuple[dict[tuple[str, int], Sheet], dict[str, str]]:
    parsed: dict[tuple[str, int], Sheet] = {}
    failures: dict[str, str] = {}
    for path in paths:
        try:
            sheets = read_path(path)
        except IngestError as exc:
            failures[path.name] = exc.reason
            continue
        for sheet in sheets:
            parsed[(path.name, sheet.source_index or 0)] = sheet
    return parsed, failures


def file_set(golds: tuple[GoldSheet, ...], folder: Path, per_sheet: bool = False) -> dict:
    """Ingest the files of `folder` the gold names and score every gold sheet."""
    names = sorted({gold.seed_file for gold in golds})
    paths = [folder / name for name in names]
    parsed, failures = ingest_files([p for p in paths if p.exists()])
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in paths if p.exists()}
    scores = [score_sheet(parsed.get(g.key), g, texts.get(g.seed_file, "")) for g in golds]
    metrics = summarise(scores, failures, len(parsed))
    by_file: dict[str, list[SheetScore]] = {}
    for gold, score in zip(golds, scores, strict=True):
        by_file.setdefault(gold.seed_file, []).append(score)
    metrics["files"] = {
        name: {
            "sheets": f"{sum(s.read for s in group)}/{len(group)}",
            "row_f1": prf(
                sum(s.matched for s in group), sum(s.extra for s in group), sum(s.missed for s in group)
            )[2],
        }
        for name, group in by_file.items()
    }
    if per_sheet:
        metrics["per_sheet"] = {
            s.id: {
                "read": s.read,
                "row_f1": s.f1,
                "rows": {"matched": s.matched, "extra": s.extra, "missed": s.missed},
                "header": {name: ok for name, ok in s.header.items()},
                "truncated": gold.truncated,
                **({"cut_row": s.cut_row} if s.cut_row else {}),
            }
            for gold, s in zip(golds, scores, strict=True)
        }
    return metrics


# --- generated ---------------------------------------------------------------------------------


def layout_keys(sheet: Sheet | None) -> Counter[RowKey]:
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
            rendering = render_document(base, [g.to_sheet() for g in golds], case.style, rng, case.quirk)
            name = f"{Path(seed_file).stem}.{base}{rendering.suffix}"
            try:
                sheets = read_bytes(rendering.data, name)
            except IngestError as exc:
                failures[name] = exc.reason
                sheets = []
            text = rendering.data.decode("utf-8") if rendering.suffix != ".pdf" else ""
            for index, (gold, written) in enumerate(zip(golds, rendering.forms, strict=True)):
                sheet = sheets[index] if index < len(sheets) else None
                got, want = layout_keys(sheet), Counter(written.expected_keys())
                if rendering.truncated and index == len(rendering.forms) - 1 and sheet and sheet.indicators:
                    # the row the cut went through, by the same rule as the real pages' (cut_row)
                    last = sheet.indicators[-1]
                    key = row_key(last.level1, last.level2, last.name, last.value.raw)
                    cells = [last.value.raw, last.description or "", last.name]
                    if key not in want and any(c and squash(text).endswith(squash(c)) for c in cells):
                        got[key] -= 1
                        got = +got
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


def generated_set(cases: tuple[Case, ...] = CASES) -> dict:
    started = time.perf_counter()
    layouts = layout_metrics(cases)
    rows = Counter()
    read = total = 0
    for m in layouts.values():
        rows.update(m["rows"])
        found, of = m["sheets"].split("/")
        read, total = read + int(found), total + int(of)
    precision, recall, f1 = prf(rows["matched"], rows["extra"], rows["missed"])
    return {
        "sheets": read,
        "gold_sheets": total,
        "row_precision": precision,
        "row_recall": recall,
        "row_f1": f1,
        "rows": dict(rows),
        "min_f1": min((m["row_f1"] for m in layouts.values()), default=0.0),
        "cases": layouts,
        "seconds": round(time.perf_counter() - started, 1),
    }


def run() -> dict:
    return {
        "seeds": file_set(load_gold(), RAW_DIR),
        "realworld": file_set(load_realworld(), REALWORLD_RAW, per_sheet=True),
        "generated": generated_set(),
    }


def render(metrics: dict) -> str:
    lines = [
        "解析评测 (parse)",
        "",
        "  集合        表数      表头     P      R      F1    （匹配/多出/遗漏）",
    ]
    for name in ("seeds", "realworld", "generated"):
        m = metrics[name]
        header = f"{m['header_accuracy']:.3f}" if "header_accuracy" in m else "  -  "
        rows = m["rows"]
        lines.append(
            f"  {name:<10}{m['sheets']:>4}/{m['gold_sheets']:<4}  {header}  {m['row_precision']:.3f}  "
            f"{m['row_recall']:.3f}  {m['row_f1']:.3f}   ({rows.get('matched', 0)}/{rows.get('extra', 0)}/"
            f"{rows.get('missed', 0)})"
        )
    for name in ("seeds", "realworld"):
        m = metrics[name]
        fields = "，".join(f"{key} {value:.3f}" for key, value in m["header_fields"].items())
        lines.append(f"  {name} 表头字段：{fields}")
        lines += [f"  {name} 读取失败 {file}：{reason}" for file, reason in m["failed_files"].items()]
    lines += [
        "",
        "  realworld 逐表：",
        "    表        读取  F1     匹配/多出/遗漏  表头(名称/部门/单位/年度/资金)  截断",
    ]
    for sheet_id, s in metrics["realworld"]["per_sheet"].items():
        marks = "".join("✓" if ok else "✗" for ok in s["header"].values())
        r = s["rows"]
        cut = f"  截断行「{s['cut_row']}」不计" if s.get("cut_row") else ""
        lines.append(
            f"    {sheet_id:<8}  {'是' if s['read'] else '否'}    {s['row_f1']:.3f}  "
            f"{r['matched']:>3}/{r['extra']:<2}/{r['missed']:<3}       {marks}"
            f"                {'是' if s['truncated'] else ''}{cut}"
        )
    generated = metrics["generated"]
    lines += [
        "",
        f"  generated 各版式与干扰（最低 F1 {generated['min_f1']:.3f}，用时 {generated['seconds']:.1f} s）：",
        "    版式/干扰" + " " * 23 + "表数       P      R     F1    表头     秒",
    ]
    for name, m in generated["cases"].items():
        lines.append(
            f"    {name:<30}{m['sheets']:>9}  {m['row_precision']:6.3f} {m['row_recall']:6.3f} "
            f"{m['row_f1']:6.3f}  {m['header_accuracy']:6.3f}  {m['seconds']:5.1f}"
        )
        lines += [f"      读取失败 {file}：{reason}" for file, reason in m["failed_files"].items()]
    return "\n".join(lines)
