"""Download files for the page: a sheet as .xlsx / .docx / .json, written into a session's folder."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from assistant.export import render
from assistant.schema import Sheet

log = logging.getLogger(__name__)

SHEET_SUFFIXES: tuple[str, ...] = (".xlsx", ".docx", ".json")


def session_dir(current: str | None, prefix: str) -> str:
    """The session's own folder for files it offers (made on first use, remade if it was cleaned away)."""
    if current and Path(current).is_dir():
        return current
    return tempfile.mkdtemp(prefix=prefix)


def safe_stem(name: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+', "_", name).strip("._")  # control characters too
    return stem[:40] or "项目"


def export_files(sheet: Sheet, workdir: str) -> dict[str, Path]:
    """Write the sheet in every download format; a format that fails is left out (and logged)."""
    stem = safe_stem(sheet.project_name) + "_绩效目标表"
    files: dict[str, Path] = {}
    for suffix in SHEET_SUFFIXES:
        path = Path(workdir) / f"{stem}{suffix}"
        try:
            path.write_bytes(render([sheet], suffix))
        except Exception:
            log.exception("export %s failed", suffix)
            continue
        files[suffix] = path
    return files
