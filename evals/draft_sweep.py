"""`python -m evals draft-sweep`: how the drafter's sheet-similarity threshold was chosen.

The drafter borrows rows only from corpus sheets of the project's sector whose text is at least
`SIMILAR_SHEET` alike the project's (assistant/drafting/retrieval_source.py). This sweep runs the
leave-one-out draft eval (evals/draft.py) over both sets for a range of thresholds and prints recall,
rows per draft, rows borrowed and rows borrowed across sectors for each; the default was read off it.
"""

from __future__ import annotations

from assistant.corpus import load_corpus
from assistant.drafting.retrieval_source import SIMILAR_SHEET, RetrievalSource
from assistant.retrieval.memory import corpus_lexical_index
from evals.draft import measure, realworld_cases, sector_labels, seed_cases

THRESHOLDS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15, 0.20)


def run() -> dict:
    corpus = load_corpus()
    labels = sector_labels()
    sets = {"seeds": seed_cases(corpus, labels), "realworld": realworld_cases(corpus, labels)}
    results: dict[str, dict] = {}
    for threshold in THRESHOLDS:
        source = RetrievalSource(corpus_lexical_index(), ("lexical",), min_similarity=threshold)
        results[f"{threshold:.2f}"] = {
            name: {
                key: m[key]
                for key in ("recall", "indicators_per_draft", "borrowed_rows", "cross_sector_rows", "score")
            }
            for name, cases in sets.items()
            for m in (measure(cases, corpus, labels, source=source),)
        }
    return {"default": SIMILAR_SHEET, "thresholds": results}


def render(m: dict) -> str:
    lines = [
        f"draft-sweep — 相似项目阈值（当前默认 {m['default']:.2f}）",
        "  阈值   seeds recall/行数/借用/跨行业   realworld recall/行数/借用/跨行业",
    ]
    for threshold, r in m["thresholds"].items():
        s, w = r["seeds"], r["realworld"]
        lines.append(
            f"  {threshold}  {s['recall']:.3f} / {s['indicators_per_draft']:.1f} / {s['borrowed_rows']} / {s['cross_sector_rows']}"
            f"        {w['recall']:.3f} / {w['indicators_per_draft']:.1f} / {w['borrowed_rows']} / {w['cross_sector_rows']}"
        )
    return "\n".join(lines)
