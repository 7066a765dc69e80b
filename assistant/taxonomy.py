"""The standard indicator framework (财预〔2021〕101号) and the aliases found in real sheets.

一级指标 → 二级指标, plus every older or regional label we have seen mapped onto it
(STANDARD.md §1.2, §1.4). Labels arrive dirty: OCR spaces inside words ("满意 度指 标"),
"(必填)" suffixes, "指标1：" prefixes. `clean_label` removes that noise; `level1_of` /
`level2_of` map a cleaned label onto the canonical names.
"""

from __future__ import annotations

import re

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

LEVEL1_ALIASES: dict[str, str] = {
    "产出": OUTPUT,
    "产出指标": OUTPUT,
    "产出目标": OUTPUT,
    "项目完成指标": OUTPUT,
    "预期产出指标": OUTPUT,
    "预期产出": OUTPUT,
    "产出类指标": OUTPUT,
    "效益": BENEFIT,
    "效益指标": BENEFIT,
    "效益目标": BENEFIT,
    "效果": BENEFIT,
    "效果目标": BENEFIT,
    "效果指标": BENEFIT,
    "预期效果指标": BENEFIT,
    "预期效益指标": BENEFIT,
    "满意度": SATISFACTION,
    "满意度指标": SATISFACTION,
    "满意度目标": SATISFACTION,
    # 影响力目标 (2021 Putuo form) holds the satisfaction rows.
    "影响力目标": SATISFACTION,
    "影响力指标": SATISFACTION,
    "成本": COST,
    "成本指标": COST,
    "成本目标": COST,
}

LEVEL2_ALIASES: dict[str, str] = {
    "数量": QUANTITY,
    "数量指标": QUANTITY,
    "产出数量": QUANTITY,
    "产出数量指标": QUANTITY,
    "质量": QUALITY,
    "质量指标": QUALITY,
    "产出质量": QUALITY,
    "产出质量指标": QUALITY,
    "时效": TIMELINESS,
    "时效指标": TIMELINESS,
    "产出时效": TIMELINESS,
    "产出时效指标": TIMELINESS,
    "进度": TIMELINESS,
    "进度指标": TIMELINESS,
    "产出进度": TIMELINESS,
    "产出进度指标": TIMELINESS,
    "成本": LEGACY_COST,
    "成本指标": LEGACY_COST,
    "产出成本": LEGACY_COST,
    "产出成本指标": LEGACY_COST,
    "经济成本": ECONOMIC_COST,
    "经济成本指标": ECONOMIC_COST,
    "社会成本": SOCIAL_COST,
    "社会成本指标": SOCIAL_COST,
    "生态环境成本": ECO_COST,
    "生态环境成本指标": ECO_COST,
    "环境成本指标": ECO_COST,
    "生态成本指标": ECO_COST,
    "经济效益": ECONOMIC_BENEFIT,
    "经济效益指标": ECONOMIC_BENEFIT,
    "社会效益": SOCIAL_BENEFIT,
    "社会效益指标": SOCIAL_BENEFIT,
    "生态效益": ECO_BENEFIT,
    "生态效益指标": ECO_BENEFIT,
    "环境效益": ECO_BENEFIT,
    "环境效益指标": ECO_BENEFIT,
    "生态环境效益指标": ECO_BENEFIT,
    "可持续影响": SUSTAINABILITY,
    "可持续影响指标": SUSTAINABILITY,
    "可持续发展指标": SUSTAINABILITY,
    "服务对象满意度": SERVICE_SATISFACTION,
    "服务对象满意度指标": SERVICE_SATISFACTION,
    "社会公众或服务对象满意度指标": SERVICE_SATISFACTION,
    "社会公众或服务对象满意度": SERVICE_SATISFACTION,
    "社会公众满意度指标": SERVICE_SATISFACTION,
    "满意度指标": SERVICE_SATISFACTION,
}

# "(必填)", "（必填硬性指标）", "(选填)" and similar form decorations.
_DECORATION = re.compile(r"[（(【\[][^）)】\]]{0,8}(必填|选填|可选|硬性)[^）)】\]]{0,8}[）)】\]]")
_PLACEHOLDER_PREFIX = re.compile(r"^(指标\s*\d+\s*[：:])\s*")


def clean_label(text: str | None) -> str:
    """Remove extraction noise from a category label: spaces (OCR breaks words), decorations, prefixes."""
    if not text:
        return ""
    text = squash(text)
    text = _DECORATION.sub("", text)
    text = _PLACEHOLDER_PREFIX.sub("", text)
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
