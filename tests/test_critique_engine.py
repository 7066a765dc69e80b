"""The engine as a whole: rule table, scores and grades, suggestions, hints, and the eval bars."""

from __future__ import annotations

import pytest

from assistant.corpus import write_jsonl
from assistant.critique import (
    CATEGORY_RULES,
    VALUE_FORM_RULES,
    CorpusHints,
    critique_sheet,
    default_hints,
    is_value_form,
    rule_table,
)
from assistant.critique.scoring import DIMENSION_WEIGHTS, grade_of
from assistant.schema import Dimension, Severity
from evals import critique as critique_eval
from evals.gold import load_gold
from tests.sheets import exemplary_sheet, make_sheet


def test_rule_table_has_every_check_of_the_standard_once():
    table = rule_table()
    standard = [r for r in table if r.code.startswith("R")]
    assert [r.code for r in standard] == [f"R{i:02d}" for i in (*range(1, 35), *range(40, 44))]
    assert [r.code for r in table if r.code.startswith("H")] == ["H01", "H02", "H03", "H04"]
    for r in standard:
        assert r.title and r.reference == f"STANDARD.md §2.2 {r.code}"
    for r in table:
        assert isinstance(r.dimension, Dimension) and isinstance(r.severity, Severity)
        assert callable(r.check)


def test_eval_rule_groups_are_registered_rules():
    codes = {r.code for r in rule_table()}
    assert codes >= VALUE_FORM_RULES and codes >= CATEGORY_RULES
    assert not VALUE_FORM_RULES & CATEGORY_RULES


def test_exemplary_sheet_has_no_errors_and_scores_at_least_90():
    critique = critique_sheet(exemplary_sheet())
    assert [f for f in critique.findings if f.severity is Severity.ERROR] == []
    assert critique.score >= 90 and critique.grade == "优"
    assert set(critique.sub_scores) == set(Dimension)


def test_worst_seed_sheets_fail():
    # The five seed sheets whose gold labels mark the largest share of values unmeasurable.
    def unmeasurable(gold):
        return sum(not i.measurable for i in gold.indicators) / len(gold.indicators)

    worst = sorted(load_gold(), key=unmeasurable, reverse=True)[:5]
    for gold in worst:
        critique = critique_sheet(gold.to_sheet())
        assert critique.score < 60 and critique.grade == "差", gold.row["project_name"]


def test_every_error_and_warning_over_the_gold_sheets_carries_a_suggestion():
    for gold in load_gold():
        for finding in critique_sheet(gold.to_sheet()).findings:
            if finding.severity in (Severity.ERROR, Severity.WARNING):
                assert finding.suggestion is not None and finding.suggestion.text.strip(), (gold.key, finding)


def test_findings_point_inside_the_sheet():
    for gold in load_gold():
        sheet = gold.to_sheet()
        for finding in critique_sheet(sheet).findings:
            assert finding.indicator_index is None or 0 <= finding.indicator_index < len(sheet.indicators)
            assert finding.indicator_index is not None or finding.field


def test_more_defects_never_raise_the_score():
    clean = critique_sheet(exemplary_sheet())
    worse = exemplary_sheet()
    worse.indicators[0].value = worse.indicators[0].value.parse("增加")
    assert critique_sheet(worse).score < clean.score


def test_an_empty_sheet_scores_zero():
    critique = critique_sheet(make_sheet([]))
    assert critique.score == 0 and critique.grade == "差"


@pytest.mark.parametrize(("score", "grade"), [(95, "优"), (90, "优"), (80, "良"), (65, "中"), (59.9, "差")])
def test_grades_follow_the_bands(score, grade):
    assert grade_of(score) == grade


def test_dimension_weights_sum_to_one():
    assert abs(sum(DIMENSION_WEIGHTS.values()) - 1) < 1e-9


def test_without_hints_numbers_stay_blank_and_the_critique_says_so():
    sheet = make_sheet([("产出指标", "时效指标", "纠纷受理响应及时性", "及时")])
    critique = critique_sheet(sheet)
    [finding] = [f for f in critique.findings if f.code == "R18"]
    assert finding.suggestion.value == "≤＿小时"
    assert any("语料库" in n for n in critique.notices)


def test_hints_propose_the_median_of_similar_past_indicators():
    past = [
        make_sheet([("产出指标", "时效指标", "纠纷受理响应时限", value)], project=f"调解项目{i}")
        for i, value in enumerate(["≤24小时", "≤48小时", "≤24小时"])
    ]
    hints = CorpusHints.from_sheets(past)
    sheet = make_sheet([("产出指标", "时效指标", "纠纷受理响应及时性", "及时")])
    [finding] = [f for f in critique_sheet(sheet, hints=hints).findings if f.code == "R18"]
    assert finding.suggestion.value == "≤24小时"
    assert "中位数" in finding.suggestion.text


def test_default_hints_come_from_the_corpus_file_when_it_exists(tmp_path, monkeypatch):
    path = tmp_path / "sheets.jsonl"
    monkeypatch.setenv("ASSISTANT_CORPUS", str(path))
    assert default_hints() is None
    write_jsonl([g.to_sheet() for g in load_gold()[7:12]], path)
    hints = default_hints()
    assert hints is not None and hints.similar("调解案件数", "数量指标")


def test_eval_meets_its_bars_on_every_set():
    metrics = critique_eval.run()
    assert set(metrics) == {*critique_eval.SETS, "realworld_errors"}
    for name in ("seeds", "realworld_loso"):
        assert metrics[name]["vague_f1"] >= critique_eval.VAGUE_F1_BAR, name
        assert metrics[name]["misplaced_f1"] >= critique_eval.MISPLACED_F1_BAR[name], name
    assert metrics["realworld_loso"]["better_level2_accuracy"] >= critique_eval.LEVEL2_BAR["realworld_loso"]


def test_the_precedence_tables_name_registered_rules_and_derive_the_eval_groups():
    from assistant.critique.precedence import CLAIMS, VAGUE_OWNERS

    codes = {r.code for r in rule_table()}
    owners = [o.code for o in VAGUE_OWNERS if o.code]
    assert set(owners) <= codes and len(owners) == len(set(owners))
    assert {row.code for row in CLAIMS} <= codes
    assert frozenset(owners) == VALUE_FORM_RULES
    assert frozenset(row.code for row in CLAIMS) == CATEGORY_RULES
    assert VAGUE_OWNERS[-1].code == "R07" and VAGUE_OWNERS[-1].when(None)  # every vague value has an owner


def test_each_vague_value_draws_one_value_form_finding():
    sheet = make_sheet(
        [
            ("产出指标", "时效指标", "工作完成及时性", "及时"),
            ("效益指标", "可持续影响指标", "长效管理机制", "健全"),
            ("产出指标", "质量指标", "服务质量", "良好"),
            ("效益指标", "社会效益指标", "群众法治意识", "提升"),
        ]
    )
    owners: dict[int, list[str]] = {}
    for f in critique_sheet(sheet).findings:
        if is_value_form(f):
            owners.setdefault(f.indicator_index, []).append(f.code)
    assert owners == {0: ["R18"], 1: ["R23"], 2: ["R13"], 3: ["R07"]}


def test_a_broken_corpus_line_is_named(tmp_path):
    import pytest as _pytest

    from assistant.corpus import load_corpus
    from assistant.ingest import IngestError

    corpus = tmp_path / "sheets.jsonl"
    corpus.write_text(make_sheet([]).model_dump_json() + '\n{"project_name": 3}\n', encoding="utf-8")
    with _pytest.raises(IngestError, match="第 2 行"):
        load_corpus(corpus)


def test_classifiers_trained_on_different_corpora_do_not_share_cached_row_decisions():
    # A row's facts and category claim are cached per row text and classifier name: re-indexing a
    # changed corpus must give a classifier of another name, the same corpus the same name.
    from assistant.critique.hints import CorpusHints

    sheets = [g.to_sheet() for g in load_gold()]
    first = CorpusHints.from_sheets(sheets[:20]).classifier()
    again = CorpusHints.from_sheets(sheets[:20]).classifier()
    other = CorpusHints.from_sheets(sheets[20:40]).classifier()
    assert first is not None and again is not None and other is not None
    assert first.name == again.name
    assert first.name != other.name
