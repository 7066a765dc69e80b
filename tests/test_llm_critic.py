"""The LLM critic over a real socket: semantic findings merged into the rule critique, never duplicated,
and a rule-only critique with a notice when the endpoint fails."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import LLMSettings
from assistant.critique import critique_sheet
from assistant.critique.llm_critic import with_llm
from assistant.llm.structured import forget_methods
from evals.gold import load_gold
from tests.llm_server import FaultServer, Reply

pytestmark = pytest.mark.timeout(60)
KEY = "sk-test-CRITIC-SECRET-987654321"


@pytest.fixture(autouse=True)
def _fresh_methods() -> None:
    forget_methods()


@pytest.fixture
def sheet():
    # 001 #1 矫正工作业务经费: has "辖区社会安定环境持续提升" (R30 attribution) among others.
    return next(g for g in load_gold() if g.seed_file.startswith("001") and g.index_in_file == 1).to_sheet()


def settings_for(server: FaultServer) -> LLMSettings:
    return LLMSettings(base_url=server.base_url, model="fault-model", api_key=SecretStr(KEY), timeout=5.0)


def test_semantic_findings_are_added_with_stable_codes(fault_server: FaultServer, sheet) -> None:
    fault_server.script(
        Reply.json_content(
            {
                "issues": [
                    {
                        "indicator_index": 1,
                        "kind": "input_as_output",
                        "message": "移动执法设备配置是投入，不是产出",
                        "suggestion": "改为设备使用产出，如“移动执法设备核查覆盖人次”",
                        "suggested_name": "移动执法核查人次",
                        "suggested_value": "≥1200人次",
                    },
                ]
            }
        )
    )
    rules = critique_sheet(sheet)
    merged = with_llm(sheet, rules, settings_for(fault_server))
    added = [f for f in merged.findings if f.source == "llm"]
    assert [(f.code, f.indicator_index) for f in added] == [("L03", 1)]
    assert added[0].suggestion.value == "≥1200人次"
    assert merged.score == rules.score  # the score stays the rule score


def test_a_finding_the_rules_already_made_is_not_repeated(fault_server: FaultServer, sheet) -> None:
    rules = critique_sheet(sheet)
    r30 = next(f for f in rules.findings if f.code == "R30")
    fault_server.script(
        Reply.json_content(
            {
                "issues": [
                    {
                        "indicator_index": r30.indicator_index,
                        "kind": "not_attributable",
                        "message": "宏观结果无法归因于本项目",
                        "suggestion": "改为项目层面的结果",
                    },
                ]
            }
        )
    )
    merged = with_llm(sheet, rules, settings_for(fault_server))
    assert not [f for f in merged.findings if f.source == "llm"]


def test_an_out_of_range_index_is_sent_back_for_repair(fault_server: FaultServer, sheet) -> None:
    bad = {"issues": [{"indicator_index": 99, "kind": "other", "message": "无关指标", "suggestion": "删除"}]}
    fault_server.script(Reply.json_content(bad), Reply.json_content({"issues": []}))
    merged = with_llm(sheet, critique_sheet(sheet), settings_for(fault_server))
    assert len(fault_server.received) == 2
    assert "超出范围" in fault_server.received[1].json()["messages"][-1]["content"]
    assert not [f for f in merged.findings if f.source == "llm"]


def test_an_endpoint_failure_leaves_the_rule_critique_with_a_notice(fault_server: FaultServer, sheet) -> None:
    fault_server.script(*([Reply.error(500, "down")] * 10))
    rules = critique_sheet(sheet)
    merged = with_llm(sheet, rules, settings_for(fault_server))
    assert merged.findings == rules.findings
    assert any("大模型语义审核不可用" in n for n in merged.notices)
    assert KEY not in merged.model_dump_json()


def test_critique_llm_flag_through_the_cli(fault_server: FaultServer, monkeypatch, tmp_path, sheet) -> None:
    path = tmp_path / "sheet.json"
    path.write_text(sheet.model_dump_json(), encoding="utf-8")
    fault_server.script(
        Reply.json_content(
            {
                "issues": [
                    {
                        "indicator_index": None,
                        "kind": "goal_not_measured",
                        "message": "年度目标中的定位监管没有指标衡量",
                        "suggestion": "增加“定位监管覆盖率 =100%”",
                    }
                ]
            }
        )
    )
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fault-model")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    result = CliRunner().invoke(app, ["critique", str(path), "--llm", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert any(f["code"] == "L04" and f["source"] == "llm" for f in payload["findings"])
    assert KEY not in result.output
