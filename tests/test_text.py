"""The text kernel: normalisation, character n-grams, Dice and Chinese numerals, one implementation each."""

from __future__ import annotations

from assistant.text import chinese_numeral, cjk_bigrams, dice, name_key, padded_ngrams, segment_ngrams, squash


def test_ngrams_do_not_cross_punctuation() -> None:
    grams = segment_ngrams("数量（件）")
    assert "量件" not in grams
    assert {"数量", "数", "量", "件"} <= set(grams)


def test_full_width_and_half_width_text_give_the_same_ngrams() -> None:
    assert segment_ngrams("ＡＢ１２") == segment_ngrams("ab12")


def test_names_differing_only_in_spaces_and_punctuation_share_a_key() -> None:
    assert name_key("服务对象 满意度") == name_key("服务对象满意度。")
    assert name_key("服务对象满意度") != name_key("群众满意度")


def test_every_normaliser_folds_ascii_comparators_the_same_way() -> None:
    from assistant.values import normalize_text

    for raw in ("=>90%", ">=90%", "≥ 90 %", "≥９０％"):
        assert squash(raw) == normalize_text(raw) == "≥90%"
    assert squash("=<5天") == "≤5天"


def test_chinese_numerals() -> None:
    assert [chinese_numeral(t) for t in ("三", "两", "十", "十二", "二十", "二十三")] == [3, 2, 10, 12, 20, 23]
    assert chinese_numeral("十十") is None and chinese_numeral("一二十") is None and chinese_numeral("百") is None


def test_dice_is_bigram_overlap_without_punctuation() -> None:
    assert dice("服务对象满意度", "服务对象满意度。") == 1.0
    assert dice("调解成功率", "法律援助结案率") == 0.0
    assert 0 < dice("调解案件数", "调解案件数量") < 1


def test_padded_ngrams_mark_the_start_and_end() -> None:
    assert padded_ngrams("率", (1, 2)) == ["^", "率", "$", "^率", "率$"]


def test_cjk_bigrams_skip_digits_latin_and_punctuation() -> None:
    assert cjk_bigrams("调解4240件，AB培训") == frozenset({"调解", "培训"})
