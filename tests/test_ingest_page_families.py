"""More quirk families of published pages (those the second dev set showed), each on made-up sheets.

As in test_ingest_quirk_families: every page here is invented — projects, units, wording — so a rule
that passes because it knows one real page cannot exist. Each test names the family it pins down.
"""

from __future__ import annotations

import pytest

from assistant.ingest import read_text
from tests.ingest_pages import one, rows

# --- a cell dump whose cells are separated by lines holding only a bar ------------------------------


def _bar_dump(cells: list[str]) -> str:
    """Cells one per line, each followed by a line holding only a bar; "" is an empty cell."""
    return "".join(f"{cell}\n|\n" if cell else "|\n" for cell in cells)


def test_lines_holding_only_a_bar_separate_the_cells_of_a_dump():
    header = ["项目名称", "社区健身器材更新", "主管部门", "", "实施单位", "某街道办事处", "项目资金(万元)"]
    funds = ["年度资金总额", "36 万元", "一级指标", "二级指标", "三级指标", "指标值"]
    table = ["产出指标", "数量指标", "更新器材套数", "≥40套", "质量指标", "器材验收合格率", "100%"]
    text = _bar_dump([*header, *funds, *table])
    sheet = one(text)
    assert (sheet.project_name, sheet.department, sheet.implementing_unit) == (
        "社区健身器材更新",
        None,
        "某街道办事处",
    )
    assert sheet.funds.total == 360000.0
    assert rows(sheet) == [
        ("产出指标", "数量指标", "更新器材套数", "≥40套"),
        ("产出指标", "质量指标", "器材验收合格率", "100%"),
    ]


def test_a_bar_dump_after_a_long_letter_and_a_menu_with_bars_is_still_a_bar_dump():
    letter = "".join(f"{k}. 请各单位按照项目管理办法做好资金使用和绩效监控工作。\n" for k in range(1, 30))
    menu = "首页 | 政务公开 | 财政资金\n" * 3
    cells = ["项目名称", "城区路灯维护", "一级指标", "二级指标", "三级指标", "指标值"]
    cells += ["产出指标", "数量指标", "维护路灯盏数", "≥3000盏", "", "质量指标", "亮灯率", "≥98%"]
    sheet = one(menu + letter + _bar_dump(cells))
    assert rows(sheet) == [
        ("产出指标", "数量指标", "维护路灯盏数", "≥3000盏"),
        ("产出指标", "质量指标", "亮灯率", "≥98%"),
    ]


def test_cells_that_end_in_their_own_bar_are_not_taken_for_a_bar_dump():
    lines = ["项目名称", "河道清淤", "一级指标", "二级指标", "三级指标", "指标值"]
    lines += ["产出指标", "数量指标", "清淤河道长度", "≥12公里", "时效指标", "完成时限", "2025年6月底前"]
    text = "\n".join(f"{line} |" for line in lines) + "\n|\n|\n"
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "清淤河道长度", "≥12公里"),
        ("产出指标", "时效指标", "完成时限", "2025年6月底前"),
    ]


# --- a repeated column set (中期 | 年度, 长期 | 年度) printed one cell per line -------------------------


def test_the_second_column_set_of_a_row_printed_one_cell_per_line_is_not_a_second_indicator():
    lines = ["项目名称", "乡村医生培训", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标"]
    lines += ["指标值", "产出指标", "数量指标", "培训乡村医生人数", "≥150人", "数量指标", "培训乡村医生人数"]
    lines += ["≥150人", "", "质量指标", "培训考核合格率", "≥95%", "质量指标", "培训考核合格率", "≥98%", ""]
    sheet = one("\n".join(lines) + "\n")
    assert rows(sheet) == [
        ("产出指标", "数量指标", "培训乡村医生人数", "≥150人"),
        ("产出指标", "质量指标", "培训考核合格率", "≥95%"),
    ]
    # the second set's own target is kept on the indicator, and said
    assert sheet.indicators[1].other_values == {"指标值": "≥98%"}
    assert any("第二组列" in n and "≥98%" in n for n in sheet.notices)


def test_a_long_term_and_an_annual_column_set_read_the_annual_target():
    text = """\
项目名称 | 档案数字化 | | | | | |
一级指标 | 二级指标(长期) | 三级指标(长期) | 指标值(长期) | 二级指标(年度) | 三级指标(年度) | 指标值(年度) |
产出指标 | 数量指标 | 数字化档案卷数 | ≥30000卷 | 数量指标 | 数字化档案卷数 | ≥8000卷 |
"""
    [indicator] = one(text).indicators
    assert (indicator.level2, indicator.name, indicator.value.raw) == (
        "数量指标",
        "数字化档案卷数",
        "≥8000卷",
    )
    assert indicator.other_values == {"指标值(长期)": "≥30000卷"}


# --- a comparator printed in a tag column ---------------------------------------------------------------


def test_a_comparator_in_the_value_type_or_property_column_is_the_targets_sign():
    text = """\
项目名称 | 食堂设备购置 | | | | |
一级指标 | 二级指标 | 三级指标 | 指标值类型 | 目标值 | 度量单位 |
产出指标 | 数量指标 | 购置设备台数 | ≥ | 12 | 台 |
质量指标 | 设备验收合格率 | = | 100 | % |
效益指标 | 社会效益指标 | 用餐环境 | 定性 | 改善 | |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "购置设备台数", "≥12台"),
        ("产出指标", "质量指标", "设备验收合格率", "=100%"),
        ("效益指标", "社会效益指标", "用餐环境", "改善"),
    ]
    assert sheet.indicators[2].value_type == "定性"


def test_a_unit_column_before_the_property_and_value_columns():
    text = """\
项目名称 | 林下道路修缮 | | | | |
一级指标 | 二级指标 | 三级指标 | 计量单位 | 指标性质 | 指标值 |
产出指标 | 数量指标 | 修缮道路长度 | 公里 | ≥ | 4.5 |
质量指标 | 工程验收合格率 | % | = | 100 |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "修缮道路长度", "≥4.5公里"),
        ("产出指标", "质量指标", "工程验收合格率", "=100%"),
    ]


# --- label lines do not make a table "one cell per line" --------------------------------------------------


def test_rows_with_their_cells_on_one_line_among_lines_of_lone_category_labels():
    # a page cut inside a name: the lone labels and the cut name do not make the table one cell per line
    text = """\
项目名称 村级便民服务站改造 项目分类 房屋修缮
年度绩效目标 一级指标 二级指标 三级指标 指标值 分值 指标解释
成本指标(0-20)分 经济成本指标 改造工程成本 ≤48万元 10
社会成本指标

生态环境成本指标

产出指标(40-50)分
数量指标
改造服务站个
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("成本指标", "经济成本指标", "改造工程成本", "≤48万元"),
        ("产出指标", "数量指标", "改造服务站个", ""),
    ]
    assert sheet.indicators[0].weight == "10"


# --- unit labels above the form's first row, and the budget unit as the implementing unit -----------------


def test_a_unit_label_printed_above_the_project_name_row_is_read():
    text = """\
项目绩效目标表
申报单位
某县农业技术推广站
项目(专项)名称
蔬菜病虫害绿色防控
具体实施单位
某县植保植检站
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
绿色防控示范面积
≥2000亩
"""
    sheet = one(text)
    assert (sheet.department, sheet.implementing_unit) == ("某县农业技术推广站", "某县植保植检站")


def test_the_budget_unit_of_a_form_whose_department_has_its_own_label_implements_it():
    text = """\
项目名称 | 非遗展演 |
实施部门 | 某市文化和旅游局 |
预算单位 | 某市群众艺术馆 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 展演场次 | ≥8场 |
"""
    sheet = one(text)
    assert (sheet.department, sheet.implementing_unit) == ("某市文化和旅游局", "某市群众艺术馆")


def test_the_most_local_of_several_level_departments_with_a_district_county_label():
    text = """\
资金名称 | 农机购置补贴 |
省级主管部门 | 某省农业农村厅 |
区县主管部门 | 某县农业农村委员会 |
资金情况 | 年度金额(万元): | 120 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 补贴机具台数 | ≥300台 |
"""
    sheet = one(text)
    assert (sheet.department, sheet.funds.total) == ("某县农业农村委员会", 1200000.0)


# --- columns beside the target: actuals, scores, half-year targets; result blocks after the table -------


def test_a_self_evaluation_table_reads_the_annual_target_not_the_actual_or_the_score():
    text = """\
项目名称 | 农家书屋更新 | | | | | |
一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因及拟采取的改进措施 |
产出指标 | 数量指标 | 更新图书册数 | 20 | >=6000册 | 6120册 | 20 | |
质量指标 | 图书验收合格率 | 20 | 100% | 98% | 18 | 个别批次退换 |
评价结论 | 完成年度目标 | | | | | |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "更新图书册数", ">=6000册"),
        ("产出指标", "质量指标", "图书验收合格率", "100%"),
    ]
    second = sheet.indicators[1]
    assert (second.weight, second.other_values["全年实际值"], second.other_values["得分"]) == (
        "20",
        "98%",
        "18",
    )


def test_a_result_disclosure_reads_the_set_target_and_stops_at_the_score_block():
    text = """\
关于“2024年化学实验室安全改造项目”预算绩效评价结果的公示
一级指标 | 二级指标 | 三级指标 | 预算设定指标值 | 项目完成指标值 |
产出指标 | 数量指标 | 改造通风橱 | 12台 | 12台 |
时效指标 | 改造完成时间 | 2024年8月底 | 2024年9月底 |
预算绩效评价结果 | 考核节点进度完成率 | 10分 | 预算编制准确度 | 8分 |
公示期:自即日起5天。
"""
    sheet = one(text)
    assert sheet.project_name == "2024年化学实验室安全改造项目"
    assert rows(sheet) == [
        ("产出指标", "数量指标", "改造通风橱", "12台"),
        ("产出指标", "时效指标", "改造完成时间", "2024年8月底"),
    ]
    assert sheet.indicators[1].other_values == {"项目完成指标值": "2024年9月底"}


def test_a_row_holding_only_the_score_of_an_empty_category_is_not_an_indicator():
    text = """\
项目名称 水产苗种补贴
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 补贴苗种尾数 ≥50万尾 52万尾 20 20
效益指标 生态效益指标   0
"""
    sheet = one(text)
    assert rows(sheet) == [("产出指标", "数量指标", "补贴苗种尾数", "≥50万尾")]
    assert any("只有数字" in n for n in sheet.notices)


# --- a category label split around the row it spans ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "level2"),
    [
        ("社会公众", "或服务对象满意度指标", "服务对象满意度指标"),
        ("社会效益", "指标", "社会效益指标"),
    ],
)
def test_a_label_centred_over_its_row_and_split_around_its_cells_is_joined(before, after, level2):
    lines = ["项目名称", "科普活动周", "一级指标", "二级指标", "指标内容", "指标值"]
    lines += ["产出指标", "数量指标", "科普活动场次", "≥20场", before, "参与群众人次", "≥3000人次"]
    lines += [after]
    sheet = one("\n\n".join(lines) + "\n")
    assert rows(sheet)[0] == ("产出指标", "数量指标", "科普活动场次", "≥20场")
    assert rows(sheet)[1][1:] == (level2, "参与群众人次", "≥3000人次")


# --- the evaluation framework (决策/过程), and names made of a label word -----------------------------


def test_an_evaluation_framework_table_keeps_its_levels_as_written():
    lines = ["项目名称", "社区图书馆运行经费", "一级指标", "二级指标", "三级指标", "半年(程) 指标值"]
    lines += ["全年(程) 指标值", "决策", "项目立项", "立项程序规范性", "规范", "规范", "绩效目标"]
    lines += ["绩效目标合理性", "合理", "合理", "过程", "资金管理", "资金使用合规性", "合规", "合规"]
    sheet = one("\n\n".join(lines) + "\n")
    assert rows(sheet) == [
        ("决策", "项目立项", "立项程序规范性", "规范"),
        ("决策", "绩效目标", "绩效目标合理性", "合理"),
        ("过程", "资金管理", "资金使用合规性", "合规"),
    ]
    assert sheet.indicators[0].other_values == {"半年(程)指标值": "规范"}


def test_the_evaluation_frameworks_level2_words_are_plain_words_elsewhere():
    # no 决策/过程 on the page: 项目立项 and 绩效目标 are a name and a field, not labels
    text = """\
项目名称 | 产业园配套道路 |
绩效目标 | 年内完成道路硬化3公里 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 项目立项 | 1项 |
质量指标 | 道路验收合格率 | 100% |
"""
    sheet = one(text)
    assert sheet.annual_goal == "年内完成道路硬化3公里"
    assert rows(sheet) == [
        ("产出指标", "数量指标", "项目立项", "1项"),
        ("产出指标", "质量指标", "道路验收合格率", "100%"),
    ]


def test_a_name_made_of_a_label_word_and_a_property_is_not_split():
    text = "项目名称 | 质量抽检 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 质量指标 | 质量指标达标率 | ≥95% |\n"
    assert rows(one(text)) == [("产出指标", "质量指标", "质量指标达标率", "≥95%")]


def test_several_sheets_on_a_page_each_read_their_own_labels():
    # the framework words of one form do not leak into an ordinary form read after it
    first = "项目名称\n\n阅览室运行\n\n一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n决策\n\n项目立项\n\n立项依据充分性\n\n充分\n"
    second = "项目名称 | 街巷保洁 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 项目立项 | 1项 |\n"
    [sheet] = read_text(second, "页面.txt")
    assert rows(sheet) == [("产出指标", "数量指标", "项目立项", "1项")]
    assert rows(one(first)) == [("决策", "项目立项", "立项依据充分性", "充分")]


# --- self-evaluation columns no list names, read by what their titles say ------------------------------


def test_self_evaluation_titles_outside_the_lists_are_read_by_what_they_say():
    text = """\
项目名称 | 老年助餐补贴 | | | | | |
一级指标 | 二级指标 | 三级指标 | 年初目标值 | 全年实际完成 | 分值 | 自评分 | 偏差原因 |
产出指标 | 数量指标 | 补贴助餐点个数 | ≥15个 | 16个 | 20 | 20 | |
时效指标 | 补贴发放及时率 | 100% | 100% | 10 | 10 | |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "补贴助餐点个数", "≥15个"),
        ("产出指标", "时效指标", "补贴发放及时率", "100%"),
    ]
    second = sheet.indicators[1]
    assert (second.weight, second.other_values) == ("10", {"全年实际完成": "100%", "自评分": "10"})


def test_a_name_that_only_looks_like_a_column_title_stays_a_name():
    text = """\
项目名称 | 老年助餐补贴 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 实际完成率 | ≥95% |
质量指标 | 完成情况抽查合格率 | 100% |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "实际完成率", "≥95%"),
        ("产出指标", "质量指标", "完成情况抽查合格率", "100%"),
    ]


# --- blocks after the table: an evaluation's score and grade, the site's footer ---------------------------


def test_an_evaluation_score_and_grade_line_after_the_table_is_not_an_indicator():
    text = """\
项目名称 | 城市绿道养护 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 养护绿道长度 | ≥12公里 |
质量指标 | 养护验收合格率 | 100% |
综合评价得分 | 92分 | 评价等级 | 优 |
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "养护绿道长度", "≥12公里"),
        ("产出指标", "质量指标", "养护验收合格率", "100%"),
    ]


def test_the_footer_of_a_disclosure_page_after_the_table_is_not_read_as_rows():
    text = """\
当前位置：首页>>信息公开>>财政资金
项目名称\t社区污水管网改造
主管部门\t某县住房和城乡建设局
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t改造管网长度\t≥8公里
\t质量指标\t工程验收合格率\t100%
上一篇：关于某某工作的通知
下一篇：无
主办单位：某县人民政府办公室  网站标识码：1234567890
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "改造管网长度", "≥8公里"),
        ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ]
    assert sheet.department == "某县住房和城乡建设局"


# --- a target list written as prose with numbered items --------------------------------------------------


def test_numbered_items_of_a_prose_target_list_are_read_without_their_numbers():
    text = """\
关于下达某县农村供水保障项目绩效目标的通知
一、产出指标
(一)数量指标
1.新建供水站：3座
2.改造管网：≥25公里
(二)质量指标
1.水质达标率：≥95%
二、满意度指标
(一)服务对象满意度指标
1.受益群众满意度：≥90%
"""
    assert rows(one(text)) == [
        ("产出指标", "数量指标", "新建供水站", "3座"),
        ("产出指标", "数量指标", "改造管网", "≥25公里"),
        ("产出指标", "质量指标", "水质达标率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
    ]


# --- an investment-plan table whose 二级 drop their "指标" -------------------------------------------------


def test_process_management_level2_written_without_their_suffix_are_labels():
    text = """\
中央预算内投资计划绩效目标表
项目名称 | 某县中学改扩建工程 |
主管部门 | 某县教育局 |
本次下达中央预算内投资 | 1200万元 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
实施效果指标 | 产出指标 | 新建校舍面积 | ≥6000平方米 |
过程管理指标 | 计划管理 | 开工率 | 100% |
| 资金管理 | 资金支付率 | ≥90% |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("实施效果指标", "产出指标", "新建校舍面积", "≥6000平方米"),
        ("过程管理指标", "计划管理", "开工率", "100%"),
        ("过程管理指标", "资金管理", "资金支付率", "≥90%"),
    ]
    # the amount says its own unit: no "按元处理" notice
    assert sheet.funds.total == 12000000.0
    assert not any("未注明金额单位" in n for n in sheet.notices)


def test_the_short_process_names_are_plain_words_on_a_page_without_that_framework():
    text = """\
项目名称 | 档案库房管理 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 计划管理 | 12次 |
"""
    assert rows(one(text)) == [("产出指标", "数量指标", "计划管理", "12次")]


# --- a unit's kind tag printed after its name in a system export -----------------------------------------


def test_a_kind_tag_after_a_units_name_is_not_part_of_the_name():
    text = """\
项目名称 | 农贸市场改造 |
主管部门 | (512)某市商务局(部门) |
实施单位 | 某市市场服务中心(单位) |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 改造市场个数 | 3个 |
"""
    sheet = one(text)
    assert (sheet.department, sheet.implementing_unit) == ("某市商务局", "某市市场服务中心")


# --- column order variants ---------------------------------------------------------------------------


def test_a_target_column_printed_before_the_name_column_is_the_target():
    text = """\
项目名称 | 农村公路养护 |
一级指标 | 二级指标 | 指标值 | 三级指标 |
产出指标 | 数量指标 | ≥120公里 | 养护公路里程 |
质量指标 | ≥90% | 路况优良率 |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "养护公路里程", "≥120公里"),
        ("产出指标", "质量指标", "路况优良率", "≥90%"),
    ]
    assert any("位置颠倒" in n for n in sheet.notices)


def test_a_value_type_in_the_direction_column_is_the_value_type_not_a_sign():
    text = """\
项目名称 | 农村公路养护 |
一级指标 | 二级指标 | 三级指标 | 指标方向 | 计量单位 | 目标值 | 分值 |
产出指标 | 数量指标 | 养护公路里程 | ≥ | 公里 | 120 | 20 |
效益指标 | 社会效益指标 | 群众出行条件 | 定性 | | 改善 | 10 |
"""
    sheet = one(text)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "养护公路里程", "≥120公里"),
        ("效益指标", "社会效益指标", "群众出行条件", "改善"),
    ]
    assert (sheet.indicators[1].value_type, sheet.indicators[1].other_values) == ("定性", {})


# --- 主管部门 labels of every level, in wordings the level list does not hold -------------------------------


def test_the_most_local_department_wins_whatever_the_level_labels_say():
    text = """\
专项名称 | 农业生产发展资金 |
中央主管部门 | 农业农村部 |
省级主管部门 | 某省农业农村厅 |
市县主管部门 | 某县农业农村局 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 高标准农田建设面积 | ≥1.2万亩 |
"""
    assert one(text).department == "某县农业农村局"


def test_a_central_department_alone_is_the_department():
    text = """\
专项名称 | 某类转移支付 |
中央主管部门 | 某部 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 支持项目个数 | ≥10个 |
"""
    assert one(text).department == "某部"


def test_the_actual_of_a_self_evaluation_table_is_not_taken_for_last_years_value():
    text = """\
项目名称 | 老年助餐补贴 | | | | |
一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 |
产出指标 | 数量指标 | 补贴助餐点个数 | 20 | ≥15个 | 16个 | 20 |
"""
    [indicator] = one(text).indicators
    assert indicator.other_values == {"实际完成值": "16个", "得分": "20"}


# --- a name broken over two lines in a one-cell-per-line dump ---------------------------------------------


def test_a_name_broken_over_two_lines_of_a_cell_dump_is_joined_and_keeps_its_target():
    lines = ["项目名称", "校园安全设施", "一级指标", "二级指标", "三级指标", "指标值"]
    lines += ["产出指标", "数量指标", "安装监控点位", "≥60个", "质量指标", "设备验收合", "格率", "100%"]
    sheet = one("\n".join(lines) + "\n")
    assert rows(sheet) == [
        ("产出指标", "数量指标", "安装监控点位", "≥60个"),
        ("产出指标", "质量指标", "设备验收合格率", "100%"),
    ]
    assert any("分在两行" in n for n in sheet.notices)


def test_a_short_text_target_followed_by_a_numeric_row_name_is_not_joined():
    # "达标" is the first row's target; the next row starts with its own name, not a bare number
    lines = ["项目名称", "校园安全设施", "一级指标", "二级指标", "三级指标", "指标值"]
    lines += ["产出指标", "质量指标", "消防设施检测", "达标", "时效指标", "检测完成时间", "2025年6月底前"]
    assert rows(one("\n".join(lines) + "\n")) == [
        ("产出指标", "质量指标", "消防设施检测", "达标"),
        ("产出指标", "时效指标", "检测完成时间", "2025年6月底前"),
    ]
