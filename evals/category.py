"""`python -m evals category`: how much the category classifier improves on the standard's own cues.

Two measurements on the gold seed sheets:
1. **二级 accuracy of the classifier alone** (name + value → 二级), against the right 二级 of each
   indicator (gold `better_level2` when misplaced, else its own 二级; process items, which belong
   nowhere, are left out). Compared: the cues written in STANDARD.md only, our default cue tables,
   a char-n-gram naive Bayes trained on the *sheets' own labels*, and cues + n-gram. The n-gram
   model is measured leave-one-seed-file-out: it never sees the file it is tested on (the seed
   files are separate regions/years, so this is the honest held-out split).
2. **Misplacement detection of the whole engine** (F1 and better-二级 accuracy as in
   evals/critique.py) with each classifier plugged in; the n-gram variant again leave-one-file-out.
"""

from __future__ import annotations

from collections import defaultdict

from assistant import taxonomy as tx
from assistant.critique.classifier import DEFAULT_CUES, STANDARD_CUES, Classifier
from assistant.critique.ngram import NgramModel
from assistant.schema import TargetValue
from assistant.text import squash
from evals import critique as critique_eval
from evals.gold import GoldSheet, load_gold


def _by_file(gold: tuple[GoldSheet, ...]) -> dict[str, tuple[GoldSheet, ...]]:
    files: dict[str, list[GoldSheet]] = defaultdict(list)
    for sheet in gold:
        files[sheet.seed_file].append(sheet)
    return {name: tuple(sheets) for name, sheets in files.items()}


def _training_labels(sheets: tuple[GoldSheet, ...]) -> list[tuple[str, str]]:
    """(name, the 二级 the sheet itself uses): what a parsed corpus would carry, errors included."""
    return [(squash(i.name), tx.level2_of(i.level2) or i.level2) for s in sheets for i in s.indicators]


def _examples(sheets: tuple[GoldSheet, ...]) -> list[tuple[str, TargetValue, str]]:
    found = []
    for sheet in sheets:
        for i in sheet.indicators:
            if i.misplaced and not i.better_level2:
                continue
            right = i.better_level2 if i.misplaced else i.level2
            found.append((squash(i.name), TargetValue.parse(i.value), tx.level2_of(right) or right))
    return found


def level2_accuracy(gold: tuple[GoldSheet, ...]) -> dict[str, float]:
    files = _by_file(gold)
    hits: dict[str, int] = defaultdict(int)
    total = 0
    standard, default = Classifier(STANDARD_CUES), Classifier(DEFAULT_CUES)
    for held_out, sheets in files.items():
        train = tuple(s for name, group in files.items() if name != held_out for s in group)
        model = NgramModel.train(_training_labels(train))
        combined = Classifier(DEFAULT_CUES, ngram=model)
        for name, value, right in _examples(sheets):
            total += 1
            hits["standard_cues"] += standard.predict(name, value).level2 == right
            hits["default_cues"] += default.predict(name, value).level2 == right
            hits["ngram_lofo"] += model.predict(name)[0] == right
            hits["default_cues_ngram_lofo"] += combined.predict(name, value).level2 == right
    return {
        key: round(hits[key] / total, 4)
        for key in ("standard_cues", "default_cues", "ngram_lofo", "default_cues_ngram_lofo")
    }


def engine_misplacement(gold: tuple[GoldSheet, ...]) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for key, cues in (("standard_cues", STANDARD_CUES), ("default_cues", DEFAULT_CUES)):
        m = critique_eval.metrics_of(critique_eval.evaluate(gold, Classifier(cues)))
        results[key] = {
            "misplaced_f1": m["misplaced_f1"],
            "better_level2_accuracy": m["better_level2_accuracy"],
        }
    files = _by_file(gold)
    total = critique_eval.Outcome()
    for held_out, sheets in files.items():
        train = tuple(s for name, group in files.items() if name != held_out for s in group)
        classifier = Classifier(DEFAULT_CUES, ngram=NgramModel.train(_training_labels(train)))
        part = critique_eval.evaluate(sheets, classifier)
        for attr in ("vague", "misplaced"):
            mine, theirs = getattr(total, attr), getattr(part, attr)
            mine.tp, mine.fp, mine.fn = mine.tp + theirs.tp, mine.fp + theirs.fp, mine.fn + theirs.fn
        total.level2_hits += part.level2_hits
        total.level2_total += part.level2_total
    m = critique_eval.metrics_of(total)
    results["default_cues_ngram_lofo"] = {
        "misplaced_f1": m["misplaced_f1"],
        "better_level2_accuracy": m["better_level2_accuracy"],
    }
    return results


def run() -> dict:
    gold = load_gold()
    return {
        "level2_accuracy": level2_accuracy(gold),
        "engine": engine_misplacement(gold),
        "indicators": len(_examples(gold)),
    }


def render(metrics: dict) -> str:
    acc = metrics["level2_accuracy"]
    lines = [
        f"category — 指标名称→二级 分类（{metrics['indicators']} 条，n-gram 按种子文件留一交叉验证）",
        f"  仅 STANDARD.md 线索      {acc['standard_cues']:.3f}",
        f"  默认线索表               {acc['default_cues']:.3f}",
        f"  字符 n-gram（留一文件）   {acc['ngram_lofo']:.3f}",
        f"  默认线索 + n-gram        {acc['default_cues_ngram_lofo']:.3f}",
        "  整个引擎的错放检测：",
    ]
    for key, values in metrics["engine"].items():
        lines.append(
            f"    {key:<26} misplaced F1={values['misplaced_f1']:.3f}  建议二级准确率={values['better_level2_accuracy']:.3f}"
        )
    return "\n".join(lines)
