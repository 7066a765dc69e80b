"""`python -m evals critique`: the rule critic against the gold labels of the seed sheets.

Each gold sheet is critiqued as a perfect parse (GoldSheet.to_sheet()), without corpus hints, so
the numbers measure the rules alone. Per indicator:
- vague: predicted when any value-form finding points at it (assistant.critique.is_value_form:
  R07, R13, R18, R23, and R01 on an empty 指标值); gold is `measurable == false`.
- misplaced: predicted when any category finding points at it (assistant.critique.is_category:
  R15, R16, R17, R19, R20, R21, R34); gold is `misplaced == true`.
- better_level2_accuracy: over gold misplaced indicators with a non-null `better_level2`, the share
  where some category finding on the indicator suggests exactly that 二级.
Bars (issue 3): vague F1 ≥ 0.95, misplaced F1 ≥ 0.80.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.critique import critique_sheet, is_category, is_value_form
from assistant.critique.classifier import Classifier
from evals.gold import GoldSheet, load_gold
from evals.metrics import prf

VAGUE_F1_BAR = 0.95
MISPLACED_F1_BAR = 0.80


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


@dataclass
class Outcome:
    vague: Counts = field(default_factory=Counts)
    misplaced: Counts = field(default_factory=Counts)
    level2_hits: int = 0
    level2_total: int = 0


def evaluate(gold: tuple[GoldSheet, ...] | None = None, classifier: Classifier | None = None) -> Outcome:
    outcome = Outcome()
    for sheet in gold or load_gold():
        critique = critique_sheet(sheet.to_sheet(), hints=None, classifier=classifier)
        for i, g in enumerate(sheet.indicators):
            on_row = [f for f in critique.findings if f.indicator_index == i]
            label = f"{sheet.seed_file[:3]}#{sheet.index_in_file} {g.level2}/{g.name} = {g.value!r}"
            outcome.vague.add(any(is_value_form(f) for f in on_row), not g.measurable, label)
            category = [f for f in on_row if is_category(f)]
            outcome.misplaced.add(bool(category), g.misplaced, label)
            if g.misplaced and g.better_level2:
                outcome.level2_total += 1
                if any(f.suggestion and f.suggestion.level2 == g.better_level2 for f in category):
                    outcome.level2_hits += 1
    return outcome


def metrics_of(outcome: Outcome) -> dict[str, float]:
    vp, vr, vf = prf(outcome.vague.tp, outcome.vague.fp, outcome.vague.fn)
    mp, mr, mf = prf(outcome.misplaced.tp, outcome.misplaced.fp, outcome.misplaced.fn)
    accuracy = outcome.level2_hits / outcome.level2_total if outcome.level2_total else 0.0
    return {
        "vague_precision": round(vp, 4),
        "vague_recall": round(vr, 4),
        "vague_f1": round(vf, 4),
        "misplaced_precision": round(mp, 4),
        "misplaced_recall": round(mr, 4),
        "misplaced_f1": round(mf, 4),
        "better_level2_accuracy": round(accuracy, 4),
    }


def run() -> dict:
    return metrics_of(evaluate())


def render(metrics: dict) -> str:
    def bar(value: float, threshold: float) -> str:
        return "达标" if value >= threshold else "未达标"

    lines = [
        "critique — 规则审核 vs 金标准（56 张种子表，完美解析，无语料提示）",
        f"  含糊/不可衡量  P={metrics['vague_precision']:.3f}  R={metrics['vague_recall']:.3f}  "
        f"F1={metrics['vague_f1']:.3f}  （门槛 {VAGUE_F1_BAR}，{bar(metrics['vague_f1'], VAGUE_F1_BAR)}）",
        f"  类别错放      P={metrics['misplaced_precision']:.3f}  R={metrics['misplaced_recall']:.3f}  "
        f"F1={metrics['misplaced_f1']:.3f}  （门槛 {MISPLACED_F1_BAR}，{bar(metrics['misplaced_f1'], MISPLACED_F1_BAR)}）",
        f"  建议二级准确率 {metrics['better_level2_accuracy']:.3f}",
    ]
    return "\n".join(lines)
