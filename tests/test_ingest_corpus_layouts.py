"""Each text layout reader on the real seed files in corpus/raw."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.ingest import read_path
from assistant.ingest.form_fields import checked_option
from assistant.ingest.layouts import TEXT_LAYOUTS
from assistant.schema import Sheet

CHECKBOX = "000_fbcba3a06dc44e97.txt"
TSV_2023 = "001_e4a262f711890b0c.txt"
VERTICAL = "002_33e3c13fb73fd403.txt"
TSV_2024 = "003_33225bd3379474be.txt"
TSV_2021 = "004_ff8c4036d3e2f11b.txt"


@pytest.fixture(scope="module")
def corpus(raw_dir: Path) -> dict[str, list[Sheet]]:
    return {name: read_path(raw_dir / name) for name in (CHECKBOX, TSV_2023, VERTICAL, TSV_2024, TSV_2021)}


def rows(sheet: Sheet) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators]


def layout_of(text: str) -> str:
    return next(layout.name for layout in TEXT_LAYOUTS if layout.detect(text))


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        (CHECKBOX, "text"),
        (TSV_2023, "text"),
        (TSV_2024, "text"),
        (TSV_2021, "text"),
        (VERTICAL, "vertical-form"),
    ],
)
def test_each_seed_file_goes_to_the_reader_of_its_layout(raw_dir: Path, name: str, layout: str) -> None:
    # The tab tables go to the one text reader; only the tab-indented one-cell-per-line layout, whose
    # lines are not table rows, has a grid builder of its own.
    assert layout_of((raw_dir / name).read_text(encoding="utf-8")) == layout


# --- 吴泾镇 checkbox form (000) ---------------------------------------------------------------


def test_checkbox_form_first_sheet_fields(corpus):
    sheet = corpus[CHECKBOX][0]
    assert len(corpus[CHECKBOX]) == 7
    assert sheet.id == "000_fbcba3a06dc44e97#1"
    assert sheet.project_name == "科创（知识产权）法律顾问团"
    assert (sheet.year, sheet.department, sheet.implementing_unit) == (2023, "吴泾镇人民政府", "司法所")
    assert sheet.project_type == "专项资金"  # the checked box follows its label
    assert (sheet.start_date, sheet.end_date) == (date(2023, 1, 1), date(2023, 12, 31))
    assert (sheet.funds.total, sheet.funds.fiscal, sheet.funds.unit_as_written) == (20000.0, 20000.0, "万元")
    assert sheet.annual_goal == "100%"


def test_checkbox_form_indicators_have_slot_prefixes_removed_and_placeholders_dropped(corpus):
    assert rows(corpus[CHECKBOX][0]) == [
        (
            "产出指标",
            "数量指标",
            "现场值班咨询24次/年，专家讲座（活动）6次/年",
            "现场值班咨询24次/年，专家讲座（活动）6次/年",
        ),
        ("产出指标", "时效指标", "每季度支付一次", "按时支付"),
        (
            "效益指标",
            "经济效益指标",
            "发挥律师特长，为企业建立保护知识产权系统",
            "发挥律师作用，保护知识产权",
        ),
        ("满意度指标", "服务对象满意度指标", "园区内企业", "100%"),
    ]
    names = [i.name for s in corpus[CHECKBOX] for i in s.indicators]
    assert not any("指标1" in n or "指标2" in n or "....." in n for n in names)


def test_checkbox_form_keeps_a_name_whose_value_cell_is_empty(corpus):
    last = corpus[CHECKBOX][1].indicators[-1]
    assert (last.name, last.value.raw) == ("吴泾镇群众", "")


@pytest.mark.parametrize(
    ("cell", "chosen"),
    [
        ("专项资金 ☑ 经常性项目 ☐ 一次性项目 ☐", "专项资金"),
        ("专项资金 ☐ 经常性项目 ☑ 一次性项目 ☐", "经常性项目"),
        ("☐专项资金 ☑经常性项目", "经常性项目"),
        ("特定目标类", None),
    ],
)
def test_checked_option_reads_html_and_glyph_boxes(cell: str, chosen: str | None):
    assert checked_option(cell) == chosen


# --- tab-separated official forms (001, 003, 004) -----------------------------------------------


def test_tsv_form_first_sheet_fields(corpus):
    sheets = corpus[TSV_2023]
    sheet = sheets[0]
    assert len(sheets) == 22
    assert sheet.project_name == "矫正工作业务经费"
    assert (sheet.department, sheet.implementing_unit, sheet.year) == (
        "闵行区司法局(汇总)",
        "上海市闵行区司法局",
        2023,
    )
    assert sheet.project_type == "经常性项目 / 特定目标类"
    assert (sheet.funds.total, sheet.funds.other, sheet.funds.unit_as_written) == (3588054.0, 0.0, "元")
    assert rows(sheet)[:2] == [
        ("产出指标", "数量指标", "社区矫正对象监管率", "=100.00(%)"),
        ("产出指标", "数量指标", "完成移动执法通讯设备配置", "60部"),
    ]
    assert len(sheet.indicators) == 14


def test_tsv_form_strips_html_from_goal_cells(corpus):
    goal = corpus[TSV_2023][2].overall_goal
    assert goal.startswith("通过各类法治宣传教育活动") and "<p>" not in goal and "</p>" not in goal


def test_tsv_form_removes_line_break_spaces_inside_a_project_name(corpus):
    assert corpus[TSV_2023][11].project_name == "闵行区人民法院先行调解（特约调解）专项经费"


def test_tsv_form_takes_annual_totals_when_the_project_totals_are_blank(corpus):
    sheet = corpus[TSV_2023][7]
    assert (sheet.funds.total, sheet.funds.fiscal) == (191500.0, 191500.0)
    assert any("年度资金申请总额" in n for n in sheet.notices)


def test_tsv_form_reads_a_level2_label_printed_in_the_level1_column(corpus):
    # "│可持续影响指标│长效管理制度建立健全│健全││": the 二级 label sits where the 一级 should be.
    assert ("效益指标", "可持续影响指标", "长效管理制度建立健全", "健全") in rows(corpus[TSV_2023][0])


def test_tsv_form_the_finer_label_decides_when_labels_disagree(corpus):
    # "│满意度 指标│可持 续影 响 指 标│人民调解长效管理机制健全性││健全│"
    assert ("效益指标", "可持续影响指标", "人民调解长效管理机制健全性", "健全") in rows(corpus[TSV_2023][3])


def test_tsv_form_2021_template_maps_old_level1_names_and_drops_required_markers(corpus):
    sheets = corpus[TSV_2021]
    assert len(sheets) == 3
    assert sheets[0].funds.total == 5700000.0 and sheets[0].funds.unit_as_written == "万元"
    assert {i.level1 for s in sheets for i in s.indicators} == {"产出指标", "效益指标", "满意度指标"}
    assert all("必填" not in i.level2 for s in sheets for i in s.indicators)


def test_tsv_form_2024_template_has_cost_as_a_level1_and_skips_empty_categories(corpus):
    sheet = corpus[TSV_2024][8]
    assert ("成本指标", "成本指标", "成本合理性", "按照政策标准执行") in rows(sheet)
    assert not any(
        i.level2 in ("经济效益指标", "生态效益指标") for s in corpus[TSV_2024] for i in s.indicators
    )


# --- 天津 vertical layout (002) ------------------------------------------------------------------


def test_vertical_form_first_sheet(corpus):
    sheets = corpus[VERTICAL]
    sheet = sheets[0]
    assert len(sheets) == 14
    assert sheet.project_name == "天津市滨海新区司法局多种用工人员经费"
    assert sheet.implementing_unit == "天津市滨海新区司法局"  # budget-unit code 343101 removed
    assert sheet.department is None and sheet.start_date is None
    assert (sheet.funds.total, sheet.funds.unit_as_written) == (432000.0, "元")
    assert sheet.annual_goal.startswith("1.为各社区矫正中心")
    first = sheet.indicators[2]
    assert (first.level2, first.name, first.description, first.value.raw) == (
        "时效指标",
        "依法按时完成各项工作任务",
        "社区矫正工作完成及时率",
        "≥95%",
    )


def test_vertical_form_year_is_inferred_from_the_document_with_a_notice(corpus):
    assert {s.year for s in corpus[VERTICAL]} == {2024}
    assert all(any("推定为 2024 年" in n for n in s.notices) for s in corpus[VERTICAL])


def test_vertical_form_joins_a_goal_written_on_several_lines(corpus):
    goal = corpus[VERTICAL][12].annual_goal
    assert goal.splitlines() == [
        "1.不断完善法律援助制度，实现法律援助应援尽援、应援优援",
        "2.提高刑事法律援助服务质量，深入推进认罪认罚从宽工作，做好法律援助工作站律师值班工作",
        "3.加强法律援助宣传，不断提高法律援助社会知晓率",
    ]


def test_vertical_form_removes_word_bookmark_artefacts(corpus):
    descriptions = [i.description or "" for s in corpus[VERTICAL] for i in s.indicators]
    assert "提高法治政府建设水平" in descriptions
    assert not any("bookmark" in d for d in descriptions)
