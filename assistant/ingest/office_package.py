"""Check an .xlsx/.docx package before a library parses it: refuse zip bombs and XML with a DTD.

Office files are zip packages of XML parts. openpyxl and python-docx trust them: a part that expands
to gigabytes, or an XML part with a DOCTYPE (the "billion laughs" entity bomb, external entities)
would be handed straight to the XML parser. The Open Packaging Conventions forbid DTDs in package
parts (ECMA-376 Part 2, §8.1.4), so no genuine Word or Excel file has one, and refusing them costs
nothing. Sizes in a zip header can lie, so parts are streamed with a hard cap on the bytes actually
expanded, never read whole.
"""

from __future__ import annotations

import io
import zipfile

from assistant.ingest.errors import IngestError

MAX_PARTS = 5000
MAX_PART_BYTES = 64 * 1024 * 1024  # one expanded XML part (a sheet of ~200,000 rows)
MAX_PACKAGE_BYTES = 256 * 1024 * 1024  # every part together, as declared and as expanded
_CHUNK = 1024 * 1024
# "<!DOCTYPE" / "<!ENTITY" in UTF-8 and in both UTF-16 byte orders (parts may be UTF-16).
_NEEDLES = tuple(
    word.encode(encoding)
    for word in ("<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(n) for n in _NEEDLES) - 1


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_office_package(data: bytes, source: str, kind: str) -> None:
    """Raise IngestError (Chinese reason) when the package is not safe to hand to the library.

    `kind` names the format in the message ("Excel" / "Word"). A file that is not a zip at all is
    left to the library, which reports it as corrupt.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with package:
        parts = package.infolist()
        if len(parts) > MAX_PARTS:
            raise IngestError(
                source, f"{kind} 文件内部结构异常（包含 {len(parts)} 个部件），疑似恶意文件，已拒绝读取"
            )
        declared = sum(info.file_size for info in parts)
        if declared > MAX_PACKAGE_BYTES or any(info.file_size > MAX_PART_BYTES for info in parts):
            raise IngestError(
                source,
                f"{kind} 文件解压后过大（声明 {declared / 1024 / 1024:.0f} MB），疑似压缩炸弹，已拒绝读取",
            )
        expanded = 0
        for info in parts:
            if info.is_dir() or not _is_xml(info.filename):
                continue
            expanded += _scan_part(package, info, source, kind, MAX_PACKAGE_BYTES - expanded)


def _scan_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, kind: str, budget: int) -> int:
    """Stream one XML part: refuse a DTD, or more bytes than declared or allowed. Returns its size."""
    limit = min(info.file_size, MAX_PART_BYTES, budget)
    size = 0
    tail = b""
    try:
        with package.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise IngestError(source, f"{kind} 文件解压后过大，疑似压缩炸弹，已拒绝读取")
                window = (tail + chunk).lower()
                if any(needle in window for needle in _NEEDLES):
                    raise IngestError(
                        source,
                        f"{kind} 文件内含 XML 实体/DOCTYPE 声明（正常的 Office 文件不会有），疑似恶意文件，已拒绝读取",
                    )
                tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError, NotImplementedError):
        raise IngestError(source, f"无法打开 {kind} 文件（文件损坏，或不是 .{_suffix(kind)} 格式）") from None
    return size


def _suffix(kind: str) -> str:
    return {"Excel": "xlsx", "Word": "docx"}.get(kind, kind.lower())
