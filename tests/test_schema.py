"""The public models: field names other tools read, JSON Schema export, stable ids."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app
from assistant.schema import Indicator, Sheet


def _sheet() -> Sheet:
    return Sheet(
        project_name="人民调解业务经费",
        indicators=[Indicator(level1="产出指标", level2="数量指标", name="调解案件数", value="≥4240件")],
    )


def test_a_sheet_serialises_with_the_contract_field_names() -> None:
    data = json.loads(_sheet().model_dump_json())
    for key in (
        "project_name",
        "year",
        "department",
        "implementing_unit",
        "project_type",
        "start_date",
        "end_date",
        "funds",
        "overall_goal",
        "annual_goal",
        "indicators",
    ):
        assert key in data
    assert set(data["funds"]) >= {"total", "fiscal", "other", "unit_as_written"}
    indicator = data["indicators"][0]
    assert set(indicator) >= {"level1", "level2", "name", "description", "value"}
    assert set(indicator["value"]) >= {"raw", "kind", "comparator", "number", "unit"}
    assert indicator["value"]["number"] == 4240


def test_equal_content_gives_an_equal_id() -> None:
    assert _sheet().id == _sheet().id
    other = _sheet()
    other.indicators[0] = Indicator(level1="产出指标", level2="数量指标", name="调解案件数", value="≥4000件")
    assert other.content_hash() != _sheet().content_hash()


def test_a_sheet_round_trips_through_json() -> None:
    sheet = _sheet()
    assert Sheet.model_validate_json(sheet.model_dump_json()) == sheet


def test_assistant_schema_prints_the_json_schema_of_the_public_models() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schemas = json.loads(result.output)
    assert {"Sheet", "Critique", "DraftRequest", "Draft"} <= set(schemas)
    assert "indicators" in schemas["Sheet"]["properties"]
