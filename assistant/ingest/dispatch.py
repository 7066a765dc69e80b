"""Choose a reader for a file: by type for binary formats, by sniffing for text layouts.

Every failure a user can cause (too big, binary junk, unknown layout, no table) ends as an
IngestError naming the file and what was not understood.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.config import max_file_bytes
from assistant.ingest.errors import IngestError
from assistant.ingest.file_safety import read_capped, shown_name, too_big
from assistant.ingest.json_reader import looks_like_sheet_json, read_sheet_json
from assistant.schema import Sheet

TextReader = Callable[[str, str], list[Sheet]]
BinaryReader = Callable[[bytes, str], list[Sheet]]

# Text layouts, tried in order: (name, detector, reader). Readers of specific layouts register
# themselves in assistant.ingest.layouts; the JSON reader is always first.
TEXT_LAYOUTS: list[tuple[str, Callable[[str], bool], TextReader]] = [
    ("sheet-json", looks_like_sheet_json, read_sheet_json),
]
# Binary formats by suffix, registered by their readers.
BINARY_READERS: dict[str, BinaryReader] = {}

TEXT_SUFFIXES = frozenset({".txt", ".tsv", ".csv", ".html", ".htm", ".md", ".json", ".jsonl", ""})


def _register_builtin_readers() -> None:
    # Imported here so that each reader module stays independent of the dispatcher.
    from assistant.ingest import (
        layouts,  # noqa: F401  (registers itself)
        legacy_formats,  # noqa: F401  (.xls, .doc, WPS, OpenDocument, HTML tables)
    )


def supported_suffixes() -> frozenset[str]:
    _register_builtin_readers()
    return TEXT_SUFFIXES | frozenset(BINARY_READERS)


def read_path(path: str | Path) -> list[Sheet]:
    path = Path(path)
    source = shown_name(path.name)  # a name in GBK bytes or with control characters, printable
    # FIFOs, devices and links to them are refused before reading; the cap counts the bytes read.
    return read_bytes(read_capped(path, source, max_file_bytes()), source)


def read_bytes(data: bytes, name: str) -> list[Sheet]:
    _register_builtin_readers()
    source = Path(name).name or "上传内容"
    if len(data) > (limit := max_file_bytes()):
        raise IngestError(source, too_big(len(data), limit))
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
    _register_builtin_readers()
    if not text.strip():
        raise IngestError(source, "文件没有文字内容")
    for _name, detect, reader in TEXT_LAYOUTS:
        if detect(text):
            return _checked(reader(text, source), source)
    raise IngestError(
        source, "无法识别的版式：没有找到绩效目标表的表头（项目名称、一级指标/二级指标/三级指标等）"
    )


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
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .xls / .doc / .wps under another name
        from assistant.ingest.legacy_formats import read_ole

        return read_ole
    return None


def _checked(sheets: list[Sheet], source: str) -> list[Sheet]:
    if not sheets:
        raise IngestError(source, "没有找到任何绩效目标表")
    return sheets
