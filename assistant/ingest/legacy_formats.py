"""The readers of the formats offices pass around besides .xlsx/.docx/.pdf (declared in `layouts`).

- .xls (and WPS .et, mostly the same format): xlrd; a file xlrd cannot open is converted by
  LibreOffice when it is installed (see `libreoffice`);
- .doc, .wps, .rtf, .odt, .ods: LibreOffice conversion, else a Chinese refusal saying how to convert;
- .html/.htm: the page's tables (`html_reader`), else its text;
- a file under a wrong name is read by what it is: an .xlsx or .docx package, an HTML table, an
  OLE compound file (the container of .xls/.doc/.wps) without a known extension.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.ingest.docx_reader import read_docx
from assistant.ingest.errors import IngestError
from assistant.ingest.html_reader import has_table, read_html
from assistant.ingest.libreoffice import SHEET_LIKE, WORD_LIKE, read_converted, soffice
from assistant.ingest.workbook import sheets_of
from assistant.ingest.xls_reader import OLE_MAGIC, read_xls, xls_grids
from assistant.ingest.xlsx_reader import read_xlsx
from assistant.schema import Sheet


def read_legacy_workbook(data: bytes, source: str) -> list[Sheet]:
    """.xls / .et: xlrd first; LibreOffice for what xlrd cannot open (when installed)."""
    if not data.startswith(OLE_MAGIC):
        if data.startswith(b"PK\x03\x04") or has_table(data):
            return read_xls(data, source)  # an .xlsx or an HTML table under this name
        return read_converted(data, source)  # e.g. an OpenDocument or another spreadsheet format
    try:
        grids, notices = xls_grids(data, source)
    except IngestError:
        if soffice() is None:
            raise
        return read_converted(data, source)
    return sheets_of(grids, source, notices)


def read_legacy_document(data: bytes, source: str) -> list[Sheet]:
    """.doc / .wps / .rtf / .odt / .ods: a package or page under this name is read as what it is."""
    if data.startswith(b"PK\x03\x04"):
        head = data[:4000]
        if b"word/" in head:
            return read_docx(data, source)
        if b"xl/" in head:
            return read_xlsx(data, source)
    elif data.lstrip()[:1] == b"<" and has_table(data):
        return read_html(data, source)  # Word's "save as web page" under a .doc name
    return read_converted(data, source)


def read_ole(data: bytes, source: str) -> list[Sheet]:
    """An OLE compound file with no telling extension: a workbook if xlrd opens it, else a document."""
    try:
        grids, notices = xls_grids(data, source)
    except IngestError:
        return read_converted(data, source, ".doc")
    return sheets_of(grids, source, notices)


LEGACY_READERS: dict[str, Callable[[bytes, str], list[Sheet]]] = {
    **dict.fromkeys(sorted(SHEET_LIKE - {".ods"}), read_legacy_workbook),
    **dict.fromkeys(sorted(WORD_LIKE | {".ods"}), read_legacy_document),
}
