"""Every LLM path under every endpoint fault, over a real local socket (the fault_server).

Paths: the drafter (`drafting.draft`), the LLM critic (`assistant critique --llm`, i.e. `with_llm`)
and the UI chat (`ui.drafter.send_message` with the endpoint configured through the environment).
Faults: time-out, connection refused, HTTP 429 with Retry-After, HTTP 500, a truncated body,
truncated JSON, schema-violating JSON, an answer in the wrong language. Each ends either in a retry
within the limits that then succeeds, or in the offline result with a visible Chinese notice — within
the configured time-out, and with a bounded number of requests.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import LLMSettings
from assistant.critique import critique_sheet
from assistant.drafting import draft
from assistant.llm.structured import RetryPolicy, forget_methods
from assistant.ui import drafter
from evals.gold import load_gold
from tests.llm_server import FaultServer, Reply, closed_port
from tests.test_drafting_llm import GOOD, REQUEST

pytestmark = pytest.mark.timeout(60)

KEY = "sk-test-FAULTPATH-5up3r53cr3t"
TIMEOUT = 2.0  # seconds: the configured time-out of every call here
POLICY = RetryPolicy()  # the product's own limits (what draft() and with_llm() use)
UNANSWERED = "refused"  # the one fault with no server behind it

ENGLISH_DRAFT = {
    "annual_goal": "Mediate 4240 disputes in 2025 with a success rate of at least 95%.",
    "indicators": [
        {**row, "name": name}
        for row, name in zip(
            GOOD["indicators"],
            ("Disputes mediated", "Agreement quality", "Start time", "Success rate", "Party satisfaction"),
            strict=True,
        )
    ],
}
CRITIC_GOOD = {
    "issues": [
        {
            "indicator_index": None,
            "kind": "other",
            "message": "年度目标提到的定位监管没有对应指标",
            "suggestion": "增加“定位监管覆盖率 =100%”",
        }
    ]
}
CRITIC_ENGLISH = {
    "issues": [{"indicator_index": 0, "kind": "other", "message": "Irrelevant", "suggestion": "Remove it"}]
}


@dataclass(frozen=True)
class Fault:
    """A fault, per path: the server's script, and whether the call must end with the LLM's answer
    (a retry within limits) or offline with a notice, after how many requests at most."""

    script: str  # key into the scripts below
    answered: bool
    max_requests: int
    min_seconds: float = 0.0  # e.g. the Retry-After wait that must be honoured


FAULTS: dict[str, Fault] = {
    "timeout": Fault("hang", answered=False, max_requests=1),
    "connection-refused": Fault(UNANSWERED, answered=False, max_requests=0),
    "429-retry-after-1s-then-ok": Fault("429-then-ok", answered=True, max_requests=2, min_seconds=0.9),
    "429-retry-after-1h": Fault("429-long", answered=False, max_requests=1),
    "500-then-ok": Fault("500-then-ok", answered=True, max_requests=2),
    "500-persistent": Fault("500", answered=False, max_requests=1 + POLICY.server_error_retries),
    "truncated-body": Fault("truncated-body", answered=False, max_requests=1),
    "truncated-json": Fault("truncated-json", answered=False, max_requests=1 + POLICY.repairs),
    "schema-violation": Fault("schema", answered=False, max_requests=1 + POLICY.repairs),
    "schema-violation-then-ok": Fault("schema-then-ok", answered=True, max_requests=2),
    "wrong-language": Fault("english", answered=False, max_requests=1 + POLICY.repairs),
}


def script(kind: str, good: dict, schema_bad: dict, english: dict, truncated: str) -> tuple[Reply, ...]:
    return {
        "hang": (Reply.hang(30),),
        "429-then-ok": (Reply.rate_limited(1), Reply.json_content(good)),
        "429-long": (Reply.rate_limited(3600),),
        "500-then-ok": (Reply.error(500, "upstream hiccup"), Reply.json_content(good)),
        "500": (Reply.error(500, "upstream down"),),
        "truncated-body": (Reply.truncated_body(),),
        "truncated-json": (Reply.content(truncated),),
        "schema": (Reply.json_content(schema_bad),),
        "schema-then-ok": (Reply.json_content(schema_bad), Reply.json_content(good)),
        "english": (Reply.json_content(english),),
    }[kind]


def drafter_script(kind: str) -> tuple[Reply, ...]:
    truncated = json.dumps(GOOD, ensure_ascii=False)[:120]
    return script(kind, GOOD, {"annual_goal": "x", "indicators": []}, ENGLISH_DRAFT, truncated)


def critic_script(kind: str) -> tuple[Reply, ...]:
    truncated = json.dumps(CRITIC_GOOD, ensure_ascii=False)[:40]
    return script(kind, CRITIC_GOOD, {"issues": [{"kind": "nonsense"}]}, CRITIC_ENGLISH, truncated)


@pytest.fixture(autouse=True)
def _fresh_method_memory() -> None:
    forget_methods()


def base_url(fault: Fault, server: FaultServer) -> str:
    return f"http://127.0.0.1:{closed_port()}/v1" if fault.script == UNANSWERED else server.base_url


def check_bounds(fault: Fault, server: FaultServer, elapsed: float) -> None:
    assert len(server.received) <= fault.max_requests
    assert elapsed >= fault.min_seconds
    # Never past the time-out by more than the offline work and start-up around the call.
    assert elapsed < TIMEOUT + 6


@pytest.mark.parametrize("name", FAULTS)
def test_drafter(name: str, fault_server: FaultServer) -> None:
    fault = FAULTS[name]
    if fault.script != UNANSWERED:
        fault_server.script(*drafter_script(fault.script))
    settings = LLMSettings(
        base_url=base_url(fault, fault_server),
        model="fault-model",
        api_key=SecretStr(KEY),
        timeout=TIMEOUT,
        max_tokens=1024,
    )
    started = time.monotonic()
    result = draft(REQUEST, backend="auto", settings=settings, use_corpus=False)
    check_bounds(fault, fault_server, time.monotonic() - started)
    if fault.answered:
        assert result.backend == "llm"
        assert "调解矛盾纠纷件数" in [i.name for i in result.sheet.indicators]
    else:
        assert result.backend == "offline"
        assert result.notices[0].startswith("大模型不可用") and "已改用离线结果" in result.notices[0]
        assert len(result.sheet.indicators) >= 5
    assert KEY not in result.model_dump_json()


@pytest.fixture(scope="module")
def sheet_file(tmp_path_factory: pytest.TempPathFactory):
    sheet = next(g for g in load_gold() if g.seed_file.startswith("001") and g.index_in_file == 1).to_sheet()
    path = tmp_path_factory.mktemp("critic") / "sheet.json"
    path.write_text(sheet.model_dump_json(), encoding="utf-8")
    return path, critique_sheet(sheet)


def configure(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fault-model")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", str(TIMEOUT))


@pytest.mark.parametrize("name", FAULTS)
def test_critic_through_the_cli(name: str, fault_server: FaultServer, sheet_file, monkeypatch) -> None:
    fault = FAULTS[name]
    if fault.script != UNANSWERED:
        fault_server.script(*critic_script(fault.script))
    configure(monkeypatch, base_url(fault, fault_server))
    path, rules = sheet_file
    started = time.monotonic()
    result = CliRunner().invoke(app, ["critique", str(path), "--llm", "--json"])
    check_bounds(fault, fault_server, time.monotonic() - started)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + result.stderr and KEY not in result.output + result.stderr
    critique = json.loads(result.stdout)
    assert critique["score"] == rules.score  # the score is the rule score either way
    llm_findings = [f for f in critique["findings"] if f["source"] == "llm"]
    if fault.answered:
        assert [f["code"] for f in llm_findings] == ["L09"]
        assert any("大模型语义审核补充" in n for n in critique["notices"])
    else:
        assert llm_findings == []
        assert len(critique["findings"]) == len(rules.findings)
        (notice,) = [n for n in critique["notices"] if n.startswith("大模型语义审核不可用")]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in notice.removeprefix("大模型语义审核不可用"))


@pytest.mark.parametrize("name", FAULTS)
def test_ui_chat(name: str, fault_server: FaultServer, monkeypatch) -> None:
    fault = FAULTS[name]
    if fault.script != UNANSWERED:
        fault_server.script(*drafter_script(fault.script))
    configure(monkeypatch, base_url(fault, fault_server))
    started = time.monotonic()
    view = drafter.send_message(drafter.DraftSession(), REQUEST.description)
    check_bounds(fault, fault_server, time.monotonic() - started)
    assert view.has_draft and view.accepted and len(view.chat) == 2
    assert "Traceback" not in view.notice_html and KEY not in view.notice_html + json.dumps(view.chat)
    if fault.answered:
        assert view.session.draft.backend == "llm" and "大模型起草" in view.notice_html
    else:
        assert view.session.draft.backend == "offline"
        assert "大模型不可用" in view.notice_html and "已改用离线结果" in view.notice_html
