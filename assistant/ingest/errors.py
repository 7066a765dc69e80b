"""The one error type ingestion raises: it names the file and says, in Chinese, what was not understood."""

from __future__ import annotations


class IngestError(Exception):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
