"""Whatever disclosure-page text arrives, the new layout readers answer with sheets or an IngestError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest import IngestError, read_text

WORDS = [
    "项目名称", "项目名称：某项目", "一级指标", "二级指标", "三级指标", "年度指标值", "实施期指标值", "绩效指标描述",
    "产出指标", "项目完成指标", "数量指标（必填）", "质量指标(必填硬性指标)", "成本指标", "经济成本指标", "效果指标",
    "满意度指标", "服务对象满意度", "补贴国有企业≥25个", ">=90%", "<=3个工作日", "及时", "指标值：≥12次",
    "|", "|---|", "", " ", "\u3000", "- ", "2024年12月31日前", "数量指标补贴国有企业", "x",
]  # fmt: skip
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=5))
line = st.tuples(
    st.sampled_from(["", "  ", "    ", "\u3000", "\t"]),
    st.lists(cell, max_size=6),
    st.sampled_from(["  ", " | ", "|", "\u3000", "", "   "]),
)
document = st.lists(line, max_size=30)


@settings(max_examples=300, deadline=None)
@given(document)
def test_text_in_any_layout_gives_sheets_or_a_clear_error(lines):
    text = "\n".join(indent + joiner.join(cells) for indent, cells, joiner in lines)
    try:
        sheets = read_text(text, "粘贴.txt")
    except IngestError as exc:
        assert exc.source == "粘贴.txt" and exc.reason
        return
    assert all(indicator.name.strip() for sheet in sheets for indicator in sheet.indicators)
