"""Which files of the given files and folders are read, and why each of the others is not.

Files named directly are always tried (a reader then accepts or refuses them with its reason).
Inside a folder every entry is either read or listed as skipped with its reason: hidden files and
folders, Office lock files ("~$表.xlsx", written while a document is open), file types no reader
knows, links to folders (not followed, so a link loop cannot run forever) and folders that cannot be
opened. Nothing disappears without a word: the CLI and the batch report show the skipped list.
Files without an extension, dangling links, FIFOs and devices are kept in the list to read, so the
reader refuses them by what they are (see `file_safety`) and they show as unreadable files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.ingest.file_safety import shown_name


class SkippedFile(BaseModel):
    """A path found in a folder and not read, with the reason in Chinese."""

    path: str
    reason: str


class FileScan(BaseModel):
    files: list[Path] = Field(default_factory=list)  # to read, in a stable order
    skipped: list[SkippedFile] = Field(default_factory=list)  # found and not read, with why


LOCK_PREFIX = "~$"


def scan_files(paths: Iterable[str | Path]) -> FileScan:
    """Files named directly, plus the files found under folders (sorted), and what was skipped."""
    from assistant.ingest.dispatch import supported_suffixes

    suffixes = supported_suffixes()
    scan = FileScan()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = FileScan()
            _walk(path, suffixes, found)
            scan.files.extend(sorted(found.files))  # one order for the whole tree, as a listing shows it
            scan.skipped.extend(sorted(found.skipped, key=lambda item: item.path))
        else:
            scan.files.append(path)
    return scan


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files `scan_files` would read (use `scan_files` to also learn what it skips)."""
    return scan_files(paths).files


def _walk(root: Path, suffixes: frozenset[str], scan: FileScan) -> None:
    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        scan.skipped.append(
            SkippedFile(path=shown_name(where), reason=f"无法打开文件夹：{error.strerror or error}")
        )

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        base = Path(folder)
        dirs.sort()
        kept = []
        for name in dirs:
            path = base / name
            if name.startswith(".") or name == "__MACOSX":
                scan.skipped.append(
                    SkippedFile(path=shown_name(path), reason="隐藏文件夹或系统文件夹，未读取")
                )
            elif path.is_symlink():
                scan.skipped.append(SkippedFile(path=shown_name(path), reason="指向文件夹的链接，未跟随读取"))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            path = base / name
            if reason := _skip_reason(name, suffixes):
                scan.skipped.append(SkippedFile(path=shown_name(path), reason=reason))
            else:
                scan.files.append(path)


def _is_extension(suffix: str) -> bool:
    """ ".png" is a file type; ".0版" (from "方案1.0版") or ".2023" is part of a name without one."""
    return len(suffix) > 1 and suffix[1:].isascii() and suffix[1:].isalnum() and not suffix[1:].isdigit()


def _skip_reason(name: str, suffixes: frozenset[str]) -> str | None:
    if name.startswith(LOCK_PREFIX):
        return "Office 临时锁文件（文档打开时自动生成），不是申报表"
    if name.startswith("."):
        return "隐藏文件，未读取"
    suffix = Path(name).suffix.lower()
    if _is_extension(suffix) and suffix not in suffixes:
        return f"不支持的文件类型 {shown_name(suffix)}"
    return None
