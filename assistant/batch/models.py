"""Rows of a batch scoring report: one per sheet (or per unreadable file), one per finding."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ScoreRow(BaseModel):
    """One sheet's result, or one file that could not be read (status "error")."""

    file: str
    sheet_index: int | None = None  # 1-based position of the sheet in its file
    project: str | None = None
    status: Literal["ok", "error"] = "ok"
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
    error: str | None = None  # why the file could not be read or critiqued


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


class FileResult(BaseModel):
    """What one worker returns for one file (kept small: it crosses a process boundary)."""

    position: int
    rows: list[ScoreRow]
    findings: list[FindingRow] = Field(default_factory=list)


class BatchReport(BaseModel):
    rows: list[ScoreRow] = Field(default_factory=list)
    findings: list[FindingRow] = Field(default_factory=list)

    @property
    def failed(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.status == "error"]

    @property
    def scored(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.status == "ok"]
