"""The 指标值 parser: every value form found in real sheets, and it never raises."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.schema import ValueKind
from assistant.values import parse_number, parse_value
from evals.gold import load_gold


@pytest.mark.parametrize(
    ("raw", "comparator", "number", "unit"),
    [
        ("≥90.00(%)", "≥", 90.0, "%"),
        ("=100.00(百分比)", "=", 100.0, "%"),
        ("≤7.2万元/年", "≤", 7.2, "万元/年"),
        ("≤ 37.00 (人)", "≤", 37.0, "人"),
        ("<0.50(%)", "<", 0.5, "%"),
        ("＞80.00(家)", ">", 80.0, "家"),
        (">=95%", "≥", 95.0, "%"),
        ("约34.00个(按实)", "约", 34.0, "个"),
        ("60部", None, 60.0, "部"),
        ("0起", None, 0.0, "起"),
        ("≥1,600.00(件)", "≥", 1600.0, "件"),
        ("≥95%以上", "≥", 95.0, "%"),
        ("不少于两次", "≥", 2.0, "次"),
    ],
)
def test_quantities_parse_comparator_number_and_unit(
    raw: str, comparator: str | None, number: float, unit: str
) -> None:
    value = parse_value(raw)
    assert value.kind is ValueKind.QUANTITATIVE
    assert (value.comparator, value.number, value.unit) == (comparator, number, unit)
    assert value.raw == raw


@pytest.mark.parametrize(
    "raw", ["24小时内到场", "≤7工作日", "≤30.00(天)", "3个月内", "每月1次", "1-12月", "下半年", "每季度"]
)
def test_time_limits_periods_and_frequencies_are_deadlines(raw: str) -> None:
    assert parse_value(raw).kind is ValueKind.DEADLINE


def test_a_calendar_deadline_keeps_the_date_and_reads_qian_as_at_most() -> None:
    value = parse_value("2024年12月31日前")
    assert value.kind is ValueKind.DEADLINE
    assert value.deadline == date(2024, 12, 31)
    assert value.comparator == "≤"


def test_a_month_without_a_day_means_the_end_of_that_month() -> None:
    assert parse_value("2023-06").deadline == date(2023, 6, 30)


@pytest.mark.parametrize("raw", ["是", "无差错", "零失误", "合格", "公共法律服务村居全覆盖"])
def test_checkable_facts_are_binary(raw: str) -> None:
    assert parse_value(raw).kind is ValueKind.BINARY


@pytest.mark.parametrize(
    "raw", ["提升", "及时", "健全", "一致", "有效保障", "效果显著", "同比上年度提升", "按实际发生量"]
)
def test_vague_words_are_qualitative(raw: str) -> None:
    value = parse_value(raw)
    assert value.kind is ValueKind.QUALITATIVE
    assert not value.measurable


@pytest.mark.parametrize("raw", ["", "   ", None, "指标1：", "....."])
def test_blank_and_placeholder_cells_are_empty(raw: str | None) -> None:
    assert parse_value(raw).kind is ValueKind.EMPTY


@given(st.text(max_size=60))
def test_parsing_never_raises_and_keeps_raw(raw: str) -> None:
    value = parse_value(raw)
    assert value.raw == raw


def test_every_distinct_seed_value_parses_and_kind_agrees_with_gold_measurable() -> None:
    labels: dict[str, bool] = {}
    for sheet in load_gold():
        for indicator in sheet.indicators:
            labels.setdefault(indicator.value, indicator.measurable)
    agree = sum(parse_value(raw).measurable == measurable for raw, measurable in labels.items())
    assert len(labels) > 200
    assert agree / len(labels) >= 0.95, f"kind agrees with gold for {agree}/{len(labels)} values"


@pytest.mark.parametrize(
    ("text", "number"), [("3,588,054.00", 3588054.0), ("2", 2.0), ("", None), ("无", None)]
)
def test_parse_number_reads_amounts_with_thousands_separators(text: str, number: float | None) -> None:
    assert parse_number(text) == number


# --- one parser for cells and descriptions (issue 14) -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "comparator", "number", "unit"),
    [
        ("达到95%", "≥", 95.0, "%"),  # the description reader always read 达到 as ≥; cells now agree
        ("95%以上", "≥", 95.0, "%"),
        ("不低于90%", "≥", 90.0, "%"),
        ("≧300人", "≥", 300.0, "人"),
        ("≦1000元/人", "≤", 1000.0, "元/人"),
        ("≦1000元/人/天以内", "≤", 1000.0, "元/人/天"),  # the unit ends where 以内 starts
        ("=>90%", "≥", 90.0, "%"),
        ("=<5%", "≤", 5.0, "%"),
        ("控制在5%以内", "≤", 5.0, "%"),
        ("大于90%", ">", 90.0, "%"),  # strict: the sheet said more than, not at least
        ("不超过3万元/年", "≤", 3.0, "万元/年"),
    ],
)
def test_comparator_words_before_and_after_the_number(
    raw: str, comparator: str, number: float, unit: str
) -> None:
    value = parse_value(raw)
    assert (value.comparator, value.number, value.unit) == (comparator, number, unit)


@pytest.mark.parametrize(
    "unit",
    ["株", "亩", "万亩", "座", "公斤", "吨", "组", "平方米", "万平方米", "公里", "台", "套", "辆", "所", "场次",
     "人次", "户", "批次", "元/人", "元/人/天", "万元/年"],
)  # fmt: skip
def test_quantities_in_any_sectors_unit(unit: str) -> None:
    value = parse_value(f"≥300{unit}")
    assert (value.kind, value.number, value.unit) == (ValueKind.QUANTITATIVE, 300.0, unit)


def test_a_delivery_is_not_read_as_reaching_a_number() -> None:
    assert parse_value("文书送达3个工作日内").comparator == "≤"


def test_number_text_repeats_a_number_exactly() -> None:
    from assistant.values import number_text

    assert [number_text(x) for x in (3.0, 2.5, 0.125, 1234567.0, 99.995)] == [
        "3",
        "2.5",
        "0.125",
        "1234567",
        "99.995",
    ]


def test_money_text_rounds_a_ceiling_up_and_an_amount_to_the_nearest() -> None:
    from assistant.values import money_text

    assert money_text(283.0188, ceiling=True) == "283.02元"
    assert money_text(283.011, ceiling=True) == "283.02元"
    assert money_text(283.011) == "283.01元"
    assert money_text(1_200_000) == "120万元"
    assert money_text(12_345, ceiling=True) == "1.24万元"


def test_the_value_type_lives_with_its_parser_and_schema_re_exports_it() -> None:
    import assistant.schema as schema
    import assistant.values as values

    assert schema.TargetValue is values.TargetValue and schema.ValueKind is values.ValueKind
    assert values.TargetValue.parse("≥90%") == parse_value("≥90%")


def test_a_time_limit_in_chinese_numerals_is_a_deadline() -> None:
    value = parse_value("三个工作日内")
    assert (value.kind, value.comparator, value.number, value.unit) == (
        ValueKind.DEADLINE,
        "≤",
        3.0,
        "个工作日",
    )
