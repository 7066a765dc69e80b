"""The parse eval holds its bars: seeds 56/56 with header fields ≥ 0.95 and indicator-row F1 ≥ 0.99, and
row F1 ≥ 0.95 on every generated layout, PDF renderings included."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evals import parse


@pytest.fixture(scope="module")
def metrics() -> dict:
    # Run once, as a user runs it: `python -m evals parse --json` (the layouts take a few seconds).
    completed = subprocess.run(
        [sys.executable, "-m", "evals", "parse", "--json"], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_every_seed_sheet_is_found(metrics):
    seeds = metrics["seeds"]
    assert seeds["sheets"] == seeds["gold_sheets"] == 56
    assert seeds["failed_files"] == {}


def test_seed_header_fields_meet_the_bar(metrics):
    seeds = metrics["seeds"]
    assert seeds["header_accuracy"] >= 0.95
    assert all(value >= 0.9 for value in seeds["header_fields"].values()), seeds["header_fields"]


def test_seed_indicator_rows_meet_the_bar(metrics):
    seeds = metrics["seeds"]
    assert seeds["row_f1"] >= 0.99
    assert seeds["row_precision"] >= 0.98 and seeds["row_recall"] >= 0.98


def test_every_generated_layout_meets_the_bar(metrics):
    layouts = metrics["generated"]["cases"]
    assert {"pipe", "spaces", "cell-per-line", "tree", "run-together", "pdf", "pdf-unruled"} <= layouts.keys()
    low = {name: m["row_f1"] for name, m in layouts.items() if m["row_f1"] < 0.95}
    assert not low, low
    assert all(not m["failed_files"] for m in layouts.values())
    assert metrics["generated"]["min_f1"] == min(m["row_f1"] for m in layouts.values())


def test_a_missing_sheet_counts_against_every_measure():
    gold = parse.load_gold()[0]
    assert not any(parse.header_matches(None, gold).values())
    assert sum(parse.gold_keys(gold).values()) == len(gold.indicators)
    assert parse.row_keys(None) == {}


def test_json_output_has_the_agreed_keys(metrics):
    assert {"seeds", "realworld", "generated"} <= metrics.keys()
    for name in ("seeds", "realworld"):
        assert {"sheets", "header_accuracy", "row_precision", "row_recall", "row_f1"} <= metrics[name].keys()
    assert len(metrics["realworld"]["per_sheet"]) == 18
    assert {"row_precision", "row_recall", "row_f1"} <= metrics["generated"]["cases"]["pdf"].keys()
