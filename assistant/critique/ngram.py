"""A small character n-gram naive Bayes model: indicator name → 二级, trained on a corpus's own labels.

The labels a corpus carries are the categories the drafters chose, so they are noisy (a few rows
sit in the wrong 二级). The model therefore only breaks ties where no word cue speaks (see
classifier.py); its held-out accuracy is measured in evals/category.py (leave-one-source-out).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.text import padded_ngrams

NGRAM_SIZES = (1, 2, 3)


@dataclass
class NgramModel:
    """Multinomial naive Bayes with add-one smoothing over character 1–3-grams."""

    class_counts: Counter[str] = field(default_factory=Counter)
    gram_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    totals: Counter[str] = field(default_factory=Counter)
    vocabulary: set[str] = field(default_factory=set)

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> NgramModel:
        model = cls()
        for name, label in examples:
            grams = padded_ngrams(name, NGRAM_SIZES)
            model.class_counts[label] += 1
            model.gram_counts[label].update(grams)
            model.totals[label] += len(grams)
            model.vocabulary.update(grams)
        return model

    def __bool__(self) -> bool:
        return bool(self.class_counts)

    def log_scores(self, name: str) -> dict[str, float]:
        grams = padded_ngrams(name, NGRAM_SIZES)
        size = len(self.vocabulary) + 1
        total = sum(self.class_counts.values())
        scores: dict[str, float] = {}
        for label, count in self.class_counts.items():
            counts = self.gram_counts[label]
            denominator = self.totals[label] + size
            score = math.log(count / total)
            for gram in grams:
                score += math.log((counts.get(gram, 0) + 1) / denominator)
            scores[label] = score
        return scores

    def probabilities(self, name: str) -> dict[str, float]:
        scores = self.log_scores(name)
        if not scores:
            return {}
        top = max(scores.values())
        exp = {label: math.exp(s - top) for label, s in scores.items()}
        norm = sum(exp.values())
        return {label: v / norm for label, v in exp.items()}

    def predict(self, name: str) -> tuple[str | None, float]:
        probs = self.probabilities(name)
        if not probs:
            return None, 0.0
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]
