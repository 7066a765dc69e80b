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


# --- drafted sheets: the 依据 column, people's values, the printed layout --------------------


def drafted_sheet() -> Sheet:
    """A drafted sheet as the drafter makes them: rows with where their values came from."""
    from assistant.schema import Provenance, ValueBasis

    def row(level1, level2, name, value, basis, confirm=False, description=None, project=None):
        return {
            "level1": level1,
            "level2": level2,
            "name": name,
            "value": value,
            "description": description,
            "provenance": Provenance(basis=basis, needs_confirmation=confirm, project_name=project),
        }

    return Sheet.model_validate(
        {
            "project_name": "人民调解工作经费",
            "year": 2025,
            "funds": {"total": 1_200_000, "fiscal": 1_200_000, "unit_as_written": "元"},
            "annual_goal": "2025年，人民调解工作经费计划实现："
            + "调解矛盾纠纷件数≥1000件、" * 12
            + "调解成功率≥95%。",
            "indicators": [
                row("产出指标", "数量指标", "调解矛盾纠纷件数", "≥1000件", ValueBasis.DESCRIPTION),
                row(
                    "产出指标",
                    "质量指标",
                    "调解卷宗合格率",
                    "≥85.00(%)",
                    ValueBasis.SIMILAR,
                    True,
                    None,
                    "某调解项目",
                ),
                row("产出指标", "时效指标", "案件调解平均周期", "≤30.00(天)", ValueBasis.SIMILAR, True),
                row("成本指标", "经济成本指标", "调解矛盾纠纷单件成本", "≤1200元/件", ValueBasis.FUNDS, True),
                row(
                    "满意度指标",
                    "服务对象满意度指标",
                    "调解当事人满意度",
                    "≥90%",
                    ValueBasis.DEFAULT,
                    True,
                    "计算公式：调解当事人满意度 = 满意问卷数 ÷ 有效问卷总数 × 100%",
                ),
            ],
        }
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_drafted_sheet_carries_its_basis_column_and_reads_back_whole(tmp_path: Path, suffix: str):
    sheet = drafted_sheet()
    back = read_path(write_sheets([sheet], tmp_path / f"draft{suffix}"))[0]
    assert [(i.level1, i.level2, i.name, i.description) for i in back.indicators] == [
        (i.level1, i.level2, i.name, i.description) for i in sheet.indicators
    ]
    assert [i.other_values["依据"] for i in back.indicators] == [
        "取自描述",
        "参照：某调解项目·请确认",
        "参照相似项目·请确认",
        "由资金测算·请确认",
        "默认值·请确认",
    ]
    assert back.notices == []


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".json", ".md"])
def test_values_the_drafter_borrowed_are_written_as_people_write_them(suffix: str):
    back = read_bytes(render([drafted_sheet()], suffix), f"draft{suffix}")[0]
    assert [i.value.raw for i in back.indicators] == ["≥1000件", "≥85%", "≤30天", "≤1200元/件", "≥90%"]


def test_values_read_from_a_file_are_written_exactly_as_they_were(seed_sheets):
    sheet = seed_sheets[22 + 7 - 1]  # a 001 sheet with "=100.00(%)" values
    back = read_bytes(render([sheet], ".xlsx"), "one.xlsx")[0]
    assert any("(%)" in i.value.raw for i in back.indicators)
    assert [i.value.raw for i in back.indicators] == [i.value.raw for i in sheet.indicators]


def test_the_xlsx_wraps_every_cell_and_gives_long_rows_their_height(tmp_path: Path):
    import openpyxl

    path = write_sheets([drafted_sheet()], tmp_path / "draft.xlsx")
    worksheet = openpyxl.load_workbook(path).active
    cells = [c for row in worksheet.iter_rows() for c in row if c.value is not None]
    assert all(c.alignment.wrap_text for c in cells)
    goal_row = next(c.row for c in cells if isinstance(c.value, str) and c.value.startswith("2025年，"))
    assert worksheet.row_dimensions[goal_row].height >= 45  # three lines or more, not one
    header = next(c for c in cells if c.value == "依据")
    assert worksheet.column_dimensions[header.column_letter].width >= 18
    confirm = next(c for c in cells if c.value == "默认值·请确认")
    assert confirm.fill.fgColor.rgb.endswith("FFF2CC")  # estimates stand out
    assert worksheet.page_setup.orientation == "landscape" and worksheet.page_setup.paperSize == 9


def test_the_docx_is_a4_landscape_with_fixed_unequal_column_widths_and_a_basis_note(tmp_path: Path):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    path = write_sheets([drafted_sheet()], tmp_path / "draft.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.1) and abs(section.page_height - Cm(21.0)) < Cm(0.1)
    (table,) = document.tables
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - usable) < Cm(0.2)
    header = next([c.text for c in r.cells] for r in table.rows if r.cells[1].text == "一级指标")
    assert header[3] == "三级指标" and header[-1] == "依据"
    # 三级指标 and 指标解释 are the widest, the label and category columns narrow.
    assert set(sorted(widths)[-2:]) == {widths[3], widths[4]} and widths[0] < widths[3] / 2
    note = document.paragraphs[-1].text
    assert note.startswith("注：“依据”列") and "4 项是估计值" in note
