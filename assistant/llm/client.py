"""Build the LangChain chat model for the configured OpenAI-compatible endpoint.

One place knows the endpoint quirks that matter (see shared research tech.md §4):
- langchain-openai sends `max_completion_tokens`, which llama.cpp and other compatible servers
  ignore, so for a non-OpenAI base URL `max_tokens` also goes into the request body;
- LangChain's own retries are off (`max_retries=0`): `assistant.llm.structured` has the retry policy;
- always the Chat Completions API (compatible servers rarely serve /v1/responses).
"""

from __future__ import annotations

from urllib.parse import urlparse

from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.config import LLMSettings, llm_settings
from assistant.llm.errors import LLMUnavailable
from assistant.llm.redact import install_log_redaction, register_secret

OPENAI_HOST = "api.openai.com"
# The openai client insists on a key; local servers accept any. Not a secret.
PLACEHOLDER_KEY = "no-key"


def is_official_openai(base_url: str | None) -> bool:
    return not base_url or (urlparse(base_url).hostname or "") == OPENAI_HOST


def endpoint_id(settings: LLMSettings) -> str:
    """A key-free name of the endpoint (base URL + model), for memoising what it supports."""
    base = (settings.base_url or f"https://{OPENAI_HOST}/v1").rstrip("/")
    return f"{base}#{settings.model}"


def chat_model(
    settings: LLMSettings | None = None,
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
) -> ChatOpenAI:
    """A ChatOpenAI for `settings` (default: from the environment). Raises LLMUnavailable if unset."""
    settings = settings or llm_settings()
    if not settings.configured:
        raise LLMUnavailable("未配置大模型接口（需设置 ASSISTANT_LLM_BASE_URL 与 ASSISTANT_LLM_MODEL）")
    install_log_redaction()
    register_secret(settings.api_key)
    limit = max_tokens or settings.max_tokens
    extra_body = None if is_official_openai(settings.base_url) else {"max_tokens": limit}
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key or SecretStr(PLACEHOLDER_KEY),
        timeout=settings.timeout,
        max_retries=0,
        max_tokens=limit,
        extra_body=extra_body,
        temperature=temperature,
        use_responses_api=False,
    )
