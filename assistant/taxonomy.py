"""The standard indicator framework (财预〔2021〕101号) and the aliases found in real sheets.

一级指标 → 二级指标, plus every older or regional label we have seen mapped onto it
(STANDARD.md §1.2, §1.4). Labels arrive dirty: OCR spaces inside words ("满意 度指 标"),
"(必填)" suffixes, "指标1：" prefixes. `clean_label` removes that noise; `level1_of` /
`level2_of` map a cleaned label onto the canonical names.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from assistant.text import squash

# --- canonical names -------------------------------------------------------------------------

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

LEVEL1: tuple[str, ...] = (OUTPUT, BENEFIT, SATISFACTION, COST)

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
LEGACY_COST = "成本指标"  # a plain 成本指标: under 产出 (pre-101) or as a 一级 with no 二级 (2024 Shanghai)
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ECO_COST = "生态环境成本指标"
ECONOMIC_BENEFIT = "经济效益指标"
SOCIAL_BENEFIT = "社会效益指标"
ECO_BENEFIT = "生态效益指标"
SUSTAINABILITY = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"

# Legal children of each 一级. The legacy plain 成本指标 is accepted under 产出 and 成本.
LEVEL2_BY_LEVEL1: dict[str, tuple[str, ...]] = {
    OUTPUT: (QUANTITY, QUALITY, TIMELINESS, LEGACY_COST),
    COST: (ECONOMIC_COST, SOCIAL_COST, ECO_COST, LEGACY_COST),
    BENEFIT: (ECONOMIC_BENEFIT, SOCIAL_BENEFIT, ECO_BENEFIT, SUSTAINABILITY),
    SATISFACTION: (SERVICE_SATISFACTION,),
}

LEVEL2: tuple[str, ...] = tuple(dict.fromkeys(l2 for l2s in LEVEL2_BY_LEVEL1.values() for l2 in l2s))

# The parent a 二级 implies when the 一级 label was lost in extraction.
DEFAULT_PARENT: dict[str, str] = {
    QUANTITY: OUTPUT,
    QUALITY: OUTPUT,
    TIMELINESS: OUTPUT,
    LEGACY_COST: OUTPUT,
    ECONOMIC_COST: COST,
    SOCIAL_COST: COST,
    ECO_COST: COST,
    ECONOMIC_BENEFIT: BENEFIT,
    SOCIAL_BENEFIT: BENEFIT,
    ECO_BENEFIT: BENEFIT,
    SUSTAINABILITY: BENEFIT,
    SERVICE_SATISFACTION: SATISFACTION,
}

# Categories a complete sheet under the 101 layout should cover (rule R03).
REQUIRED_LEVEL2: tuple[str, ...] = (QUANTITY, QUALITY, TIMELINESS)
COST_LEVEL2: tuple[str, ...] = (LEGACY_COST, ECONOMIC_COST, SOCIAL_COST, ECO_COST)
BENEFIT_LEVEL2: tuple[str, ...] = LEVEL2_BY_LEVEL1[BENEFIT]

# --- aliases (keys are cleaned labels, see clean_label) ---------------------------------------
# Domain data: assistant/data/taxonomy.json, each group with its source.

_DATA = json.loads((Path(__file__).resolve().parent / "data" / "taxonomy.json").read_text(encoding="utf-8"))


def _aliases(level: str) -> dict[str, str]:
    return {alias: canonical for canonical, entry in _DATA[level].items() for alias in entry["aliases"]}


LEVEL1_ALIASES: dict[str, str] = _aliases("level1")
LEVEL2_ALIASES: dict[str, str] = _aliases("level2")
# Frameworks outside 101 (old provincial 投入/管理目标, the NDRC 实施效果/过程管理 form): their labels
# are kept as written; under one of their 一级, a 101 一级 label (产出指标…) is a 二级 as written.
OTHER_LEVEL1: frozenset[str] = frozenset(
    label for group in _DATA["other_frameworks"].values() for label in group["level1"]
)
OTHER_LEVEL2: frozenset[str] = frozenset(
    label
    for group in _DATA["other_frameworks"].values()
    if not group.get("level2_only_with_its_level1")
    for label in group["level2"]
)
# 二级 of a framework whose 二级 are everyday words elsewhere: a label only in a document that prints
# one of that framework's 一级 (label → those 一级).
SCOPED_LEVEL2: dict[str, frozenset[str]] = {
    label: frozenset(group["level1"])
    for group in _DATA["other_frameworks"].values()
    if group.get("level2_only_with_its_level1")
    for label in group["level2"]
}
# 二级 of the other frameworks (label → its framework's 一级): a page that prints the 一级 may write
# them without their "指标" (过程管理指标 | 计划管理).
OTHER_LEVEL2_OF: dict[str, frozenset[str]] = {
    label: frozenset(group["level1"])
    for group in _DATA["other_frameworks"].values()
    if not group.get("level2_only_with_its_level1")
    for label in group["level2"]
}
# 一级 of another framework whose 二级 are written with the 101 一级 names (实施效果指标 → 产出指标…).
OTHER_OVER_101: frozenset[str] = frozenset(
    label for group in _DATA["other_frameworks"].values() for label in group.get("level1_over_101", [])
)


def framework_blocks(names: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The 一级 and 二级 of the named other frameworks (taxonomy.json `other_frameworks`) that stand
    on their own: not the 一级 over the 101 一级 (实施效果指标), not the 二级 that are labels only under
    their own 一级 (those are covered by that 一级)."""
    groups = [_DATA["other_frameworks"][name] for name in names]
    level1 = frozenset(
        label for g in groups for label in g["level1"] if label not in g.get("level1_over_101", [])
    )
    level2 = frozenset(
        label for g in groups if not g.get("level2_only_with_its_level1") for label in g["level2"]
    )
    return level1, level2


# "(必填)", "（必填硬性指标）", "(选填)" and similar form decorations.
_DECORATION = re.compile(r"[（(【\[][^）)】\]]{0,8}(必填|选填|可选|硬性)[^）)】\]]{0,8}[）)】\]]")
# A score range printed in the label: "成本指标(0-30)分", "产出指标（40-50分）", "满意度指标(10分)".
_SCORE_RANGE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*(?:[-~～—–至]\s*\d+(?:\.\d+)?\s*)?分?\s*[)）]\s*分?")
# Leading numbering of a label in prose or old tables: "一、", "(一)", "（二）", "1.", "2、", "1-1".
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:-\d+)?[、.．])"
)
_PLACEHOLDER_PREFIX = re.compile(r"^(指标\s*\d+\s*[：:])\s*")


@lru_cache(maxsize=32768)
def clean_label(text: str | None) -> str:
    """Remove extraction noise from a category label: spaces (OCR breaks words), decorations, score
    ranges, numbering and slot prefixes ("一、产出指标 (40-50)分" → "产出指标")."""
    if not text:
        return ""
    text = squash(text)
    text = _DECORATION.sub("", text)
    text = _SCORE_RANGE.sub("", text)
    text = _PLACEHOLDER_PREFIX.sub("", text)
    text = _NUMBERING.sub("", text)
    return text.strip("：:*＊")


def level1_of(label: str | None) -> str | None:
    """The canonical 一级 for a label, or None if the label is not a known 一级."""
    return LEVEL1_ALIASES.get(clean_label(label))


def level2_of(label: str | None) -> str | None:
    """The canonical 二级 for a label, or None if the label is not a known 二级."""
    return LEVEL2_ALIASES.get(clean_label(label))


def is_legal_pair(level1: str, level2: str) -> bool:
    return level2 in LEVEL2_BY_LEVEL1.get(level1, ())


def parent_of(level2: str) -> str | None:
    return DEFAULT_PARENT.get(level2)


def normalize_pair(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Map raw 一级/二级 labels onto canonical names, repairing a lost or mislabelled 一级.

    The 二级 decides when the two disagree, because the 二级 is the finer-grained label: a
    满意度 二级 under 效果目标 is a satisfaction row, a 成本指标 二级 under 产出 stays there.
    """
    l1 = level1_of(level1) if level1 else None
    l2 = level2_of(level2) if level2 else None
    if l2 is None:
        if l1 == COST:
            return COST, LEGACY_COST
        if l1 == SATISFACTION:
            return SATISFACTION, SERVICE_SATISFACTION
        return l1, None
    if l1 is None or not is_legal_pair(l1, l2):
        if l2 == LEGACY_COST and l1 in (OUTPUT, COST):
            return l1, l2
        return DEFAULT_PARENT[l2], l2
    return l1, l2


def is_category_label(text: str | None) -> bool:
    """True when text is a 一级 or 二级 label (so it is not an indicator name)."""
    cleaned = clean_label(text)
    return cleaned in LEVEL1_ALIASES or cleaned in LEVEL2_ALIASES


def is_other_framework(label: str | None) -> bool:
    """True for a 一级 of a framework outside 101 (投入目标, 过程管理指标…), kept as written."""
    return clean_label(label) in OTHER_LEVEL1


def canonical_pair(level1: str | None, level2: str | None) -> tuple[str, str]:
    """The labels of a row as the project compares them: 101 names where the taxonomy knows the label
    (`normalize_pair`), other frameworks' and unknown labels as written (cleaned), "" where none."""
    l1, l2 = clean_label(level1), clean_label(level2)
    if l1 in OTHER_LEVEL1:
        return l1, l2
    known1 = LEVEL1_ALIASES.get(l1) if l1 else None
    known2 = LEVEL2_ALIASES.get(l2) if l2 else None
    if l2 and known2 is None:
        return known1 or "", l2
    if l1 and known1 is None and known2 is None:
        return l1, ""
    pair = normalize_pair(known1, known2)
    return pair[0] or "", pair[1] or ""
