"""Sheets to index, read from JSON Lines corpora (streamed, any size) or any file ingestion reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus import read_jsonl
from assistant.ingest import IngestError, collect_files, read_path
from assistant.schema import Sheet


@dataclass
class ReadResult:
    sheets: list[Sheet] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one Chinese message per file that failed


def read_sources(paths: Iterable[str | Path]) -> ReadResult:
    """Every sheet in the given files and folders; a bad file is reported and skipped, the rest kept."""
    result = ReadResult()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            result.errors.append(f"{path}: 文件不存在")
            continue
        files = collect_files([path]) if path.is_dir() else [path]
        if path.is_dir() and not files:
            result.errors.append(f"{path}: 文件夹中没有可读取的文件")
        for file in files:
            try:
                # A file counts whole or not at all: a bad line rejects its file, not the others.
                sheets = list(read_jsonl(file)) if file.suffix.lower() == ".jsonl" else read_path(file)
                result.sheets.extend(sheets)
            except IngestError as exc:
                result.errors.append(f"{file}: {exc.reason}")
    return result
