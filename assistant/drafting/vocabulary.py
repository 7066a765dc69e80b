"""The framing words of budget prose, once: what surrounds a project's subject but names nothing.

"本项目计划全年在全区开展…": 本项目 / 计划 / 全年 / 全区 / 开展 frame the sentence whatever the
project is. The fact reader strips them before a number's subject, the name reader before an
activity, and the relevance check ignores them when it compares two projects.
"""

from __future__ import annotations

ADMIN_AREAS = "区市县镇省"
# 全区, 本市, 我县, 我局, 辖区: the budget unit's own area, never the topic.
REGION = rf"(?:全|本|我)[{ADMIN_AREAS}]|我局|辖区"
# A region and nothing else ("全区", "辖区内", "各", "所有"): a count over it counts what follows.
REGION_ONLY = r"(全|本|辖)?(区|市|县|镇|街道|省|局|所|院)?(内|范围内)?|各|所有|全部|共计?"
# A subject ending in its area ("覆盖全区") names the area, not the thing counted.
TRAILING_AREA = rf"(全|本|辖)?[{ADMIN_AREAS}]$"
TIME_FRAME = ("全年", "年度", "今年", "每年")
PLANNING = ("计划", "预计", "拟", "将")
# Verbs that deliver whatever the project delivers ("开展培训", "提供服务").
DELIVERY = ("开展", "组织", "举办", "实施", "提供", "完成")


def words(*groups: tuple[str, ...] | str) -> str:
    """A regex alternation of the given word groups and patterns."""
    return "|".join(group if isinstance(group, str) else "|".join(group) for group in groups)
