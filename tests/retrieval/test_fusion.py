"""The fusion arithmetic the hybrid search relies on."""

from __future__ import annotations

import numpy as np

from assistant.retrieval.hybrid import weighted_rrf, zscore


def test_rrf_rewards_items_ranked_high_by_several_methods() -> None:
    fused = weighted_rrf([([1, 2, 3], 1.0), ([2, 3, 1], 1.0)], k=60)
    assert max(fused, key=fused.__getitem__) == 2


def test_a_heavier_method_wins_a_disagreement() -> None:
    fused = weighted_rrf([([1, 2], 3.0), ([2, 1], 1.0)], k=60)
    assert fused[1] > fused[2]


def test_zscore_of_constant_scores_is_zero_not_nan() -> None:
    assert np.all(zscore(np.full(5, 3.0)) == 0)


def test_zscore_statistics_come_from_the_masked_entries_only() -> None:
    values = np.array([0.0, 2.0, 100.0])
    z = zscore(values, np.array([True, True, False]))
    assert z[0] == -1.0 and z[1] == 1.0
