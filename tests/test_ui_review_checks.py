"""审核 tab, issue 13: the reviewer's checklist beside the score, last year's sheet as an optional second
upload (sheets derived from the realworld gold by editing them), and the LLM critic's advice beside
the rule findings over a real local HTTP server when an endpoint is configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.critique.checklist import CHECKS
from assistant.llm.structured import forget_methods
from assistant.schema import Indicator, Sheet
from assistant.ui.reviewer import load
from evals.gold import load_realworld
from tests.llm_server import FaultServer, Reply


def rw08() -> Sheet:
    """学生伙食费 (2023): a recurring project with counts, rates and a deadline."""
    return next(g for g in load_realworld() if g.seed_file.startswith("rw08")).to_sheet()


def with_value(sheet: Sheet, name: str, value: str, **changes) -> Sheet:
    rows = [
        i.model_copy(update={"value": Indicator(level1="", level2="", name="", value=value).value})
        if i.name == name
        else i
        for i in sheet.indicators
    ]
    return sheet.model_copy(update={"indicators": rows, **changes})


def written(tmp_path: Path, name: str, sheet: Sheet) -> str:
    path = tmp_path / name
    path.write_text(sheet.model_dump_json(), encoding="utf-8")
    return str(path)


@pytest.fixture
def this_year(tmp_path: Path) -> str:
    """rw08 a year on with its student count lowered to 150 and no reason given."""
    last = rw08()
    return written(
        tmp_path, "今年.json", with_value(last, "补助学生数量", "150", id="now", year=(last.year or 2023) + 1)
    )


def h01(view) -> list:
    return [f for f in view.session.critique.findings if f.code == "H01"]


def test_the_checklist_is_shown_beside_the_score_with_the_failing_rows(this_year: str):
    view = load(this_year, "")
    assert 'id="review-checklist"' in view.score_html
    for check in CHECKS:
        assert check.name in view.score_html
    failed = [c for c in view.session.critique.checklist if not c.passed]
    assert failed, "the lowered target fails 合理可行"
    for check in failed:
        for i, name in zip(check.failing_indicators[:6], check.failing_names[:6], strict=True):
            assert f"第{i + 1}行 {name}" in view.score_html


def test_last_years_sheet_uploaded_beside_is_compared_with(this_year: str, tmp_path: Path):
    # Last year's sheet as the user gives it promised 200 students: the finding quotes it.
    last = written(tmp_path, "上年.json", with_value(rw08(), "补助学生数量", "200"))
    view = load(this_year, "", previous_upload=last)
    [finding] = h01(view)
    assert "200" in finding.message
    assert "已读入上年表 上年.json" in view.notice_html and "已与上年表" in view.notice_html


def test_removing_last_years_sheet_falls_back_on_the_corpus(this_year: str, tmp_path: Path):
    last = written(tmp_path, "上年.json", with_value(rw08(), "补助学生数量", "200"))
    given = load(this_year, "", previous_upload=last)
    removed = load(this_year, "", given.session, previous_upload=None)
    # The corpus holds the published rw08 (168 students): that is last year's sheet now.
    [finding] = h01(removed)
    assert "168" in finding.message and "200" not in finding.message
    assert "已移除上年表" in removed.notice_html and "已自动与语料库中" in removed.notice_html


def test_an_unreadable_last_year_file_is_a_notice_and_the_review_goes_on(this_year: str, tmp_path: Path):
    broken = tmp_path / "上年.json"
    broken.write_text('{"project_name": "x", "indicators": [', encoding="utf-8")
    view = load(this_year, "", previous_upload=str(broken))
    assert view.has_sheet and "无法读取上年表" in view.notice_html


@pytest.fixture
def llm_endpoint(fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> FaultServer:
    forget_methods()
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fault-model")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-test-REVIEW-TAB-123456")
    return fault_server


@pytest.mark.timeout(60)
def test_the_llm_critics_advice_is_listed_beside_the_rule_findings_and_not_scored(
    this_year: str, llm_endpoint: FaultServer
):
    llm_endpoint.script(
        Reply.json_content(
            {
                "issues": [
                    {
                        "indicator_index": None,
                        "kind": "goal_not_measured",
                        "message": "年度目标中的营养改善没有指标衡量",
                        "suggestion": "增加学生营养状况改善的效益指标",
                    }
                ]
            }
        )
    )
    rules_only = load(this_year, "", llm=False)
    advised = load(this_year, "", llm=True)
    added = [f for f in advised.session.critique.findings if f.source == "llm"]
    assert [f.code for f in added] == ["L04"]
    assert advised.session.critique.score == rules_only.session.critique.score
    assert any("营养改善没有指标衡量" in item.html for item in advised.findings)
    assert "大模型语义审核补充 1 条意见" in advised.notice_html


@pytest.mark.timeout(60)
def test_a_failing_llm_endpoint_leaves_the_rule_review_with_a_notice(
    this_year: str, llm_endpoint: FaultServer
):
    llm_endpoint.script(*[Reply.error(500, "boom")] * 8)
    view = load(this_year, "", llm=True)
    assert view.has_sheet and not [f for f in view.session.critique.findings if f.source == "llm"]
    assert "大模型语义审核不可用" in view.notice_html
