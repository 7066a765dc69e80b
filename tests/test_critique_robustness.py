"""Whatever a sheet says, the critic answers: no exception, a score in range, a rewrite for every error/warning."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.critique import critique_sheet
from assistant.schema import Funding, Indicator, Severity, Sheet

LABELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("成本指标", "经济成本指标"),
    ("成本指标", "社会成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("效果目标", "环境效益指标"),
    ("影响力目标", "满意度指标"),
    ("", ""),
    ("其他", "未知指标"),
]
NAMES = [
    "调解案件数",
    "工作完成及时性",
    "立项依据的充分性",
    "工作人员满意度",
    "单件办案成本",
    "重新犯罪率",
    "长效管理机制健全性",
    "完成系统安全检测",
    "现场值班咨询24次/年，专家讲座6次/年",
    "结余率",
    "指标1：",
    "",
    "补贴与政策一致性",
    "法律援助案件办理数",
    "应急响应时间",
]
VALUES = [
    "≥1000件",
    "及时",
    "提升",
    "健全",
    "",
    "=100.00(%)",
    "≤850元",
    "≥120%",
    "2024年12月31日前",
    "≤7个工作日",
    "约34个(按实)",
    "全覆盖",
    "无",
    "每季度1次",
    "-5",
    "≥4.5人",
    "一致",
    "≤4000人/次",
]

row = st.tuples(
    st.sampled_from(LABELS),
    st.sampled_from(NAMES) | st.text(max_size=30),
    st.sampled_from(VALUES) | st.text(max_size=12),
)
goals = st.sampled_from(
    [None, "", "100%", "全年调解案件不少于1000件，调解成功率85%以上。", "配备60部设备"]
) | st.text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row, max_size=25), goal=goals, funds=st.none() | st.floats(min_value=0, max_value=1e9))
def test_any_sheet_gets_a_complete_critique(rows, goal, funds):
    sheet = Sheet(
        project_name="测试项目",
        year=2024,
        funds=Funding(total=funds),
        annual_goal=goal,
        indicators=[
            Indicator.model_validate({"level1": l1, "level2": l2, "name": name, "value": value})
            for (l1, l2), name, value in rows
        ],
    )
    critique = critique_sheet(sheet)
    assert 0 <= critique.score <= 100
    assert all(0 <= s <= 100 for s in critique.sub_scores.values())
    for finding in critique.findings:
        if finding.severity in (Severity.ERROR, Severity.WARNING):
            assert finding.suggestion is not None and finding.suggestion.text.strip()
        assert finding.indicator_index is None or 0 <= finding.indicator_index < len(rows)
