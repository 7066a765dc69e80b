"""The domain model: every arrow between modules carries one of these pydantic models.

Field names are part of the public contract (corpus/sheets.jsonl is read by other tools), so
rename nothing here without a migration. `assistant schema` prints the JSON Schema.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from assistant import taxonomy as tx
from assistant.values import MEASURABLE_KINDS as MEASURABLE_KINDS
from assistant.values import Comparator as Comparator
from assistant.values import TargetValue as TargetValue
from assistant.values import ValueKind as ValueKind

# --- 指标值: the value type lives beside its parser (values.py); re-exported here -----------------

# --- sheet -------------------------------------------------------------------------------------


class Funding(BaseModel):
    """Project funds, always in 元; `unit_as_written` records what the sheet used (元 or 万元)."""

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    unit_as_written: str | None = None


class ValueBasis(StrEnum):
    DESCRIPTION = "description"  # taken from the project description
    SIMILAR = "similar"  # adapted from a similar past project
    FUNDS = "funds"  # computed from the funds (e.g. unit cost = funds / quantity)
    DEFAULT = "default"  # a standard default (e.g. 满意度 ≥90%)
    USER = "user"  # set by the user in conversation
    LLM = "llm"  # proposed by the LLM drafter


class Provenance(BaseModel):
    """Where a drafted indicator came from, and how sure we are of its value."""

    sheet_id: str | None = None
    project_name: str | None = None
    indicator_name: str | None = None
    similarity: float | None = None
    basis: ValueBasis | None = None
    needs_confirmation: bool = False
    note: str | None = None


class Indicator(BaseModel):
    level1: str  # "" when the sheet gives none (the critic may suggest one)
    level2: str  # "" when the sheet gives none
    name: str
    description: str | None = None  # 绩效指标描述 / 指标解释 / 指标内容 / 指标说明
    value: TargetValue = Field(default_factory=TargetValue)
    # Other value columns the sheet had, e.g. {"实施期指标值": "≥3000件"}; the annual one is `value`.
    other_values: dict[str, str] = Field(default_factory=dict)
    # Columns some templates add beside the value, kept as written (None when the sheet has none).
    weight: str | None = None  # 分值 / 权重
    unit: str | None = None  # 计量单位 / 度量单位, when printed in a column of its own
    direction: str | None = None  # 指标方向 / 指标性质 / 计算符号: 正向, 反向, ≥, ≤, =
    value_type: str | None = None  # 指标值类型: 定量 / 定性
    scoring: str | None = None  # 评(扣)分标准
    standard: str | None = None  # 绩效标准 / 指标值设定依据: 计划标准, 历史标准, 行业标准…
    provenance: Provenance | None = None

    @model_validator(mode="before")
    @classmethod
    def _value_from_string(cls, data: object) -> object:
        # Accept {"value": "≥90%"} as well as the full TargetValue, so hand-written JSON stays short.
        if isinstance(data, dict) and isinstance(data.get("value"), str | None):
            data = {**data, "value": TargetValue.parse(data.get("value"))}
        return data


class Sheet(BaseModel):
    id: str = ""
    project_name: str
    year: int | None = None
    department: str | None = None  # 主管部门
    implementing_unit: str | None = None  # 实施单位
    project_type: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    funds: Funding = Field(default_factory=Funding)
    overall_goal: str | None = None  # 项目总目标 (实施期)
    annual_goal: str | None = None  # 年度(总体)目标
    indicators: list[Indicator] = Field(default_factory=list)
    source_file: str | None = None
    source_index: int | None = None  # 1-based position of the sheet in its source file
    notices: list[str] = Field(default_factory=list)  # what ingestion could not fully understand

    @model_validator(mode="after")
    def _default_id(self) -> Sheet:
        if not self.id:
            self.id = self.content_hash()[:16]
        return self

    def content_hash(self) -> str:
        """A hash of what the sheet says (not where it came from): equal sheets hash equal."""
        payload = self.model_dump(mode="json", exclude={"id", "source_file", "source_index", "notices"})
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# --- critique ----------------------------------------------------------------------------------


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}

# What a finding on the sheet as a whole (Finding.field, no row) points at, as a reader names it.
FIELD_LABELS: dict[str, str] = {
    "annual_goal": "年度目标",
    "overall_goal": "总目标",
    "indicators": "指标表",
    "funds": "项目资金",
    "project_name": "项目名称",
}


class Dimension(StrEnum):
    COMPLETENESS = "完整性"
    MEASURABILITY = "可衡量性"
    CONFORMITY = "规范性"
    CONSISTENCY = "相关性与一致性"


# The placeholder a suggestion leaves for a number it could not infer: a human must fill it in.
BLANK = "＿"


class Suggestion(BaseModel):
    """A concrete rewrite a drafter could paste. Any field left None stays as it is."""

    action: Literal["rewrite", "move", "delete", "add", "fill"] = "rewrite"
    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    value: str | None = None
    text: str = ""  # the same, said in one Chinese sentence

    @property
    def concrete(self) -> bool:
        """No blank (＿) left for a human in any field it sets."""
        return all(BLANK not in part for part in (self.level1, self.level2, self.name, self.value) if part)

    def apply(self, indicator: Indicator) -> Indicator:
        """The indicator after this rewrite, move or fill: every field the suggestion gives replaces
        the indicator's, and a new 二级 without a 一级 brings its canonical parent along (a move
        never leaves an illegal pair). "delete" and "add" act on the sheet, not on one row."""
        level1, level2 = indicator.level1, indicator.level2
        if self.level2:
            level1 = self.level1 or tx.parent_of(self.level2) or level1
            level2 = self.level2
        elif self.level1:
            level1 = self.level1
        return indicator.model_copy(
            update={
                "level1": level1,
                "level2": level2,
                "name": self.name or indicator.name,
                "value": TargetValue.parse(self.value) if self.value else indicator.value,
            }
        )


class Finding(BaseModel):
    code: str  # stable rule code, e.g. "R07"
    severity: Severity
    dimension: Dimension
    indicator_index: int | None = None  # position in Sheet.indicators; None = the sheet or a field
    field: str | None = None  # sheet field the finding points at, e.g. "annual_goal"
    message: str
    suggestion: Suggestion | None = None
    reference: str = ""  # e.g. "STANDARD.md §2.2 R07"
    source: Literal["rule", "llm"] = "rule"


Grade = Literal["优", "良", "中", "差"]


class CheckResult(BaseModel):
    """One check of a reviewer's checklist (critique/checklist.py): passed or not, and on which rows."""

    check: str  # 目标明确 / 指标完整 / 细化量化 / 归类正确 / 合理可行 / 相互匹配
    question: str  # what the check asks, in one Chinese sentence
    passed: bool  # no error or warning among the findings of the rules that feed it
    grade: Grade
    failing_indicators: list[int] = Field(default_factory=list)  # positions in Sheet.indicators
    failing_names: list[str] = Field(default_factory=list)  # the same rows, by name
    sheet_problems: list[str] = Field(default_factory=list)  # what fails on the sheet as a whole
    rules: list[str] = Field(default_factory=list)  # the rule codes that failed it


class Critique(BaseModel):
    sheet_id: str
    project_name: str
    findings: list[Finding] = Field(default_factory=list)
    score: float = 0.0
    sub_scores: dict[Dimension, float] = Field(default_factory=dict)
    grade: Grade = "差"
    checklist: list[CheckResult] = Field(default_factory=list)  # the reviewer's checklist beside the score
    notices: list[str] = Field(default_factory=list)  # e.g. "LLM 审核不可用，仅规则审核"


# --- drafting ----------------------------------------------------------------------------------


class DraftRequest(BaseModel):
    description: str = Field(min_length=1, max_length=20000)
    project_name: str | None = None
    year: int | None = None
    funds: float | None = Field(default=None, description="年度资金, 元")
    implementing_unit: str | None = None
    department: str | None = None


class Draft(BaseModel):
    sheet: Sheet
    critique: Critique | None = None
    notices: list[str] = Field(default_factory=list)  # e.g. "未配置大模型，已生成离线草稿"
    backend: str = "offline"


PUBLIC_MODELS: tuple[type[BaseModel], ...] = (Sheet, Critique, DraftRequest, Draft)
