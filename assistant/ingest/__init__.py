"""Ingestion: files in any supported layout → validated `Sheet` objects.

Public API:
- `read_path(path)` → list[Sheet] for one file (raises IngestError with a Chinese reason);
- `read_bytes(data, name)` → the same for an upload;
- `collect_files(paths)` → the files under the given files/folders, in a stable order.

The reader is chosen automatically: by file type for .xlsx/.docx/.pdf/.json, by sniffing the
text for text layouts (see `assistant.ingest.dispatch`).
"""

from __future__ import annotations

from assistant.ingest.dispatch import collect_files, read_bytes, read_path, read_text, supported_suffixes
from assistant.ingest.errors import IngestError

__all__ = ["IngestError", "collect_files", "read_bytes", "read_path", "read_text", "supported_suffixes"]
