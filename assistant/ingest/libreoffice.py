"""Legacy and other office formats (.doc, .wps, .rtf, .odt → .docx; .ods, .et, odd .xls → .xlsx) through
LibreOffice, headless, where it is installed; else a Chinese refusal that says how to convert.

Offices still pass Word 97-2003 and WPS files around every day. No well-kept Python library reads
.doc or .wps, so the file is converted by `soffice --headless --convert-to` in a private temporary
folder (its own LibreOffice profile per process, so parallel batch workers never share one and a
user's open LibreOffice is not disturbed), with a time limit, and the result read by the .docx or
.xlsx reader. The sheets say they were converted.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.ingest.errors import IngestError
from assistant.schema import Sheet

TIMEOUT_SECONDS = 180  # a cold start with a new profile takes ~5-10 s; a large document longer
# Where soffice lives when it is not on PATH.
_KNOWN = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
WORD_LIKE = frozenset({".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"})
SHEET_LIKE = frozenset({".ods", ".et", ".ett", ".xls"})
_KIND = {
    ".doc": "Word 97-2003",
    ".wps": "WPS 文字",
    ".rtf": "RTF",
    ".odt": "OpenDocument 文本",
    ".ods": "OpenDocument 表格",
    ".et": "WPS 表格",
    ".xls": "Excel 97-2003",
}
_profile: Path | None = None


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((path for path in _KNOWN if os.path.exists(path)), None)


def how_to_convert(suffix: str) -> str:
    kind = _KIND.get(suffix, suffix)
    target = ".xlsx" if suffix in SHEET_LIKE else ".docx"
    app = "Excel 或 WPS 表格" if target == ".xlsx" else "Word 或 WPS 文字"
    return (
        f"{kind}（{suffix}）文件需要 LibreOffice 转换后读取，本机未安装 LibreOffice。"
        f"请在 {app} 中打开，“另存为” {target} 后再提交（或安装 LibreOffice 后重试）"
    )


def _own_profile() -> Path:
    global _profile
    if _profile is None or not _profile.exists():
        _profile = Path(tempfile.mkdtemp(prefix="jixiao-soffice-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def convert(data: bytes, source: str, suffix: str, target: str) -> bytes:
    """The file converted to `target` ("docx" / "xlsx") by LibreOffice; IngestError when it cannot be."""
    program = soffice()
    if program is None:
        raise IngestError(source, how_to_convert(suffix))
    profile = _own_profile()
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
        folder = Path(work)
        original = folder / f"input{suffix}"
        original.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(profile / 'user').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            target,
            "--outdir",
            str(folder / "out"),
            str(original),
        ]
        env = {**os.environ, "HOME": str(profile)}  # nothing written into the user's home
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise IngestError(
                source, f"LibreOffice 转换超时（{TIMEOUT_SECONDS} 秒），请另存为 .{target} 后再提交"
            ) from None
        except OSError as exc:
            raise IngestError(
                source, f"无法启动 LibreOffice（{exc.strerror or exc}）：{how_to_convert(suffix)}"
            ) from None
        converted = folder / "out" / f"input.{target}"
        if not converted.exists() or not converted.stat().st_size:
            raise IngestError(
                source,
                f"LibreOffice 无法转换此文件（文件损坏、已加密，或不是 {_KIND.get(suffix, suffix)} 格式）",
            )
        return converted.read_bytes()


def read_converted(data: bytes, source: str, suffix: str | None = None) -> list[Sheet]:
    """Read a legacy or OpenDocument file by converting it to .docx or .xlsx first."""
    from assistant.ingest.docx_reader import read_docx
    from assistant.ingest.xlsx_reader import read_xlsx

    suffix = (suffix or Path(source).suffix).lower()
    target = "xlsx" if suffix in SHEET_LIKE else "docx"
    converted = convert(data, source, suffix, target)
    sheets = (read_xlsx if target == "xlsx" else read_docx)(converted, source)
    for sheet in sheets:
        sheet.notices.append(f"{_KIND.get(suffix, suffix)} 文件已用 LibreOffice 转换为 .{target} 后读取")
    return sheets
