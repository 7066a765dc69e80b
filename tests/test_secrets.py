"""The API key never leaves the Authorization header.

One recognisable fake key is set in the environment; every path that could touch it runs — drafting
against an endpoint that fails and echoes the key, the LLM critic against one whose answer carries
the key, score, ingest, the UI handlers and page config, every export — and everything they produce
(stdout, stderr, log records at DEBUG, written files, handler outputs) is searched for the key and
for its tail.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.llm.structured import forget_methods
from assistant.ui import batch as batch_ui
from assistant.ui import drafter, reviewer
from tests.bad_inputs import fixture
from tests.llm_server import FaultServer, Received, Reply
from tests.test_drafting_llm import GOOD

pytestmark = pytest.mark.timeout(180)

KEY = "sk-test-LEAKCANARY-7f3a9c21e4b85d60aa19"
FRAGMENTS = (KEY, KEY[-16:])  # the key, and a tail long enough to identify it
SEED = Path(__file__).resolve().parent.parent / "corpus" / "raw" / "001_e4a262f711890b0c.txt"


def file_text(path: Path) -> str:
    """A written file as text; an .xlsx/.docx is searched part by part (they are zip packages)."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    return data.decode("utf-8", "replace")


# What the endpoint does with a drafting request: fail echoing the key, or answer with it inside.
DRAFTS = {"answer": "fail"}
KEYED_DRAFT = {
    **GOOD,
    "annual_goal": f"2025年调解矛盾纠纷4240件，调解成功率不低于95%，接口密钥为{KEY}",
    "indicators": [
        {**GOOD["indicators"][0], "explanation": f"按台账统计，密钥 {KEY}"},
        *GOOD["indicators"][1:],
    ],
}


def echo_the_key(request: Received) -> Reply:
    """A hostile or broken endpoint: every answer tries to hand the key back."""
    prompt = json.dumps((request.json() or {}).get("messages", []), ensure_ascii=False)
    if "审核专家" not in prompt and DRAFTS["answer"] == "keyed":
        return Reply.json_content(KEYED_DRAFT)
    if "审核专家" in prompt:  # the critic's system prompt: a "valid" answer carrying the key
        issue = {
            "indicator_index": None,
            "kind": "other",
            "message": f"本条指标与项目内容无关，建议删除本行；调用密钥为 {KEY}",
            "suggestion": f"请删除这一行并改写为与本项目相关的指标，密钥 {KEY}",
        }
        return Reply.json_content({"issues": [issue]})
    return Reply.error(500, f"upstream rejected key {KEY}")


def test_the_key_appears_nowhere(fault_server: FaultServer, tmp_path: Path, monkeypatch, caplog) -> None:
    forget_methods()
    caplog.set_level(logging.DEBUG)  # every library's debug records too (openai, httpx, gradio)
    monkeypatch.setenv("OPENAI_LOG", "debug")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fault-model")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "5")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    seen: list[tuple[str, str]] = []  # (what, text) of everything produced

    def cli(*args: str) -> None:
        result = CliRunner().invoke(app, list(args))
        seen.append((f"stdout of {args[0]}", result.stdout))
        seen.append((f"stderr of {args[0]}", result.stderr))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            seen.append((f"exception of {args[0]}", repr(result.exception)))

    # 1. drafting against an endpoint that fails and echoes the key, with every export format
    fault_server.script(Reply.by_request(echo_the_key))
    description = fixture("injection_description.txt").read_text(encoding="utf-8")
    for suffix in (".json", ".xlsx", ".docx", ".md"):
        cli("draft", description, "--json", "--out", str(out / f"草稿{suffix}"))
    # 2. the LLM critic, whose endpoint answers with the key in a finding
    forget_methods()
    cli("critique", str(SEED), "--llm", "--json")
    cli("critique", str(fixture("injection_sheet.txt")), "--llm")
    # 3. the offline paths while the key is set
    cli("score", str(SEED), str(fixture("injection_sheet.txt")), "--out", str(out / "report.xlsx"))
    cli("score", str(SEED), "--out", str(out / "report.json"))
    cli("ingest", str(SEED), "-o", str(out / "corpus.jsonl"))
    # 4. the UI: the chat (falling back), the review and batch tabs, and the page config
    forget_methods()
    failed = drafter.send_message(drafter.DraftSession(), description)
    DRAFTS["answer"] = "keyed"
    offered = drafter.send_message(failed.session, "另外全年开展法治宣传活动12场")  # offers rows first
    chat = drafter.send_message(offered.session, "重新生成")  # the user's choice: re-drafts through the LLM
    assert chat.session.draft.backend == "llm" and "***" in chat.session.draft.sheet.annual_goal
    seen.append(("DraftView", repr(failed)))
    review = reviewer.load(str(SEED), None)
    batch = batch_ui.run_batch([str(SEED), str(fixture("injection_sheet.txt"))])
    for view in (chat, review, batch):
        seen.append((f"{type(view).__name__}", repr(view)))
        seen.extend((str(path), file_text(path)) for path in view.files.values())
    from assistant.ui.blocks import build_app

    seen.append(("page config", json.dumps(build_app().get_config_file(), ensure_ascii=False, default=str)))
    # 5. everything written under the output folder, and every log record
    seen.extend((str(path), file_text(path)) for path in sorted(out.rglob("*")) if path.is_file())
    seen.append(("log records", caplog.text))
    seen.extend(("log record", record.getMessage()) for record in caplog.records)

    # The key was really used (sent as the bearer token) and really echoed back ...
    assert fault_server.received and all(
        r.headers.get("authorization") == f"Bearer {KEY}" for r in fault_server.received
    )
    assert len([p for p in out.rglob("*") if p.is_file()]) == 7  # 4 drafts, 2 reports, 1 corpus
    assert any("大模型不可用" in text for _, text in seen)
    # ... and appears nowhere else.
    leaks = [(what, fragment) for what, text in seen for fragment in FRAGMENTS if fragment in text]
    assert not leaks, leaks
