"""Open a user's file without being fooled by it: regular files only, the size cap enforced while reading.

A path can name something that is not a file at all: a FIFO (reading it blocks until another
process writes, so `critique` would hang), a character device (/dev/zero never ends), a socket, or a
link to any of these or to nothing. They are refused by what they are, before a byte is read, and
the file is opened without blocking and checked again once open (the path may change in between).
`st_size` is not trusted either: the cap counts the bytes actually read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from assistant.ingest.errors import IngestError

_CHUNK = 1024 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def not_a_file(mode: int) -> str | None:
    """Why a file of this mode cannot be read as a document (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是一个文件夹，请给出文件"
    if stat.S_ISFIFO(mode):
        return "这是命名管道（FIFO），不是文件，已拒绝读取"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是设备文件，不是文档，已拒绝读取"
    if stat.S_ISSOCK(mode):
        return "这是套接字，不是文件，已拒绝读取"
    return "这不是普通文件，已拒绝读取"


def too_big(size: float, limit: int) -> str:
    return f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB）"


def read_capped(path: Path, source: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; IngestError (Chinese reason) otherwise."""
    try:
        mode = os.stat(path).st_mode  # follows links: a link to /dev/zero is a device
    except FileNotFoundError:
        missing = "链接指向的文件不存在（失效的链接）" if os.path.islink(path) else "文件不存在"
        raise IngestError(source, missing) from None
    except OSError as exc:
        raise IngestError(source, f"无法读取：{exc.strerror or exc}") from None
    if reason := not_a_file(mode):
        raise IngestError(source, reason)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise IngestError(source, f"无法读取：{exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if reason := not_a_file(opened.st_mode):  # swapped for something else after the check above
            raise IngestError(source, reason)
        if opened.st_size > limit:
            raise IngestError(source, too_big(opened.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while chunk := handle.read(min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while being read (or its size lied)
                raise IngestError(source, too_big(size, limit) + "，读取时仍在增长")
    return b"".join(chunks)


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name as it can be printed and written into any report: bytes that are not UTF-8 (a
    Windows zip unpacked on Linux: GBK names) and control characters are shown escaped ("\\xd6",
    "\\x07") instead of breaking the terminal, the .xlsx writer or the JSON encoder."""
    text = os.fspath(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that no file system bytes stand for
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if any(_is_control(ch) for ch in text):
        text = "".join(ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text)
    return text


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return (
        code < 32 or code == 127 or 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF)
    )
