"""Batch scoring: many submissions → one report (rows per sheet, findings, summary).

Public API:
- `score_paths(paths, workers=None, progress=None, corpus=None)` → BatchReport (plain function;
  `progress(done, total)` is called as files finish, for a CLI bar or a UI);
- `score_scan(scan)` → the same for an `assistant.ingest.scan_files` result already made;
- `write_report(report, out)` → .xlsx / .csv / .json (atomic; text cells never formulas);
- `is_batch_report(data, name)` → whether a file is a report this tool wrote (skipped when scored);
- `summarize(report)` → score distribution and the most frequent findings.
"""

from __future__ import annotations

from assistant.batch.models import BatchReport, FindingRow, ScoreRow
from assistant.batch.report import SUFFIXES, Summary, is_batch_report, summarize, write_report
from assistant.batch.runner import BatchInterrupted, score_files, score_paths, score_scan

__all__ = [
    "SUFFIXES",
    "BatchInterrupted",
    "BatchReport",
    "FindingRow",
    "ScoreRow",
    "Summary",
    "is_batch_report",
    "score_files",
    "score_paths",
    "score_scan",
    "summarize",
    "write_report",
]
