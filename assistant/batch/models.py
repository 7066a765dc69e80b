"""Rows of a batch scoring report: one per sheet (or per file not scored, with why), one per finding."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.schema import CheckResult

# ok: scored; error: could not be read or critiqued; skipped: found and not a submission (a file type
# no reader knows, a lock file, the tool's own report); duplicate: the same content as an earlier
# file or sheet (scored once, under the first); unfinished: not reached before the run was interrupted.
Status = Literal["ok", "error", "skipped", "duplicate", "unfinished"]
# The LLM review of a scored sheet: the job states (assistant.batch.jobs), as of the report.
LLMState = Literal["pending", "running", "done", "failed"]


class ScoreRow(BaseModel):
    """One sheet's result, or one file that was not scored (with the reason in `error`)."""

    file: str
    sheet_index: int | None = None  # 1-based position of the sheet in its file
    project: str | None = None
    status: Status = "ok"
    score: float | None = None
    grade: str | None = None
    completeness: float | None = None  # 完整性
    measurability: float | None = None  # 可衡量性
    conformity: float | None = None  # 规范性
    consistency: float | None = None  # 相关性与一致性
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    indicators: int = 0
    error: str | None = None  # why the file or sheet was not scored
    notices: list[str] = Field(default_factory=list)  # what reading did not fully understand (提示)
    checklist: list[CheckResult] = Field(default_factory=list)  # the reviewer's checklist (critique/checklist.py)
    previous: str | None = None  # last year's sheet it was compared with (H01–H04), when one was known
    content_hash: str | None = None  # what the sheet says (equal sheets, equal hashes): the LLM job key
    # The batch LLM review (`score --llm`), advice beside the rule score: None when it did not run.
    llm_state: LLMState | None = None
    llm_advice: int | None = None  # findings the LLM added
    llm_tokens: int | None = None  # prompt + completion tokens the endpoint reported
    llm_seconds: float | None = None
    llm_error: str | None = None  # why the LLM review failed (the rule score stands)


class FindingRow(BaseModel):
    file: str
    sheet_index: int | None = None
    project: str | None = None
    code: str
    severity: str
    dimension: str
    where: str  # "第3行 时效指标/工作完成及时性" or the sheet field
    message: str
    suggestion: str = ""
    source: Literal["rule", "llm"] = "rule"  # llm: advice of the LLM critic, not in the score


class FileResult(BaseModel):
    """What one worker returns for one file (kept small: it crosses a process boundary)."""

    position: int
    rows: list[ScoreRow]
    findings: list[FindingRow] = Field(default_factory=list)
    digest: str | None = None  # of the file's bytes: equal files are reported as duplicates
    sheet_hashes: list[str] = Field(default_factory=list)  # content hash per row of `rows` ("" if none)


class BatchReport(BaseModel):
    rows: list[ScoreRow] = Field(default_factory=list)
    findings: list[FindingRow] = Field(default_factory=list)
    complete: bool = True  # False: the run was interrupted; rows "unfinished" were not reached

    @property
    def failed(self) -> list[ScoreRow]:
        """Every row not scored, each with its reason: unreadable, skipped, duplicate, unfinished."""
        return [r for r in self.rows if r.status != "ok"]

    @property
    def unreadable(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.status == "error"]

    @property
    def scored(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.status == "ok"]
