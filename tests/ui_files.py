"""Upload files for the UI tests, made from the seed sheets in corpus/raw.

The seed files hold several sheets each; the batch flow wants one sheet per file, so single
sheets are written back out through assistant.export in the formats budget staff upload.
"""

from __future__ import annotations

from pathlib import Path

from assistant.export import write_sheets
from assistant.ingest import read_path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
MULTI_SHEET_SEED = RAW / "004_ff8c4036d3e2f11b.txt"  # three sheets in one file
BROKEN_BYTES = b"PK\x03\x04 this is not really an Excel workbook \x00\x01\x02" * 20


def seed_sheets():
    """Every sheet of the seed files, in a stable order."""
    return [
        sheet for path in sorted(RAW.iterdir()) if path.is_file() for sheet in read_path(path)
    ]  # the seeds


def single_sheet_files(dest: Path, count: int = 4) -> list[Path]:
    """`count` readable files of one sheet each, cycling through .xlsx / .docx / .json."""
    dest.mkdir(parents=True, exist_ok=True)
    sheets = seed_sheets()
    step = max(1, len(sheets) // count)
    suffixes = (".xlsx", ".docx", ".json")
    files = []
    for n in range(count):
        sheet = sheets[n * step]
        files.append(write_sheets([sheet], dest / f"申报表{n + 1}{suffixes[n % len(suffixes)]}"))
    return files


def broken_file(dest: Path) -> Path:
    """A file that looks like a workbook by name and magic bytes but is not one."""
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "损坏的申报表.xlsx"
    path.write_bytes(BROKEN_BYTES)
    return path
