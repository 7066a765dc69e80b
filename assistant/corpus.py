"""The parsed corpus: corpus/sheets.jsonl, one Sheet per line (built by `assistant ingest`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from assistant.config import corpus_path
from assistant.ingest.errors import IngestError
from assistant.schema import Sheet


class CorpusMissingError(FileNotFoundError):
    pass


def load_corpus(path: str | Path | None = None) -> list[Sheet]:
    """All sheets of the corpus. Raises CorpusMissingError with the command that builds it, and
    IngestError naming the line when a line is not a sheet."""
    path = Path(path) if path else corpus_path()
    if not path.exists():
        raise CorpusMissingError(f"语料库 {path} 不存在，请先运行：assistant ingest corpus/raw -o {path}")
    return list(read_jsonl(path))


def read_jsonl(path: Path) -> Iterator[Sheet]:
    """Sheets of a JSON Lines file, one per line, streamed (any size). Raises IngestError naming the
    line that is wrong."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise IngestError(path.name, f"无法读取：{exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield Sheet.model_validate_json(line)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"]) or "整行"
                    raise IngestError(
                        path.name, f"第 {number} 行不是有效的绩效目标表：{where}（{first['msg']}）"
                    ) from None
        except UnicodeDecodeError:
            raise IngestError(path.name, "不是 UTF-8 编码的 JSON Lines 文件") from None


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
