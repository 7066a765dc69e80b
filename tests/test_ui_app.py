"""The Gradio app builds, names the active backend in its header, and never shows an API key."""

from __future__ import annotations

import json

import pytest

gr = pytest.importorskip("gradio")


def config_text(app) -> str:
    return json.dumps(app.get_config_file(), ensure_ascii=False, default=str)


def test_the_offline_default_is_named_in_the_header():
    from assistant.ui.blocks import build_app

    text = config_text(build_app())
    assert "离线模式" in text
    for tab in ("编制助手", "审核", "批量评分"):
        assert tab in text


def test_a_configured_endpoint_is_named_without_its_key(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen-test")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-secret-123456")
    from assistant.ui.blocks import build_app

    text = config_text(build_app())
    assert "大模型：qwen-test @ http://127.0.0.1:9/v1" in text
    assert "sk-secret-123456" not in text
