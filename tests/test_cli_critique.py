"""`assistant critique` and `assistant rules`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.schema import Critique
from tests.sheets import exemplary_sheet, gold_sheet

runner = CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_lists_every_rule_with_its_status():
    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    rules = json.loads(result.output)
    assert [r["code"] for r in rules] == [f"R{i:02d}" for i in range(1, 35)]
    by_code = {r["code"]: r for r in rules}
    assert by_code["R07"]["status"] == "执行" and by_code["R07"]["severity"] == "error"
    assert by_code["R28"]["status"].startswith("条件执行")


def test_rules_table_is_printed():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0 and "R34" in result.output and "检查内容" in result.output


def test_critique_json_is_the_critique_model(tmp_path: Path):
    path = _write(tmp_path, "good.json", exemplary_sheet().model_dump_json())
    result = runner.invoke(app, ["critique", str(path), "--json"])
    assert result.exit_code == 0
    critique = Critique.model_validate_json(result.output)
    assert critique.score >= 90 and critique.grade == "优"


def test_critique_json_of_several_sheets_is_a_list(tmp_path: Path):
    a = _write(tmp_path, "a.json", exemplary_sheet().model_dump_json())
    b = _write(tmp_path, "b.json", gold_sheet("003", 1).to_sheet().model_dump_json())
    result = runner.invoke(app, ["critique", str(a), str(b), "--json"])
    payload = json.loads(result.output)
    assert result.exit_code == 0 and isinstance(payload, list) and len(payload) == 2
    assert payload[1]["grade"] == "差"
    assert any(f["code"] == "R15" for f in payload[1]["findings"])


def test_critique_report_shows_score_dimensions_and_suggestions(tmp_path: Path):
    path = _write(tmp_path, "bad.json", gold_sheet("003", 1).to_sheet().model_dump_json())
    result = runner.invoke(app, ["critique", str(path)])
    assert result.exit_code == 0
    for text in ("总分", "可衡量性", "相关性与一致性", "R15", "建议：", "改写："):
        assert text in result.output


def test_unreadable_file_is_named_in_chinese_and_the_others_still_run(tmp_path: Path):
    good = _write(tmp_path, "good.json", exemplary_sheet().model_dump_json())
    broken = _write(tmp_path, "broken.json", '{"project_name": "x", "indicators": [')
    result = runner.invoke(app, ["critique", str(broken), str(good), "--json"])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "JSON" in result.stderr
    assert Critique.model_validate_json(result.stdout).grade == "优"
