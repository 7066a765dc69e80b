"""Test servers for the LLM paths, over real sockets on 127.0.0.1 (a pytest plugin; see conftest).

- `llama_server` (session fixture): the real llama.cpp OpenAI-compatible server with Gemma 3 270M,
  from .venv-llm (made by scripts/setup_llm_server.sh). When it is not set up, tests using it skip
  with the reason — and under CI=true such a skip is reported as a failure.
- `fault_server` (fixture): a small OpenAI-compatible server that answers each request from a script
  of `Reply` steps (hang, 429, 500, truncated body, chosen content or tool call…) and records what it
  received, for asserting retries and where the API key went.
- `closed_port()`: a port nobody listens on (connection refused).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LLM_VENV = Path(os.environ.get("ASSISTANT_LLM_VENV", ROOT / ".venv-llm"))
LLM_MODEL_FILE = LLM_VENV / "models" / "gemma-3-270m-q4_k_m.gguf"
LLM_MODEL_ALIAS = "gemma3-270m"
READY_TIMEOUT = 90.0
# One thread, not the two of tech.md §4: ggml's threads spin at barriers, and on a busy 2-core machine
# (measured at load 3.5) two threads made a structured call take 8-35 s against 1.3-2.5 s with one.
LLAMA_THREADS = os.environ.get("ASSISTANT_LLAMA_THREADS", "1")

# Markers whose tests must run, not skip, in CI.
MUST_RUN_IN_CI = ("llm_server", "libreoffice")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port() -> int:
    """A port that refuses connections (bound once, then released; nothing listens on it)."""
    return free_port()


# ---------------------------------------------------------------------------------------------
# The real llama.cpp server


@dataclass(frozen=True)
class LlamaServer:
    base_url: str
    model: str
    pid: int
    startup_seconds: float
    log_path: Path


def llama_unavailable_reason() -> str | None:
    python = LLM_VENV / "bin" / "python"
    if not python.exists() or not (LLM_VENV / ".ready").exists():
        return (
            f"{LLM_VENV} is not set up: run scripts/setup_llm_server.sh (make test does); see its setup.log"
        )
    if not LLM_MODEL_FILE.exists():
        return f"model file {LLM_MODEL_FILE} is missing: rerun scripts/setup_llm_server.sh"
    return None


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def stop_process(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL by PID: a llama.cpp server busy generating ignores SIGTERM."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)


def start_llama_server(log_path: Path, port: int | None = None) -> tuple[subprocess.Popen, LlamaServer]:
    """Start the server (on `port`, or a free one) and wait until it serves /v1/models."""
    port = port or free_port()
    command = [
        str(LLM_VENV / "bin" / "python"), "-m", "llama_cpp.server",
        "--model", str(LLM_MODEL_FILE), "--model_alias", LLM_MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        # n_ctx × vocab logits are allocated per token unless logits_all is off (4 GB RSS otherwise).
        "--n_ctx", "4096", "--n_threads", LLAMA_THREADS, "--chat_format", "gemma", "--logits_all", "false",
    ]  # fmt: skip
    started = time.monotonic()
    log = log_path.open("ab")  # a restart on the same log keeps the first run's lines
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    base_url = f"http://127.0.0.1:{port}/v1"
    while time.monotonic() - started < READY_TIMEOUT:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"llama.cpp server exited with {proc.returncode}:\n{tail}")
        if _ready(base_url):
            server = LlamaServer(base_url, LLM_MODEL_ALIAS, proc.pid, time.monotonic() - started, log_path)
            return proc, server
        time.sleep(0.1)
    stop_process(proc)
    raise RuntimeError(f"llama.cpp server not ready after {READY_TIMEOUT:.0f} s; log: {log_path}")


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    if reason := llama_unavailable_reason():
        pytest.skip(f"LLM SERVER NOT AVAILABLE — {reason}")
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    proc, server = start_llama_server(log_path)
    try:
        yield server
    finally:
        stop_process(proc)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "llm_server: needs the local llama.cpp OpenAI-compatible server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that uses the real server carries the marker, so the CI rule below applies to it.
    for item in items:
        if "llama_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.llm_server)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true":
        marker = next((m for m in MUST_RUN_IN_CI if item.get_closest_marker(m)), None)
        if marker:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            report.outcome = "failed"
            report.longrepr = f"a test marked {marker} must not skip under CI=true: {reason}"


# ---------------------------------------------------------------------------------------------
# The fault-injecting server


@dataclass(frozen=True)
class Received:
    """One request as the fault server saw it."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    at: float  # time.monotonic() on arrival

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def messages(self) -> list[dict[str, Any]]:
        return self.json().get("messages", [])


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Build with the class methods."""

    kind: str
    status: int = 200
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @classmethod
    def content(cls, text: str, finish_reason: str = "stop") -> Reply:
        """A chat completion whose message content is `text` (JSON or not)."""
        return cls("content", payload={"text": text, "finish_reason": finish_reason})

    @classmethod
    def json_content(cls, obj: Any) -> Reply:
        return cls.content(json.dumps(obj, ensure_ascii=False))

    @classmethod
    def tool_call(cls, arguments: str | dict[str, Any], name: str | None = None) -> Reply:
        """A chat completion with one tool call; the tool name defaults to the one requested."""
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, ensure_ascii=False)
        return cls("tool_call", payload={"arguments": arguments, "name": name})

    @classmethod
    def error(cls, status: int, message: str = "error", headers: dict[str, str] | None = None) -> Reply:
        body = {"error": {"message": message, "type": "server_error", "code": status}}
        return cls("error", status=status, payload=body, headers=headers or {})

    @classmethod
    def rate_limited(cls, retry_after: str | float | None) -> Reply:
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        return cls.error(429, "Rate limit reached", headers)

    @classmethod
    def hang(cls, seconds: float = 120.0) -> Reply:
        """Accept the request and answer nothing for `seconds` (or until the server stops)."""
        return cls("hang", seconds=seconds)

    @classmethod
    def truncated_body(cls) -> Reply:
        """Promise a full JSON body, send half of it, close the connection."""
        return cls("truncated_body")

    @classmethod
    def by_request(cls, choose: Callable[[Received], Reply]) -> Reply:
        """Decide from the request (e.g. tool call when tools were sent, content otherwise)."""
        return cls("by_request", payload=choose)


def completion(model: str, message: dict[str, Any], finish_reason: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


class FaultServer:
    """Answers requests from a script; the last step repeats. `received` lists what arrived."""

    def __init__(self) -> None:
        self._script: list[Reply] = [Reply.error(500, "no script")]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.received: list[Received] = []
        handler = self._handler_class()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *steps: Reply) -> FaultServer:
        with self._lock:
            self._script = list(steps)
            self.received.clear()
        return self

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # releases hanging handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            step = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        while step.kind == "by_request":
            step = step.payload(request)
        return step

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                self._answer(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(self.rfile.read(length))

            def _answer(self, body: bytes) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                request = Received(self.command, self.path, headers, body, time.monotonic())
                step = server._next(request)
                if step.kind == "hang":
                    server._stop.wait(step.seconds)
                    self.close_connection = True
                    return
                if step.kind == "error":
                    self._send_json(step.status, step.payload, step.headers)
                    return
                model = (request.json() or {}).get("model", "fault") if body else "fault"
                if step.kind == "content":
                    message = {"role": "assistant", "content": step.payload["text"]}
                    self._send_json(200, completion(model, message, step.payload["finish_reason"]))
                elif step.kind == "tool_call":
                    tools = (request.json() or {}).get("tools") or [{"function": {"name": "answer"}}]
                    name = step.payload["name"] or tools[0]["function"]["name"]
                    call = {"id": "call_1", "type": "function",
                            "function": {"name": name, "arguments": step.payload["arguments"]}}  # fmt: skip
                    message = {"role": "assistant", "content": None, "tool_calls": [call]}
                    self._send_json(200, completion(model, message, "tool_calls"))
                elif step.kind == "truncated_body":
                    data = json.dumps(
                        completion(model, {"role": "assistant", "content": "{}"}, "stop")
                    ).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    raise AssertionError(f"unknown reply kind {step.kind}")

            def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()
