"""Whatever text arrives, ingestion answers with sheets or an IngestError, never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest import IngestError, read_text
from assistant.ingest.form_parser import parse_forms

WORDS = [
    "项目名称", "主管部门", "实施单位", "项目资金 (万元)", "项目资金总额", "其中：财政资金", "其他资金",
    "项目总目标", "年度总体目标", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "绩效指标描述",
    "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "社会效益指标", "可持续影响指标",
    "满意度指标", "服务对象满意度指标", "指标1：", "指标2： .....", ".....", "<p>", "</p>", "☑", "☐",
    "(2024年度)", "≥90%", "12.5", "及时", "工作完成及时性", "合格率", "", " ", "x", "2024年12月31日前",
]  # fmt: skip
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=6))
grid = st.lists(st.lists(cell, max_size=7), max_size=25)


@settings(max_examples=300, deadline=None)
@given(grid)
def test_the_grid_parser_never_raises_and_never_keeps_an_unnamed_indicator(rows):
    for sheet in parse_forms(rows, "fuzz.txt"):
        assert all(indicator.name.strip() for indicator in sheet.indicators)


@settings(max_examples=200, deadline=None)
@given(grid, st.sampled_from(["\t", "\n\t"]))
def test_text_input_gives_sheets_or_a_clear_error(rows, joiner):
    text = "\n".join(joiner.join(row) for row in rows)
    try:
        read_text(text, "fuzz.txt")
    except IngestError as exc:
        assert exc.source == "fuzz.txt" and exc.reason
