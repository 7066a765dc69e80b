"""Category labels: the 101号 framework and every alias real sheets use."""

from __future__ import annotations

import pytest

from assistant.taxonomy import (
    BENEFIT,
    COST,
    ECO_BENEFIT,
    LEGACY_COST,
    OUTPUT,
    QUANTITY,
    SATISFACTION,
    SERVICE_SATISFACTION,
    SOCIAL_BENEFIT,
    SUSTAINABILITY,
    TIMELINESS,
    clean_label,
    is_legal_pair,
    level1_of,
    level2_of,
    normalize_pair,
)


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("产出目标", OUTPUT),
        ("效果目标", BENEFIT),
        ("影响力目标", SATISFACTION),
        ("满意 度指 标", SATISFACTION),
        ("产出 指标", OUTPUT),
        ("项目完成指标", OUTPUT),
        ("预期产出指标", OUTPUT),
        ("效果指标", BENEFIT),
        ("成本指标", COST),
    ],
)
def test_level1_aliases_map_to_the_101_names(label: str, canonical: str) -> None:
    assert level1_of(label) == canonical


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("数量指标(必填)", QUANTITY),
        ("社会效益指标（必填硬性指标）", SOCIAL_BENEFIT),
        ("环境效益指标", ECO_BENEFIT),
        ("可持 续影 响指 标", SUSTAINABILITY),
        ("服务 对象 满意 度指 标", SERVICE_SATISFACTION),
        ("进度指标", TIMELINESS),
        ("社会公众或服务对象满意度指标", SERVICE_SATISFACTION),
    ],
)
def test_level2_aliases_map_to_the_101_names(label: str, canonical: str) -> None:
    assert level2_of(label) == canonical


def test_clean_label_strips_prefixes_and_ocr_spaces() -> None:
    assert clean_label("指标1：时效 指标") == "时效指标"


def test_an_unknown_label_is_not_mapped() -> None:
    assert level1_of("长效管理") is None
    assert level2_of("人力资源") is None


def test_parent_child_legality() -> None:
    assert is_legal_pair(OUTPUT, QUANTITY)
    assert is_legal_pair(OUTPUT, LEGACY_COST)
    assert not is_legal_pair(BENEFIT, QUANTITY)


def test_the_level2_repairs_a_wrong_or_missing_level1() -> None:
    assert normalize_pair("效果目标", "服务对象满意度指标") == (SATISFACTION, SERVICE_SATISFACTION)
    assert normalize_pair(None, "时效指标") == (OUTPUT, TIMELINESS)


def test_a_cost_level1_without_level2_is_the_plain_cost_category() -> None:
    assert normalize_pair("成本指标", None) == (COST, LEGACY_COST)
