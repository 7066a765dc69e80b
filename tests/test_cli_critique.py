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
    assert [r["code"] for r in rules] == ["H01", "H02", "H03", "H04", *[f"R{i:02d}" for i in (*range(1, 35), *range(40, 44))]]
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


def test_critique_shows_the_reviewers_checklist(tmp_path: Path):
    path = _write(tmp_path, "sheet.json", gold_sheet("003", 1).to_sheet().model_dump_json())
    result = runner.invoke(app, ["critique", str(path)], terminal_width=200)
    assert result.exit_code == 0
    assert "审核清单" in result.output
    for check in ("目标明确", "指标完整", "细化量化", "归类正确", "合理可行", "相互匹配"):
        assert check in result.output
    assert "未通过" in result.output


def test_critique_json_carries_the_checklist(tmp_path: Path):
    path = _write(tmp_path, "good.json", exemplary_sheet().model_dump_json())
    critique = Critique.model_validate_json(runner.invoke(app, ["critique", str(path), "--json"]).output)
    assert critique.checklist[0].check == "目标明确" and all(c.passed for c in critique.checklist)


def _years(tmp_path: Path) -> tuple[Path, Path]:
    """rw08 as last year's sheet, and this year's: the same sheet a year on with one target lowered."""
    from tests.test_critique_history import edited, last_year, this_year

    previous = last_year()
    now = edited(this_year(previous), "补助学生数量", "150")
    return (
        _write(tmp_path, "this.json", now.model_dump_json()),
        _write(tmp_path, "last.json", previous.model_dump_json()),
    )


def test_critique_compares_with_last_years_sheet(tmp_path: Path):
    this, last = _years(tmp_path)
    result = runner.invoke(app, ["critique", str(this), "--previous", str(last), "--json"])
    assert result.exit_code == 0
    critique = Critique.model_validate_json(result.output)
    # The lowered target, and the deadline still in last year (the copy kept 2023年12月31日).
    assert [f.code for f in critique.findings if f.code.startswith("H")] == ["H01", "H03"]
    assert any("上年表" in n for n in critique.notices)
    shown = runner.invoke(app, ["critique", str(this), "--previous", str(last)], terminal_width=200)
    assert "H01" in shown.output and "≥168" in shown.output


def test_an_unreadable_previous_sheet_is_a_clear_refusal(tmp_path: Path):
    this, _ = _years(tmp_path)
    missing = tmp_path / "missing.xlsx"
    result = runner.invoke(app, ["critique", str(this), "--previous", str(missing)])
    assert result.exit_code == 2 and "无法读取上年表" in result.output
