"""Choose a reader for a file: by type for binary formats, by sniffing for text layouts.

Every failure a user can cause (too big, binary junk, unknown layout, no table) ends as an
IngestError naming the file and what was not understood.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import max_file_bytes
from assistant.ingest.decoding import decode_text
from assistant.ingest.errors import IngestError
from assistant.ingest.file_safety import read_capped, shown_name, too_big
from assistant.ingest.layouts import BINARY_READERS, BinaryReader
from assistant.ingest.text_layouts import NO_TABLE, read_text
from assistant.schema import Sheet

TEXT_SUFFIXES = frozenset({".txt", ".tsv", ".csv", ".html", ".htm", ".md", ".json", ".jsonl", ""})


def supported_suffixes() -> frozenset[str]:
    return TEXT_SUFFIXES | frozenset(BINARY_READERS)


def read_path(path: str | Path) -> list[Sheet]:
    path = Path(path)
    source = shown_name(path.name)  # a name in GBK bytes or with control characters, printable
    # FIFOs, devices and links to them are refused before reading; the cap counts the bytes read.
    return read_bytes(read_capped(path, source, max_file_bytes()), source)


def read_bytes(data: bytes, name: str) -> list[Sheet]:
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
        raise IngestError(source, NO_TABLE)
    return sheets
