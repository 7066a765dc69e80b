"""Secrets are masked in messages, exceptions and every log record."""

from __future__ import annotations

import logging

import pytest

from assistant.llm.errors import LLMUnavailable
from assistant.llm.redact import MASK, install_log_redaction, redact, register_secret

KEY = "tk-9f8e7d6c5b4a39281706"  # not sk- shaped: only registration or the environment can mask it


def test_a_registered_secret_is_masked() -> None:
    register_secret("reg-0011223344556677")
    assert redact("key reg-0011223344556677 used") == f"key {MASK} used"


def test_the_configured_key_is_masked_without_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    assert KEY not in redact(f"调用失败：{KEY}")
    monkeypatch.setenv("OPENAI_API_KEY", KEY + "x")
    monkeypatch.delenv("ASSISTANT_LLM_API_KEY")
    assert redact(f"{KEY}x") == MASK


@pytest.mark.parametrize(
    "text",
    [
        "Incorrect API key provided: sk-proj-abcdefghijklmnop",
        "Authorization: Bearer abcdefghijklmnopqrstuvwxyz",
        'payload {"api_key": "zzzzyyyyxxxxwwww"}',
        "url?access_token=zzzzyyyyxxxxwwww&x=1",
    ],
)
def test_credential_shaped_strings_are_masked_even_when_unknown(text: str) -> None:
    masked = redact(text)
    assert MASK in masked
    assert not any(secret in masked for secret in ("abcdefghijklmnop", "zzzzyyyyxxxxwwww"))


def test_ordinary_text_is_left_alone() -> None:
    text = "培训人数≥200人次；task-force；api 文档；Bearer 令牌"
    assert redact(text) == text


def test_exception_reasons_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    error = LLMUnavailable(f"密钥 {KEY} 无效", detail=f"HTTP 401 {KEY}")
    assert KEY not in str(error) and KEY not in error.detail and KEY not in repr(error)


def test_every_log_record_is_redacted_once_installed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", KEY)
    install_log_redaction()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("some.library").debug("headers %s", {"Authorization": f"Bearer {KEY}"})
    try:
        raise RuntimeError(f"bad key {KEY}")
    except RuntimeError:
        logging.getLogger("another").exception("failed with %s", KEY)
    assert caplog.records and KEY not in caplog.text
    assert "RuntimeError: bad key" in caplog.text  # the traceback is kept, only the key is masked


def test_records_without_secrets_keep_their_arguments() -> None:
    # Formatters such as uvicorn's access log unpack record.args; only records with a secret change.
    install_log_redaction()
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s"', ("127.0.0.1", "GET", "/"), None
    )
    assert record.args == ("127.0.0.1", "GET", "/")
