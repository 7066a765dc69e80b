"""The llama_server fixture's contract: a loud skip when the server is not set up, a failure in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.llm_server import ROOT

USES_SERVER = """
def test_needs_the_server(llama_server):
    assert llama_server.base_url
"""


def run_pytest(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_uses_server.py").write_text(USES_SERVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env |= {"ASSISTANT_LLM_VENV": str(tmp_path / "no-venv"), "PYTHONPATH": str(ROOT)}
    if ci:
        env["CI"] = "true"
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "tests.llm_server", "-p", "no:cacheprovider",
               str(tmp_path / "test_uses_server.py")]  # fmt: skip
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_without_the_server_the_test_skips_with_the_reason(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "LLM SERVER NOT AVAILABLE" in result.stdout and "setup_llm_server.sh" in result.stdout


@pytest.mark.slow
def test_under_ci_a_skipped_server_test_fails(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, ci=True)
    assert result.returncode != 0
    assert "must not skip under CI=true" in result.stdout
    assert "setup_llm_server.sh" in result.stdout
