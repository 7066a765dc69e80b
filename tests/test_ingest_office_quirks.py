"""Office files carry the same quirks as the pages copied as text, and get the same tolerance: real
.xlsx/.docx files made here with openpyxl / python-docx, read through the one grid parser."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

from assistant.ingest import read_path


def test_a_workbook_with_other_labels_extra_columns_and_merged_labels(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["关于某市2024年度项目支出绩效目标的公开说明"])
    sheet.append(["项目支出名称", "城市书房运营补助"])
    sheet.append(["主管部门及代码", "【218】某市文化广电旅游局", "单位名称", "【218006】某市图书馆"])
    sheet.append(["项目资金（万元）", "年度资金总额", 64.5])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "指标性质", "分值", "指标值类型", "绩效标准"])
    sheet.append(["产出指标", "数量指标", "城市书房数量", "≥12个", "正向", 20, "定量", "计划标准"])
    sheet.append([None, None, "年接待读者人次", "≥15万人次", "正向", 20, "定量", "历史标准"])
    sheet.append([None, "质量指标", "设备完好率", 0.98, "正向", 20, "定量", "行业标准"])
    sheet.cell(row=8, column=4).number_format = "0%"
    sheet.append(["满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "正向", 40, "定量", "计划标准"])
    sheet.merge_cells("A6:A8")
    sheet.append(["填报人：", None, "联系电话："])
    path = tmp_path / "书房.xlsx"
    book.save(path)

    [read] = read_path(path)
    assert (read.project_name, read.department, read.implementing_unit) == (
        "城市书房运营补助",
        "某市文化广电旅游局",
        "某市图书馆",
    )
    assert read.funds.total == 645000.0
    assert [(i.level1, i.level2, i.name, i.value.raw) for i in read.indicators] == [
        ("产出指标", "数量指标", "城市书房数量", "≥12个"),
        ("产出指标", "数量指标", "年接待读者人次", "≥15万人次"),
        ("产出指标", "质量指标", "设备完好率", "98%"),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"),
    ]
    assert [i.weight for i in read.indicators] == ["20", "20", "20", "40"]
    assert {i.value_type for i in read.indicators} == {"定量"}
    assert [i.standard for i in read.indicators][:2] == ["计划标准", "历史标准"]


def test_a_document_whose_table_has_cells_run_together_and_a_notice_above_it(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("某县农业农村局关于下达农技推广补助绩效目标的通知")
    document.add_paragraph("各乡镇：现将补助资金绩效目标下达如下，请抓好落实。")
    table = document.add_table(rows=4, cols=1)
    lines = [
        "专项名称农技推广补助专项属性延续专项",
        "一级指标二级指标三级指标指标值",
        "产出指标数量指标培训农技人员≥80人",
        "效益指标社会效益指标新技术推广面积≥5000亩",
    ]
    for row, line in zip(table.rows, lines, strict=True):
        row.cells[0].text = line
    path = tmp_path / "农技.docx"
    document.save(path)

    [read] = read_path(path)
    assert read.project_name == "农技推广补助"
    assert [(i.level1, i.level2, i.name, i.value.raw) for i in read.indicators] == [
        ("产出指标", "数量指标", "培训农技人员", "≥80人"),
        ("效益指标", "社会效益指标", "新技术推广面积", "≥5000亩"),
    ]
