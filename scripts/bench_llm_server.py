"""Benchmark: start the local llama.cpp server and time structured calls through assistant.llm.

Usage: .venv/bin/python scripts/bench_llm_server.py [N]   (needs scripts/setup_llm_server.sh first)
Prints the server start time, the first structured call (includes the json_schema → tool-calling
fallback), and p50/max of N further calls. Numbers are noisy on a shared 2-core machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import LLMSettings
from assistant.llm.structured import structured_call
from tests.llm_server import llama_unavailable_reason, start_llama_server, stop_process


class Indicator(BaseModel):
    """一条绩效指标"""

    name: str = Field(max_length=20)  # keeps the grammar-constrained answer short
    value: str = Field(max_length=20)


def main(runs: int = 5) -> None:
    if reason := llama_unavailable_reason():
        sys.exit(f"llama.cpp server not available: {reason}")
    proc, server = start_llama_server(Path(tempfile.mkdtemp()) / "server.log")
    try:
        print(f"server ready after       {server.startup_seconds:6.2f} s")
        settings = LLMSettings(
            base_url=server.base_url, model=server.model, api_key=None, timeout=120, max_tokens=96
        )
        messages = [("system", "输出一条绩效指标。"), ("user", "项目：人民调解员培训，200人次。")]
        first = structured_call(messages, Indicator, settings, temperature=0)
        print(f"first structured call    {first.elapsed:6.2f} s  ({first.method}, {first.requests} requests)")
        times = [structured_call(messages, Indicator, settings, temperature=0).elapsed for _ in range(runs)]
        print(f"next {runs} calls: p50      {statistics.median(times):6.2f} s  max {max(times):.2f} s")
    finally:
        stop_process(proc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
