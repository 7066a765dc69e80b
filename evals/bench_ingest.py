"""`python -m evals bench-ingest [--rounds N]`: how fast ingestion and export run (prints numbers).

Parses the seed texts (already decoded, so only the layout detection and grid parser are timed)
N times, then writes and reads back all seed sheets as .xlsx and .docx, and as PDF (drawn with
reportlab, with and without ruling lines).
"""

from __future__ import annotations

import argparse
import re
import time

from assistant.export import render
from assistant.ingest import collect_files, read_bytes, read_text
from assistant.ingest.dispatch import decode_text
from evals.parse import RAW_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals bench-ingest")
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args(argv)

    texts = [(decode_text(path.read_bytes(), path.name), path.name) for path in collect_files([RAW_DIR])]
    sheets = [sheet for text, name in texts for sheet in read_text(text, name)]  # warm-up
    started = time.perf_counter()
    count = 0
    for _ in range(options.rounds):
        for text, name in texts:
            count += len(read_text(text, name))
    elapsed = time.perf_counter() - started
    print(f"text layouts: {count} sheets in {elapsed:.2f} s = {count / elapsed:,.0f} sheets/s")

    for suffix in (".xlsx", ".docx"):
        started = time.perf_counter()
        data = render(sheets, suffix)
        written = time.perf_counter() - started
        started = time.perf_counter()
        back = read_bytes(data, f"bench{suffix}")
        read = time.perf_counter() - started
        print(
            f"{suffix}: write {len(sheets)} sheets in {written:.2f} s, "
            f"read {len(back)} in {read:.2f} s ({len(back) / read:,.0f} sheets/s), {len(data) / 1024:.0f} KiB"
        )

    # PDF: the seed sheets drawn as ruled official forms (reportlab, a dev dependency), read back.
    import random

    from evals.layouts import Style, write_sheet
    from evals.layouts.pdf import pdf_bytes

    for ruled in (True, False):
        forms = [write_sheet(sheet, Style(), random.Random(0)) for sheet in sheets]
        started = time.perf_counter()
        data = pdf_bytes(forms, ruled=ruled)
        written = time.perf_counter() - started
        started = time.perf_counter()
        back = read_bytes(data, "bench.pdf")
        read = time.perf_counter() - started
        pages = sum(1 for _ in re.finditer(rb"/Type\s*/Page\b", data))
        print(
            f".pdf ({'ruled' if ruled else 'unruled'}): draw {len(forms)} sheets on {pages} pages in {written:.2f} s, "
            f"read {len(back)} in {read:.2f} s ({pages / read:,.1f} pages/s), {len(data) / 1024:.0f} KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
