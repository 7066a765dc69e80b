"""`python -m evals knowledge`: the sector and project-type classifiers against hand labels.

Gold: evals/data/sector_labels.jsonl (every seed sheet and every realworld sheet, labelled by hand with
the 支出功能分类 类 of its spending and its project type, a note per label). Three inputs:
- seeds: the gold seed sheets' name, 主管部门, 实施单位 and goals (evals/data/seed_sheets.jsonl);
- realworld sheets: the same fields of ../shared/realworld/sheets/rwNN.json;
- realworld descriptions: a drafter's description with the project name and unit
  (../shared/realworld/descriptions.jsonl), which is what drafting will classify.
Nothing is trained: the cue lists in assistant/data/ were written from the classification's names and
general domain knowledge, so every set is held out from the classifier.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

from assistant.knowledge import ProjectText, classify_project_type, classify_sector
from evals.gold import DATA_DIR, GOLD_PATH

LABELS_PATH = DATA_DIR / "sector_labels.jsonl"
REALWORLD_DIR = Path(
    os.environ.get(
        "ASSISTANT_REALWORLD_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
    )
)


def load_labels() -> dict[tuple[str, str], dict]:
    rows = [json.loads(line) for line in LABELS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["set"], r["id"]): r for r in rows}


def _goals(row: dict) -> str:
    return "\n".join(g for g in (row.get("overall_goal"), row.get("annual_goal")) if g)


def _indicator_names(row: dict, with_indicators: bool) -> str:
    return "\n".join(i["name"] for i in row.get("indicators", [])) if with_indicators else ""


def seed_inputs(with_indicators: bool = False) -> list[tuple[str, ProjectText]]:
    found = []
    for line in GOLD_PATH.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = ProjectText(
            name=r["project_name"],
            department=r["department"] or "",
            unit=r["implementing_unit"] or "",
            goals=_goals(r),
            indicators=_indicator_names(r, with_indicators),
        )
        found.append((f"{r['seed_file']}#{r['index_in_file']}", text))
    return found


def realworld_sheet_inputs(
    folder: Path = REALWORLD_DIR, with_indicators: bool = False
) -> list[tuple[str, ProjectText]]:
    found = []
    for path in sorted((folder / "sheets").glob("rw*.json")):
        r = json.loads(path.read_text(encoding="utf-8"))
        text = ProjectText(
            name=r.get("project_name") or "",
            department=r.get("department") or "",
            unit=r.get("implementing_unit") or "",
            goals=_goals(r),
            indicators=_indicator_names(r, with_indicators),
        )
        found.append((path.stem, text))
    return found


def realworld_description_inputs(folder: Path = REALWORLD_DIR) -> list[tuple[str, ProjectText]]:
    path = folder / "descriptions.jsonl"
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        text = ProjectText(
            name=r.get("project_name") or "",
            unit=r.get("implementing_unit") or "",
            description=r["description"],
        )
        found.append((r["id"], text))
    return found


def score_set(
    inputs: list[tuple[str, ProjectText]], labels: dict[tuple[str, str], dict], label_set: str
) -> dict:
    started = time.perf_counter()
    for _, text in inputs:
        classify_sector(text), classify_project_type(text)
    ms_per_project = (time.perf_counter() - started) * 1000 / max(len(inputs), 1)
    hits = Counter()
    sector_confusions: list[str] = []
    type_confusions: list[str] = []
    for key, text in inputs:
        gold = labels[(label_set, key)]
        sectors = [s for s, _ in classify_sector(text)]
        types = [t for t, _ in classify_project_type(text)]
        predicted_sector = sectors[0] if sectors else "（无）"
        predicted_type = types[0] if types else "（无）"
        hits["sector_top1"] += predicted_sector == gold["sector"]
        hits["type_top1"] += predicted_type == gold["project_type"]
        hits["type_top2"] += gold["project_type"] in types[:2]
        hits["no_sector_evidence"] += not sectors
        hits["no_type_evidence"] += not types
        name = gold["project_name"][:24]
        if predicted_sector != gold["sector"]:
            sector_confusions.append(f"{key} {name}: {gold['sector']} → {predicted_sector}")
        if predicted_type != gold["project_type"]:
            type_confusions.append(f"{key} {name}: {gold['project_type']} → {predicted_type}")
    n = len(inputs)
    return {
        "n": n,
        "sector_top1": round(hits["sector_top1"] / n, 3) if n else 0.0,
        "type_top1": round(hits["type_top1"] / n, 3) if n else 0.0,
        "type_top2": round(hits["type_top2"] / n, 3) if n else 0.0,
        "no_sector_evidence": hits["no_sector_evidence"],
        "no_type_evidence": hits["no_type_evidence"],
        "ms_per_project": round(ms_per_project, 3),
        "sector_confusions": sector_confusions,
        "type_confusions": type_confusions,
    }


def run() -> dict:
    labels = load_labels()
    classify_sector(""), classify_project_type("")  # load the data and build the indexes before timing
    results: dict[str, dict | str] = {"seeds": score_set(seed_inputs(), labels, "seeds")}
    if (REALWORLD_DIR / "sheets").is_dir():
        results["realworld_sheets"] = score_set(realworld_sheet_inputs(), labels, "realworld")
        results["realworld_descriptions"] = score_set(realworld_description_inputs(), labels, "realworld")
    # Tagging a corpus sheet can also read its indicator names (weight 0.5): shown for information.
    results["seeds+indicators"] = score_set(seed_inputs(with_indicators=True), labels, "seeds")
    if (REALWORLD_DIR / "sheets").is_dir():
        results["realworld_sheets+indicators"] = score_set(
            realworld_sheet_inputs(with_indicators=True), labels, "realworld"
        )
    else:
        results["notice"] = (
            f"未找到真实样表目录 {REALWORLD_DIR}（可设 ASSISTANT_REALWORLD_DIR），只评测种子表"
        )
    return results


def render(metrics: dict) -> str:
    lines = ["知识库分类器（行业=支出功能分类 类，项目类型）", ""]
    lines.append(f"{'set':<30}{'n':>4}{'sector@1':>10}{'type@1':>9}{'type@2':>9}{'ms/project':>12}")
    for name, m in metrics.items():
        if isinstance(m, dict):
            lines.append(
                f"{name:<30}{m['n']:>4}{m['sector_top1']:>10.3f}{m['type_top1']:>9.3f}{m['type_top2']:>9.3f}"
                f"{m['ms_per_project']:>12.3f}"
            )
    for name, m in metrics.items():
        if not isinstance(m, dict):
            lines.append(f"\n{m}")
            continue
        lines.append(f"\n[{name}] 行业误判 {len(m['sector_confusions'])}：")
        lines.extend(f"  {c}" for c in m["sector_confusions"])
        lines.append(f"[{name}] 项目类型误判 {len(m['type_confusions'])}：")
        lines.extend(f"  {c}" for c in m["type_confusions"])
    return "\n".join(lines)
