"""Text bytes to text: UTF-8 (with or without BOM), UTF-16, GB18030; binary junk refused in Chinese."""

from __future__ import annotations

from assistant.ingest.errors import IngestError


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
