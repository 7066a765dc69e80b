"""Small metric helpers shared by the evals."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

_SPACE = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """Whitespace-normalised text for comparisons (all whitespace removed)."""
    return _SPACE.sub("", text or "")


def bigrams(text: str) -> set[str]:
    text = squash(text)
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity, the near-match measure of research/tech.md."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1])
