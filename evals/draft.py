"""`python -m evals draft`: leave-one-out drafting over the corpus.

For each corpus sheet: remove it from what the drafter may see (retrieval excludes its id, the
critique hints are rebuilt without it), draft from its name, goals and funds, and measure
- schema_valid: the Draft validates against the public model;
- coverage: share of drafts with every required category (数量, 质量, 时效, 效益, 满意度, 成本);
- measurable: share of drafted indicators whose value is measurable;
- error_free: share of drafts with no error-severity finding;
- recall: share of the held-out sheet's indicator names matched (char-bigram Dice ≥ 0.6) by a
  drafted name, averaged over sheets; recall_ceiling: the same against the whole remaining corpus;
- baseline_recall: the popularity baseline, i.e. the N most frequent names of the remaining corpus
  regardless of the query, N = the size of that sheet's draft;
- recall_good / baseline_recall_good: the same two, over the held-out rows the rule critic accepts
  (no error, no category finding). The drafter deliberately does not reproduce boilerplate such as
  立项依据的充分性 / 充分 or 公信力 / 提高, which the popularity baseline does;
- p50_ms / p95_ms: latency of one draft (retrieval, drafting, critique and repair).
"""

from __future__ import annotations

import time
from collections import Counter

from assistant import taxonomy as tx
from assistant.corpus import load_corpus
from assistant.critique import critique_sheet, is_category
from assistant.critique.hints import CorpusHints
from assistant.drafting import draft
from assistant.drafting.service import default_source
from assistant.schema import Draft, DraftRequest, Severity, Sheet
from evals.metrics import dice, percentile, squash

MATCH = 0.6
REQUIRED_GROUPS: dict[str, tuple[str, ...]] = {
    "数量": (tx.QUANTITY,),
    "质量": (tx.QUALITY,),
    "时效": (tx.TIMELINESS,),
    "效益": tx.BENEFIT_LEVEL2,
    "满意度": (tx.SERVICE_SATISFACTION,),
    "成本": tx.COST_LEVEL2,
}


def request_for(sheet: Sheet) -> DraftRequest:
    goals = "\n".join(g for g in (sheet.overall_goal, sheet.annual_goal) if g and g.strip() not in ("100%",))
    return DraftRequest(
        description=f"{sheet.project_name}。{goals}" if goals else sheet.project_name,
        project_name=sheet.project_name,
        year=sheet.year,
        funds=sheet.funds.total,
        implementing_unit=sheet.implementing_unit,
        department=sheet.department,
    )


def _matched(names: list[str], candidates: list[str]) -> int:
    return sum(any(dice(n, c) >= MATCH for c in candidates) for n in names)


def _popular(sheets: list[Sheet]) -> list[str]:
    """Names ranked by how many sheets contain them (normalised), most frequent first."""
    counts: Counter[str] = Counter()
    for sheet in sheets:
        counts.update({squash(i.name) for i in sheet.indicators if squash(i.name)})
    return [name for name, _ in counts.most_common()]


def _good_names(sheet: Sheet) -> list[str]:
    """Names of the held-out rows the rule critic accepts (no error, no category finding): the rows a
    drafter should reproduce, as opposed to boilerplate such as 立项依据的充分性 / 充分."""
    bad = {
        f.indicator_index
        for f in critique_sheet(sheet).findings
        if f.indicator_index is not None and (f.severity is Severity.ERROR or is_category(f))
    }
    return [squash(i.name) for n, i in enumerate(sheet.indicators) if n not in bad and squash(i.name)]


def covered(d: Draft) -> bool:
    level2s = {i.level2 for i in d.sheet.indicators}
    return all(level2s & set(group) for group in REQUIRED_GROUPS.values())


def run() -> dict:
    sheets = [s for s in load_corpus() if s.indicators]
    source = default_source()
    results = {"schema_valid": 0, "coverage": 0, "error_free": 0}
    measurable = total_rows = 0
    recalls, ceilings, baselines, latencies = [], [], [], []
    good_recalls, good_baselines = [], []
    for held_out in sheets:
        others = [s for s in sheets if s.id != held_out.id]
        hints = CorpusHints.from_sheets(others)
        names = [squash(i.name) for i in held_out.indicators if squash(i.name)]
        started = time.perf_counter()
        result = draft(
            request_for(held_out),
            source=source,
            exclude_sheet_ids=[held_out.id],
            backend="offline",
            hints=hints,
        )
        latencies.append((time.perf_counter() - started) * 1000)
        try:
            Draft.model_validate_json(result.model_dump_json())
            results["schema_valid"] += 1
        except ValueError:
            pass
        results["coverage"] += covered(result)
        results["error_free"] += not any(f.severity is Severity.ERROR for f in result.critique.findings)
        measurable += sum(i.value.measurable for i in result.sheet.indicators)
        total_rows += len(result.sheet.indicators)
        drafted = [i.name for i in result.sheet.indicators]
        corpus_names = [i.name for s in others for i in s.indicators]
        popular = _popular(others)[: len(drafted)]
        recalls.append(_matched(names, drafted) / len(names))
        ceilings.append(_matched(names, corpus_names) / len(names))
        baselines.append(_matched(names, popular) / len(names))
        good = _good_names(held_out)
        if good:
            good_recalls.append(_matched(good, drafted) / len(good))
            good_baselines.append(_matched(good, popular) / len(good))
    n = len(sheets)
    return {
        "sheets": n,
        "source": "retrieval" if source is not None else "none",
        "schema_valid": results["schema_valid"] / n,
        "coverage": results["coverage"] / n,
        "measurable": measurable / total_rows,
        "error_free": results["error_free"] / n,
        "recall": sum(recalls) / n,
        "recall_ceiling": sum(ceilings) / n,
        "baseline_recall": sum(baselines) / n,
        "recall_good": sum(good_recalls) / len(good_recalls),
        "baseline_recall_good": sum(good_baselines) / len(good_baselines),
        "indicators_per_draft": total_rows / n,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
    }


def render(m: dict) -> str:
    bars = (
        ("schema_valid", 1.0),
        ("coverage", 1.0),
        ("measurable", 0.95),
        ("error_free", 1.0),
    )
    lines = [f"draft — 留一法草拟（{m['sheets']} 张表，检索来源：{m['source']}）"]
    for key, bar in bars:
        lines.append(f"  {key:<14} {m[key]:.3f}  （门槛 {bar}，{'达标' if m[key] >= bar else '未达标'}）")
    ratio = m["recall"] / m["baseline_recall"] if m["baseline_recall"] else float("inf")
    lines.append(
        f"  recall         {m['recall']:.3f}  （上限 {m['recall_ceiling']:.3f}，热门基线 {m['baseline_recall']:.3f}，"
        f"倍数 {ratio:.2f}，门槛 1.5×）"
    )
    good_ratio = m["recall_good"] / m["baseline_recall_good"] if m["baseline_recall_good"] else float("inf")
    lines.append(
        f"  recall（仅规则认可的指标） {m['recall_good']:.3f}  （热门基线 {m['baseline_recall_good']:.3f}，倍数 {good_ratio:.2f}）"
    )
    lines.append(f"  每表指标数     {m['indicators_per_draft']:.1f}")
    lines.append(f"  延迟 p50/p95   {m['p50_ms']:.0f} / {m['p95_ms']:.0f} ms（门槛 p50 ≤ 300 ms）")
    return "\n".join(lines)
