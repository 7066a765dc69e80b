"""The 年度目标 sentence: it names the numbers the indicators measure, so goal and table agree (R04, R25)."""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.schema import Indicator


def _phrase(indicator: Indicator) -> str:
    value = indicator.value.raw.strip()
    if indicator.value.deadline or value.endswith("前"):
        return f"{indicator.name.removesuffix('完成时间')}于{value}完成"
    return f"{indicator.name}{value}"


def annual_goal(project_name: str, year: int, indicators: list[Indicator]) -> str:
    groups: list[list[str]] = []
    order = (
        (tx.QUANTITY,),
        (tx.QUALITY,),
        (tx.TIMELINESS,),
        tx.BENEFIT_LEVEL2,
        (tx.SERVICE_SATISFACTION,),
        tx.COST_LEVEL2,
    )
    for level2s in order:
        phrases = [_phrase(i) for i in indicators if i.level2 in level2s and i.value.measurable]
        if phrases:
            groups.append(phrases)
    if not groups:
        return f"{year}年完成{project_name}年度任务。"
    body = "；".join("、".join(g) for g in groups)
    return f"{year}年，{project_name}计划实现：{body}。"
