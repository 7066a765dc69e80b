"""The parsed corpus: corpus/sheets.jsonl, one Sheet per line (built by `assistant ingest`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.config import corpus_path
from assistant.schema import Sheet


class CorpusMissingError(FileNotFoundError):
    pass


def load_corpus(path: str | Path | None = None) -> list[Sheet]:
    """All sheets of the corpus. Raises CorpusMissingError with the command that builds it."""
    path = Path(path) if path else corpus_path()
    if not path.exists():
        raise CorpusMissingError(f"语料库 {path} 不存在，请先运行：assistant ingest corpus/raw -o {path}")
    with path.open(encoding="utf-8") as handle:
        return [Sheet.model_validate_json(line) for line in handle if line.strip()]


def write_jsonl(sheets: Iterable[Sheet], path: str | Path) -> int:
    """Write sheets as JSON Lines (atomic, under a unique temporary name: a half-written corpus never
    replaces a good one, and two processes writing at once never share a temporary file)."""
    from assistant.outputs import write_atomic

    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        with tmp.open("w", encoding="utf-8") as handle:
            for sheet in sheets:
                handle.write(sheet.model_dump_json() + "\n")
                count += 1

    write_atomic(path, write)
    return count
