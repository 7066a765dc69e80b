"""Typed failures of an LLM call. Callers catch `LLMError`, show `.reason` and fall back to offline.

`reason` is a short Chinese sentence for a UI notice; `detail` is a redacted technical note for logs.
Both are redacted when the exception is made, so printing one can never leak a key.
"""

from __future__ import annotations

from assistant.llm.redact import redact


class LLMError(Exception):
    """Base of every LLM failure. str(exc) is the Chinese reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = redact(reason)
        self.detail = redact(detail)
        super().__init__(self.reason)

    def notice(self) -> str:
        """The text for a UI/CLI notice when the caller falls back to the offline path."""
        return f"{self.reason}；已改用离线结果。"


class LLMUnavailable(LLMError):
    """The endpoint could not be used: not configured, refused, timed out, rate-limited, HTTP errors."""


class LLMInvalidOutput(LLMError):
    """The endpoint answered, but not with valid output, even after the re-asks."""
