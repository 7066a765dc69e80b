"""`python -m evals category`: where a row belongs, from the classifier alone, per set.

For every labelled row whose place is known (its own 二级 when it is filed right, `better_level2` when
a reviewer moved it; process items, which belong nowhere, are left out), the share where
`Classifier.predict(name, value)` names that 二级. Compared:
- kinds: the hand-written cues of assistant/data/critique_kinds.yaml (the standard, the 101 and 10号
  frameworks, general practice) and the value's form, nothing learned;
- learned: the name endings learned from gold alone (critique/learned.py);
- kinds + learned: what the critic uses.
Learned endings are retrained per fold: leave one seed file out for the seeds, leave one sheet out for
the realworld set, so an ending is never scored on a sheet it came from.

`python -m evals.category --write-endings` writes the shipped table
(assistant/data/learned_endings.json), learned from the seed and realworld gold together.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable

from assistant.critique.classifier import Classifier
from assistant.critique.kinds import judge
from assistant.critique.learned import LearnedEndings, data_path
from assistant.schema import TargetValue
from assistant.text import squash
from evals.critique import learned_from, right_level2, sheet_label, training_examples
from evals.gold import GoldSheet, load_gold, load_realworld

VARIANTS = ("kinds", "learned", "kinds_learned")


def _examples(sheets: tuple[GoldSheet, ...]) -> list[tuple[str, TargetValue, str]]:
    found = []
    for sheet in sheets:
        for i in sheet.indicators:
            right = right_level2(i.better_level2) if i.misplaced else right_level2(i.level2)
            if right:
                found.append((squash(i.name), TargetValue.parse(i.value), right))
    return found


def _learned_only(learned: LearnedEndings, name: str) -> str | None:
    found = learned.lookup(name)
    return found[1].level2 if found else None


def accuracy(
    held: tuple[GoldSheet, ...], others: tuple[GoldSheet, ...], key: Callable[[GoldSheet], str]
) -> dict:
    hits: dict[str, int] = defaultdict(int)
    total = 0
    kinds_only = Classifier(learned=None, name="kinds-only")
    for fold in sorted({key(s) for s in held}):
        test = tuple(s for s in held if key(s) == fold)
        learned = learned_from(others + tuple(s for s in held if key(s) != fold))
        both = Classifier(learned=learned, name=f"category:{fold}")
        for name, value, right in _examples(test):
            total += 1
            hits["kinds"] += kinds_only.predict(name, value).level2 == right
            hits["learned"] += _learned_only(learned, name) == right
            hits["kinds_learned"] += both.predict(name, value).level2 == right
    result: dict = {v: round(hits[v] / total, 4) if total else 0.0 for v in VARIANTS}
    result["rows"] = total
    return result


def run() -> dict:
    seeds, realworld = load_gold(), load_realworld()
    return {
        "seeds": accuracy(seeds, realworld, lambda s: s.seed_file),
        "realworld_loso": accuracy(realworld, seeds, sheet_label),
        "learned_endings": len(learned_from(seeds + realworld).endings),
        "kinds_judged": _kind_coverage(seeds + realworld),
    }


def _kind_coverage(sheets: tuple[GoldSheet, ...]) -> float:
    """Share of labelled rows whose kind a strong cue decides (the rest are weak or unknown)."""
    rows = [judge(squash(i.name), TargetValue.parse(i.value)) for s in sheets for i in s.indicators]
    return round(sum(j.strong for j in rows) / len(rows), 4) if rows else 0.0


def render(metrics: dict) -> str:
    lines = ["category — 指标名称+指标值→应在的二级（分类器单独，学得的线索按折留一）"]
    for name, title in (("seeds", "种子表（按文件留一）"), ("realworld_loso", "realworld（按表留一）")):
        m = metrics[name]
        lines.append(
            f"  {title}，{m['rows']} 条：仅人工线索 {m['kinds']:.3f}  仅学得结尾 {m['learned']:.3f}  "
            f"二者合用 {m['kinds_learned']:.3f}"
        )
    lines.append(
        f"  学得的名称结尾 {metrics['learned_endings']} 个；强线索判定类型的行占 {metrics['kinds_judged']:.3f}"
    )
    return "\n".join(lines)


ABOUT = (
    "Name endings (2-4 characters) and the 二级 their rows belong in, learned by "
    "`python -m evals.category --write-endings` from the labelled seed and realworld gold (evals/data): "
    "an ending is kept when rows of at least 3 different sheets carry it and 80% of them agree. "
    "{ending: [二级, purity, sheets]}. A statistic over many sheets, not any sheet's wording; the evals "
    "retrain it per fold (critique/learned.py)."
)


def write_endings() -> int:
    learned = LearnedEndings.train(training_examples(load_gold() + load_realworld()))
    path = data_path()
    partial = path.with_suffix(".json.partial")
    partial.write_text(learned.to_json(ABOUT), encoding="utf-8")
    partial.replace(path)
    print(f"{len(learned.endings)} endings written to {path}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m evals.category")
    parser.add_argument(
        "--write-endings", action="store_true", help="write assistant/data/learned_endings.json"
    )
    if parser.parse_args().write_endings:
        raise SystemExit(write_endings())
    print(render(run()))
