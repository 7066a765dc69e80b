"""Reading the numbers of a project description and turning them into indicators."""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.drafting.facts import FactKind, extract_facts, funds_from_description
from assistant.drafting.from_facts import indicator_from_fact

DESCRIPTION = (
    "本项目为区人民调解工作经费，年度资金120万元，计划全年调解矛盾纠纷4240件，开展人民调解员培训12场、覆盖600人次，"
    "调解成功率不低于95%，当事人满意度达到90%以上，纠纷受理后3个工作日内启动调解，6月底前完成调解员轮训，"
    "每月开展1次矛盾纠纷排查，矫正对象重新犯罪率控制在0.5%以内。"
)


def _facts() -> dict[str, tuple[FactKind, float | None, str, str]]:
    return {f.subject: (f.kind, f.number, f.unit, f.comparator) for f in extract_facts(DESCRIPTION)}


def test_counts_keep_their_subject_number_and_unit() -> None:
    facts = _facts()
    assert facts["调解矛盾纠纷"] == (FactKind.COUNT, 4240, "件", "≥")
    assert facts["人民调解员培训"] == (FactKind.COUNT, 12, "场", "≥")


def test_a_second_count_in_a_clause_borrows_the_clause_subject() -> None:
    assert _facts()["人民调解员培训覆盖"] == (FactKind.COUNT, 600, "人次", "≥")


def test_rates_read_comparator_words() -> None:
    facts = _facts()
    assert facts["调解成功率"] == (FactKind.RATE, 95, "%", "≥")
    assert facts["矫正对象重新犯罪率"][3] == "≤"


def test_time_limits_deadlines_and_frequencies_are_recognised() -> None:
    facts = _facts()
    assert facts["纠纷受理后启动调解"][:3] == (FactKind.TIME_LIMIT, 3, "个工作日")
    assert facts["调解员轮训"][0] is FactKind.DEADLINE
    assert facts["矛盾纠纷排查"][:3] == (FactKind.FREQUENCY, 1, "次/月")


def test_funds_are_read_in_yuan() -> None:
    assert funds_from_description(DESCRIPTION) == 1_200_000
    assert funds_from_description("购置设备，无资金信息") is None


def test_each_fact_becomes_an_indicator_that_repeats_the_number() -> None:
    rows = {i.name: i for f in extract_facts(DESCRIPTION) if (i := indicator_from_fact(f, 2025))}
    assert rows["调解矛盾纠纷件数"].value.raw == "≥4240件"
    assert rows["调解矛盾纠纷件数"].level2 == tx.QUANTITY
    assert rows["当事人满意度"].level2 == tx.SERVICE_SATISFACTION
    assert rows["调解成功率"].level2 == tx.SOCIAL_BENEFIT
    assert rows["纠纷受理后启动调解时限"].value.raw == "≤3个工作日"
    assert rows["调解员轮训完成时间"].value.raw == "2025年6月30日前"
    assert rows["矫正对象重新犯罪率"].value.raw == "≤0.5%"
    # A frequency is annualised into a count; the original rhythm stays in the explanation.
    assert rows["矛盾纠纷排查次数"].value.raw == "≥12次"


def test_money_is_not_an_indicator_by_itself() -> None:
    money = [f for f in extract_facts(DESCRIPTION) if f.kind is FactKind.MONEY]
    assert money and indicator_from_fact(money[0], 2025) is None


def _names(text: str) -> dict[str, str]:
    return {i.name: i.value.raw for f in extract_facts(text) if (i := indicator_from_fact(f, 2025))}


def test_numbers_inside_quoted_slogans_are_not_targets() -> None:
    names = _names("坚持“四个全面”战略布局，服务“五个中心”建设，贯彻《十四五规划》，全年调解纠纷300件。")
    assert list(names.values()) == ["≥300件"]


def test_a_count_names_the_thing_after_its_measure_word() -> None:
    names = _names("根据工作需要聘用3名专职律师，购置8台执法记录仪以及2套档案柜，完成20个社区的走访。")
    assert names["聘用专职律师人数"] == "≥3名"
    assert names["购置执法记录仪数量"] == "≥8台"
    assert names["档案柜数量"] == "≥2套"
    assert names["社区走访数量"] == "≥20个"


def test_a_count_of_places_takes_the_action_done_there() -> None:
    assert _names("对12个街道进行安全检查。") == {"街道安全检查数量": "≥12个"}


def test_planning_phrases_and_the_particle_de_are_not_part_of_a_name() -> None:
    assert _names("根据年度计划安排组织不少于2场的党建活动。") == {"党建活动场次": "≥2场"}


def test_ordinals_years_and_month_ranges_are_not_counts() -> None:
    text = "第二批补助资金下达，为21年8月成立的中心配置设备，于11-12月完成评选。"
    assert [f for f in extract_facts(text) if f.kind is FactKind.COUNT] == []


def test_a_start_date_is_not_a_deadline() -> None:
    assert [f for f in extract_facts("本办法自2024年7月1日起施行。") if f.kind is FactKind.DEADLINE] == []


def test_a_rate_takes_the_quality_word_written_after_it() -> None:
    assert _names("抽检结果要求达到100%合格。") == {"抽检结果合格率": "=100%"}


def test_any_measure_word_per_period_is_a_frequency() -> None:
    facts = extract_facts("每个月进行一次设备巡检，每周制作2条短视频。")
    assert [(f.kind, f.number, f.unit) for f in facts] == [
        (FactKind.FREQUENCY, 1, "次/月"),
        (FactKind.FREQUENCY, 2, "条/周"),
    ]
    assert _names("每周制作2条短视频。") == {"制作短视频条数": "≥104条"}


def test_a_response_time_is_named_after_the_event_it_answers() -> None:
    assert _names("工程师在接到报修后4小时内到现场处理故障。") == {"报修响应时限": "≤4小时"}


def _one(description: str):
    (fact,) = extract_facts(description)
    return fact


def test_the_description_reader_uses_the_value_parsers_comparators() -> None:
    assert _one("调解成功率达到95%").comparator == "≥"
    # 不超过 was read as 超过 (>) before the reader shared values.py's longest-first table.
    assert _one("受理后不超过3个工作日内启动调解").comparator == "≤"
    assert _one("处置率不高于5%").comparator == "≤"
    assert _one("调解成功率>=95%").comparator == "≥"


def test_an_approximate_number_drafts_with_the_default_comparator() -> None:
    assert _one("计划服务约100人").comparator == "≥"  # a target states ≥/≤/=, never 约


def test_counts_in_other_sectors_measure_words() -> None:
    fact = _one("计划种植樟树300株")
    assert (fact.kind, fact.number, fact.unit) == (FactKind.COUNT, 300, "株")
    fact = _one("完成高标准农田建设5万亩")
    assert (fact.kind, fact.number, fact.unit) == (FactKind.COUNT, 5, "万亩")


def test_the_drafted_direction_of_a_rate_is_the_critics_polarity() -> None:
    def value(description: str) -> str:
        (fact,) = extract_facts(description)
        return indicator_from_fact(fact, 2025).value.raw

    assert value("投诉处理率达到95%") == "≥95%"  # handling complaints is wanted: not a ceiling
    assert value("服务差错率2%") == "≤2%"
    assert value("矫正对象重新犯罪率0.5%") == "≤0.5%"


def test_time_limits_and_frequencies_share_the_value_parsers_units() -> None:
    (limit,) = extract_facts("接到申请后3周内完成审核")
    assert (limit.kind, limit.number, limit.unit) == (FactKind.TIME_LIMIT, 3, "周")
    assert all(f.kind is not FactKind.TIME_LIMIT for f in extract_facts("派驻律师驻点2周"))  # a duration
    (weekly,) = extract_facts("每星期开展1次法治讲座")
    row = indicator_from_fact(weekly, 2025)
    assert (weekly.kind, row.value.raw) == (FactKind.FREQUENCY, "≥52次")
