"""The hand labels the classifiers are measured on (evals/data/sector_labels.jsonl) are complete and valid."""

from __future__ import annotations

import pytest

from assistant.knowledge import load_knowledge
from evals.knowledge import REALWORLD_DIR, load_labels, realworld_sheet_inputs, score_set, seed_inputs


def test_every_seed_sheet_has_one_label():
    labels = load_labels()
    seed_keys = [key for key, _ in seed_inputs()]
    assert len(seed_keys) == 56
    assert {k for (s, k) in labels if s == "seeds"} == set(seed_keys)


@pytest.mark.skipif(
    not (REALWORLD_DIR / "sheets").is_dir(), reason="shared realworld set not on this machine"
)
def test_every_realworld_sheet_has_one_label():
    labels = load_labels()
    assert {k for (s, k) in labels if s == "realworld"} == {key for key, _ in realworld_sheet_inputs()}


def test_labels_use_the_knowledge_names_and_codes_and_explain_themselves():
    knowledge = load_knowledge()
    types = {t.name for t in knowledge.project_types.categories}
    for label in load_labels().values():
        assert knowledge.sector(label["sector"]).code == label["sector_code"], label["id"]
        assert label["project_type"] in types, label["id"]
        assert len(label["note"]) > 10, label["id"]


def test_score_set_counts_hits_and_lists_confusions():
    labels = load_labels()
    one = seed_inputs()[:1]
    key = one[0][0]
    result = score_set(one, labels, "seeds")
    assert result["n"] == 1
    assert result["sector_top1"] == 1.0  # a 司法所 sheet is 公共安全
    wrong = {("seeds", key): {**labels[("seeds", key)], "sector": "教育"}}
    assert score_set(one, wrong, "seeds")["sector_confusions"]
