"""structured_call against the real llama.cpp server (Gemma 3 270M, a base model: content is junk).

The point is the plumbing over a real OpenAI-compatible peer: the request shapes it accepts, the
method fallback, and pydantic validation of what it returns.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from assistant.config import LLMSettings
from assistant.llm.client import chat_model
from assistant.llm.prompts import DataFence
from assistant.llm.structured import forget_methods, remembered_method, structured_call
from tests.llm_server import LlamaServer

pytestmark = pytest.mark.timeout(300)


class Indicator(BaseModel):
    """一条绩效指标"""

    # maxLength becomes part of llama.cpp's grammar: without it the base model can ramble inside a
    # string until max_tokens cuts the JSON off.
    name: str = Field(max_length=20)
    value: str = Field(max_length=20)


def settings_for(server: LlamaServer) -> LLMSettings:
    # A short answer limit: the base model rambles until max_tokens.
    return LLMSettings(base_url=server.base_url, model=server.model, api_key=None, timeout=120, max_tokens=96)


@pytest.fixture(autouse=True)
def _fresh_method_memory() -> None:
    forget_methods()


def test_the_server_answers_a_plain_chat(llama_server: LlamaServer) -> None:
    answer = chat_model(settings_for(llama_server), max_tokens=8).invoke("你好")
    assert isinstance(answer.content, str)
    assert answer.response_metadata["token_usage"]["completion_tokens"] <= 8


def test_structured_call_validates_and_falls_back_from_json_schema_to_tool_calling(
    llama_server: LlamaServer,
) -> None:
    fence = DataFence()
    messages = [
        ("system", "你是绩效目标助手。按要求输出一条绩效指标。\n" + fence.rule()),
        ("user", fence.wrap("人民调解业务经费，培训调解员200人次。", label="项目描述")),
    ]
    settings = settings_for(llama_server)
    first = structured_call(messages, Indicator, settings, temperature=0)
    assert isinstance(first.value, Indicator)
    # llama.cpp rejects response_format json_schema (HTTP 500), so at least two requests were sent.
    assert first.method == "function_calling" and first.requests >= 2
    assert remembered_method(settings) == "function_calling"

    second = structured_call(messages, Indicator, settings, temperature=0)
    assert isinstance(second.value, Indicator)
    assert second.method == "function_calling" and second.requests == 1 + second.repairs


def test_json_mode_with_the_schema_also_validates_on_this_server(llama_server: LlamaServer) -> None:
    # llama.cpp turns the schema sent with response_format json_object into a grammar.
    messages = [("system", "输出一条绩效指标。"), ("user", "项目：法律援助。")]
    result = structured_call(
        messages, Indicator, settings_for(llama_server), methods=["json_object"], temperature=0
    )
    assert isinstance(result.value, Indicator) and result.method == "json_object"
