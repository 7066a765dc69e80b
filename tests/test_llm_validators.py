"""require_chinese: the wrong-language check that callers pass to structured_call."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from assistant.llm.validators import chinese_share, require_chinese


class Item(BaseModel):
    name: str
    value: str = ""


class Table(BaseModel):
    goal: str
    items: list[Item]


def test_chinese_text_passes_and_english_fails() -> None:
    check = require_chinese("goal", "items.name")
    ok = Table(goal="完成培训", items=[Item(name="PM2.5浓度"), Item(name="APP下载量")])
    assert check(ok) is None
    bad = Table(goal="完成培训", items=[Item(name="培训人次"), Item(name="Number of trainees")])
    problem = check(bad)
    assert problem and "items[1].name" in problem and "Number of trainees" in problem


def test_text_without_letters_and_empty_text_pass() -> None:
    check = require_chinese("items.value", "items.name")
    assert check(Table(goal="", items=[Item(name="≥95%", value="2025")])) is None


def test_mostly_latin_text_with_a_token_chinese_character_fails() -> None:
    assert require_chinese("name")(Item(name="The number of 人 trained this year")) is not None
    assert chinese_share("培训ab") == pytest.approx(0.5)


def test_an_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        require_chinese("nmae")(Item(name="培训"))
    with pytest.raises(ValueError):
        require_chinese()
