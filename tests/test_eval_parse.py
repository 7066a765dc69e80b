"""The parse eval holds its bars: seeds 56/56 with header fields ≥ 0.95 and indicator-row F1 ≥ 0.99; the
real-world pages ≥ 17/18 read with row F1 ≥ 0.95 and header fields ≥ 0.90; row F1 ≥ 0.95 on every
generated layout and quirk family, PDF renderings included."""

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
        [sys.executable, "-m", "evals", "parse", "--json"], capture_output=True, text=True, timeout=900
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


def test_realworld_pages_meet_the_bar(metrics):
    realworld = metrics["realworld"]
    assert realworld["gold_sheets"] == 18
    assert realworld["sheets"] >= 17, realworld["failed_files"]
    assert realworld["row_f1"] >= 0.95
    assert realworld["header_accuracy"] >= 0.90, realworld["header_fields"]


def test_every_quirk_family_is_measured(metrics):
    quirks = {name for name in metrics["generated"]["cases"] if name.startswith("quirk:")}
    assert {
        "quirk:chrome",
        "quirk:header-aliases",
        "quirk:extra-columns",
        "quirk:glued-weights",
        "quirk:placeholders",
        "quirk:truncated",
        "quirk:broken-labels",
        "quirk:one-cell-per-line",
        "quirk:cells-run-together",
    } <= quirks


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
    assert parse.score_sheet(None, gold).missed == len(gold.indicators)


def test_names_are_compared_without_their_codes_and_slot_prefixes():
    assert parse.name_key("[812]自治区 教育厅") == parse.name_key("自治区教育厅") == "自治区教育厅"
    assert parse.name_key("404-某市文化和旅游局") == parse.name_key("【404】某市文化和旅游局")
    assert parse.indicator_key("产出指标", "数量指标", "指标1：培训人数", "≥ 10人") == (
        "产出指标",
        "数量指标",
        "培训人数",
        "≥10人",
    )


def test_the_row_a_truncated_page_was_cut_in_is_not_held_against_the_reader():
    from assistant.schema import Indicator, Sheet

    gold = next(g for g in parse.load_realworld() if g.truncated)
    rows = [Indicator(level1=i.level1, level2=i.level2, name=i.name, value=i.value) for i in gold.indicators]
    cut = Indicator(level1="产出指标", level2="质量指标", name="验收合", value="")
    sheet = Sheet(project_name="x", indicators=[*rows, cut])
    score = parse.score_sheet(sheet, gold, page_text="……验收合")
    assert (score.extra, score.cut_row) == (0, "验收合")
    # anywhere but at the page's end it is an extra row
    assert parse.score_sheet(sheet, gold, page_text="验收合……").extra == 1


def test_json_output_has_the_agreed_keys(metrics):
    assert {"seeds", "realworld", "generated"} <= metrics.keys()
    for name in ("seeds", "realworld"):
        assert {"sheets", "header_accuracy", "row_precision", "row_recall", "row_f1"} <= metrics[name].keys()
    assert len(metrics["realworld"]["per_sheet"]) == 18
    assert {"row_precision", "row_recall", "row_f1"} <= metrics["generated"]["cases"]["pdf"].keys()
