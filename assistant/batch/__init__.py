"""Batch scoring: many submissions → one report (rows per sheet, findings, summary).

Public API:
- `score_paths(paths, workers=None, progress=None, corpus=None)` → BatchReport (plain function;
  `progress(done, total)` is called as files finish, for a CLI bar or a UI);
- `write_report(report, out)` → .xlsx / .csv / .json;
- `summarize(report)` → score distribution and the most frequent findings.
"""

from __future__ import annotations

from assistant.batch.models import BatchReport, FindingRow, ScoreRow
from assistant.batch.report import SUFFIXES, Summary, summarize, write_report
from assistant.batch.runner import score_files, score_paths

__all__ = [
    "SUFFIXES",
    "BatchReport",
    "FindingRow",
    "ScoreRow",
    "Summary",
    "score_files",
    "score_paths",
    "summarize",
    "write_report",
]
