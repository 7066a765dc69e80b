"""structured_call against a fault-injecting OpenAI-compatible server over a real socket.

Each endpoint fault ends in a retry within limits, or in LLMUnavailable / LLMInvalidOutput with a
Chinese reason, within the configured time-out; the API key never shows up outside the header.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from email.utils import formatdate

import pytest
from pydantic import BaseModel, Field, SecretStr

from assistant.config import LLMSettings
from assistant.llm.errors import LLMError, LLMInvalidOutput, LLMUnavailable
from assistant.llm.structured import RetryPolicy, forget_methods, remembered_method, structured_call
from assistant.llm.validators import require_chinese
from tests.llm_server import FaultServer, Received, Reply, closed_port

pytestmark = pytest.mark.timeout(60)

KEY = "sk-test-SECRET-0123456789abcdef"
FAST = RetryPolicy(backoff=0.05)
MESSAGES = [("system", "你是绩效目标助手。"), ("user", "为培训项目写一条产出指标。")]
VALID = {"name": "培训人次", "value": "≥200人次"}
LLAMA_JSON_SCHEMA_ERROR = (
    "1 validation error: {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}"
)


class Indicator(BaseModel):
    """一条绩效指标"""

    name: str = Field(min_length=2)
    value: str


def settings_for(server: FaultServer | str, timeout: float = 5.0, key: str | None = KEY) -> LLMSettings:
    base_url = server if isinstance(server, str) else server.base_url
    return LLMSettings(
        base_url=base_url,
        model="fault-model",
        api_key=SecretStr(key) if key else None,
        timeout=timeout,
        max_tokens=256,
    )


@pytest.fixture(autouse=True)
def _fresh_method_memory() -> None:
    forget_methods()


def call(server: FaultServer | str, timeout: float = 5.0, **kwargs: object):
    return structured_call(
        MESSAGES, Indicator, settings_for(server, timeout), policy=kwargs.pop("policy", FAST), **kwargs
    )


def last_user_text(request: Received) -> str:
    return request.messages()[-1]["content"]


# --- methods ---------------------------------------------------------------------------------


def test_json_schema_answer_validates_in_one_request(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content(VALID))
    result = call(fault_server)
    assert result.value == Indicator(**VALID)
    assert (result.method, result.requests, result.repairs) == ("json_schema", 1, 0)
    response_format = fault_server.received[0].json()["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["schema"]["required"] == ["name", "value"]


def test_a_server_rejecting_json_schema_falls_back_to_tool_calling_and_is_remembered(
    fault_server: FaultServer,
) -> None:
    fault_server.script(Reply.error(500, LLAMA_JSON_SCHEMA_ERROR), Reply.tool_call(VALID))
    first = call(fault_server)
    assert (first.method, first.requests) == ("function_calling", 2)
    tools_request = fault_server.received[1].json()
    assert "response_format" not in tools_request
    assert tools_request["tool_choice"]["function"]["name"] == "Indicator"
    assert tools_request["tools"][0]["function"]["parameters"]["required"] == ["name", "value"]

    assert remembered_method(settings_for(fault_server)) == "function_calling"
    fault_server.script(Reply.tool_call(VALID))
    second = call(fault_server)
    assert (second.method, second.requests) == ("function_calling", 1)
    assert "tools" in fault_server.received[0].json()


def test_json_object_mode_puts_the_schema_in_the_prompt(fault_server: FaultServer) -> None:
    fault_server.script(
        Reply.error(400, "response_format json_schema is not supported"),
        Reply.error(400, "tools are not supported"),
        Reply.content("```json\n" + json.dumps(VALID, ensure_ascii=False) + "\n```"),
    )
    result = call(fault_server)
    assert (result.method, result.requests) == ("json_object", 3)
    body = fault_server.received[2].json()
    assert body["response_format"]["type"] == "json_object"
    system = body["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("你是绩效目标助手。")
    assert '"required": ["name", "value"]' in system["content"]
    assert sum(m["role"] == "system" for m in body["messages"]) == 1


def test_prose_instead_of_a_tool_call_means_tools_are_ignored(fault_server: FaultServer) -> None:
    fault_server.script(
        Reply.error(422, "unknown field response_format"),
        Reply.content("好的，我来写一条指标。"),
        Reply.json_content(VALID),
    )
    assert call(fault_server).method == "json_object"


def test_a_server_silently_ignoring_json_schema_and_tools_ends_in_json_mode(
    fault_server: FaultServer,
) -> None:
    # Prose where JSON was requested through the API: the server ignored the request shape.
    fault_server.script(
        Reply.content("培训人次不少于200人次。"),
        Reply.content("好的。"),
        Reply.json_content(VALID),
    )
    result = call(fault_server)
    assert (result.method, result.requests, result.repairs) == ("json_object", 3, 0)


def test_prose_on_a_method_known_to_work_is_re_asked_not_a_fallback(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content(VALID))
    call(fault_server)
    fault_server.script(Reply.content("好的，我来写。"))
    with pytest.raises(LLMInvalidOutput):
        call(fault_server)
    assert all(r.json()["response_format"]["type"] == "json_schema" for r in fault_server.received)
    assert len(fault_server.received) == 1 + FAST.repairs


def test_an_endpoint_rejecting_every_method_is_unavailable(fault_server: FaultServer) -> None:
    fault_server.script(Reply.error(400, "bad request"))
    with pytest.raises(LLMUnavailable, match="不支持结构化输出"):
        call(fault_server)
    assert len(fault_server.received) == 3


# --- transport faults ------------------------------------------------------------------------


def test_a_hanging_server_times_out_within_the_configured_timeout(fault_server: FaultServer) -> None:
    fault_server.script(Reply.hang(60))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="超时") as caught:
        call(fault_server, timeout=1.5)
    assert time.monotonic() - started < 1.5 + 2.0
    assert len(fault_server.received) == 1  # a time-out is not retried
    assert "已改用离线结果" in caught.value.notice()


def test_a_refused_connection_gives_up_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="无法连接"):
        call(f"http://127.0.0.1:{closed_port()}/v1", timeout=10)
    assert time.monotonic() - started < 3.0


def test_a_truncated_response_body_is_unavailable_not_a_crash(fault_server: FaultServer) -> None:
    fault_server.script(Reply.truncated_body())
    with pytest.raises(LLMUnavailable):
        call(fault_server)


def test_429_waits_for_retry_after_then_succeeds(fault_server: FaultServer) -> None:
    fault_server.script(Reply.rate_limited(1), Reply.json_content(VALID))
    result = call(fault_server)
    assert result.requests == 2
    first, second = fault_server.received
    assert second.at - first.at >= 0.9


@pytest.mark.parametrize("form", ["seconds", "HTTP date"])
def test_429_with_a_retry_after_beyond_the_cap_gives_up_at_once(fault_server: FaultServer, form: str) -> None:
    # An hour from now, computed when the test runs (a date fixed at collection can be past by then).
    retry_after = "3600" if form == "seconds" else formatdate(time.time() + 3600, usegmt=True)
    fault_server.script(Reply.rate_limited(retry_after))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="限流"):
        call(fault_server)
    assert time.monotonic() - started < 2.0
    assert len(fault_server.received) == 1


def test_429_retry_after_longer_than_the_time_left_gives_up(fault_server: FaultServer) -> None:
    fault_server.script(Reply.rate_limited(3))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="限流"):
        call(fault_server, timeout=2.0)
    assert time.monotonic() - started < 2.0 + 1.0


def test_repeated_429_is_retried_a_limited_number_of_times(fault_server: FaultServer) -> None:
    fault_server.script(Reply.rate_limited(0))
    with pytest.raises(LLMUnavailable, match="429"):
        call(fault_server)
    assert len(fault_server.received) == 1 + FAST.rate_limit_retries


def test_500_is_retried_with_backoff_and_a_later_answer_is_used(fault_server: FaultServer) -> None:
    fault_server.script(Reply.error(500), Reply.error(502), Reply.json_content(VALID))
    result = call(fault_server, policy=RetryPolicy(backoff=0.2))
    assert result.value.name == "培训人次" and result.requests == 3
    gaps = [b.at - a.at for a, b in zip(fault_server.received, fault_server.received[1:], strict=False)]
    assert gaps[0] >= 0.2 and gaps[1] >= 0.4  # the backoff doubles


def test_persistent_500_ends_unavailable_after_the_retries(fault_server: FaultServer) -> None:
    fault_server.script(Reply.error(500))
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        call(fault_server)
    assert len(fault_server.received) == 1 + FAST.server_error_retries


def test_the_whole_call_stays_within_the_timeout_under_repeated_faults(fault_server: FaultServer) -> None:
    fault_server.script(Reply.error(503))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        call(fault_server, timeout=1.0, policy=RetryPolicy(backoff=0.4, server_error_retries=5))
    assert time.monotonic() - started < 1.0 + 1.0


def test_authentication_failure_is_not_retried(fault_server: FaultServer) -> None:
    fault_server.script(Reply.error(401, "Incorrect API key provided"))
    with pytest.raises(LLMUnavailable, match="鉴权失败"):
        call(fault_server)
    assert len(fault_server.received) == 1


# --- invalid output and re-asks ----------------------------------------------------------------


def test_truncated_json_is_re_asked_then_reported_invalid(fault_server: FaultServer) -> None:
    fault_server.script(Reply.content('{"name": "培训人次", "val'))
    with pytest.raises(LLMInvalidOutput, match="未通过校验"):
        call(fault_server)
    assert len(fault_server.received) == 1 + FAST.repairs
    assert "不是合法的 JSON" in last_user_text(fault_server.received[1])


def test_an_answer_cut_off_at_max_tokens_is_re_asked(fault_server: FaultServer) -> None:
    fault_server.script(Reply.content('{"name": "培训', finish_reason="length"), Reply.json_content(VALID))
    result = call(fault_server)
    assert (result.value.name, result.repairs) == ("培训人次", 1)
    assert "截断" in last_user_text(fault_server.received[1])


def test_schema_violation_is_sent_back_and_the_corrected_answer_is_used(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content({"name": "培"}), Reply.json_content(VALID))
    result = call(fault_server)
    assert (result.value.name, result.repairs, result.requests) == ("培训人次", 1, 2)
    repair = fault_server.received[1].messages()
    assert repair[-2] == {"role": "assistant", "content": '{"name": "培"}'}
    assert "name" in repair[-1]["content"] and "value" in repair[-1]["content"]
    assert "不符合 schema" in repair[-1]["content"]


def test_invalid_tool_arguments_are_re_asked_on_the_tool_method(fault_server: FaultServer) -> None:
    fault_server.script(
        Reply.error(500, LLAMA_JSON_SCHEMA_ERROR), Reply.tool_call('{"name": "培训'), Reply.tool_call(VALID)
    )
    result = call(fault_server)
    assert (result.method, result.repairs) == ("function_calling", 1)
    assert "不是合法的 JSON" in last_user_text(fault_server.received[2])


def test_an_answer_in_the_wrong_language_is_invalid(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content({"name": "Number of trainees", "value": ">=200"}))
    with pytest.raises(LLMInvalidOutput, match="中文"):
        call(fault_server, validators=[require_chinese("name")])
    assert "Number of trainees" in last_user_text(fault_server.received[1])


def test_a_wrong_language_answer_corrected_on_re_ask_is_accepted(fault_server: FaultServer) -> None:
    fault_server.script(
        Reply.json_content({"name": "Number of trainees", "value": "≥200"}), Reply.json_content(VALID)
    )
    result = call(fault_server, validators=[require_chinese("name")])
    assert result.value.name == "培训人次" and result.repairs == 1


def test_without_the_validator_the_wrong_language_passes(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content({"name": "Number of trainees", "value": "≥200"}))
    assert call(fault_server).value.name == "Number of trainees"


# --- the API key -----------------------------------------------------------------------------


def test_the_key_is_sent_only_in_the_authorization_header(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content(VALID))
    call(fault_server)
    (request,) = fault_server.received
    assert request.headers["authorization"] == f"Bearer {KEY}"
    others = {k: v for k, v in request.headers.items() if k != "authorization"}
    assert KEY not in json.dumps(others) and KEY not in request.path
    assert KEY.encode() not in request.body


def test_non_openai_endpoints_also_get_max_tokens_in_the_body(fault_server: FaultServer) -> None:
    # llama.cpp ignores max_completion_tokens (what langchain-openai sends) and would run to n_ctx.
    fault_server.script(Reply.json_content(VALID))
    call(fault_server)
    body = fault_server.received[0].json()
    assert body["max_tokens"] == 256 and body["max_completion_tokens"] == 256


FAULTS = {
    "hang": (Reply.hang(30),),
    "http_500_echoing_key": (Reply.error(500, f"upstream rejected key {KEY}"),),
    "http_401_echoing_key": (Reply.error(401, f"Incorrect API key provided: {KEY}"),),
    "http_429": (Reply.rate_limited(3600),),
    "truncated_body": (Reply.truncated_body(),),
    "invalid_json_echoing_key": (Reply.content(f'{{"name": "{KEY}"'),),
    "wrong_language": (Reply.json_content({"name": "trainees", "value": KEY}),),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_key_never_appears_in_exceptions_or_logs(
    fault: str, fault_server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fault_server.script(*FAULTS[fault])
    with pytest.raises(LLMError) as caught:
        call(fault_server, timeout=1.5, validators=[require_chinese("name")])
    error = caught.value
    logging.getLogger("test").exception("LLM failed: %s (%s)", error, error.detail, exc_info=error)
    shown = [str(error), repr(error), error.reason, error.detail, error.notice(), caplog.text]
    shown.append("".join(traceback.format_exception(error)))
    for text in shown:
        assert KEY not in text
    assert error.reason and any("\u4e00" <= ch <= "\u9fff" for ch in error.reason)


def test_methods_can_be_restricted_by_the_caller(fault_server: FaultServer) -> None:
    fault_server.script(Reply.json_content(VALID))
    result = structured_call(MESSAGES, Indicator, settings_for(fault_server), methods=["json_object"])
    assert result.method == "json_object"
    assert fault_server.received[0].json()["response_format"]["type"] == "json_object"
