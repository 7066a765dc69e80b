"""The .xlsx and .docx readers on hand-built files laid out differently from our own writer's."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from assistant.ingest import IngestError, read_path
from assistant.schema import Sheet


def rows(sheet: Sheet) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators]


def fill_form(ws, name: str, year: int) -> None:
    """A form with a banner, a 填报单位 line, same-row goals, 序号 and a far-right 指标值 column."""
    ws.append([f"{year}年度项目支出绩效目标申报表"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位（盖章）：某区司法局", None, None, None, None, None, "金额单位：万元"])
    ws.append(["项目名称", name, None, None, "主管部门", "某区司法局"])
    ws.merge_cells("B3:D3")
    ws.append(["实施单位", "某区法律援助中心", None, None, "项目属性", "经常性项目"])
    ws.append(["项目资金", "资金总额", 35.5, None, "其中：财政资金", 30, "其他资金", 5.5])
    ws.append(["项目总目标", "为困难群众提供法律援助。"])
    ws.append(["年度目标", "全年办理法律援助案件不少于900件。"])
    ws.append(["序号", "一级指标", "二级指标", "三级指标", "指标解释", None, "年度指标值", "备注"])
    first = ws.max_row + 1
    ws.append([1, "产出指标", "数量指标", "法律援助案件数", "全年办结的案件", None, "≥900件"])
    ws.append([2, None, None, "值班律师人数", None, None, "≥10人"])
    ws.append([3, None, "质量指标", "案件质量评估合格率", None, None, 0.95])
    ws.cell(row=ws.max_row, column=7).number_format = "0%"
    ws.append([4, "满意度指标", "服务对象满意度指标", "受援人满意度", None, None, "≥90%", "抽样回访"])
    ws.merge_cells(start_row=first, start_column=2, end_row=first + 2, end_column=2)
    ws.merge_cells(start_row=first, start_column=3, end_row=first + 1, end_column=3)
    ws.append(["填报人：张三", None, None, "联系电话：12345678"])


@pytest.fixture()
def workbook_path(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    fill_form(wb.active, "法律援助经费", 2024)
    wb.create_sheet("说明").append(["本工作簿由测试生成"])
    fill_form(wb.create_sheet("第二张"), "人民调解经费", 2025)
    path = tmp_path / "申报表.xlsx"
    wb.save(path)
    return path


def test_xlsx_with_a_different_layout_reads_every_field(workbook_path: Path):
    sheet = read_path(workbook_path)[0]
    assert sheet.project_name == "法律援助经费"
    assert (sheet.year, sheet.department, sheet.implementing_unit) == (2024, "某区司法局", "某区法律援助中心")
    assert sheet.project_type == "经常性项目"
    assert (sheet.funds.total, sheet.funds.fiscal, sheet.funds.other) == (355000.0, 300000.0, 55000.0)
    assert sheet.funds.unit_as_written == "万元"
    assert sheet.overall_goal == "为困难群众提供法律援助。"
    assert sheet.annual_goal == "全年办理法律援助案件不少于900件。"


def test_xlsx_indicators_follow_merged_labels_and_the_far_right_value_column(workbook_path: Path):
    sheet = read_path(workbook_path)[0]
    assert rows(sheet) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥900件"),
        ("产出指标", "数量指标", "值班律师人数", "≥10人"),
        ("产出指标", "质量指标", "案件质量评估合格率", "95%"),  # a number cell formatted as a percentage
        ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥90%"),
    ]
    assert sheet.indicators[0].description == "全年办结的案件"
    assert sheet.indicators[3].other_values == {"备注": "抽样回访"}
    assert not any("张三" in i.name for i in sheet.indicators)  # the signature line ends the table


def test_xlsx_workbook_yields_one_sheet_per_form_across_worksheets(workbook_path: Path):
    sheets = read_path(workbook_path)
    assert [(s.id, s.project_name, s.year) for s in sheets] == [
        ("申报表#1", "法律援助经费", 2024),
        ("申报表#2", "人民调解经费", 2025),
    ]


def test_xlsx_without_any_form_is_refused_clearly(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "123"])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    with pytest.raises(IngestError, match="没有找到绩效目标表") as info:
        read_path(path)
    assert info.value.source == "通讯录.xlsx"


def add_form(document, name: str, l1_merged: bool) -> None:
    document.add_paragraph("财政项目支出绩效目标表")
    document.add_paragraph("（2023年度）")
    fields = document.add_table(rows=4, cols=4)
    data = [
        ("项目名称", name, "项目类别", "一次性项目"),
        ("主管部门", "某区司法局", "实施单位", "某区司法局"),
        ("计划开始日期", "2023年3月1日", "计划完成日期", "2023年11月30日"),
        ("项目资金（元）", "120,000.00", "", ""),
    ]
    for row, values in zip(fields.rows, data, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    fields.cell(3, 1).merge(fields.cell(3, 3))  # the amount spans three columns
    table = document.add_table(rows=5, cols=4)
    body = [
        ("一级指标", "二级指标", "三级指标", "指标值"),
        ("产出指标", "数量指标", "宣传活动场次", "≥12场"),
        ("", "时效指标", "活动完成时间", "2023年11月30日前"),
        ("效益指标", "社会效益指标", "群众法治知晓率", "≥85%"),
        ("满意度指标", "服务对象满意度指标", "参与群众满意度", "≥90%"),
    ]
    for row, values in zip(table.rows, body, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            if value:
                cell.text = value
    if l1_merged:
        merged = table.cell(1, 0).merge(table.cell(2, 0))
        merged.text = "产出指标"


@pytest.fixture()
def document_path(tmp_path: Path) -> Path:
    document = docx.Document()
    add_form(document, "法治宣传经费", l1_merged=True)
    document.add_page_break()
    add_form(document, "普法骨干培训", l1_merged=False)
    path = tmp_path / "两张表.docx"
    document.save(path)
    return path


def test_docx_reads_fields_from_a_table_and_titles_from_paragraphs(document_path: Path):
    sheet = read_path(document_path)[0]
    assert (sheet.project_name, sheet.year, sheet.project_type) == ("法治宣传经费", 2023, "一次性项目")
    assert (str(sheet.start_date), str(sheet.end_date)) == ("2023-03-01", "2023-11-30")
    assert (sheet.funds.total, sheet.funds.unit_as_written) == (120000.0, "元")


def test_docx_merged_cells_are_read_once(document_path: Path):
    sheet = read_path(document_path)[0]
    assert rows(sheet) == [
        ("产出指标", "数量指标", "宣传活动场次", "≥12场"),
        ("产出指标", "时效指标", "活动完成时间", "2023年11月30日前"),
        ("效益指标", "社会效益指标", "群众法治知晓率", "≥85%"),
        ("满意度指标", "服务对象满意度指标", "参与群众满意度", "≥90%"),
    ]


def test_docx_with_two_forms_yields_two_sheets(document_path: Path):
    sheets = read_path(document_path)
    assert [(s.id, s.project_name, len(s.indicators)) for s in sheets] == [
        ("两张表#1", "法治宣传经费", 4),
        ("两张表#2", "普法骨干培训", 4),
    ]


def test_a_form_saved_as_csv_is_read_like_the_workbook(tmp_path: Path):
    import csv

    path = tmp_path / "另存为.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["财政项目支出绩效目标表（2024年度）"])
        writer.writerow(["项目名称", "法律援助经费", "主管部门", "某区司法局"])
        writer.writerow(["项目资金（元）", "项目资金总额", "3,588,054.00"])
        writer.writerow(["一级指标", "二级指标", "三级指标", "年度指标值"])
        writer.writerow(["产出指标", "数量指标", "法律援助案件数", "≥900件"])
        writer.writerow(["", "质量指标", "案件质量评估合格率", "≥95%"])
    sheet = read_path(path)[0]
    assert (sheet.project_name, sheet.year, sheet.funds.total) == ("法律援助经费", 2024, 3588054.0)
    assert rows(sheet)[1] == ("产出指标", "质量指标", "案件质量评估合格率", "≥95%")
