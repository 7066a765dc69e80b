"""The ChatOpenAI built from the settings."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.config import LLMSettings, llm_settings
from assistant.llm.client import chat_model, endpoint_id, is_official_openai
from assistant.llm.errors import LLMUnavailable


def test_without_configuration_there_is_no_model() -> None:
    with pytest.raises(LLMUnavailable, match="ASSISTANT_LLM_BASE_URL"):
        chat_model(llm_settings())


def test_the_environment_configures_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-0123456789")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "7")
    model = chat_model()
    assert (model.model_name, model.openai_api_base, model.request_timeout) == (
        "qwen",
        "http://127.0.0.1:9/v1",
        7.0,
    )
    assert model.openai_api_key.get_secret_value() == "sk-env-0123456789"
    assert model.max_retries == 0  # structured_call owns the retry policy
    assert model.extra_body == {"max_tokens": 2048}


def test_official_openai_gets_no_extra_max_tokens() -> None:
    settings = LLMSettings(
        base_url=None, model="gpt-4o-mini", api_key=SecretStr("sk-x-0123456789"), max_tokens=300
    )
    model = chat_model(settings)
    assert model.max_tokens == 300 and model.extra_body is None
    assert is_official_openai("https://api.openai.com/v1") and not is_official_openai(
        "http://localhost:8080/v1"
    )


def test_the_endpoint_id_names_url_and_model_but_not_the_key() -> None:
    settings = LLMSettings(base_url="http://h/v1/", model="m", api_key=SecretStr("sk-secret-0123456789"))
    assert endpoint_id(settings) == "http://h/v1#m"
