"""Structured output: ask an OpenAI-compatible endpoint for JSON that validates into a pydantic model.

`structured_call` picks the best method the endpoint supports — OpenAI `json_schema`, then tool
calling, then JSON mode with the schema in the prompt — and remembers per endpoint (base URL + model)
which one worked, for the life of the process. When the answer does not validate (bad JSON, schema
violation, a caller's validator such as "must be Chinese"), it re-asks once or twice with the error.

Retry policy per request: HTTP 429 waits for Retry-After when that fits under a cap and the deadline;
5xx is retried once or twice with backoff; a refused connection or a time-out gives up at once. The
whole call never runs past `settings.timeout`. Every failure ends as `LLMUnavailable` or
`LLMInvalidOutput` with a short Chinese reason, so the caller can fall back to its offline path.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, convert_to_messages
from pydantic import BaseModel, ValidationError

from assistant.config import LLMSettings, llm_settings
from assistant.llm.client import chat_model, endpoint_id, is_official_openai
from assistant.llm.errors import LLMInvalidOutput, LLMUnavailable
from assistant.llm.prompts import load_prompt
from assistant.llm.redact import redact

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
Method = Literal["json_schema", "function_calling", "json_object"]
METHODS: tuple[Method, ...] = ("json_schema", "function_calling", "json_object")

# A validator looks at a parsed answer and returns a Chinese error message, or None when it is fine.
Validator = Callable[[BaseModel], str | None]


@dataclass(frozen=True)
class RetryPolicy:
    rate_limit_retries: int = 2
    max_retry_after: float = 20.0  # seconds; a longer Retry-After means "unavailable now"
    server_error_retries: int = 2
    backoff: float = 0.5  # seconds before the first 5xx retry, doubled each time
    repairs: int = 2  # re-asks after an answer that does not validate


@dataclass(frozen=True)
class StructuredResult(Generic[T]):
    value: T
    method: Method
    requests: int  # HTTP requests sent, retries and re-asks included
    repairs: int  # re-asks that were needed
    elapsed: float  # seconds
    raw: str  # the text the value was parsed from
    # Tokens the endpoint reported (usage) over every answer of the call, re-asks included.
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


# endpoint_id -> the method that produced a valid answer there.
_methods: dict[str, Method] = {}
_methods_lock = threading.Lock()


def remembered_method(settings: LLMSettings) -> Method | None:
    with _methods_lock:
        return _methods.get(endpoint_id(settings))


def forget_methods() -> None:
    """Forget every endpoint's method (tests; or after the user changes the endpoint's server)."""
    with _methods_lock:
        _methods.clear()


def _remember(settings: LLMSettings, method: Method) -> None:
    with _methods_lock:
        _methods[endpoint_id(settings)] = method


class _MethodUnsupported(Exception):
    """The endpoint rejected the way we asked for structure; try the next method."""


class _BadAnswer(Exception):
    """The answer did not validate. `feedback` goes back to the model; `raw` is what it said.

    `no_json` marks an answer with no JSON in it at all (prose), as opposed to broken JSON.
    """

    def __init__(self, feedback: str, raw: str, *, no_json: bool = False) -> None:
        super().__init__(feedback)
        self.feedback = feedback
        self.raw = raw
        self.no_json = no_json


@dataclass
class _Call:
    """The state of one structured_call: deadline, counters, the endpoint."""

    settings: LLMSettings
    policy: RetryPolicy
    deadline: float
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


def structured_call(
    messages: Sequence[BaseMessage | tuple[str, str] | dict[str, Any] | str],
    model: type[T],
    settings: LLMSettings | None = None,
    *,
    validators: Sequence[Validator] = (),
    policy: RetryPolicy | None = None,
    temperature: float | None = None,
    llm: BaseChatModel | None = None,
    methods: Sequence[Method] = METHODS,
) -> StructuredResult[T]:
    """Ask for an instance of `model`; see the module docstring for methods, re-asks and retries.

    `llm` overrides the chat model built from `settings` (it must be a ChatOpenAI-like model that
    accepts `response_format`, tools and a per-request `timeout`). `methods` limits and orders the
    methods tried; the one remembered for the endpoint, if allowed, goes first.
    """
    settings = settings or llm_settings()
    policy = policy or RetryPolicy()
    started = time.monotonic()
    llm = llm or chat_model(settings, temperature=temperature)
    call = _Call(settings=settings, policy=policy, deadline=started + settings.timeout)
    conversation = convert_to_messages(list(messages))

    known = remembered_method(settings)
    if known not in methods:
        known = None
    candidates = [known] if known else []
    candidates += [m for m in methods if m != known]
    rejected: list[str] = []
    for method in candidates:
        try:
            value, raw, repairs = _ask(
                llm, conversation, model, method, validators, call, confirmed=method == known
            )
        except _MethodUnsupported as exc:
            rejected.append(f"{method}: {exc}")
            log.info("endpoint %s does not support %s: %s", endpoint_id(settings), method, redact(exc))
            continue
        _remember(settings, method)
        return StructuredResult(
            value=value,
            method=method,
            requests=call.requests,
            prompt_tokens=call.prompt_tokens,
            completion_tokens=call.completion_tokens,
            repairs=repairs,
            elapsed=time.monotonic() - started,
            raw=raw,
        )
    raise LLMUnavailable(
        "大模型接口不支持结构化输出（json_schema、工具调用、JSON 模式均被拒绝）", detail="; ".join(rejected)
    )


def _ask(
    llm: BaseChatModel,
    conversation: list[BaseMessage],
    model: type[T],
    method: Method,
    validators: Sequence[Validator],
    call: _Call,
    *,
    confirmed: bool,
) -> tuple[T, str, int]:
    bound, conversation = _bind(llm, conversation, model, method, call.settings)
    repairs = 0
    while True:
        try:
            answer = _invoke(bound, conversation, call, method, confirmed=confirmed)
            # After a re-ask this method has already answered with JSON here: prose is then a bad answer.
            value = _parse(answer, model, method, confirmed=confirmed or repairs > 0)
            _validate(value, validators, raw=_answer_text(answer))
            return value, _answer_text(answer), repairs
        except _BadAnswer as bad:
            if repairs >= call.policy.repairs:
                raise LLMInvalidOutput(
                    f"大模型输出未通过校验（已重问 {repairs} 次）：{_short(bad.feedback, 80)}",
                    detail=bad.feedback,
                ) from None
            repairs += 1
            log.info("re-asking after invalid output (%s): %s", method, redact(bad.feedback))
            conversation = [
                *conversation,
                AIMessage(content=bad.raw or "（空）"),
                HumanMessage(content=load_prompt("structured_repair", error=bad.feedback)),
            ]


# ---------------------------------------------------------------------------------------------
# Binding the request for each method


def _schema_name(model: type[BaseModel]) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", model.__name__)[:64] or "Answer"


def _bind(
    llm: BaseChatModel,
    conversation: list[BaseMessage],
    model: type[BaseModel],
    method: Method,
    settings: LLMSettings,
) -> tuple[Any, list[BaseMessage]]:
    schema = model.model_json_schema()
    name = _schema_name(model)
    if method == "json_schema":
        # strict=False: pydantic schemas (optional fields, defaults) rarely meet OpenAI's strict rules.
        return llm.bind(
            response_format={
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": False},
            }
        ), conversation
    if method == "function_calling":
        tool = {
            "type": "function",
            "function": {"name": name, "description": (model.__doc__ or name).strip(), "parameters": schema},
        }
        return llm.bind_tools([tool], tool_choice=name), conversation
    # json_object: the schema goes into the prompt. Compatible servers (llama.cpp) also take it in
    # response_format and then constrain the grammar to it; OpenAI itself would reject the extra key.
    response_format: dict[str, Any] = {"type": "json_object"}
    if not is_official_openai(settings.base_url):
        response_format["schema"] = schema
    instruction = load_prompt("structured_schema", schema=json.dumps(schema, ensure_ascii=False))
    return llm.bind(response_format=response_format), _with_system_text(conversation, instruction)


def _with_system_text(conversation: list[BaseMessage], text: str) -> list[BaseMessage]:
    # Some chat templates accept one system message only, at the start: merge into it.
    if (
        conversation
        and isinstance(conversation[0], SystemMessage)
        and isinstance(conversation[0].content, str)
    ):
        return [SystemMessage(content=f"{conversation[0].content}\n\n{text}"), *conversation[1:]]
    return [SystemMessage(content=text), *conversation]


# ---------------------------------------------------------------------------------------------
# One request with the retry policy


def _invoke(
    bound: Any, conversation: list[BaseMessage], call: _Call, method: Method, *, confirmed: bool
) -> AIMessage:
    policy = call.policy
    rate_limited = server_errors = 0
    while True:
        remaining = call.remaining()
        if remaining <= 0.05:
            raise LLMUnavailable(
                f"大模型接口在 {call.settings.timeout:g} 秒内未完成", detail="deadline reached"
            )
        call.requests += 1
        try:
            answer = bound.invoke(conversation, timeout=remaining)
            _count_tokens(call, answer)
            return answer
        except openai.APITimeoutError:
            raise LLMUnavailable(
                f"大模型接口响应超时（{call.settings.timeout:g} 秒）", detail="request timed out"
            ) from None
        except openai.APIConnectionError as exc:
            raise LLMUnavailable(
                "无法连接大模型接口或连接中断", detail=f"{type(exc).__name__}: {exc}"
            ) from None
        except openai.RateLimitError as exc:
            wait = _retry_after(exc.response) or policy.backoff * 2**rate_limited
            if rate_limited >= policy.rate_limit_retries or wait > policy.max_retry_after:
                raise LLMUnavailable(
                    f"大模型接口限流（HTTP 429），请约 {wait:.0f} 秒后再试", detail=_status_detail(exc)
                ) from None
            if wait >= call.remaining():
                raise LLMUnavailable(
                    f"大模型接口限流（HTTP 429），等待时间超出 {call.settings.timeout:g} 秒时限",
                    detail=_status_detail(exc),
                ) from None
            rate_limited += 1
            log.info("HTTP 429, retrying in %.1f s", wait)
            time.sleep(wait)
        except openai.APIStatusError as exc:
            status = exc.status_code
            if _is_context_overflow(exc):
                raise LLMUnavailable("提示过长，超出大模型的上下文长度", detail=_status_detail(exc)) from None
            if not confirmed and _rejects_method(exc, method):
                raise _MethodUnsupported(_status_detail(exc)) from None
            if status in (401, 403):
                raise LLMUnavailable(
                    f"大模型接口鉴权失败（HTTP {status}），请检查 API 密钥", detail=_status_detail(exc)
                ) from None
            if status == 404:
                raise LLMUnavailable(
                    "大模型接口地址或模型名称不存在（HTTP 404）", detail=_status_detail(exc)
                ) from None
            if status >= 500 and server_errors < policy.server_error_retries:
                wait = policy.backoff * 2**server_errors
                if wait < call.remaining():
                    server_errors += 1
                    log.info("HTTP %s, retrying in %.1f s", status, wait)
                    time.sleep(wait)
                    continue
            raise LLMUnavailable(f"大模型接口返回错误（HTTP {status}）", detail=_status_detail(exc)) from None
        except openai.LengthFinishReasonError:
            # Raised by the client when a JSON answer hit max_tokens: the output is cut off.
            raise _BadAnswer(
                "输出在达到长度上限时被截断，JSON 不完整。请输出更简短、完整的 JSON。", raw=""
            ) from None
        except openai.APIError as exc:
            raise LLMUnavailable("大模型接口调用失败", detail=f"{type(exc).__name__}: {exc}") from None
        except Exception as exc:  # a malformed response body, an unexpected client error
            raise LLMUnavailable(
                "大模型接口返回了无法识别的响应", detail=f"{type(exc).__name__}: {_short(str(exc), 300)}"
            ) from None


# Words in an error body that say "this request shape is not supported" rather than "server broke".
_METHOD_WORDS = ("response_format", "json_schema", "tool", "function", "schema", "not support", "unsupported")


def _is_context_overflow(exc: openai.APIStatusError) -> bool:
    text = _status_detail(exc).lower()
    return "context_length_exceeded" in text or (
        "context" in text and ("exceed" in text or "too long" in text)
    )


def _rejects_method(exc: openai.APIStatusError, method: Method) -> bool:
    """Whether an HTTP error means the endpoint does not take this way of asking for structure."""
    if method == "json_object" and exc.status_code >= 500:
        return False
    text = _status_detail(exc).lower()
    if exc.status_code in (400, 415, 422, 501):
        return True
    # llama.cpp's server answers a json_schema response_format with HTTP 500 naming the field.
    return exc.status_code >= 500 and any(word in text for word in _METHOD_WORDS)


def _status_detail(exc: openai.APIStatusError) -> str:
    body = exc.body if exc.body is not None else getattr(exc, "message", "")
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, default=str)
    return f"HTTP {exc.status_code}: {_short(text, 400)}"


def _retry_after(response: Any) -> float | None:
    """Seconds to wait from Retry-After / retry-after-ms, or None when absent or unreadable."""
    headers = getattr(response, "headers", None) or {}
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _count_tokens(call: _Call, answer: Any) -> None:
    usage = getattr(answer, "usage_metadata", None) or {}
    call.prompt_tokens += int(usage.get("input_tokens") or 0)
    call.completion_tokens += int(usage.get("output_tokens") or 0)


# ---------------------------------------------------------------------------------------------
# Parsing and validating an answer


def _answer_text(answer: AIMessage) -> str:
    """What the model said (a tool call's arguments as JSON), with secrets masked: an endpoint
    (broken, or steered by injected text) that echoes the key must not get it into a draft, a
    finding, a log line, an export, or back into the next request."""
    if answer.tool_calls:
        text = json.dumps(answer.tool_calls[0]["args"], ensure_ascii=False)
    elif answer.invalid_tool_calls:
        text = answer.invalid_tool_calls[0].get("args") or ""
    else:
        content = answer.content
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return redact(text)


def _parse(answer: AIMessage, model: type[T], method: Method, *, confirmed: bool) -> T:
    raw = _answer_text(answer)
    if refusal := answer.additional_kwargs.get("refusal"):
        raise _BadAnswer(f"模型拒绝回答：{_short(redact(refusal), 200)}。请按要求输出 JSON。", raw)
    if method == "function_calling" and answer.tool_calls:
        return _validated(json.loads(raw), model, raw)  # the arguments, masked
    if method == "function_calling" and answer.invalid_tool_calls:
        error = answer.invalid_tool_calls[0].get("error") or "参数不是合法的 JSON"
        raise _BadAnswer(f"工具调用的参数不是合法的 JSON：{_short(str(error), 200)}", raw)
    # Some servers put the tool's JSON in the content instead, which is fine.
    try:
        data = _json_from_text(raw)
    except _BadAnswer as bad:
        # Prose where JSON was asked for through the API, on an endpoint where this method has not
        # worked before: the server ignores response_format or tools. Try the next method.
        if bad.no_json and not confirmed and method != "json_object":
            raise _MethodUnsupported(f"the answer has no JSON: {_short(raw, 80)}") from None
        raise
    return _validated(data, model, raw)


def _json_from_text(raw: str) -> Any:
    text = raw.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.S)
    if fenced:
        text = fenced.group(1)
    if not text:
        raise _BadAnswer("输出为空，请输出符合 schema 的 JSON 对象。", raw, no_json=True)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            try:
                return json.loads(text[start : end + 1])
            except json.JSONDecodeError:
                pass
        no_json = "{" not in text and "[" not in text
        raise _BadAnswer(
            f"输出不是合法的 JSON（{exc.msg}，第 {exc.pos} 个字符处）。", raw, no_json=no_json
        ) from None


def _validated(data: Any, model: type[T], raw: str) -> T:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _BadAnswer(f"JSON 不符合 schema：{_validation_summary(exc)}", raw) from None


def _validation_summary(exc: ValidationError, limit: int = 8) -> str:
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "（根）"
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - limit
    if more > 0:
        parts.append(f"另有 {more} 处错误")
    return "；".join(parts)


def _validate(value: BaseModel, validators: Sequence[Validator], raw: str) -> None:
    problems = [problem for check in validators if (problem := check(value))]
    if problems:
        raise _BadAnswer("；".join(problems), raw)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
