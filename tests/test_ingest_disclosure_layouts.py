"""Text copied from government disclosure pages, one layout per test, written by hand."""

from __future__ import annotations

import pytest

from assistant.ingest.layouts import TEXT_LAYOUTS
from assistant.ingest.run_together import split_label_prefix, split_name_value
from tests.ingest_pages import one, rows

PIPE = """\
## 财政项目支出绩效目标表
（2024年度）

| 项目名称 | 法律援助经费 | 主管部门 | 某区司法局 |
|---|---|---|---|
| 实施单位 | 某区法律援助中心 | 项目资金（万元） | 35.5 |

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 |
|:---:|:---|---|---:|
| 产出指标 | 数量指标 | 法律援助案件数 | ≥900件 |
|  |  | 值班律师人数 | ≥10人 |
|  | 质量指标 | 案件质量评估合格率 |  |
| 满意度指标 | 服务对象满意度指标 | 受援人满意度 \\| 回访 | ≥90% |
"""


def test_pipe_table_with_empty_cells_and_separator_rows():
    sheet = one(PIPE)
    assert (sheet.project_name, sheet.year, sheet.funds.total) == ("法律援助经费", 2024, 355000.0)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥900件"),
        ("产出指标", "数量指标", "值班律师人数", "≥10人"),
        ("产出指标", "质量指标", "案件质量评估合格率", ""),
        ("满意度指标", "服务对象满意度指标", "受援人满意度 | 回访", "≥90%"),
    ]


ALIGNED = """\
财政项目支出绩效目标表
项目名称    法律援助经费    主管部门    某区司法局
一级指标    二级指标    三级指标          实施期指标值    年度指标值
产出指标    数量指标    法律援助案件数    ≥2700件         ≥900件
                        值班律师人数                      ≥10人
            时效指标    办结时限          ≤30天           ≤30天
"""


def test_aligned_columns_put_empty_cells_back_under_their_header():
    sheet = one(ALIGNED)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥900件"),
        (
            "产出指标",
            "数量指标",
            "值班律师人数",
            "≥10人",
        ),  # no 实施期 value: the annual one is still the value
        ("产出指标", "时效指标", "办结时限", "≤30天"),
    ]
    assert [i.other_values for i in sheet.indicators] == [
        {"实施期指标值": "≥2700件"},
        {},
        {"实施期指标值": "≤30天"},
    ]


SPACED = """\
项目名称   法律援助经费
一级指标  二级指标  三级指标  实施期指标值  年度指标值
产出指标   数量指标    法律援助案件数   ≥2700件    ≥900件
值班律师人数  ≥30人  ≥10人
效益指标\u3000社会效益指标\u3000受援人挽回损失\u3000≥3000万元\u3000≥1000万元
"""


def test_cells_separated_by_runs_of_spaces_keep_single_spaces_inside_a_cell():
    sheet = one(SPACED.replace("≥900件", "≥ 900 件"))
    assert rows(sheet) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥ 900 件"),
        ("产出指标", "数量指标", "值班律师人数", "≥10人"),
        ("效益指标", "社会效益指标", "受援人挽回损失", "≥1000万元"),
    ]
    assert sheet.indicators[1].other_values == {"实施期指标值": "≥30人"}


CELLS_WITH_EMPTY_LINES = """\
项目名称
法律援助经费
一级指标
二级指标
三级指标
年度指标值
产出指标
数量指标
法律援助案件数
≥900件
值班律师人数

质量指标
案件质量评估合格率
≥95%
满意度指标
服务对象满意度指标
服务对象满意度
≥90%
"""


def test_one_cell_per_line_with_an_empty_cell_as_a_blank_line():
    assert rows(one(CELLS_WITH_EMPTY_LINES)) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥900件"),
        ("产出指标", "数量指标", "值班律师人数", ""),
        ("产出指标", "质量指标", "案件质量评估合格率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]


CELLS_IN_BLOCKS = """\
项目名称
法律援助经费

一级指标
二级指标
三级指标
绩效指标描述
年度指标值


产出指标
数量指标
法律援助案件数
全年办结的法律援助案件
≥900件

值班律师人数
≥10人


时效指标
办结时限
≤30天
"""


def test_one_cell_per_line_with_blank_lines_between_rows():
    sheet = one(CELLS_IN_BLOCKS)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "法律援助案件数", "≥900件"),
        ("产出指标", "数量指标", "值班律师人数", "≥10人"),
        ("产出指标", "时效指标", "办结时限", "≤30天"),
    ]
    assert sheet.indicators[0].description == "全年办结的法律援助案件"


TREE = """\
2024年度项目支出绩效目标表
项目名称：社区矫正工作经费
主管部门：某区司法局
项目资金总额（元）：1,200,000.00
年度总体目标：全年监管社区矫正对象不少于300人。
项目完成指标
  数量指标（必填）
    - 监管社区矫正对象人数
      >=300人
    - 走访次数
      指标值：≥12次
  时效指标(必填硬性指标)
    - 报到登记时限
      <=3个工作日
成本指标
  经济成本指标
    - 人均监管成本
      ≤4000元/人
  社会成本指标
  生态环境成本指标
效果指标
  社会效益指标
    - 矫正对象重新犯罪率
      ＜0.5%
满意度指标
  服务对象满意度指标
    服务对象满意度
      ≥90%
"""


def test_indented_tree_with_regional_names_suffixes_and_the_value_on_the_next_line():
    sheet = one(TREE)
    assert (sheet.project_name, sheet.year, sheet.funds.total) == ("社区矫正工作经费", 2024, 1200000.0)
    assert sheet.annual_goal == "全年监管社区矫正对象不少于300人。"
    assert rows(sheet) == [
        ("产出指标", "数量指标", "监管社区矫正对象人数", ">=300人"),
        ("产出指标", "数量指标", "走访次数", "≥12次"),
        ("产出指标", "时效指标", "报到登记时限", "<=3个工作日"),
        ("成本指标", "经济成本指标", "人均监管成本", "≤4000元/人"),
        ("效益指标", "社会效益指标", "矫正对象重新犯罪率", "＜0.5%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]
    ascii_value = sheet.indicators[0].value
    assert (ascii_value.comparator, ascii_value.number, ascii_value.unit) == ("≥", 300.0, "人")


RUN_TOGETHER = """\
项目名称\t法律援助经费
一级指标\t二级指标\t三级指标\t年度指标值
\t产出指标数量指标补贴国有企业≥25个
\t质量指标案件质量评估合格率>=95%
\t时效指标完成时限2024年12月31日前
\t效益指标社会效益指标系统运行稳定性\t稳定
\t满意度指标服务对象满意度指标受援人满意度=100.00(%)
"""


def test_cells_run_together_are_split_at_the_label_and_at_the_target():
    sheet = one(RUN_TOGETHER)
    assert rows(sheet) == [
        ("产出指标", "数量指标", "补贴国有企业", "≥25个"),
        ("产出指标", "质量指标", "案件质量评估合格率", ">=95%"),
        ("产出指标", "时效指标", "完成时限", "2024年12月31日前"),
        ("效益指标", "社会效益指标", "系统运行稳定性", "稳定"),
        ("满意度指标", "服务对象满意度指标", "受援人满意度", "=100.00(%)"),
    ]
    assert any("连在一起" in notice for notice in sheet.notices)


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("补贴国有企业≥25个", ("补贴国有企业", "≥25个")),
        ("补贴国有企业>=25个", ("补贴国有企业", ">=25个")),
        ("维持调解员人数≤ 37.00 (人)", ("维持调解员人数", "≤ 37.00 (人)")),
        ("优秀律师评选及时性10-12月", ("优秀律师评选及时性", "10-12月")),
        ("值班轮岗人员≥4人(1人在岗)", ("值班轮岗人员", "≥4人(1人在岗)")),
        ("人均补贴≤2000元/每人", ("人均补贴", "≤2000元/每人")),
    ],
)
def test_a_name_run_into_its_target_is_split_before_the_target(text: str, split: tuple[str, str]):
    assert split_name_value(text) == split


@pytest.mark.parametrize(
    "text",
    ["12348法网律师问题反馈及时性", "系统运行稳定性稳定", "开展3次普法宣传活动", "≥90%", "满意度"],
)
def test_text_without_a_target_at_its_end_is_not_split(text: str):
    assert split_name_value(text) is None


def test_labels_run_into_a_name_are_split_off_only_when_written_as_labels():
    assert split_label_prefix("产出指标数量指标（必填）补贴国有企业") == (
        ["产出指标", "数量指标（必填）"],
        "补贴国有企业",
    )
    assert split_label_prefix("成本指标经济成本指标") == (["成本指标", "经济成本指标"], "")
    assert split_label_prefix("质量评估合格率") == ([], "质量评估合格率")  # "质量" alone may begin a name
    assert split_label_prefix("服务对象满意度指标服务对象满意度") == (
        ["服务对象满意度指标"],
        "服务对象满意度",
    )


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        (PIPE, "text"),
        (ALIGNED, "text"),
        (SPACED, "text"),
        (CELLS_WITH_EMPTY_LINES, "text"),
        (CELLS_IN_BLOCKS, "text"),
        (TREE, "indented-tree"),
        (RUN_TOGETHER, "text"),
    ],
)
def test_every_layout_but_the_tree_goes_to_the_one_text_reader(text: str, layout: str):
    assert next(entry.name for entry in TEXT_LAYOUTS if entry.detect(text)) == layout
