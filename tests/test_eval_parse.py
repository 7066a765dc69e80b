"""The parse eval holds its bar: 56/56 sheets, header fields ≥ 0.95, indicator-row F1 ≥ 0.97, and
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


def test_every_gold_sheet_is_found(metrics):
    assert metrics["sheets"] == metrics["gold_sheets"] == 56
    assert metrics["failed_files"] == {}


def test_header_fields_meet_the_bar(metrics):
    assert metrics["header_accuracy"] >= 0.95
    assert all(value >= 0.9 for value in metrics["header_fields"].values()), metrics["header_fields"]


def test_indicator_rows_meet_the_bar(metrics):
    assert metrics["row_f1"] >= 0.97
    assert metrics["row_precision"] >= 0.95 and metrics["row_recall"] >= 0.95


def test_every_generated_layout_meets_the_bar(metrics):
    layouts = metrics["layouts"]
    assert {"pipe", "spaces", "cell-per-line", "tree", "run-together", "pdf", "pdf-unruled"} <= layouts.keys()
    low = {name: m["row_f1"] for name, m in layouts.items() if m["row_f1"] < 0.95}
    assert not low, low
    assert all(not m["failed_files"] for m in layouts.values())
    assert metrics["layout_min_f1"] == min(m["row_f1"] for m in layouts.values())


def test_a_missing_sheet_counts_against_every_measure():
    gold = parse.load_gold()[0]
    assert not any(parse.header_matches(None, gold).values())
    assert sum(parse.gold_keys(gold).values()) == len(gold.indicators)
    assert parse.row_keys(None) == {}


def test_json_output_has_the_agreed_keys(metrics):
    assert {"sheets", "header_accuracy", "row_precision", "row_recall", "row_f1", "layouts"} <= metrics.keys()
    assert {"row_precision", "row_recall", "row_f1"} <= metrics["layouts"]["pdf"].keys()
