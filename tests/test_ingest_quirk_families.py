"""The quirk families of published pages, each on made-up sheets (several wordings per family).

None of these pages is a copy of a dev-set page: projects, units and wording are invented, so a rule
that passes here because it knows one real page cannot exist.
"""

from __future__ import annotations

import pytest

from assistant.ingest import IngestError, read_text
from tests.ingest_pages import one, rows

# --- page chrome before and after the sheet ----------------------------------------------------------

CHROME = """\
索引号：1130000/2024-00217    发布机构：某县民政局    发布日期：2024-03-05
关于下达2024年度社区养老服务补助资金绩效目标的通知
各乡镇人民政府：根据预算绩效管理有关要求，现将绩效目标予以下达，请认真组织实施，确保年度绩效目标如期实现。
附件：社区养老服务补助资金绩效目标表
社区养老服务补助资金绩效目标表
（2024年度）
项目名称\t社区养老服务补助
主管部门\t某县民政局\t实施单位\t某县养老服务中心
项目资金（万元）\t年度资金总额\t86
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t服务老人人数\t≥1200人
\t质量指标\t服务满意回访率\t≥95%
满意度指标\t服务对象满意度指标\t老年人满意度\t≥90%
填报人：王某    联系电话：0000-1234567
扫一扫在手机打开当前页
"""


def test_a_sheet_inside_a_disclosure_page_is_read_and_the_chrome_is_not():
    sheet = one(CHROME)
    assert (sheet.project_name, sheet.department, sheet.implementing_unit) == (
        "社区养老服务补助",
        "某县民政局",
        "某县养老服务中心",
    )
    assert (sheet.year, sheet.funds.total) == (2024, 860000.0)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "服务老人人数", "≥1200人"),
        ("产出指标", "质量指标", "服务满意回访率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%"),
    ]


# --- header labels of other templates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name_label", "department_cell", "unit_cell", "department", "unit"),
    [
        ("项目支出名称", "[317]某市图书馆", "【317002】某市少儿图书馆", "某市图书馆", "某市少儿图书馆"),
        ("专项名称", "317-某市文化局", "单位名称", "某市文化局", None),
        ("专项(项目)名称", "(317)某市文化局(部门)", "317_某市群艺馆", "某市文化局(部门)", "某市群艺馆"),
    ],
)
def test_header_labels_of_other_templates_and_codes_before_names(
    name_label, department_cell, unit_cell, department, unit
):
    unit_row = f"实施单位\t{unit_cell}" if unit_cell != "单位名称" else "实施单位\t"
    text = f"""\
{name_label}\t图书馆数字资源采购
主管部门及代码\t{department_cell}
{unit_row}
项目资金（万元）\t项目总预算\t40
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t采购数据库数量\t≥3个
"""
    sheet = one(text)
    assert sheet.project_name == "图书馆数字资源采购"
    assert (sheet.department, sheet.implementing_unit) == (department, unit)
    assert sheet.funds.total == 400000.0


def test_the_most_local_department_of_a_transfer_sheet_is_its_own():
    text = """\
专项名称
乡村道路养护补助
省级主管部门
某省交通运输厅
市级主管部门
某市交通运输局
县级主管部门
某县交通运输局
资金情况(万元)
年度金额
230
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
养护农村公路里程
≥180公里
"""
    sheet = one(text)
    assert sheet.department == "某县交通运输局"
    assert sheet.funds.total == 2300000.0


def test_a_funds_label_in_wan_yuan_wins_over_a_page_unit_line_in_yuan():
    text = """\
单位：元
项目名称\t农机购置补贴
资金情况（万元）\t年度资金总额\t12.5
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t补贴机具台数\t≥60台
"""
    assert one(text).funds.total == 125000.0


@pytest.mark.parametrize(
    ("funds", "total"),
    [
        ("本次下达中央预算内投资（万元）\t620", 6200000.0),
        ("项目金额\t75万元\t其中：当年财政资金\t60万元", 750000.0),
        ("项目资金 (元)\t实施期资金总额：\t300,000\t年度资金总额：\t", 300000.0),
    ],
)
def test_funds_blocks_of_other_templates(funds, total):
    text = f"项目名称\t水毁设施修复\n{funds}\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t修复处数\t≥12处\n"
    assert one(text).funds.total == total


# --- labels broken over lines, one cell per line -----------------------------------------------------


def test_labels_and_titles_broken_one_piece_per_line_are_joined():
    text = """\
项目名称
校园安全设施维护
一级
指标
二级指标
三级指标
指标值
产
出
指
标
数量指标
维护监控点位数
≥150个
效益
指标
社会效益指标
校园安全事故发生数
0起
服务对象
满意度
指标
家长满意度
≥90%
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "维护监控点位数", "≥150个"),
        ("效益指标", "社会效益指标", "校园安全事故发生数", "0起"),
        ("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%"),
    ]


@pytest.mark.parametrize("ending", [" |", ""])
def test_one_cell_per_line_double_spaced_or_ending_in_a_bar(ending):
    lines = ["项目名称", "河道保洁经费", "一级指标", "二级指标", "三级指标", "指标值"]
    lines += ["产出指标", "数量指标", "保洁河道长度", "≥45公里", "时效指标", "保洁完成时限", "2024年12月底前"]
    sep = "\n\n" if not ending else "\n"
    text = sep.join(line + ending for line in lines) + "\n"
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "保洁河道长度", "≥45公里"),
        ("产出指标", "时效指标", "保洁完成时限", "2024年12月底前"),
    ]


# --- extra columns ------------------------------------------------------------------------------------


def test_a_system_export_with_direction_unit_and_weight_columns_split_at_single_spaces():
    text = """\
项目名称 便民服务热线运行经费
主管部门 (205)某区政务服务中心(部门)
一级指标 二级指标 三级指标 指标性质 指标方向 目标值 计量单位 分值 备注
产出指标 数量指标 受理来电数量 正向 ≥ 30000 件 10
产出指标 质量指标 工单办结率 正向 ≥ 95 % 10
产出指标 时效指标 工单办结时限 反向 ≤ 5 个工作日 10
产出指标 时效指标 年度完成时间 正向 = 45,657 45,657 10
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "受理来电数量", "≥30000件"),
        ("产出指标", "质量指标", "工单办结率", "≥95%"),
        ("产出指标", "时效指标", "工单办结时限", "≤5个工作日"),
        ("产出指标", "时效指标", "年度完成时间", "=45,657 45,657"),
    ]
    first = sheet.indicators[0]
    assert (first.direction, first.unit, first.weight) == ("正向", "件", "10")
    # a date a spreadsheet exported as its day number is kept as written, with a notice
    assert any("Excel 日期序列号" in n and "2024-12-31" in n for n in sheet.notices)


def test_value_type_scoring_and_basis_columns_are_kept_on_the_indicator():
    text = """\
项目名称\t老旧小区改造
一级指标\t二级指标\t三级指标\t指标值\t指标值类型\t评(扣)分标准\t绩效标准
产出指标\t数量指标\t改造小区个数\t≥6个\t定量\t完成得10分，每少1个扣2分\t计划标准
效益指标\t社会效益指标\t居住环境\t明显改善\t定性\t达到得10分\t历史标准
"""
    first, second = one(text).indicators
    assert (first.value.raw, first.value_type, first.standard) == ("≥6个", "定量", "计划标准")
    assert first.scoring == "完成得10分，每少1个扣2分"
    assert (second.value.raw, second.value_type) == ("明显改善", "定性")


# --- weights glued to values --------------------------------------------------------------------------


def test_weights_run_into_values_are_split_where_the_total_of_the_weights_proves_it():
    text = """\
评价指标评价内容指标名称指标说明目标值分值备注
年度指标(定量)管理类指标档案管理规范性达到归档要求30
产出数量指标培训农户人数达到计划数60020
质量指标培训合格率达到目标值90%以上30
时效指标培训完成时间2024年10月底前20
总分
100
"""
    indicators = one(text).indicators
    assert [(i.name, i.value.raw, i.weight) for i in indicators] == [
        ("档案管理规范性", "", "30"),
        ("培训农户人数", "600", "20"),
        ("培训合格率", "90%以上", "30"),
        ("培训完成时间", "2024年10月底前", "20"),
    ]


# --- placeholders ---------------------------------------------------------------------------------------


def test_template_slots_are_dropped_and_system_placeholder_rows_kept_as_written():
    text = """\
项目名称\t体育场馆免费开放
一级指标\t二级指标\t三级指标\t指标值\t分值\t指标解释
成本指标\t经济成本指标\t0\t0.00%\t0\t反映项目的直接经济成本
产出指标\t数量指标\t指标1：开放天数\t≥300天\t10\t
\t\t指标2：\t\t\t
\t\t.....\t\t\t
"""
    assert rows(one(text)) == [
        ("成本指标", "经济成本指标", "0", "0.00%"),
        ("产出指标", "数量指标", "开放天数", "≥300天"),
    ]


# --- a page cut mid-table ----------------------------------------------------------------------------


def test_a_page_cut_inside_a_row_reads_what_is_there_and_says_so():
    text = "项目名称\t公共厕所保洁\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t保洁公厕座数\t≥40座\n\t质量指标\t保洁质量达"
    sheet = one(text)
    assert rows(sheet)[0] == ("产出指标", "数量指标", "保洁公厕座数", "≥40座")
    assert rows(sheet)[1][2] == "保洁质量达"
    assert any("未识别出指标值" in n for n in sheet.notices)


# --- cells run together ----------------------------------------------------------------------------


def test_rows_run_together_are_split_at_labels_targets_descriptions_and_tags():
    text = """\
项目名称某镇垃圾分类补助项目属性延续项目
部门名称某镇人民政府资金总额
(万元)
48
一级指标二级指标三级指标指标内容指标值绩效标准
产出指标数量指标覆盖行政村数开展垃圾分类的行政村个数18个计划标准
质量指标分类准确率抽查分类正确的比例≥85%历史标准
时效指标补助发放及时率按季度及时发放补助100%计划标准
"""
    sheet = one(text)
    assert (sheet.project_name, sheet.department, sheet.funds.total) == (
        "某镇垃圾分类补助",
        "某镇人民政府",
        480000.0,
    )
    assert rows(sheet) == [
        ("产出指标", "数量指标", "覆盖行政村数", "18个"),
        ("产出指标", "质量指标", "分类准确率", "≥85%"),
        ("产出指标", "时效指标", "补助发放及时率", "100%"),
    ]
    assert [i.description for i in sheet.indicators] == [
        "开展垃圾分类的行政村个数",
        "抽查分类正确的比例",
        "按季度及时发放补助",
    ]
    assert [i.standard for i in sheet.indicators] == ["计划标准", "历史标准", "计划标准"]


def test_a_system_export_run_together_with_its_type_tags_at_the_line_end():
    text = """\
2024年项目支出绩效目标表
部门:108_某县卫生健康局金额单位:万元
一级指标二级指标三级指标指标值指标值内容评(扣分标准) 度量单位指标值类型备注
产出指标数量指标免费体检人数3000人反映免费体检覆盖人数完成得10分-定量
质量指标体检报告合格率95%以上体检报告质量完成得10分-定量
社会成本指标



-定性
效益指标社会效益指标群众健康意识有所提升群众健康意识变化较好得10分-定性
"""
    sheet = one(text)
    assert sheet.department == "某县卫生健康局"
    assert rows(sheet) == [
        ("产出指标", "数量指标", "免费体检人数", "3000人"),
        ("产出指标", "质量指标", "体检报告合格率", "95%以上"),
        ("效益指标", "社会效益指标", "群众健康意识", "有所提升"),
    ]
    assert [i.value_type for i in sheet.indicators] == ["定量", "定量", "定性"]


def test_a_whole_table_run_together_on_one_line_is_read_row_by_row():
    text = (
        "项目名称社区图书室运行保障项目类别本级支出项目绩效指标一级指标二级指标绩效标准当年预期实现值"
        "数量指标图书借阅人次反映图书室借阅情况3600人次新增藏书册数反映藏书更新情况500册"
        "质量指标读者满意率反映读者对服务的评价≥90%"
    )
    sheet = one(text)
    assert sheet.project_name == "社区图书室运行保障"
    assert rows(sheet) == [
        ("产出指标", "数量指标", "图书借阅人次", "3600人次"),
        ("产出指标", "数量指标", "新增藏书册数", "500册"),
        ("产出指标", "质量指标", "读者满意率", "≥90%"),
    ]


def test_a_whole_sheet_flattened_on_one_line_at_its_spaces():
    text = (
        "某县预算部门项目支出绩效目标申报表 (2024年度) 项目名称 农田水利设施管护 主管部门及代码 512-某县水利局 "
        "实施单位 项目属性 经常性项目 项目资金 (元) 实施期资金总额: 800,000 年度资金总额: 项目概况 "
        "主要用于渠道清淤、泵站维护和管护人员补助 一级指标 二级指标 数量指标 产出指标 绩 效 指 标 质量指标 三级指标 指标值 "
        "渠道清淤长度 12公里 维护泵站座数 9座 泵站完好率 95% 时效指标 汛前完成时间 2024年5月底前"
    )
    sheet = one(text)
    assert (sheet.project_name, sheet.department, sheet.implementing_unit) == (
        "农田水利设施管护",
        "某县水利局",
        None,
    )
    assert sheet.funds.total == 800000.0
    assert rows(sheet) == [
        ("产出指标", "数量指标", "渠道清淤长度", "12公里"),
        ("产出指标", "数量指标", "维护泵站座数", "9座"),
        ("产出指标", "质量指标", "泵站完好率", "95%"),
        ("产出指标", "时效指标", "汛前完成时间", "2024年5月底前"),
    ]


# --- prose, old frameworks, other frameworks -----------------------------------------------------------


def test_targets_written_as_prose():
    text = """\
关于某县2025年农村电商培训项目绩效目标设定的报告
发布机构：某县商务局
安排某县2025年农村电商培训资金18万元。现将具体绩效目标设定如下：
一、产出指标
(一)数量指标
培训电商从业人员≧200人;
(二)时效指标
完成时限,2025年9月底前;
二、效益指标
(一)经济效益指标
带动农产品网络销售,增加;
三、满意度指标
参训人员满意度≥90%。
"""
    sheet = one(text)
    assert sheet.department == "某县商务局"
    assert sheet.funds.total == 180000.0
    assert rows(sheet) == [
        ("产出指标", "数量指标", "培训电商从业人员", "≧200人"),
        ("产出指标", "时效指标", "完成时限", "2025年9月底前"),
        ("效益指标", "经济效益指标", "带动农产品网络销售", "增加"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%"),
    ]


def test_the_old_framework_table_reads_the_evaluation_indicator_and_its_standard():
    text = (
        "项目名称: 市场监管执法装备购置 单位:万元 资金总额 420 "
        "绩效目标名称 目标值 评价指标 标准值 目标值制订说明 一、投入目标 "
        "1.预算资金 420万元 预算执行率 ≥95% 财政管理要求 2.资金到位 420万元 资金到位率 =100% 财政管理要求 "
        "二、管理目标 3.采购管理 依法采购 政府采购规范性 规范 财政管理要求 "
        "三、产出目标 1.数量目标 1-1 执法车辆 8辆 车辆购置完成率 100% 按采购计划"
    )
    assert rows(one(text)) == [
        ("投入目标", "", "预算执行率", "≥95%"),
        ("投入目标", "", "资金到位率", "=100%"),
        ("管理目标", "", "政府采购规范性", "规范"),
        ("产出指标", "数量指标", "车辆购置完成率", "100%"),
    ]


def test_another_frameworks_labels_are_kept_as_written():
    text = """\
专项名称
某镇农村供水管网改造
下达地方或单位
某县发展改革委
一级指标
二级指标
三级指标
指标值
实施效果指标
产出指标
新增供水管网长度
≥15公里
满意度指标
受益群众满意度
≥90%
过程管理指标
资金管理指标
中央预算内投资支付率
≥90%
"""
    sheet = one(text)
    assert sheet.department == "某县发展改革委"
    assert rows(sheet) == [
        ("实施效果指标", "产出指标", "新增供水管网长度", "≥15公里"),
        ("实施效果指标", "满意度指标", "受益群众满意度", "≥90%"),
        ("过程管理指标", "资金管理指标", "中央预算内投资支付率", "≥90%"),
    ]


def test_a_level2_label_the_taxonomy_does_not_know_is_kept_as_written():
    text = "评价指标评价内容指标名称指标说明目标值分值\n年度绩效目标(定量指标)管理指标档案管理规范性档案完整率100%100\n"
    [indicator] = one(text).indicators
    assert (indicator.level1, indicator.level2, indicator.name) == ("", "管理指标", "档案管理规范性")


# --- group labels out of place, duplicated column sets --------------------------------------------------


def test_a_level1_label_printed_on_a_later_row_of_its_group():
    text = """\
项目名称 | 干部网络培训 | |
一级指标 | 二级指标 | 三级指标 | 指标值 |
数量指标 | 网络培训学时 | 50学时 |
参训人数 | 320人次 |
产出指标 | 开设专题数 | 12个 |
质量指标 | 学时达标率 | 100% |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "网络培训学时", "50学时"),
        ("产出指标", "数量指标", "参训人数", "320人次"),
        ("产出指标", "数量指标", "开设专题数", "12个"),
        ("产出指标", "质量指标", "学时达标率", "100%"),
    ]


def test_labels_listed_before_the_rows_they_span_are_taken_in_order():
    text = (
        "项目名称 古树名木保护 一级指标 二级指标 数量指标 产出指标 质量指标 三级指标 指标值 "
        "挂牌保护古树 120株 巡查养护次数 24次 古树成活率 100% 时效指标 养护完成时间 2024年11月底前"
    )
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "挂牌保护古树", "120株"),
        ("产出指标", "数量指标", "巡查养护次数", "24次"),
        ("产出指标", "质量指标", "古树成活率", "100%"),
        ("产出指标", "时效指标", "养护完成时间", "2024年11月底前"),
    ]


def test_a_duplicated_column_set_only_repeating_the_labels_adds_nothing():
    text = """\
项目名称 | 路灯维护 |
一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 维护路灯盏数 | ≥2000盏 | 数量指标 | | |
成本指标 | 维护总成本 | ≤60万元 | 成本指标 | | |
效益指标 | 社会效益指标 | 夜间亮灯率 | ≥98% | 社会效益指标 | | |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "维护路灯盏数", "≥2000盏"),
        ("产出指标", "成本指标", "维护总成本", "≤60万元"),
        ("效益指标", "社会效益指标", "夜间亮灯率", "≥98%"),
    ]


# --- several projects on one page -----------------------------------------------------------------------


def test_a_page_with_several_projects_gives_one_sheet_per_project():
    form = "项目名称 | {name} |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | {row} | {value} |\n"
    text = (
        "公开说明\n"
        + form.format(name="校舍维修", row="维修面积", value="≥800平方米")
        + form.format(name="课桌椅更新", row="更新套数", value="≥300套")
    )
    sheets = read_text(text, "页面.txt")
    assert [s.project_name for s in sheets] == ["校舍维修", "课桌椅更新"]
    assert [len(s.indicators) for s in sheets] == [1, 1]


# --- signature words and titles stand as labels only ------------------------------------------------------

FOOTER_NAMES = """\
项目名称\t政务服务热线
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t联系电话接通率\t≥95%
\t\t审核人员培训次数\t≥4次
\t\t填报人员操作培训覆盖率\t100%
\t\t联系人信息更新及时率\t100%
\t质量指标\t单位负责人接待日次数\t≥12次
\t\t水质达标率\t达到省级标准值
填报人：李某\t联系电话：0000-7654321
\t\t签字后补录\t10
"""


def test_an_indicator_whose_name_starts_with_a_signature_word_does_not_end_the_table():
    sheet = one(FOOTER_NAMES)
    assert [i.name for i in sheet.indicators] == [
        "联系电话接通率",
        "审核人员培训次数",
        "填报人员操作培训覆盖率",
        "联系人信息更新及时率",
        "单位负责人接待日次数",
        "水质达标率",
    ]
    # a value holding 标准值 is a value, not a column title
    assert sheet.indicators[-1].value.raw == "达到省级标准值"


@pytest.mark.parametrize(
    "footer", ["填报人：张某", "联系人\t赵某", "审核人 孙某", "单位负责人：", "联系电话：0000-1"]
)
def test_a_signature_word_standing_as_a_label_ends_the_table(footer):
    text = f"项目名称\t测试项目\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t办件数量\t≥10件\n{footer}\n\t\t其后文字\t5件\n"
    assert [i.name for i in one(text).indicators] == ["办件数量"]


# --- partial reads --------------------------------------------------------------------------------------


def test_a_partial_read_keeps_the_rows_it_understood_and_says_what_it_did_not():
    text = """\
项目名称\t河长制工作经费
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t巡河次数\t≥48次
\t\t河道整治长度
\t\t@@##&&\t%%%%
\t时效指标\t问题整改时限\t≤15天
"""
    sheet = one(text)
    assert [i.name for i in sheet.indicators][:2] == ["巡河次数", "河道整治长度"]
    assert ("产出指标", "时效指标", "问题整改时限", "≤15天") in rows(sheet)
    assert any("河道整治长度" in n and "未识别出指标值" in n for n in sheet.notices)


@pytest.mark.parametrize(
    "text",
    [
        "会议通知\n定于下周一召开年度工作会议，请各科室负责人参加。\n",
        "项目名称\t某项目\n主管部门\t某局\n（表中没有指标）\n",
        "产出 效益 满意度\n",
    ],
)
def test_a_text_without_an_indicator_table_is_refused(text):
    with pytest.raises(IngestError) as refused:
        read_text(text, "文本.txt")
    assert "没有找到绩效指标表" in refused.value.reason


# --- the same families in other wordings -------------------------------------------------------------


def test_a_run_together_page_with_stray_spaces_around_its_numbers():
    text = (
        "某区环卫保洁项目 项目名称环卫保洁作业主管部门某区城管局 实施单位某区环卫所资金总额: 560 (万元)"
        "项目绩效目标保持城区道路整洁。指标 指标内容 指标值产出指标 清扫道路面积 320 万平方米垃圾清运量 4.5 "
        "万吨作业车辆 36 辆保洁覆盖率 100%效益指标 群众满意度 ≥ 90%"
    )
    sheet = one(text)
    assert (sheet.project_name, sheet.department, sheet.implementing_unit) == (
        "环卫保洁作业",
        "某区城管局",
        "某区环卫所",
    )
    assert sheet.funds.total == 5600000.0
    assert rows(sheet) == [
        ("产出指标", "", "清扫道路面积", "320 万平方米"),
        ("产出指标", "", "垃圾清运量", "4.5 万吨"),
        ("产出指标", "", "作业车辆", "36 辆"),
        ("产出指标", "", "保洁覆盖率", "100%"),
        ("效益指标", "", "群众满意度", "≥ 90%"),
    ]


def test_a_second_header_row_of_value_sub_columns_is_not_an_indicator():
    text = """\
项目名称 | 学生资助 | | |
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 |
上年实际 | 本年目标 | | | |
数量指标 | 资助学生人数 | 850人 | |
质量指标 | 资助对象精准率 | 100% | |
产出指标 | 资金发放准确率 | 100% | |
财务科（盖章） 年 月 日 | 单位负责人（签字） | |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "资助学生人数", "850人"),
        ("产出指标", "质量指标", "资助对象精准率", "100%"),
        ("产出指标", "质量指标", "资金发放准确率", "100%"),
    ]


def test_an_unfilled_template_keeps_its_unit_only_values_and_slot_numbers_out_of_the_names():
    lines = [
        "项目名称",
        "农村污水治理",
        "区级主管部门",
        "某区生态环境局",
        "资金情况(万元)",
        "资金总额",
        "300",
    ]
    lines += [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "产出指标",
        "数量指标",
        "指标1:新建污水管网长度",
        "公里",
    ]
    lines += ["指标2:新建处理站数量", "座", "质量指标", "指标1:出水达标率", "≧ %"]
    sheet = one("\n\n".join(lines) + "\n")
    assert (sheet.department, sheet.funds.total) == ("某区生态环境局", 3000000.0)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "新建污水管网长度", "公里"),
        ("产出指标", "数量指标", "新建处理站数量", "座"),
        ("产出指标", "质量指标", "出水达标率", "≧ %"),
    ]


def test_an_html_table_saved_from_a_page_is_read_cell_by_cell():
    text = """<html><body><h3>某区2024年项目支出绩效目标表</h3>
<table><tr><td>项目名称</td><td colspan="3">社区矫正教育帮扶</td></tr>
<tr><td>主管部门</td><td>某区司法局</td><td>实施单位</td><td>某区社区矫正中心</td></tr>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>开展集中教育<br/>次数</td><td>&ge;12次</td></tr>
<tr><td>质量指标</td><td>教育覆盖率</td><td>100%</td></tr>
</table></body></html>"""
    sheet = one(text)
    assert (sheet.project_name, sheet.department, sheet.year) == ("社区矫正教育帮扶", "某区司法局", 2024)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "开展集中教育 次数", "≥12次"),
        ("产出指标", "质量指标", "教育覆盖率", "100%"),
    ]


def test_a_form_without_indicator_rows_in_a_file_with_others_is_reported_not_lost():
    text = (
        "项目名称 | 道路保洁 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 保洁面积 | ≥30万平方米 |\n"
        "项目名称 | 公厕改造 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
    )
    [sheet] = read_text(text, "页面.txt")
    assert sheet.project_name == "道路保洁"
    assert any("「公厕改造」" in n and "未读入" in n for n in sheet.notices)
