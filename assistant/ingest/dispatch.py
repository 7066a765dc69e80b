"""Choose a reader for a file: by type for binary formats, by sniffing for text layouts.

Every failure a user can cause (too big, binary junk, unknown layout, no table) ends as an
IngestError naming the file and what was not understood.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.config import MAX_FILE_BYTES
from assistant.ingest.errors import IngestError
from assistant.ingest.layouts import BINARY_READERS, TEXT_LAYOUTS, BinaryReader
from assistant.schema import Sheet

TEXT_SUFFIXES = frozenset({".txt", ".tsv", ".csv", ".html", ".htm", ".md", ".json", ".jsonl", ""})


def supported_suffixes() -> frozenset[str]:
    return TEXT_SUFFIXES | frozenset(BINARY_READERS)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus supported files found under folders (sorted, hidden ones skipped)."""
    suffixes = supported_suffixes()
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() in suffixes
                and p.suffix.lower() != ""
            )
        else:
            found.append(path)
    return found


def read_path(path: str | Path) -> list[Sheet]:
    path = Path(path)
    source = path.name
    if not path.exists():
        raise IngestError(source, "文件不存在")
    if path.is_dir():
        raise IngestError(source, "这是一个文件夹，请给出文件")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(
            source, f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）"
        )
    with path.open("rb") as handle:
        data = handle.read()
    return read_bytes(data, source)


def read_bytes(data: bytes, name: str) -> list[Sheet]:
    source = Path(name).name or "上传内容"
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(
            source, f"文件过大（{len(data) / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）"
        )
    if not data.strip():
        raise IngestError(source, "文件为空")
    suffix = Path(name).suffix.lower()
    reader = BINARY_READERS.get(suffix)
    if reader is None:
        reader = _sniff_binary(data)
    if reader is not None:
        return _checked(reader(data, source), source)
    if suffix and suffix not in TEXT_SUFFIXES:
        raise IngestError(
            source, f"不支持的文件类型 {suffix}（支持：{', '.join(sorted(supported_suffixes() - {''}))}）"
        )
    return read_text(decode_text(data, source), source)


def read_text(text: str, source: str) -> list[Sheet]:
    if not text.strip():
        raise IngestError(source, "文件没有文字内容")
    for layout in TEXT_LAYOUTS:
        if layout.detect(text):
            return _checked(layout.read(text, source), source)
    raise IngestError(source, _NO_TABLE)


def decode_text(data: bytes, source: str) -> str:
    """Decode text bytes (UTF-8 with or without BOM, UTF-16, GB18030); refuse binary junk."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    sample = data[:4096]
    if b"\x00" in sample:
        raise IngestError(source, "这是二进制文件，不是可读的表格或文本")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise IngestError(source, "无法识别文件编码，或内容是乱码（请另存为 UTF-8 文本、.xlsx 或 .docx）")


def _mostly_printable(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad / len(sample) < 0.01


def _sniff_binary(data: bytes) -> BinaryReader | None:
    if data.startswith(b"PK\x03\x04"):
        head = data[:4000]
        if b"word/" in head and ".docx" in BINARY_READERS:
            return BINARY_READERS[".docx"]
        if b"xl/" in head and ".xlsx" in BINARY_READERS:
            return BINARY_READERS[".xlsx"]
    if data.startswith(b"%PDF") and ".pdf" in BINARY_READERS:
        return BINARY_READERS[".pdf"]
    return None


_NO_TABLE = "无法识别的版式：没有找到绩效指标表（项目名称、一级指标/二级指标/三级指标，或产出指标、效益指标等分类下的指标行）"


def _checked(sheets: list[Sheet], source: str) -> list[Sheet]:
    if not sheets:
        raise IngestError(source, _NO_TABLE)
    return sheets
