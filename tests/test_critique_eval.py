"""`python -m evals critique` options (issue 13): a folder of published sheets given with --gold-dir is
read like the realworld set, and --llm measures the LLM critic beside the rules over a real local
HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.config import LLMSettings
from assistant.llm.structured import forget_methods
from evals.critique import evaluate, evaluate_llm, load_folder, metrics_of, render, run
from evals.gold import REALWORLD_DIR, load_realworld
from tests.llm_server import FaultServer, Reply


def test_a_gold_folder_is_read_whatever_its_file_prefix(tmp_path: Path):
    assert [g.seed_file for g in load_folder(REALWORLD_DIR)] == [g.seed_file for g in load_realworld()]
    # The same two sheets under another prefix, labels renamed with them.
    for n, src in enumerate(sorted(REALWORLD_DIR.glob("rw0[12].json")), start=1):
        (tmp_path / f"d{n:02d}.json").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    labels = []
    for line in (REALWORLD_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        stem = label["sheet"].split()[0]
        if stem in ("rw01", "rw02"):
            labels.append(json.dumps({**label, "sheet": label["sheet"].replace(stem, f"d{stem[-2:]}")}))
    (tmp_path / "labels.jsonl").write_text("\n".join(labels), encoding="utf-8")
    moved = load_folder(tmp_path)
    original = [g for g in load_realworld() if g.seed_file[:4] in ("rw01", "rw02")]
    assert [g.indicators for g in moved] == [g.indicators for g in original]
    assert metrics_of(evaluate(moved)) == metrics_of(evaluate(original))


def test_gold_dir_is_a_set_of_its_own_in_the_output(tmp_path: Path):
    result = run(["--gold-dir", str(REALWORLD_DIR)])
    assert result["gold_dir"]["sheets"] == 18
    assert result["gold_dir"]["vague_f1"] == metrics_of(evaluate(load_realworld()))["vague_f1"]
    assert f"{REALWORLD_DIR} 18 张" in render(result)


@pytest.mark.timeout(120)
def test_the_llm_critic_is_measured_beside_the_rules(fault_server: FaultServer):
    forget_methods()
    settings = LLMSettings(
        base_url=fault_server.base_url, model="fault-model", api_key=SecretStr("sk-x"), timeout=5.0
    )
    sheets = load_realworld()[:4]
    fault_server.script(Reply.json_content({"issues": []}))
    silent = evaluate_llm(sheets, settings)
    rules = metrics_of(evaluate(sheets))
    assert silent["llm_findings"] == 0 and silent["unavailable_sheets"] == 0
    assert silent["misplaced_with_llm_f1"] == rules["misplaced_f1"]
    # An endpoint that calls the first row of every sheet an input posing as an output.
    fault_server.script(
        Reply.json_content(
            {
                "issues": [
                    {
                        "indicator_index": 0,
                        "kind": "input_as_output",
                        "message": "这是投入",
                        "suggestion": "改为产出",
                    }
                ]
            }
        )
    )
    loud = evaluate_llm(sheets, settings)
    assert 0 < loud["llm_findings_on_rows"] <= 4
    assert loud["misplaced_with_llm_recall"] >= silent["misplaced_with_llm_recall"]
