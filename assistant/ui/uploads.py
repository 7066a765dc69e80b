"""Uploaded files → files to score: plain files pass through, .zip archives are extracted safely.

Extraction never trusts the archive: entries whose names would leave the target folder, links,
nested archives, hidden and system files are skipped; each entry is read with a hard cap (the
sizes in the zip header can lie), and an archive that expands too much (a zip bomb) is stopped.
Each skipped entry gives a Chinese notice; nothing here raises on a bad archive.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.config import max_file_bytes

MAX_ZIP_ENTRIES = 2000  # files taken from one archive
MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024  # expanded size of one archive
MAX_RATIO = 200  # expanded / compressed size of one entry above which it is treated as a bomb
RATIO_FLOOR_BYTES = 1024 * 1024  # entries smaller than this are not ratio-checked
MAX_BATCH_FILES = 5000
ARCHIVE_SUFFIXES = frozenset({".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst"})
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    path: Path  # where the file is on disk
    display: str  # the name the user knows it by, e.g. "申报表.zip › 一科/项目A.xlsx"


@dataclass
class Expanded:
    files: list[Upload] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def display_name(path: str | Path) -> str:
    return Path(path).name


def expand_uploads(paths: list[str | Path], workdir: Path) -> Expanded:
    """Plain files as they are; every .zip extracted under workdir. Order is kept."""
    out = Expanded()
    for number, raw in enumerate(paths):
        path = Path(raw)
        if path.suffix.lower() == ".zip":
            extract_zip(path, workdir / f"zip{number:03d}", out)
        elif path.suffix.lower() in ARCHIVE_SUFFIXES:
            out.notices.append(f"{path.name}：暂不支持 {path.suffix} 压缩包，请改用 .zip")
        else:
            out.files.append(Upload(path, display_name(path)))
    if len(out.files) > MAX_BATCH_FILES:
        out.notices.append(f"文件太多（{len(out.files)} 个），本次只评分前 {MAX_BATCH_FILES} 个")
        del out.files[MAX_BATCH_FILES:]
    out.files = _distinct_names(out.files)
    return out


def _distinct_names(files: list[Upload]) -> list[Upload]:
    """Two uploads of the same name (申报表.xlsx from two departments) get "（2）" on the second:
    the report names a file by what it shows, and two rows must never look like one file."""
    seen: dict[str, int] = {}
    named = []
    for upload in files:
        count = seen[upload.display] = seen.get(upload.display, 0) + 1
        named.append(upload if count == 1 else Upload(upload.path, f"{upload.display}（{count}）"))
    return named


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name: zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> bool:
    pure = PurePosixPath(name.replace("\\", "/"))
    return pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":")


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def extract_zip(archive: Path, target: Path, out: Expanded) -> None:
    label = archive.name
    try:
        book = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        out.notices.append(f"{label}：不是有效的 .zip 压缩包（{exc}）")
        return
    with book:
        target.mkdir(parents=True, exist_ok=True)
        expanded = 0
        taken = 0
        skipped: dict[str, list[str]] = {}
        for info in book.infolist():
            if info.is_dir():
                continue
            name = _entry_name(info)
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if _unsafe(name) or _is_link(info):
                skipped.setdefault("路径不安全或是链接", []).append(name)
                continue
            if any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue  # hidden and macOS metadata files: silently not submissions
            suffix = PurePosixPath(name).suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:
                skipped.setdefault("压缩包内的压缩包不展开", []).append(name)
                continue
            if taken >= MAX_ZIP_ENTRIES:
                skipped.setdefault(f"超过 {MAX_ZIP_ENTRIES} 个文件的部分未读取", []).append(name)
                continue
            if info.file_size > max_file_bytes():
                skipped.setdefault(f"单个文件超过 {max_file_bytes() // 1024 // 1024} MB", []).append(name)
                continue
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                skipped.setdefault("压缩比异常（疑似压缩炸弹）", []).append(name)
                continue
            dest = target / f"{taken:04d}_{_safe_basename(parts[-1])}"
            budget = min(max_file_bytes(), MAX_ZIP_TOTAL_BYTES - expanded)
            try:
                written = _copy_capped(book, info, dest, budget)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
                dest.unlink(missing_ok=True)
                skipped.setdefault(f"无法解压（{type(exc).__name__}）", []).append(name)
                continue
            if written is None:
                dest.unlink(missing_ok=True)
                if expanded + budget >= MAX_ZIP_TOTAL_BYTES:
                    out.notices.append(
                        f"{label}：解压后超过 {MAX_ZIP_TOTAL_BYTES // 1024 // 1024} MB，其余文件未读取"
                    )
                    break
                skipped.setdefault("实际大小超过上限（疑似压缩炸弹）", []).append(name)
                continue
            expanded += written
            taken += 1
            out.files.append(Upload(dest, f"{label} › {name}"))
        for reason, names in skipped.items():
            shown = "、".join(names[:3]) + (f" 等 {len(names)} 个" if len(names) > 3 else "")
            out.notices.append(f"{label}：{reason}，已跳过 {shown}")
        if taken == 0 and not skipped:
            out.notices.append(f"{label}：压缩包里没有可读取的文件")


def _copy_capped(book: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, budget: int) -> int | None:
    """Copy one entry, reading at most budget bytes; None when the entry is larger than that."""
    written = 0
    with book.open(info) as source, dest.open("wb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                return None
            sink.write(chunk)
    return written


def _safe_basename(name: str) -> str:
    cleaned = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return cleaned[-120:] or "file"
