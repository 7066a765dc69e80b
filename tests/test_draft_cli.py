"""`assistant draft`: a table on the terminal, exports that ingestion reads back to the same indicators."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.ingest import read_path

DESCRIPTION = "本项目为法治宣传教育工作经费，年度资金20万元，全年开展法治宣传活动48场，覆盖群众3000人次，活动参与群众满意度不低于90%。"


def _draft(*args: str):
    return CliRunner().invoke(app, ["draft", DESCRIPTION, "--year", "2025", "--offline", *args])


def test_draft_prints_the_table_with_a_basis_per_row() -> None:
    result = _draft()
    assert result.exit_code == 0, result.output
    assert "法治宣传活动场次" in result.stdout and "≥48场" in result.stdout
    assert "取自描述" in result.stdout


def test_draft_json_is_the_draft_model() -> None:
    result = _draft("--json")
    payload = json.loads(result.stdout)
    assert payload["sheet"]["year"] == 2025
    assert all(i["provenance"]["basis"] for i in payload["sheet"]["indicators"])


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".json"])
def test_an_exported_draft_reads_back_to_the_same_indicators(tmp_path, suffix: str) -> None:
    out = tmp_path / f"draft{suffix}"
    drafted = json.loads(_draft("--json", "--out", str(out)).stdout)["sheet"]
    [sheet] = read_path(out)
    assert sheet.project_name == drafted["project_name"]
    assert [(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators] == [
        (i["level1"], i["level2"], i["name"], i["value"]["raw"]) for i in drafted["indicators"]
    ]


def test_an_empty_description_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["draft", "  "])
    assert result.exit_code == 2
    assert "项目描述为空" in result.output


def test_an_unknown_export_format_is_refused(tmp_path) -> None:
    result = _draft("--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "不支持的导出格式" in result.output
