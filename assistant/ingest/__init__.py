"""Ingestion: files in any supported layout → validated `Sheet` objects.

Public API:
- `read_path(path)` → list[Sheet] for one file (raises IngestError with a Chinese reason);
- `read_bytes(data, name)` → the same for an upload;
- `scan_files(paths)` → FileScan: the files under the given files/folders, in a stable order, and
  every file found and not read with the reason (`collect_files` gives the files alone).

The reader is chosen automatically: by file type for .xlsx/.docx/.pdf/.json, by sniffing the
text for text layouts (see `assistant.ingest.dispatch`).
"""

from __future__ import annotations

from assistant.ingest.dispatch import read_bytes, read_path, read_text, supported_suffixes
from assistant.ingest.errors import IngestError
from assistant.ingest.file_scan import FileScan, SkippedFile, collect_files, scan_files

__all__ = [
    "FileScan",
    "IngestError",
    "SkippedFile",
    "collect_files",
    "read_bytes",
    "read_path",
    "read_text",
    "scan_files",
    "supported_suffixes",
]
