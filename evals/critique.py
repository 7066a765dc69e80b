"""`python -m evals critique [--json]`: the rule critic against the gold labels, per set.

Sets: the 56 seed sheets and the 18 realworld sheets (evals/data/realworld), each critiqued as a
perfect parse (GoldSheet.to_sheet()) without corpus hints, so the numbers measure the rules alone.
Anything learned from gold (the name endings of critique/learned.py) is retrained per fold so it is
never scored on a sheet it came from:
- seeds: learned on the realworld gold and the other seed files (leave one seed file out: the sheets
  of one file are one bureau's near-copies);
- realworld_loso: learned on the seeds and the other 17 realworld sheets (leave one sheet out);
- realworld_in_sample: learned on everything, as the shipped table is (for comparison only).

Per indicator:
- vague: predicted when a value-form finding points at it (assistant.critique.is_value_form);
  gold `measurable == false`.
- misplaced: predicted when a category finding of severity warning or error points at it
  (assistant.critique.is_category); gold `misplaced == true`. Info-level hints are weak evidence and
  are counted apart (`misplaced_with_hints_*`).
- better_level2_accuracy: over gold misplaced indicators with a `better_level2`, the share where a
  category finding on the row suggests that 二级. `no_target_accuracy`: over gold misplaced rows that
  belong nowhere (process items), the share a category finding deletes.
Bars (issue 13): realworld_loso vague F1 ≥ 0.95, misplaced F1 ≥ 0.75, better-二级 ≥ 0.6;
seeds vague F1 ≥ 0.95, misplaced F1 ≥ 0.80.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.critique import critique_sheet, is_category, is_value_form
from assistant.critique.classifier import Classifier
from assistant.critique.learned import LearnedEndings
from assistant.schema import Finding
from assistant.text import squash
from evals.gold import GoldSheet, load_gold, load_realworld
from evals.metrics import prf

VAGUE_F1_BAR = 0.95
MISPLACED_F1_BAR = {"seeds": 0.80, "realworld_loso": 0.75}
LEVEL2_BAR = {"realworld_loso": 0.6}
SETS = ("seeds", "realworld_loso", "realworld_in_sample")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, predicted: bool, gold: bool, label: str) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append(f"FP {label}")
        elif gold:
            self.fn += 1
            self.errors.append(f"FN {label}")

    def absorb(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.errors.extend(other.errors)


@dataclass
class Outcome:
    vague: Counts = field(default_factory=Counts)
    misplaced: Counts = field(default_factory=Counts)
    misplaced_hints: Counts = field(default_factory=Counts)
    level2_hits: int = 0
    level2_total: int = 0
    no_target_hits: int = 0
    no_target_total: int = 0
    wrong_target: list[str] = field(default_factory=list)
    suggested_level2: list[str] = field(default_factory=list)  # rows with no 二级: what the critic proposes

    def absorb(self, other: Outcome) -> None:
        self.vague.absorb(other.vague)
        self.misplaced.absorb(other.misplaced)
        self.misplaced_hints.absorb(other.misplaced_hints)
        self.level2_hits += other.level2_hits
        self.level2_total += other.level2_total
        self.no_target_hits += other.no_target_hits
        self.no_target_total += other.no_target_total
        self.wrong_target.extend(other.wrong_target)
        self.suggested_level2.extend(other.suggested_level2)


def right_level2(label: str | None) -> str | None:
    """A gold 二级 ("满意度指标", "时效指标", "成本指标") as the critic names it."""
    if not label:
        return None
    return tx.level2_of(label) or tx.normalize_pair(label, None)[1]


def sheet_label(sheet: GoldSheet) -> str:
    stem = sheet.seed_file.removesuffix(".txt")
    return stem if stem.startswith("rw") else f"{stem[:3]}#{sheet.index_in_file}"


def evaluate(gold: Iterable[GoldSheet] | None = None, classifier: Classifier | None = None) -> Outcome:
    outcome = Outcome()
    for sheet in load_gold() if gold is None else gold:
        critique = critique_sheet(sheet.to_sheet(), hints=None, classifier=classifier)
        for i, g in enumerate(sheet.indicators):
            on_row = [f for f in critique.findings if f.indicator_index == i]
            label = f"{sheet_label(sheet)} 第{i + 1}行 {g.level2 or '（无二级）'}/{g.name} = {g.value!r}"
            outcome.vague.add(any(is_value_form(f) for f in on_row), not g.measurable, label)
            category = [f for f in on_row if is_category(f)]
            outcome.misplaced.add(bool(category), g.misplaced, label)
            outcome.misplaced_hints.add(any(is_category(f, hints=True) for f in on_row), g.misplaced, label)
            _score_target(outcome, g.misplaced, right_level2(g.better_level2), category, label)
            if not g.level2:
                fill = next((f for f in on_row if f.code in ("R01", "R02") and f.field == "level2"), None)
                if fill and fill.suggestion:
                    target = fill.suggestion.level2 or "删除"
                    outcome.suggested_level2.append(f"{label} → {target}")
    return outcome


def _score_target(
    outcome: Outcome, misplaced: bool, better: str | None, category: list[Finding], label: str
) -> None:
    if not misplaced:
        return
    suggested = {f.suggestion.level2 for f in category if f.suggestion}
    if better:
        outcome.level2_total += 1
        if better in suggested:
            outcome.level2_hits += 1
        elif category:
            outcome.wrong_target.append(
                f"{label}: 应为 {better}，建议 {sorted(s or '删除' for s in suggested)}"
            )
    else:
        outcome.no_target_total += 1
        if any(f.suggestion and f.suggestion.action == "delete" for f in category):
            outcome.no_target_hits += 1
        elif category:
            outcome.wrong_target.append(f"{label}: 应删除，建议 {sorted(s or '删除' for s in suggested)}")


# --- learned endings, per fold ---------------------------------------------------------------------


def training_examples(sheets: Iterable[GoldSheet]) -> list[tuple[str, str, str]]:
    """(sheet, name, the 二级 the row belongs in) for every labelled row whose place is known."""
    examples = []
    for sheet in sheets:
        key = sheet_label(sheet) if sheet.seed_file.startswith("rw") else sheet.seed_file
        for g in sheet.indicators:
            if g.misplaced:
                level2 = right_level2(g.better_level2)
            else:
                level2 = tx.normalize_pair(g.level1, g.level2)[1] if g.level2 else None
            if level2:
                examples.append((key, squash(g.name), level2))
    return examples


def learned_from(sheets: Iterable[GoldSheet]) -> LearnedEndings:
    return LearnedEndings.train(training_examples(sheets))


def _folds(
    held: tuple[GoldSheet, ...], others: tuple[GoldSheet, ...], key: Callable[[GoldSheet], str]
) -> Outcome:
    total = Outcome()
    for fold in sorted({key(s) for s in held}):
        test = tuple(s for s in held if key(s) == fold)
        train = others + tuple(s for s in held if key(s) != fold)
        classifier = Classifier(learned=learned_from(train), name=f"fold:{fold}")
        total.absorb(evaluate(test, classifier))
    return total


def outcomes() -> dict[str, Outcome]:
    seeds, realworld = load_gold(), load_realworld()
    return {
        "seeds": _folds(seeds, realworld, lambda s: s.seed_file),
        "realworld_loso": _folds(realworld, seeds, sheet_label),
        "realworld_in_sample": evaluate(
            realworld, Classifier(learned=learned_from(seeds + realworld), name="all")
        ),
    }


def metrics_of(outcome: Outcome) -> dict[str, float]:
    vp, vr, vf = prf(outcome.vague.tp, outcome.vague.fp, outcome.vague.fn)
    mp, mr, mf = prf(outcome.misplaced.tp, outcome.misplaced.fp, outcome.misplaced.fn)
    hp, hr, hf = prf(outcome.misplaced_hints.tp, outcome.misplaced_hints.fp, outcome.misplaced_hints.fn)

    def share(hits: int, total: int) -> float:
        return round(hits / total, 4) if total else 0.0

    return {
        "vague_precision": round(vp, 4),
        "vague_recall": round(vr, 4),
        "vague_f1": round(vf, 4),
        "misplaced_precision": round(mp, 4),
        "misplaced_recall": round(mr, 4),
        "misplaced_f1": round(mf, 4),
        "misplaced_with_hints_precision": round(hp, 4),
        "misplaced_with_hints_recall": round(hr, 4),
        "misplaced_with_hints_f1": round(hf, 4),
        "better_level2_accuracy": share(outcome.level2_hits, outcome.level2_total),
        "better_level2_n": outcome.level2_total,
        "no_target_accuracy": share(outcome.no_target_hits, outcome.no_target_total),
        "no_target_n": outcome.no_target_total,
    }


def run() -> dict:
    found = outcomes()
    result: dict = {name: metrics_of(found[name]) for name in SETS}
    loso = found["realworld_loso"]
    result["realworld_errors"] = {
        "vague": loso.vague.errors,
        "misplaced": loso.misplaced.errors,
        "wrong_target": loso.wrong_target,
        "suggested_level2_for_rows_without_one": loso.suggested_level2,
    }
    return result


_TITLES = {
    "seeds": "种子表 56 张（学得的线索按种子文件留一）",
    "realworld_loso": "realworld 18 张（学得的线索按表留一）",
    "realworld_in_sample": "realworld 18 张（学得的线索含本表，仅供对照）",
}


def render(metrics: dict) -> str:
    def bar(value: float, threshold: float | None) -> str:
        if threshold is None:
            return ""
        return f"（门槛 {threshold}，{'达标' if value >= threshold else '未达标'}）"

    lines = ["critique — 规则审核 vs 金标准（完美解析，无语料提示）"]
    for name in SETS:
        m = metrics[name]
        vague_bar = VAGUE_F1_BAR if name != "realworld_in_sample" else None
        lines += [
            f"  {_TITLES[name]}",
            f"    含糊/不可衡量  P={m['vague_precision']:.3f}  R={m['vague_recall']:.3f}  "
            f"F1={m['vague_f1']:.3f}  {bar(m['vague_f1'], vague_bar)}",
            f"    类别错放      P={m['misplaced_precision']:.3f}  R={m['misplaced_recall']:.3f}  "
            f"F1={m['misplaced_f1']:.3f}  {bar(m['misplaced_f1'], MISPLACED_F1_BAR.get(name))}",
            f"    含提示        P={m['misplaced_with_hints_precision']:.3f}  R={m['misplaced_with_hints_recall']:.3f}  "
            f"F1={m['misplaced_with_hints_f1']:.3f}",
            f"    建议二级准确率 {m['better_level2_accuracy']:.3f}（{m['better_level2_n']} 条）"
            f"{bar(m['better_level2_accuracy'], LEVEL2_BAR.get(name))}；"
            f"应删除的过程类指标删除率 {m['no_target_accuracy']:.3f}（{m['no_target_n']} 条）",
        ]
    errors = metrics["realworld_errors"]
    lines.append("  realworld（留一）的错误：")
    for kind, title in (("vague", "含糊"), ("misplaced", "错放"), ("wrong_target", "建议二级不对")):
        for error in errors[kind]:
            lines.append(f"    [{title}] {error}")
    if errors["suggested_level2_for_rows_without_one"]:
        lines.append("  无二级的行，建议的二级：")
        lines += [f"    {line}" for line in errors["suggested_level2_for_rows_without_one"]]
    return "\n".join(lines)
