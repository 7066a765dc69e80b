"""Every file the product writes: atomically, under a unique temporary name, never over an input.

The temporary file sits beside the target (same file system, so the final rename is atomic) under
a name no other process picks, so two runs writing the same report never share one; the reader of
the target sees the old file or the whole new one, never half of either. On any failure (a full
disk, a folder given as the target, an interrupt) the temporary file is removed and an
`OutputError` says in Chinese what happened; the target is left as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


class OutputError(OSError):
    """An output that could not be written (or must not be), with the reason in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _reason(target: Path, exc: OSError) -> str:
    if exc.errno in _FULL:
        return f"磁盘空间不足（或超出文件大小限制），{target} 未写入，原文件保持不变"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有权限写入 {target}"
    if exc.errno == errno.EROFS:
        return f"{target} 所在的位置是只读的，无法写入"
    if exc.errno == errno.ENOENT:
        return f"无法写入 {target}：所在文件夹不存在且无法创建"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"无法写入 {target}：路径中有一部分不是文件夹"
    return f"无法写入 {target}（{exc.strerror or exc}）"


def check_target(target: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """The target as a Path, or OutputError when it is a folder or one of the inputs."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"输出路径 {target} 是一个文件夹，请给出文件名（例如 {target / '报告.xlsx'}）")
    if target.exists():
        for item in inputs:
            try:
                same = os.path.samefile(target, item)
            except OSError:
                continue
            if same:
                raise OutputError(f"输出文件 {target} 就是输入文件之一，写入会覆盖它：请换一个输出文件名")
    return target


def write_atomic(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary path)`, then move the result onto `target` in one step."""
    target = check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(_reason(target, exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); a report gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        if exc.errno == errno.EISDIR or target.is_dir():
            raise OutputError(f"输出路径 {target} 是一个文件夹，请给出文件名") from None
        raise OutputError(_reason(target, exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomic(target: str | Path, content: bytes) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_atomic(target, write)
