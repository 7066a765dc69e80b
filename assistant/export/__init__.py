"""Write sheets out: .xlsx / .docx in the official form layout, .json / .jsonl, .md.

`write_sheets(sheets, path)` picks the format from the suffix. The .xlsx, .docx and .json
outputs read back through `assistant.ingest` to the same sheets (a drafted sheet's 依据 column
comes back as the rows' `other_values["依据"]`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.schema import Sheet

FORMATS = (".xlsx", ".docx", ".json", ".jsonl", ".md")


def render(sheets: Sequence[Sheet], suffix: str) -> bytes:
    """The file content for the given suffix (".xlsx", ".docx", ".json", ".jsonl", ".md").

    Values the drafter wrote are given in the form people write them (≥85%, not ≥85.00(%));
    values read from a file or typed by the user are written exactly as they are.
    """
    from assistant.export.written import tidy_sheet

    suffix = suffix.lower()
    sheets = [tidy_sheet(s) for s in sheets]
    if suffix == ".xlsx":
        from assistant.export.xlsx_writer import xlsx_bytes

        return xlsx_bytes(sheets)
    if suffix == ".docx":
        from assistant.export.docx_writer import docx_bytes

        return docx_bytes(sheets)
    from assistant.export.text_writers import json_text, markdown_text

    if suffix == ".json":
        return json_text(sheets).encode("utf-8")
    if suffix == ".jsonl":
        return "".join(s.model_dump_json() + "\n" for s in sheets).encode("utf-8")
    if suffix == ".md":
        return markdown_text(sheets).encode("utf-8")
    raise ValueError(f"不支持的导出格式 {suffix}（支持：{'、'.join(FORMATS)}）")


def write_sheets(sheets: Sequence[Sheet], path: str | Path) -> Path:
    """Write sheets to path in the format its suffix names; written atomically."""
    from assistant.outputs import write_bytes_atomic

    path = Path(path)
    return write_bytes_atomic(path, render(sheets, path.suffix))


__all__ = ["FORMATS", "render", "write_sheets"]
