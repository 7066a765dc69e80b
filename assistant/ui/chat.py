"""What the drafting chat makes of a message that is not an edit command.

The chat never re-drafts on its own (a re-draft would replace the user's rows): it says what it
understood and offers the options. Pure functions of the message and the sheet:

- `lacks_project_facts`: a first message with nothing to draft from ("做好今年的工作") → `FACTS_QUESTION`;
- `other_project`: a message that describes a (new) project while a draft is open → ask whether to
  start a new sheet;
- `proposed_rows`: the rows a message of new facts states ("另外全年开展法治宣传活动12场") → offer them;
- `is_yes` / `is_no` / `wants_redraft` / `wants_new_sheet`: short answers to the question asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant import taxonomy as tx
from assistant.drafting.facts import FactKind, extract_facts, funds_from_description
from assistant.drafting.from_facts import indicator_from_fact
from assistant.drafting.naming import project_name_from
from assistant.schema import Indicator, Provenance, Sheet, ValueBasis
from assistant.text import dice
from assistant.values import normalize_text

COMMANDS_HELP = (
    "可以这样修改：“删除第3行”“把第2行的指标值改为≥224次”“把第2行的名称改为……”"
    "“把第5行移到质量指标”“增加一个关于……的数量指标”，也可以直接改右侧表格。"
)
FACTS_QUESTION = (
    "要草拟一张可用的绩效目标表，还需要几项项目信息：\n"
    "1. 做什么：项目内容（例如“人民调解”“社区法律顾问服务”）；\n"
    "2. 为谁做：服务对象；\n"
    "3. 做多少：数量和资金（例如“全年调解纠纷1000件，资金120万元”）；\n"
    "4. 何时完成：完成时间或办理时限。\n"
    "可以用一两句话一起说明，例如：“本项目为……，为……提供……，全年……件，资金……万元，12月底前完成。”"
)

# Words that say nothing about a project: what is left after removing them decides whether a
# first message has any content to draft from.
_EMPTY_WORDS = re.compile(
    r"做好|搞好|抓好|干好|完成|开展|推进|落实|加强|提升|提高|实现|今年|明年|去年|本年度|年度|全年|本年|每年|各项|相关|有关|"
    r"工作|任务|项目|目标|绩效|指标|计划|经费|资金|预算|费用|一下|帮我|请你|请|写|做|编|填|一个|一份|一张|表格|表|好|吧|了|呢|啊|"
    r"我们|我|单位|部门|本|该|和|与|及|的|等|要|把|将|给|个"
)
_NON_WORD = re.compile(r"[\W\d_a-zA-Z]+")
_PROJECT_OPENING = re.compile(r"^(?:本项目|该项目|项目名称|项目)(?:[:：]|为|是|系)")
_YES = re.compile(
    r"^(?:是|是的|对|对的|好|好的|行|可以|确认|确定|同意|嗯|要|需要|加上|加吧|增加|添加|ok|yes|y)$"
)
_NO = re.compile(r"^(?:不|不用|不要|不必|否|取消|算了|先不|不需要|no|n)$")
_REDRAFT = re.compile(
    r"^(?:重新生成|重新起草|重新草拟|重新编制|重新做|重做|补充|作为补充|补充信息|加入描述|更新草稿)$"
)
_NEW_SHEET = re.compile(r"^(?:新建|新建一张|新建表|新表|新建一张表|开始新表|重新开始|新项目|另起一张)$")
_TRAILING = re.compile(r"[。.！!？?，,~～]+$")


@dataclass(frozen=True)
class Pending:
    """A question the chat asked, waiting for the user's answer."""

    kind: Literal["add_rows", "new_sheet", "redraft"]
    text: str  # the message it came from
    rows: tuple[Indicator, ...] = ()  # kind "add_rows": the rows offered


def _short_answer(message: str) -> str:
    return _TRAILING.sub("", normalize_text(message).lower())


def is_yes(message: str) -> bool:
    return bool(_YES.match(_short_answer(message)))


def is_no(message: str) -> bool:
    return bool(_NO.match(_short_answer(message)))


def wants_redraft(message: str) -> bool:
    return bool(_REDRAFT.match(_short_answer(message)))


def wants_new_sheet(message: str) -> bool:
    return bool(_NEW_SHEET.match(_short_answer(message)))


def lacks_project_facts(text: str) -> bool:
    """True for a description with nothing a sheet could be drafted from: no number, no activity."""
    if any(f.kind is not FactKind.MONEY and _content(f.subject) for f in extract_facts(text)):
        return False
    return not _content(text)


def _content(text: str) -> str:
    """What is left of a text without digits, punctuation and words that say nothing about a project."""
    content = _EMPTY_WORDS.sub("", _NON_WORD.sub("", text))
    return content if len(content) >= 2 else ""


def other_project(text: str, sheet: Sheet) -> tuple[str, bool] | None:
    """(the project's name, whether it is the project already open) when a message reads as a
    project description rather than a remark on the table; None otherwise."""
    normalized = normalize_text(text)
    if len(normalized) < 12:
        return None
    facts = [f for f in extract_facts(text) if f.kind is not FactKind.MONEY]
    opening = bool(_PROJECT_OPENING.match(normalized))
    funds = funds_from_description(text)
    if not (opening or (funds and facts) or len(facts) >= 3):
        return None
    name = project_name_from(text)
    same = dice(name, sheet.project_name) >= 0.6 or (not opening and funds == sheet.funds.total)
    return name, same


def new_project_question(name: str, same: bool) -> str:
    if same:
        return (
            f"这段话像是对当前项目「{name}」的重新描述。要按它重新生成草稿吗？\n"
            "· 回复“重新生成”：把这段话加入项目描述并重新生成草稿，保留您改过的行；\n"
            "· 回复“新建”：按这段话新建一张表（当前的表会被替换，需要的话请先下载）；\n"
            f"· 或者继续修改当前的表。{COMMANDS_HELP}"
        )
    return (
        f"这段话像是另一个项目（「{name}」）的描述。要为它新建一张表吗？\n"
        "· 回复“新建”：按这段话新建一张表（当前的表会被替换，需要的话请先下载）；\n"
        "· 回复“补充”：把它作为当前项目的补充信息重新生成草稿，保留您改过的行；\n"
        "· 或者继续修改当前的表。"
    )


def _zero_count(indicator: Indicator, subject: str, unit: str) -> Indicator:
    """ "事故0起" is a zero target ("安全事故发生数 0起"), not "≥0起"."""
    name = (
        subject
        if subject.endswith("数")
        else f"{subject}数"
        if subject.endswith("发生")
        else f"{subject}发生数"
    )
    return indicator.model_copy(
        update={
            "level1": tx.OUTPUT,
            "level2": tx.QUALITY,
            "name": name,
            "value": indicator.value.parse(f"0{unit}"),
        }
    )


def proposed_rows(text: str, sheet: Sheet) -> list[Indicator]:
    """The rows the facts of a message state, leaving out rows the table already has."""
    year = sheet.year or 0
    rows: list[Indicator] = []
    names = {i.name for i in sheet.indicators}
    for fact in extract_facts(text):
        if len(fact.subject) < 2 or re.match(r"^(增加|添加|新增|删除|把|将|改)", fact.subject):
            continue
        indicator = indicator_from_fact(fact, year) if year else None
        if indicator is None:
            continue
        if fact.kind is FactKind.COUNT and fact.number == 0:
            indicator = _zero_count(indicator, fact.subject, fact.unit)
        if indicator.name in names or any(dice(indicator.name, r.name) >= 0.8 for r in rows):
            continue
        provenance = Provenance(basis=ValueBasis.USER, note="用户在对话中添加")
        rows.append(indicator.model_copy(update={"provenance": provenance}))
    return rows


def proposal_reply(rows: list[Indicator]) -> str:
    listed = "、".join(f"「{r.name} {r.value.raw}」（{r.level2}）" for r in rows)
    return (
        f"这条消息不是修改命令。我从中读到：{listed}。\n"
        "· 回复“是”：把它们加入表格；\n"
        "· 回复“重新生成”：把这条信息加入项目描述并重新生成草稿，保留您改过的行；\n"
        f"· {COMMANDS_HELP}"
    )


def not_understood_reply(text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    return (
        f"我没有看出“{shown}”要怎样修改表格，表格没有改动。\n"
        "· 回复“重新生成”：把这条信息加入项目描述并重新生成草稿，保留您改过的行；\n"
        f"· {COMMANDS_HELP}"
    )
