"""The grid parser's general rules, on small hand-written grids (one rule per test)."""

from __future__ import annotations

from assistant.ingest.form_parser import parse_forms, split_forms
from assistant.schema import Sheet

HEAD = [
    ["财政项目支出绩效目标表"],
    ["(2024年度)"],
    ["项目名称", "测试项目", "项目类别", "特定目标类"],
    ["主管部门", "某区司法局", "实施单位", "某区司法局"],
    ["项目资金 (万元)", "项目资金总额", "12.5", "年度资金申请总额", "12.5"],
    ["", "其中：财政资金", "12.5", "其中：当年财政拨款", "12.5"],
    ["项目绩效目标", "项目总目标", "", "年度总体目标"],
    ["", "总目标文字", "", "年度目标文字"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"],
]


def parse(rows: list[list[str]]) -> Sheet:
    sheets = parse_forms(HEAD + rows, "test.txt")
    assert len(sheets) == 1
    return sheets[0]


def triples(sheet: Sheet) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators]


def test_header_fields_are_read_by_label_and_funds_become_yuan():
    sheet = parse([["", "产出指标", "数量指标", "培训场次", "≥4场"]])
    assert sheet.project_name == "测试项目"
    assert sheet.year == 2024
    assert sheet.department == "某区司法局"
    assert sheet.project_type == "特定目标类"
    assert sheet.funds.total == 125000.0
    assert sheet.funds.fiscal == 125000.0
    assert sheet.funds.unit_as_written == "万元"
    assert sheet.overall_goal == "总目标文字"
    assert sheet.annual_goal == "年度目标文字"
    assert sheet.id == "test#1" and sheet.source_index == 1


def test_labels_carry_down_to_unlabelled_rows():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "", "", "培训人数", "≥200人"],
            ["", "", "质量指标", "培训合格率", "≥95%"],
        ]
    )
    assert triples(sheet)[1] == ("产出指标", "数量指标", "培训人数", "≥200人")
    assert triples(sheet)[2] == ("产出指标", "质量指标", "培训合格率", "≥95%")


def test_labels_are_recognised_by_meaning_in_any_column():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "时效指标", "培训完成及时率", "100%", ""],
            ["社会效益指标", "", "知晓率", "", "≥80%"],
        ]
    )
    assert triples(sheet)[1] == ("产出指标", "时效指标", "培训完成及时率", "100%")
    assert triples(sheet)[2] == ("效益指标", "社会效益指标", "知晓率", "≥80%")


def test_older_aliases_and_ocr_spaces_map_onto_the_standard_names():
    sheet = parse(
        [
            ["", "产出目标", "数量指标(必填)", "培训场次", "≥4场"],
            ["", "效果目标", "社会 效益 指 标", "知晓率", "≥80%"],
            ["", "影响力目标", "服 务 对 象 满 意 度 指 标", "学员满意度", "≥90%"],
        ]
    )
    assert [(l1, l2) for l1, l2, _, _ in triples(sheet)] == [
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]


def test_template_placeholders_are_dropped_never_invented():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "指标1：培训场次", "≥4场"],
            ["", "", "", "指标2： .....", ""],
            ["", "成本指标", "指标1： 指标2： .....", ""],
            ["", "", "", ".....", ""],
        ]
    )
    assert triples(sheet) == [("产出指标", "数量指标", "培训场次", "≥4场")]


def test_a_lone_label_row_applies_to_the_rows_below():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "", "质量指标", "", ""],
            ["", "", "", "培训合格率", "≥95%"],
        ]
    )
    assert triples(sheet)[1][:2] == ("产出指标", "质量指标")


def test_two_level2_labels_on_one_row_the_one_in_the_level2_column_wins_the_other_goes_down():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "时效指标", "质量指标", "薪酬核算准确性", "100%"],
            ["", "", "", "年度考核及时性", "11月"],
        ]
    )
    assert triples(sheet)[1][1] == "质量指标"
    assert triples(sheet)[2][1] == "时效指标"


def test_a_timeliness_row_above_a_late_printed_timeliness_label_joins_that_group():
    sheet = parse(
        [
            ["", "产出指标", "质量指标", "补贴与政策一致性", "一致"],
            ["", "", "", "工作完成及时性", "及时"],
            ["", "", "时效指标", "", ""],
            ["", "效益指标", "社会效益指标", "公信力", "提高"],
        ]
    )
    assert triples(sheet)[1][1] == "时效指标"
    assert any("工作完成及时性" in n for n in sheet.notices)


def test_an_unlabelled_row_without_a_category_cue_keeps_the_labels_above():
    sheet = parse(
        [
            ["", "产出指标", "质量指标", "补贴与政策一致性", "一致"],
            ["", "", "", "补贴与标准一致性", "一致"],
            ["", "", "时效指标", "工作完成及时性", "及时"],
        ]
    )
    assert triples(sheet)[1][1] == "质量指标"


def test_a_timeliness_row_carrying_the_next_groups_labels_stays_in_the_timeliness_group():
    sheet = parse(
        [
            ["", "产出指标", "时效指标", "薪酬发放及时性", "每月"],
            ["", "效益指标", "社会效益指标", "补贴发放及时性", "半年1次"],
            ["", "", "", "工作效能", "提高"],
        ]
    )
    assert triples(sheet)[1][:2] == ("产出指标", "时效指标")
    assert triples(sheet)[2][:2] == ("效益指标", "社会效益指标")


def test_a_name_that_reads_like_a_category_word_is_kept_as_the_name():
    sheet = parse([["满意度指标", "服务对象满意度指标", "服务对象满意度", "", "≥85%"]])
    assert triples(sheet) == [("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥85%")]


def test_plain_cost_label_sits_under_output_in_the_older_framework():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "", "成本指标", "人均培训成本", "≤500元"],
        ]
    )
    assert triples(sheet)[1][:2] == ("产出指标", "成本指标")


def test_cost_is_a_level1_when_the_sheet_uses_the_2021_framework():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["", "成本指标", "", "", ""],
            ["", "", "", "成本合理性", "≤预算"],
            ["", "效益指标", "经济效益指标", "", ""],
            ["", "", "社会效益指标", "知晓率", "≥80%"],
        ]
    )
    assert triples(sheet)[1][:2] == ("成本指标", "成本指标")
    assert len(sheet.indicators) == 3  # the empty 经济效益 category adds nothing


def test_a_row_before_any_label_is_kept_with_a_notice():
    sheet = parse([["", "", "", "培训场次", "≥4场"]])
    assert triples(sheet) == [("", "", "培训场次", "≥4场")]
    assert any("缺少一级、二级指标" in n for n in sheet.notices)


def test_description_and_extra_value_columns_are_placed_by_the_header():
    grid = [
        *HEAD[:-1],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "年度指标值", "实施期指标值"],
    ]
    grid.append(["", "产出指标", "数量指标", "培训场次", "全年举办的培训场次", "≥4场", "≥12场"])
    indicator = parse_forms(grid, "t.txt")[0].indicators[0]
    assert indicator.description == "全年举办的培训场次"
    assert indicator.value.raw == "≥4场"
    assert indicator.other_values == {"实施期指标值": "≥12场"}


def test_missing_money_unit_is_taken_as_yuan_with_a_notice():
    grid = [row[:] for row in HEAD]
    grid[4][0] = "项目资金"
    sheet = parse_forms([*grid, ["", "产出指标", "数量指标", "培训场次", "≥4场"]], "t.txt")[0]
    assert sheet.funds.total == 12.5
    assert any("按元处理" in n for n in sheet.notices)


def test_forms_are_split_at_each_project_name_row_with_their_title_lines():
    body = [["", "产出指标", "数量指标", "培训场次", "≥4场"]]
    second = [row[:] for row in HEAD]
    second[1] = ["(2025年度)"]
    second[2] = ["项目名称", "第二个项目", "项目类别", "特定目标类"]
    forms = split_forms(HEAD + body + second + body)
    assert len(forms) == 2
    sheets = parse_forms(HEAD + body + second + body, "two.txt")
    assert [(s.project_name, s.year, s.id) for s in sheets] == [
        ("测试项目", 2024, "two#1"),
        ("第二个项目", 2025, "two#2"),
    ]


def test_a_form_without_a_year_takes_the_latest_year_the_document_mentions():
    grid = [row for row in HEAD if row != ["(2024年度)"]]
    grid.append(["", "产出指标", "时效指标", "完成时限", "2025年12月31日前"])
    sheet = parse_forms(grid, "t.txt", "依据2023年文件，2024年下达，2025年12月31日前完成")[0]
    assert sheet.year == 2025
    assert any("推定为 2025 年" in n for n in sheet.notices)


def test_label_and_value_in_one_cell_and_a_year_field_are_read():
    grid = [
        ["项目支出绩效目标表"],
        ["项目名称：社区法律顾问经费"],
        ["预算年度", "2026"],
        ["主管部门：某区司法局", "", "实施单位：某街道办事处"],
        ["项目期限", "2026年3月-2026年11月"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "顾问服务村居数", "≥12个"],
    ]
    sheet = parse_forms(grid, "inline.docx")[0]
    assert (sheet.project_name, sheet.year) == ("社区法律顾问经费", 2026)
    assert (sheet.department, sheet.implementing_unit) == ("某区司法局", "某街道办事处")
    assert (str(sheet.start_date), str(sheet.end_date)) == ("2026-03-01", "2026-11-30")


def test_split_value_columns_are_joined_and_the_indicator_nature_is_kept_aside():
    grid = [*HEAD[:-1], ["一级指标", "二级指标", "三级指标", "指标性质", "符号", "指标值", "计量单位"]]
    grid.append(["产出指标", "数量指标", "培训场次", "定量", "≥", "4", "场"])
    indicator = parse_forms(grid, "t.xlsx")[0].indicators[0]
    assert indicator.value.raw == "≥4场"
    assert (indicator.value_type, indicator.unit, indicator.direction) == ("定量", "场", "≥")
    assert indicator.other_values == {}


def test_a_page_title_repeated_inside_the_table_is_not_an_indicator():
    sheet = parse(
        [
            ["", "产出指标", "数量指标", "培训场次", "≥4场"],
            ["财政项目支出绩效目标表"],
            ["（2024年度）"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"],
            ["", "", "", "培训人数", "≥200人"],
        ]
    )
    assert triples(sheet) == [
        ("产出指标", "数量指标", "培训场次", "≥4场"),
        ("产出指标", "数量指标", "培训人数", "≥200人"),
    ]
