"""Batch LLM review as resumable jobs (`assistant score DIR --llm`): each sheet's state and result are
kept, a re-run sends only what is not done, `--retry-failed` only what failed, the rule score is
always there, and no more requests are in flight than asked.

The endpoint is a real HTTP server on 127.0.0.1: the scripted `FaultServer` (to choose answers,
failures and delays per sheet), and the real llama.cpp server for the kill-and-restart test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.batch.jobs import JobStore
from assistant.cli import app
from assistant.llm.structured import forget_methods
from tests.llm_server import (
    FaultServer,
    Received,
    Reply,
    closed_port,
    free_port,
    llama_unavailable_reason,
    start_llama_server,
    stop_process,
)
from tests.ui_files import seed_sheets

pytestmark = pytest.mark.timeout(180)
ROOT = Path(__file__).resolve().parent.parent
PROJECT = "批量审核项目"
ADVICE = {
    "issues": [
        {
            "indicator_index": None,
            "kind": "other",
            "message": "年度目标未说明服务对象范围",
            "suggestion": "在年度目标中写明服务对象和覆盖范围",
        }
    ]
}


@pytest.fixture(autouse=True)
def _fresh_methods() -> None:
    forget_methods()


def write_sheets(folder: Path, count: int, start: int = 0) -> list[str]:
    """`count` one-sheet JSON files, each a different sheet (its own project name); their names."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_sheets()
    names = []
    for n in range(start, start + count):
        project = f"{PROJECT}{n:03d}"
        sheet = seeds[n % len(seeds)].model_copy(update={"project_name": project, "id": f"job{n}"})
        (folder / f"{n:03d}.json").write_text(sheet.model_dump_json(), encoding="utf-8")
        names.append(project)
    return names


def project_of(request: Received) -> str | None:
    """Which of the test's sheets a request is about (its project name is in the prompt)."""
    text = json.dumps(request.messages(), ensure_ascii=False)
    start = text.find(PROJECT)
    return text[start : start + len(PROJECT) + 3] if start >= 0 else None


def asked(server: FaultServer) -> list[str]:
    return [p for r in server.received if (p := project_of(r))]


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer, tmp_path: Path) -> FaultServer:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fault-model")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "5")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return fault_server


def score(folder: Path, out: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["score", str(folder), "--out", str(out), *args])
    assert out.exists(), result.output
    return result.exit_code, json.loads(out.read_text(encoding="utf-8"))


def rows_by_project(report: dict) -> dict[str, dict]:
    return {r["project"]: r for r in report["rows"] if r["status"] == "ok"}


def test_llm_advice_comes_beside_the_rule_score_with_state_tokens_and_time(llm_env, tmp_path) -> None:
    llm_env.script(Reply.json_content(ADVICE))
    projects = write_sheets(tmp_path / "in", 4)
    _, plain = score(tmp_path / "in", tmp_path / "plain.json")
    code, report = score(tmp_path / "in", tmp_path / "llm.json", "--llm")
    assert code == 0
    rows, before = rows_by_project(report), rows_by_project(plain)
    assert sorted(rows) == projects
    for project, row in rows.items():
        assert row["score"] == before[project]["score"]  # advice is not in the score
        assert row["errors"] == before[project]["errors"]
        assert (row["llm_state"], row["llm_advice"], row["llm_tokens"]) == ("done", 1, 20)
        assert row["llm_seconds"] is not None and row["llm_error"] is None
    advice = [f for f in report["findings"] if f["source"] == "llm"]
    assert sorted(f["project"] for f in advice) == projects
    assert all(f["code"] == "L09" and f["where"] == "年度目标" for f in advice)
    assert report["summary"]["llm_done"] == 4 and report["summary"]["llm_tokens"] == 80
    assert all(f["code"] != "L09" for f in report["summary"]["top_findings"])  # rule findings only
    assert JobStore(tmp_path / "data" / "llm-jobs.sqlite3").counts()["done"] == 4


def test_the_xlsx_and_csv_reports_carry_the_llm_columns(llm_env, tmp_path) -> None:
    from openpyxl import load_workbook

    llm_env.script(Reply.json_content(ADVICE))
    write_sheets(tmp_path / "in", 2)
    CliRunner().invoke(app, ["score", str(tmp_path / "in"), "--out", str(tmp_path / "r.xlsx"), "--llm"])
    book = load_workbook(tmp_path / "r.xlsx")
    header = [c.value for c in book["评分"][1]]
    assert header[-4:] == ["大模型审核", "大模型意见数", "大模型用量（tokens）", "大模型用时（秒）"]
    assert [c.value for c in book["评分"][2]][-4] == "已审核"
    assert [c.value for c in book["问题明细"][1]][-1] == "来源"
    sources = {row[-1].value for row in book["问题明细"].iter_rows(min_row=2)}
    assert sources == {"规则", "大模型（建议，不计分）"}
    CliRunner().invoke(app, ["score", str(tmp_path / "in"), "--out", str(tmp_path / "r.csv"), "--llm"])
    assert "大模型审核" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def test_a_rerun_sends_only_new_sheets_and_a_renamed_copy_is_not_reviewed_again(llm_env, tmp_path) -> None:
    llm_env.script(Reply.json_content(ADVICE))
    write_sheets(tmp_path / "in", 3)
    score(tmp_path / "in", tmp_path / "r1.json", "--llm")
    assert len(set(asked(llm_env))) == 3
    (tmp_path / "in" / "000.json").rename(tmp_path / "in" / "改名后的申报表.json")
    (new,) = write_sheets(tmp_path / "in", 1, start=3)
    llm_env.received.clear()
    code, report = score(tmp_path / "in", tmp_path / "r2.json", "--llm")
    assert code == 0
    assert set(asked(llm_env)) == {new}
    rows = rows_by_project(report)
    assert len(rows) == 4 and all(r["llm_state"] == "done" and r["llm_advice"] == 1 for r in rows.values())


def test_failures_keep_the_rule_score_and_only_they_are_retried_with_retry_failed(llm_env, tmp_path) -> None:
    projects = write_sheets(tmp_path / "in", 5)
    failing = set(projects[1:3])

    def answer(request: Received) -> Reply:
        return (
            Reply.error(503, "overloaded") if project_of(request) in failing else Reply.json_content(ADVICE)
        )

    llm_env.script(Reply.by_request(answer))
    code, first = score(tmp_path / "in", tmp_path / "r1.json", "--llm")
    assert code == 1  # some sheets failed: said in the exit code, the report is complete
    rows = rows_by_project(first)
    assert {p for p, r in rows.items() if r["llm_state"] == "failed"} == failing
    assert all(rows[p]["score"] is not None for p in projects)
    assert all("HTTP 503" in rows[p]["llm_error"] for p in failing)
    # 503 is retried by the client's rules (twice) before the sheet is marked failed.
    assert sum(1 for p in asked(llm_env) if p == projects[1]) == 3

    llm_env.received.clear()
    _, again = score(tmp_path / "in", tmp_path / "r2.json", "--llm")
    assert asked(llm_env) == []  # a plain re-run keeps the failures as they are
    assert {p for p, r in rows_by_project(again).items() if r["llm_state"] == "failed"} == failing

    llm_env.script(Reply.json_content(ADVICE))
    code, retried = score(tmp_path / "in", tmp_path / "r3.json", "--retry-failed")
    assert code == 0
    assert sorted(asked(llm_env)) == sorted(failing)
    assert all(r["llm_state"] == "done" for r in rows_by_project(retried).values())


def test_no_more_requests_are_in_flight_than_asked(llm_env, tmp_path) -> None:
    write_sheets(tmp_path / "in", 8)
    lock = threading.Lock()
    now = {"in_flight": 0, "most": 0}

    def slow(request: Received) -> Reply:
        with lock:
            now["in_flight"] += 1
            now["most"] = max(now["most"], now["in_flight"])
        time.sleep(0.3)
        with lock:
            now["in_flight"] -= 1
        return Reply.json_content(ADVICE)

    llm_env.script(Reply.by_request(slow))
    code, report = score(tmp_path / "in", tmp_path / "r.json", "--llm", "--parallel", "3")
    assert code == 0 and report["summary"]["llm_done"] == 8
    assert now["most"] == 3


def test_an_unreachable_endpoint_fails_each_sheet_with_the_reason_and_scores_them_all(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{closed_port()}/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "nobody")
    write_sheets(tmp_path / "in", 3)
    code, report = score(tmp_path / "in", tmp_path / "r.json", "--llm", "--jobs", str(tmp_path / "jobs.db"))
    assert code == 1
    rows = rows_by_project(report)
    assert len(rows) == 3 and all(r["score"] is not None for r in rows.values())
    assert all(r["llm_state"] == "failed" and "无法连接" in r["llm_error"] for r in rows.values())


def test_llm_without_an_endpoint_is_refused_in_chinese(monkeypatch, tmp_path) -> None:
    for name in ("ASSISTANT_LLM_BASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    write_sheets(tmp_path / "in", 1)
    result = CliRunner().invoke(
        app, ["score", str(tmp_path / "in"), "--out", str(tmp_path / "r.json"), "--llm"]
    )
    assert result.exit_code == 2 and "未配置大模型接口" in result.output
    assert not (tmp_path / "r.json").exists()


def test_a_setting_that_is_not_a_whole_number_of_requests_is_refused(monkeypatch) -> None:
    from assistant.config import settings_errors

    monkeypatch.setenv("ASSISTANT_LLM_PARALLEL", "four")
    assert any("ASSISTANT_LLM_PARALLEL" in e for e in settings_errors())


# --- the job store ----------------------------------------------------------------------------------


def test_two_runs_sharing_a_store_never_hold_one_sheet_at_once(tmp_path) -> None:
    first, second = JobStore(tmp_path / "jobs.db"), JobStore(tmp_path / "jobs.db")
    assert first.claim("h1", "model|p", "run-a", stale_after=60)
    assert not second.claim("h1", "model|p", "run-b", stale_after=60)  # held, and not stale
    assert not second.finish("h1", "model|p", "run-b", [], requests=1, prompt_tokens=1,
                             completion_tokens=1, seconds=0.1)  # fmt: skip
    assert first.finish(
        "h1", "model|p", "run-a", [], requests=1, prompt_tokens=5, completion_tokens=2, seconds=0.1
    )
    assert not second.claim("h1", "model|p", "run-b", stale_after=60, retry_failed=True)  # done stays done
    job = second.get("h1", "model|p")
    assert job is not None and (job.state, job.tokens, job.attempts) == ("done", 7, 1)


def test_a_stale_claim_is_taken_over_and_the_late_result_refused(tmp_path) -> None:
    store = JobStore(tmp_path / "jobs.db")
    assert store.claim("h1", "m", "run-a", stale_after=60)
    time.sleep(0.05)
    assert store.claim("h1", "m", "run-b", stale_after=0.01)  # run-a is taken to be gone
    assert not store.fail("h1", "m", "run-a", "late", seconds=1.0)
    assert store.get("h1", "m").state == "running"  # type: ignore[union-attr]


def test_the_claims_of_a_dead_process_are_given_back(tmp_path) -> None:
    store = JobStore(tmp_path / "jobs.db")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    store.claim("h1", "m", "run-a", stale_after=3600)
    store._db.execute("UPDATE llm_jobs SET owner = ?", (f"{socket.gethostname()}:{dead.stdout.strip()}",))
    assert store.reclaim_dead() == 1
    assert store.get("h1", "m").state == "pending"  # type: ignore[union-attr]


def test_a_different_model_or_prompt_is_another_reviewer() -> None:
    from assistant.batch.jobs import reviewer_id
    from assistant.config import LLMSettings

    one = LLMSettings(base_url="http://127.0.0.1:1/v1", model="a", api_key=None)
    assert reviewer_id(one) == reviewer_id(
        LLMSettings(base_url="http://127.0.0.1:2/v1", model="a", api_key=None)
    )
    assert reviewer_id(one) != reviewer_id(LLMSettings(base_url=None, model="b", api_key=None))


# --- a run killed mid-batch -----------------------------------------------------------------------


def score_process(folder: Path, out: Path, jobs: Path, env: dict[str, str], *args: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "assistant",
        "score",
        str(folder),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    return subprocess.Popen(
        [*command, "--llm", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def wait_for_done(jobs: Path, at_least: int, proc: subprocess.Popen, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if jobs.exists():
            with JobStore(jobs) as store:
                if store.counts()["done"] >= at_least:
                    return
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} sheets done after {limit:.0f} s")


def jobs_by_project(jobs: Path, folder: Path) -> dict[str, tuple[str, int, float | None]]:
    """project → (state, attempts, finished_at), from the job store."""
    from assistant.batch.runner import content_key
    from assistant.ingest import read_path

    with JobStore(jobs) as store:
        found = {}
        for path in sorted(folder.glob("*.json")):
            (sheet,) = read_path(path)
            ((job),) = [j for j in store.get_many([content_key(sheet)], _reviewer(store)).values()]
            found[sheet.project_name] = (job.state, job.attempts, job.finished_at)
    return found


def _reviewer(store: JobStore) -> str:
    (reviewer,) = {r for (r,) in store._db.execute("SELECT DISTINCT reviewer FROM llm_jobs")}
    return reviewer


def test_a_killed_run_is_resumed_and_no_sheet_is_reviewed_twice(fault_server: FaultServer, tmp_path) -> None:
    projects = write_sheets(tmp_path / "in", 8)

    def slow(request: Received) -> Reply:
        time.sleep(0.4)
        return Reply.json_content(ADVICE)

    fault_server.script(Reply.by_request(slow))
    env = {
        **os.environ,
        "ASSISTANT_LLM_BASE_URL": fault_server.base_url,
        "ASSISTANT_LLM_MODEL": "fault-model",
    }
    jobs = tmp_path / "jobs.db"
    proc = score_process(tmp_path / "in", tmp_path / "r1.json", jobs, env, "--parallel", "1")
    wait_for_done(jobs, 3, proc)
    proc.send_signal(signal.SIGKILL)  # no chance to give its claim back
    proc.wait(timeout=10)
    before = jobs_by_project(jobs, tmp_path / "in")
    done_first = {p for p, (state, _, _) in before.items() if state == "done"}
    assert 3 <= len(done_first) < 8
    first_asked = set(asked(fault_server))

    fault_server.received.clear()
    again = score_process(tmp_path / "in", tmp_path / "r2.json", jobs, env, "--parallel", "2")
    output = again.communicate(timeout=120)[0].decode()
    assert again.returncode == 0, output
    assert set(asked(fault_server)) == set(projects) - done_first  # only the unfinished ones
    after = jobs_by_project(jobs, tmp_path / "in")
    for project in projects:
        state, attempts, finished = after[project]
        assert state == "done"
        if project in done_first:
            assert (attempts, finished) == before[project][1:]  # untouched
    # One request in flight (--parallel 1): at most one sheet was claimed by the killed run and is
    # on its second try now; every other unfinished sheet was tried once, in the re-run.
    retried = [p for p in set(projects) - done_first if after[p][1] == 2]
    assert len(retried) <= 1 and all(after[p][1] == 1 for p in set(projects) - done_first - set(retried))
    assert set(retried) >= first_asked - done_first
    report = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert sorted(r["project"] for r in report["rows"]) == projects  # none lost, none twice


# --- the real llama.cpp server, killed mid-batch and restarted --------------------------------------


@pytest.mark.llm_server
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_local_server_killed_mid_batch_and_restarted_loses_no_sheet(tmp_path) -> None:
    if reason := llama_unavailable_reason():
        pytest.skip(f"LLM SERVER NOT AVAILABLE — {reason}")
    count = 12
    projects = write_sheets(tmp_path / "in", count)
    port = free_port()
    log = tmp_path / "llama.log"
    server, info = start_llama_server(log, port)
    env = {
        **os.environ,
        "ASSISTANT_LLM_BASE_URL": info.base_url,
        "ASSISTANT_LLM_MODEL": info.model,
        "ASSISTANT_LLM_TIMEOUT": "120",
        "ASSISTANT_LLM_MAX_TOKENS": "256",
    }
    jobs = tmp_path / "jobs.db"
    try:
        proc = score_process(tmp_path / "in", tmp_path / "r1.json", jobs, env, "--parallel", "1")
        wait_for_done(jobs, 4, proc, limit=400)
        server.kill()  # SIGKILL mid-run; the batch goes on without it
        server.wait(timeout=10)
        output = proc.communicate(timeout=300)[0].decode()
        assert proc.returncode == 1, output
        first = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
        rows = rows_by_project(first)
        assert sorted(rows) == projects and all(r["score"] is not None for r in rows.values())
        done_first = {p for p, r in rows.items() if r["llm_state"] == "done"}
        failed_first = {p for p, r in rows.items() if r["llm_state"] == "failed"}
        assert len(done_first) >= 4 and failed_first and done_first | failed_first == set(projects)
        assert all("无法连接" in rows[p]["llm_error"] for p in failed_first)
        before = jobs_by_project(jobs, tmp_path / "in")

        server, _ = start_llama_server(log, port)  # restarted at the same address
        again = score_process(
            tmp_path / "in", tmp_path / "r2.json", jobs, env, "--retry-failed", "--parallel", "1"
        )
        output = again.communicate(timeout=600)[0].decode()
        second = rows_by_project(json.loads((tmp_path / "r2.json").read_text(encoding="utf-8")))
        after = jobs_by_project(jobs, tmp_path / "in")
    finally:
        stop_process(server)
    assert sorted(second) == projects
    for project in projects:
        assert second[project]["score"] == rows[project]["score"]
        if project in done_first:
            assert after[project] == before[project]  # not sent again
        else:
            assert after[project][1] == before[project][1] + 1  # sent once more
            # Done now; the small base model may give invalid JSON, never a connection failure.
            assert second[project]["llm_state"] == "done" or "无法连接" not in (
                second[project]["llm_error"] or ""
            )
    assert sum(r["llm_state"] == "done" for r in second.values()) >= count - 1, output


# --- the batch tab --------------------------------------------------------------------------------


def test_the_batch_tab_adds_the_llm_advice_when_an_endpoint_is_configured(llm_env, tmp_path) -> None:
    from assistant.ui import batch as batch_ui

    llm_env.script(Reply.json_content(ADVICE))
    folder = tmp_path / "in"
    write_sheets(folder, 3)
    view = batch_ui.run_batch([str(p) for p in sorted(folder.glob("*.json"))])
    assert len(view.rows) == 3 and all(row[3] is not None for row in view.rows)  # rule scores
    assert all("大模型意见 1 条" in str(row[-1]) for row in view.rows)
    assert all(any(f.source == "llm" and f.code == "L09" for f in d.findings) for d in view.details)
    assert "L09" in batch_ui.detail_html(view.details, 0)
    assert "大模型语义审核" in view.notice_html
    assert len(set(asked(llm_env))) == 3


def test_the_batch_tab_keeps_the_rule_scores_when_the_endpoint_is_down(monkeypatch, tmp_path) -> None:
    from assistant.ui import batch as batch_ui

    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{closed_port()}/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "nobody")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "in"
    write_sheets(folder, 2)
    view = batch_ui.run_batch([str(p) for p in sorted(folder.glob("*.json"))])
    assert len(view.rows) == 2 and all(row[3] is not None for row in view.rows)
    assert all("大模型审核失败：无法连接" in str(row[-1]) for row in view.rows)
    assert "2 张表大模型审核失败" in view.notice_html
