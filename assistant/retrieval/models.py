"""What the retrieval API returns and accepts: plain pydantic models for the drafter, critique and CLI."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.schema import Indicator

Method = Literal["lexical", "dense"]
Level = Literal["sheet", "indicator"]


class SearchFilters(BaseModel):
    level2: str | None = None  # e.g. 时效指标
    measurable_only: bool = False
    year: int | None = None
    exclude_sheet_ids: list[str] = Field(default_factory=list)  # e.g. the sheet being critiqued


class SearchHit(BaseModel):
    indicator: Indicator
    key: str  # id in the store
    sheet_id: str
    project_name: str
    year: int | None = None
    department: str | None = None
    score: float
    methods: list[Method] = Field(default_factory=list)  # which methods ranked it in their candidates
    ranks: dict[str, int] = Field(default_factory=dict)  # its 1-based rank in each method's list
    same_name_hits: int = 0  # other candidates with the same normalised name, folded into this hit


class IndexReport(BaseModel):
    sheets_added: int = 0
    sheets_replaced: int = 0  # same sheet id, new content: the old version was removed
    duplicates_skipped: int = 0  # content already indexed
    indicators_added: int = 0
    sheets_total: int = 0
    indicators_total: int = 0
    rebuilt: bool = False  # the embedding changed and the store was rebuilt
    seconds: float = 0.0
    notices: list[str] = Field(default_factory=list)
