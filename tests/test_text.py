"""Character n-grams and name keys: what the lexical index and de-duplication compare."""

from __future__ import annotations

from assistant.text import name_key, segment_ngrams


def test_ngrams_do_not_cross_punctuation() -> None:
    grams = segment_ngrams("数量（件）")
    assert "量件" not in grams
    assert {"数量", "数", "量", "件"} <= set(grams)


def test_full_width_and_half_width_text_give_the_same_ngrams() -> None:
    assert segment_ngrams("ＡＢ１２") == segment_ngrams("ab12")


def test_names_differing_only_in_spaces_and_punctuation_share_a_key() -> None:
    assert name_key("服务对象 满意度") == name_key("服务对象满意度。")
    assert name_key("服务对象满意度") != name_key("群众满意度")
