"""Secret hygiene: the API key never reaches a log line, an exception message, a notice or an export.

Every key the process knows (the configured LLM and embedding keys, plus any registered by the code
that builds a client) is replaced by a mask, and so are strings that look like credentials
(`sk-…` tokens, `Bearer …` values, `api_key=…` pairs) even when they were never registered.
`install_log_redaction()` makes every log record, from any library, pass through `redact`.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Iterable

from pydantic import SecretStr

MASK = "***"

_lock = threading.Lock()
_secrets: set[str] = set()

# Credential-shaped strings, masked even when nobody registered them. Keys shorter than 8
# characters are not credential-shaped enough to mask blindly (they would eat ordinary words).
_PATTERNS = [
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\b(Bearer)\s+[A-Za-z0-9._~+/=\-]{8,}"),
    re.compile(r"(?i)\b(api[_-]?key|access[_-]?token|authorization)(\"?\s*[:=]\s*\"?)[^\s\"',}&]{8,}"),
]

# Registered keys shorter than this are not masked: "abc" would mask every "abc" in ordinary text.
MIN_SECRET_LEN = 6


def register_secret(value: str | SecretStr | None) -> None:
    """Remember a secret so that `redact` masks it from now on (for the life of the process)."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value and len(value) >= MIN_SECRET_LEN:
        with _lock:
            _secrets.add(value)


def _known_secrets(extra: Iterable[str | SecretStr | None] = ()) -> list[str]:
    # Read the environment each time: a key set after start-up is still masked.
    from assistant.config import embedding_settings, llm_settings

    found = set()
    for key in (llm_settings().api_key, embedding_settings().api_key, *extra):
        raw = key.get_secret_value() if isinstance(key, SecretStr) else key
        if raw and len(raw) >= MIN_SECRET_LEN:
            found.add(raw)
    with _lock:
        found |= _secrets
    # Longest first, so that a key that contains another key is masked whole.
    return sorted(found, key=len, reverse=True)


def redact(text: object, extra: Iterable[str | SecretStr | None] = ()) -> str:
    """`text` as a string with every known secret and credential-shaped token masked."""
    out = str(text)
    for secret in _known_secrets(extra):
        out = out.replace(secret, MASK)
    out = _PATTERNS[0].sub(MASK, out)
    out = _PATTERNS[1].sub(lambda m: f"{m.group(1)} {MASK}", out)
    out = _PATTERNS[2].sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", out)
    return out


def _redact_record(record: logging.LogRecord) -> None:
    if getattr(record, "_redacted", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not hide the record
        message = f"{record.msg!r} {record.args!r}"
    masked = redact(message)
    # Rewrite only when something was masked: some formatters (uvicorn's access log) need record.args.
    if masked != message:
        record.msg = masked
        record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._redacted = True


class RedactingFilter(logging.Filter):
    """A logging filter (for a handler or a logger) that masks secrets in the record; never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_installed = False


def install_log_redaction() -> None:
    """Mask secrets in every log record the process creates, whichever library logs it.

    A filter on the root logger would miss records propagated from child loggers, so the record
    factory is wrapped instead. Idempotent.
    """
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
