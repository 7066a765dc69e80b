"""Export writers: .xlsx/.docx/.json/.md read back to the same sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.export import render, write_sheets
from assistant.ingest import read_bytes, read_path
from assistant.schema import Sheet


@pytest.fixture(scope="module")
def seed_sheets(raw_dir: Path) -> list[Sheet]:
    # The five seed files (corpus/raw/realworld/ holds the published pages, not the seeds).
    return [sheet for path in sorted(raw_dir.iterdir()) if path.is_file() for sheet in read_path(path)]


def same_content(a: list[Sheet], b: list[Sheet]) -> bool:
    return [s.content_hash() for s in a] == [s.content_hash() for s in b]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".json"])
def test_every_seed_sheet_survives_a_round_trip(seed_sheets: list[Sheet], suffix: str):
    back = read_bytes(render(seed_sheets, suffix), f"all{suffix}")
    assert len(back) == len(seed_sheets) == 56
    assert same_content(seed_sheets, back)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_multi_form_file_yields_one_sheet_per_form_with_file_ids(seed_sheets, tmp_path: Path, suffix: str):
    chosen = [seed_sheets[0], seed_sheets[30], seed_sheets[50]]  # checkbox, vertical, 2024 template
    path = write_sheets(chosen, tmp_path / f"三张表{suffix}")
    back = read_path(path)
    assert [s.id for s in back] == ["三张表#1", "三张表#2", "三张表#3"]
    assert [s.source_index for s in back] == [1, 2, 3]
    assert {s.source_file for s in back} == {path.name}
    assert same_content(chosen, back)


def test_xlsx_keeps_values_that_start_with_an_equals_sign_as_text(seed_sheets, tmp_path: Path):
    sheet = seed_sheets[22 + 7 - 1]  # a 001 sheet with "=100.00(%)" values
    assert any(i.value.raw.startswith("=") for i in sheet.indicators)
    back = read_path(write_sheets([sheet], tmp_path / "one.xlsx"))[0]
    assert [i.value.raw for i in back.indicators] == [i.value.raw for i in sheet.indicators]


def test_wan_yuan_sheets_are_written_in_wan_yuan_and_read_back_in_yuan(seed_sheets, tmp_path: Path):
    sheet = seed_sheets[3]  # 000 #4: 22.55 万元
    assert sheet.funds.unit_as_written == "万元"
    import openpyxl

    path = write_sheets([sheet], tmp_path / "wan.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row]
    assert "项目资金（万元）" in cells and 22.55 in cells
    assert read_path(path)[0].funds.total == 225500.0


def test_markdown_lists_fields_and_every_indicator(seed_sheets):
    sheet = seed_sheets[0]
    text = render([sheet], ".md").decode("utf-8")
    assert text.startswith("## 财政项目支出绩效目标表")
    assert f"| 项目名称 | {sheet.project_name} |" in text
    assert "| 主管部门 | 吴泾镇人民政府 |" in text
    assert text.count("\n| 产出指标 |") + text.count("\n| 效益指标 |") + text.count(
        "\n| 满意度指标 |"
    ) == len(sheet.indicators)


def test_markdown_of_many_sheets_reads_back_to_the_same_sheets(seed_sheets):
    back = read_bytes(render(seed_sheets, ".md"), "sheets.md")

    def key(s):
        return (
            s.project_name,
            s.year,
            s.funds.total,
            [(i.level1, i.level2, i.name, i.value.raw) for i in s.indicators],
        )

    assert [key(s) for s in back] == [key(s) for s in seed_sheets]


def test_an_unknown_export_format_is_refused_in_chinese(seed_sheets):
    with pytest.raises(ValueError, match="不支持的导出格式"):
        render(seed_sheets[:1], ".pdf")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_satisfaction_row_named_like_its_category_keeps_its_name_beside_a_description(tmp_path, suffix):
    # "服务对象满意度" reads like a label; with a 绩效指标描述 column it must still be the 三级 name.
    sheet = Sheet.model_validate(
        {
            "project_name": "人民调解",
            "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "name": "调解案件数", "value": "≥100件"},
                {
                    "level1": "满意度指标",
                    "level2": "服务对象满意度指标",
                    "name": "服务对象满意度",
                    "description": "满意问卷数 ÷ 有效问卷数 × 100%",
                    "value": "≥90%",
                },
            ],
        }
    )
    back = read_path(write_sheets([sheet], tmp_path / f"one{suffix}"))[0]
    assert [(i.name, i.description, i.value.raw) for i in back.indicators] == [
        (i.name, i.description, i.value.raw) for i in sheet.indicators
    ]
