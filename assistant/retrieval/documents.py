"""What is indexed for a sheet and for each of its indicators: the text and the metadata.

An indicator is indexed together with its context, `三级指标（二级指标；项目：项目名称）`:
research/tech.md §3 measured +7–13 points of recall@20 over the bare name. A sheet is indexed
as its project name and goals; the search uses sheet similarity as evidence for the sheet's
indicators (similar projects set similar indicators).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.domain import is_measurable
from assistant.schema import Indicator, Sheet

MetadataValue = str | int | float | bool


@dataclass(frozen=True)
class SheetRecord:
    key: str  # Chroma id of the sheet: its content hash, so equal sheets collapse
    text: str
    metadata: dict[str, MetadataValue]


@dataclass(frozen=True)
class IndicatorRecord:
    key: str  # Chroma id: "<sheet content hash prefix>.<position>"
    text: str
    metadata: dict[str, MetadataValue]


@dataclass(frozen=True)
class SheetDocuments:
    sheet: SheetRecord
    indicators: list[IndicatorRecord] = field(default_factory=list)


def sheet_text(sheet: Sheet) -> str:
    parts = [sheet.project_name, sheet.overall_goal, sheet.annual_goal]
    return "\n".join(part.strip() for part in parts if part and part.strip())


def indicator_text(sheet: Sheet, indicator: Indicator) -> str:
    return f"{indicator.name}（{indicator.level2}；项目：{sheet.project_name}）"


def indicator_key(sheet_key: str, position: int) -> str:
    return f"{sheet_key[:24]}.{position:04d}"


def _without_none(values: dict[str, MetadataValue | None]) -> dict[str, MetadataValue]:
    # Chroma metadata cannot hold None; an absent key means "unknown".
    return {key: value for key, value in values.items() if value is not None}


def indicator_fields(indicator: Indicator) -> dict[str, MetadataValue]:
    """What an indicator is, as flat metadata: the store's records and LangChain documents carry it."""
    return {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        "value": indicator.value.raw,
        "value_kind": indicator.value.kind.value,
        "measurable": is_measurable(indicator),
    }


def documents_of(sheet: Sheet) -> SheetDocuments:
    key = sheet.content_hash()
    common = _without_none(
        {
            "sheet_key": key,
            "sheet_id": sheet.id,
            "project_name": sheet.project_name,
            "year": sheet.year,
            "department": sheet.department,
        }
    )
    sheet_record = SheetRecord(
        key=key,
        text=sheet_text(sheet),
        metadata={
            **common,
            "n_indicators": len(sheet.indicators),
            # The whole sheet, so a rebuild (new embedding) needs nothing but the store itself.
            "sheet_json": sheet.model_dump_json(),
        },
    )
    indicators = [
        IndicatorRecord(
            key=indicator_key(key, position),
            text=indicator_text(sheet, indicator),
            metadata=_without_none(
                {
                    **common,
                    "position": position,
                    **indicator_fields(indicator),
                    "description": indicator.description,
                }
            ),
        )
        for position, indicator in enumerate(sheet.indicators)
    ]
    return SheetDocuments(sheet=sheet_record, indicators=indicators)


def indicator_from_metadata(metadata: dict[str, MetadataValue]) -> Indicator:
    return Indicator.model_validate(
        {
            "level1": metadata.get("level1", ""),
            "level2": metadata.get("level2", ""),
            "name": metadata.get("name", ""),
            "description": metadata.get("description"),
            "value": metadata.get("value", ""),
        }
    )
