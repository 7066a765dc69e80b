"""指标解释 for drafted rows: how a rate is computed and where its data come from (R29)."""

from __future__ import annotations

from assistant.schema import Indicator

SURVEY = "问卷调查或电话回访，样本不少于服务对象的10%"
LEDGER = "项目业务台账及信息系统记录"


def explanation(indicator: Indicator) -> str | None:
    """A formula and data source for a rate; None for rows that need none (counts, dates, money)."""
    value = indicator.value
    if value.unit != "%":
        return None
    name = indicator.name.strip()
    if "满意" in name:
        return (
            f"计算公式：{name} = 满意（含比较满意）的有效问卷数 ÷ 有效问卷总数 × 100%；数据来源：{SURVEY}。"
        )
    core = name.removesuffix("率") if name.endswith("率") else name
    return f"计算公式：{name} = {core}的数量 ÷ 应纳入统计的总数 × 100%；数据来源：{LEDGER}。"


def with_explanation(indicator: Indicator) -> Indicator:
    if indicator.description or (text := explanation(indicator)) is None:
        return indicator
    return indicator.model_copy(update={"description": text})
