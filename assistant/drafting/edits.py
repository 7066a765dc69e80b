"""Follow-up messages a drafter types, understood offline as edits of the table.

Rows are named by their number in the table ("第3行", "第三条", "第3、5行") or by their name
("满意度", "调解成功率"). The commands:

- delete: "删除第3行", "把第3、5行删掉", "去掉立项依据充分性";
- change a value: "把第2行的指标值改为≥224次", "满意度改为≥95%", "培训人次调整为300" (the row's
  comparator and unit are kept when only a number is given), "第4行 100%";
- change a name: "把第2行的名称改为调解案件数", "调解成功率改名为调解协议达成率";
- move to another 二级: "把第5行移到质量指标", "第5行的二级指标改为时效指标";
- add: "增加一个关于检测抽样的数量指标" (a row of that 二级 about that thing), "增加一个成本指标",
  "增加指标 调解协议履行率 ≥95%" (a named row with its value).

`parse_edit` reads a message into an `Edit` (None when the message is not an edit command);
`apply_edit` applies it and says what was done in one Chinese line. An edit that names a row
the table does not have changes nothing and says why. Nothing here re-drafts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant import taxonomy as tx
from assistant.critique.hints import Hints
from assistant.critique.suggest import count_unit
from assistant.drafting.cost import cost_indicator
from assistant.drafting.defaults import default_for
from assistant.drafting.explain import explanation
from assistant.drafting.from_facts import count_name, rate_category
from assistant.drafting.naming import core_activity
from assistant.schema import Indicator, Provenance, Sheet, TargetValue, ValueBasis
from assistant.text import chinese_numeral, dice
from assistant.values import normalize_text

EditKind = Literal["delete", "value", "rename", "move", "add", "add_category"]

MIN_MATCH = 0.3  # a name target below this similarity names no row
STRONG_MATCH = 0.5  # a command without a verb ("满意度≥95%") needs a clear match

_NUM = r"(?:\d+|[一二两三四五六七八九十]+)"
# "第3行", "第3、5行", "第3和第5行", "第3至5行", "第3-5条"
_ROWS = re.compile(
    rf"^第(?P<list>{_NUM}(?:(?:、|,|和|及|与|至|到|-|~)第?{_NUM})*)(?:行|条|项|个|号)(?:的|指标)?"
)
_POLITE = re.compile(r"^(?:请|请你|请帮我|帮我|麻烦|麻烦你|能否|能不能|可以)?(?:把|将)?")
_TAIL = re.compile(r"(?:吧|吗|呢|一下|谢谢)?[。.！!？?]*$")

_DELETE_VERBS = r"(?:删除|删掉|删去|去掉|去除|移除|拿掉|不要)"
_DELETE_FIRST = re.compile(
    rf"^{_DELETE_VERBS}(?:一个|这个|该)?(?P<target>.+?)(?:这一?行|这项|这条)?(?:指标)?$"
)
_DELETE_LAST = re.compile(rf"^(?P<target>.+?){_DELETE_VERBS}(?:了)?$")
_RENAME = re.compile(
    r"^(?P<target>.+?)的?(?:指标名称|名称|名字|三级指标名称|三级指标)"
    r"(?:改为|改成|修改为|更改为|调整为|换成|变为|为)(?P<new>.+)$"
    r"|^(?P<target2>.+?)(?:改名为|改名成|更名为|重命名为|名称改为)(?P<new2>.+)$"
)
_MOVE = re.compile(
    r"^(?P<target>.+?)(?:移到|移至|移入|移动到|挪到|放到|放入|归入|归到|归为|调到|调整到|改到|改放到)"
    r"(?P<dest>.+?)(?:下面|下|中|里|之下|一类)?$"
    r"|^(?P<target2>.+?)的?(?:二级指标|二级|类别|分类|所属类别)(?:改为|改成|调整为|改到|换成)(?P<dest2>.+?)$"
)
_SET_VERBS = r"(?:改为|改成|修改为|更改为|调整为|调整到|调整至|设为|设置为|设成|提高到|提高至|降低到|降低至|降到|提到|变为|变成)"
_SET = re.compile(rf"^(?P<target>.+?)的?(?:指标值|目标值|年度指标值|数值|值)?{_SET_VERBS}(?P<value>.+)$")
# Without a verb: "第4行100%", "满意度≥95%", "第2行为≥224次", "事故0起".
_SET_BARE = re.compile(
    r"^(?P<target>.+?)(?:的?(?:指标值|目标值|值))?(?:为|是|=|:)?(?P<value>(?:[≥≤<>=≧≦约]|不低于|不少于|不高于|不超过|不大于|大于|小于)?\d.*)$"
)
_ADD_VERBS = r"(?:增加|添加|新增|补充|加上|加|再加|补上)"
_COUNT_WORD = r"(?:一个|一条|一项|一行|个|条|项|行)?"
_ADD_ABOUT = re.compile(
    rf"^{_ADD_VERBS}{_COUNT_WORD}(?:关于|有关|针对)(?P<about>.+?)的(?P<category>[^的]*?)(?:指标|方面的指标)?$"
)
_ADD_NAMED = re.compile(
    rf"^{_ADD_VERBS}{_COUNT_WORD}(?P<category>[^:：]{{0,8}}?)(?:指标)?[:：]?(?P<name>[^≥≤<>=≧≦\d:：]{{2,}}?)"
    r"(?P<value>(?:[≥≤<>=≧≦约]|不低于|不少于|不高于|不超过)?\d.*|\d{4}年.+前|全覆盖|无|是|0起)$"
)
_ADD_CATEGORY = re.compile(rf"^{_ADD_VERBS}{_COUNT_WORD}(?P<category>.+?)(?:指标|方面|一行)?$")

# Words for a 二级 in a request, most specific first ("社会效益" before "效益").
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("经济成本", tx.ECONOMIC_COST),
    ("社会成本", tx.SOCIAL_COST),
    ("生态环境成本", tx.ECO_COST),
    ("成本", tx.ECONOMIC_COST),
    ("数量", tx.QUANTITY),
    ("质量", tx.QUALITY),
    ("时效", tx.TIMELINESS),
    ("进度", tx.TIMELINESS),
    ("经济效益", tx.ECONOMIC_BENEFIT),
    ("社会效益", tx.SOCIAL_BENEFIT),
    ("生态效益", tx.ECO_BENEFIT),
    ("可持续", tx.SUSTAINABILITY),
    ("满意度", tx.SERVICE_SATISFACTION),
    ("满意", tx.SERVICE_SATISFACTION),
    ("效益", tx.SOCIAL_BENEFIT),
)
_WORD_PREFIXES = ("一个", "一条", "一项", "个", "条", "项", "的")
_PLAIN_VALUE = re.compile(r"^\d+(?:\.\d+)?$")
_LEAD_WORDS = {
    "不低于": "≥",
    "不少于": "≥",
    "大于": ">",
    "不高于": "≤",
    "不超过": "≤",
    "不大于": "≤",
    "小于": "<",
}


@dataclass(frozen=True)
class Edit:
    """One understood edit command (what to do, to which rows, with what)."""

    kind: EditKind
    rows: tuple[int, ...] = ()  # 0-based rows named by number
    target: str = ""  # the row named by its name, when no number was given
    value: str = ""  # the new value (kind "value"), or the added row's value
    name: str = ""  # the new name (kind "rename"), or the added row's name
    level2: str = ""  # the destination (kind "move") or the added row's 二级
    about: str = ""  # what an added row is about ("检测抽样")
    bare: bool = False  # said without a verb ("满意度≥95%"): an edit only if it names a row clearly


@dataclass(frozen=True)
class EditResult:
    sheet: Sheet
    reply: str  # what was done (or why nothing was), one Chinese line
    changed: bool = True
    removed: tuple[str, ...] = field(default=())  # names of rows deleted


# --- parsing -----------------------------------------------------------------------------------


def _cn_number(token: str) -> int | None:
    """ "3" → 3, "十二" → 12 (the kernel reads Chinese numerals); None for what is no numeral."""
    return int(token) if token.isdigit() else chinese_numeral(token)


def _row_numbers(text: str) -> tuple[tuple[int, ...], str] | None:
    """The rows a leading "第3行" / "第3、5行" / "第3至5行" names (0-based) and the rest of the text."""
    match = _ROWS.match(text)
    if not match:
        return None
    rows: list[int] = []
    for part in re.split(r"(?:、|,|和|及|与)", match.group("list")):
        read = [_cn_number(p) for p in re.split(r"(?:至|到|-|~)", part.replace("第", "")) if p]
        if any(b is None for b in read):
            return None  # "第几行": not a row number
        bounds = [b for b in read if b is not None]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 200:
            rows.extend(range(bounds[0], bounds[1] + 1))
        else:
            rows.extend(bounds)
    return tuple(dict.fromkeys(r - 1 for r in rows)), text[match.end() :]


def _clean(message: str) -> str:
    text = normalize_text(message or "")
    text = _TAIL.sub("", text)
    return _POLITE.sub("", text, count=1)


def level2_in(text: str) -> str | None:
    """The 二级 a phrase names ("质量指标", "社会效益", "满意度"), or None."""
    cleaned = text
    for prefix in _WORD_PREFIXES:
        cleaned = cleaned.removeprefix(prefix)
    if exact := tx.level2_of(cleaned) or tx.level2_of(f"{cleaned}指标"):
        return exact
    return next((l2 for word, l2 in _CATEGORY_WORDS if word in cleaned), None)


def _lead_comparator(value: str) -> str:
    for word, sign in _LEAD_WORDS.items():
        if value.startswith(word):
            return sign + value[len(word) :]
    return value.replace("≧", "≥").replace("≦", "≤")


def _target(text: str) -> tuple[tuple[int, ...], str]:
    """Rows named by number, else the name phrase."""
    text = text.strip("“”\"'「」『』 ")
    numbered = _row_numbers(text)
    if numbered is not None:
        rows, rest = numbered
        if not rest.strip("的指标"):
            return rows, ""
    return (), text.removesuffix("指标").strip("的") if text.endswith("指标") and len(text) > 4 else text


def parse_edit(message: str) -> Edit | None:
    """The edit command a message states, or None when it is not one."""
    text = _clean(message)
    if not text or len(text) > 120:
        return None

    if match := _ADD_ABOUT.match(text):
        about = match.group("about").strip()
        level2 = level2_in(match.group("category")) if match.group("category") else None
        return Edit(kind="add", level2=level2 or "", about=about)
    if match := _ADD_NAMED.match(text):
        level2 = level2_in(match.group("category")) if match.group("category") else None
        return Edit(
            kind="add",
            name=match.group("name").strip("的:："),
            value=_lead_comparator(match.group("value")),
            level2=level2 or "",
        )

    if match := _RENAME.match(text):
        rows, target = _target(match.group("target") or match.group("target2"))
        new = (match.group("new") or match.group("new2")).strip("“”\"'「」 ")
        if new and (rows or target):
            return Edit(kind="rename", rows=rows, target=target, name=new)

    if match := _MOVE.match(text):
        dest = match.group("dest") or match.group("dest2")
        level2 = level2_in(dest)
        if level2:
            rows, target = _target(match.group("target") or match.group("target2"))
            if rows or target:
                return Edit(kind="move", rows=rows, target=target, level2=level2)

    for pattern in (_DELETE_FIRST, _DELETE_LAST):
        if match := pattern.match(text):
            rows, target = _target(match.group("target"))
            if rows or target:
                return Edit(kind="delete", rows=rows, target=target)

    if match := _SET.match(text):
        rows, target = _target(match.group("target"))
        value = _lead_comparator(match.group("value"))
        if rows and not target and (level2 := tx.level2_of(value) or tx.level2_of(f"{value}指标")):
            return Edit(kind="move", rows=rows, level2=level2)  # "第5行改为质量指标"
        if rows or target:
            return Edit(kind="value", rows=rows, target=target, value=value)

    numbered = _row_numbers(text)
    if numbered is not None and numbered[1]:
        rows, rest = numbered
        rest = re.sub(r"^(?:的?(?:指标值|目标值|值))?(?:为|是|=|:)?", "", rest)
        if rest:
            return Edit(kind="value", rows=rows, value=_lead_comparator(rest))
    if match := _SET_BARE.match(text):
        return Edit(
            kind="value",
            target=match.group("target"),
            value=_lead_comparator(match.group("value")),
            bare=True,
        )

    if match := _ADD_CATEGORY.match(text):
        level2 = level2_in(match.group("category"))
        if level2:
            return Edit(kind="add_category", level2=level2)
    return None


# --- applying ----------------------------------------------------------------------------------


def _match_score(target: str, indicator: Indicator, unit: str | None) -> float:
    target = target.strip("“”\"' 的")
    score = dice(target, indicator.name)
    if target and target in indicator.name:
        score = max(score, 0.5 + 0.5 * len(target) / max(len(indicator.name), 1))
    if unit and indicator.value.unit == unit:
        score += 0.25
    return score


def best_match(target: str, indicators: list[Indicator], unit: str | None = None) -> tuple[int | None, float]:
    """The row a phrase like "案件数" means (name similarity, plus the unit of a new value)."""
    best, best_score = None, 0.0
    for index, indicator in enumerate(indicators):
        score = _match_score(target, indicator, unit)
        if score > best_score:
            best, best_score = index, score
    return (best, best_score) if best_score >= MIN_MATCH else (None, best_score)


def _user(indicator: Indicator, note: str) -> Indicator:
    return indicator.model_copy(
        update={
            "provenance": (indicator.provenance or Provenance()).model_copy(
                update={"basis": ValueBasis.USER, "needs_confirmation": False, "note": note}
            )
        }
    )


def written_value(old: TargetValue, new_raw: str) -> str:
    """The value as the user means it on this row: "1200" on a "≥4240件" row is "≥1200件"; a
    "≥" row set to 100% is "=100%" (≥100% promises more than everything, R10)."""
    new_raw = _lead_comparator(new_raw.strip().rstrip("。.！!"))
    parsed = TargetValue.parse(new_raw)
    if _PLAIN_VALUE.match(new_raw) and old.unit:
        new_raw = f"{new_raw}{old.unit}"
        parsed = TargetValue.parse(new_raw)
    if parsed.comparator is None and parsed.number is not None and old.comparator in ("≥", "≤", ">", "<"):
        new_raw = f"{old.comparator}{new_raw}"
        parsed = TargetValue.parse(new_raw)
    if parsed.unit == "%" and parsed.number == 100 and parsed.comparator in ("≥", ">"):
        new_raw = "=" + new_raw.lstrip("≥>")
    return new_raw


def renamed(indicator: Indicator, new_name: str) -> Indicator:
    """The row under a new name, its 指标解释 following: a generated one is written again for the new
    name, one that names the old name has the name replaced; other text is kept as it is."""
    old_name = indicator.name
    description = indicator.description
    if description:
        if description == explanation(indicator):
            description = explanation(indicator.model_copy(update={"name": new_name}))
        elif old_name and old_name in description:
            description = description.replace(old_name, new_name)
    return indicator.model_copy(update={"name": new_name, "description": description})


def _rows_text(rows: tuple[int, ...]) -> str:
    return "、".join(f"第{r + 1}行" for r in rows)


def _resolve(edit: Edit, indicators: list[Indicator], unit: str | None = None) -> tuple[tuple[int, ...], str]:
    """The 0-based rows an edit names, or () and the reason in Chinese."""
    if edit.rows:
        missing = [r for r in edit.rows if not 0 <= r < len(indicators)]
        if missing:
            return (
                (),
                f"表中共 {len(indicators)} 行，没有{_rows_text(tuple(missing))}；请按表格左侧的行号重新说明。",
            )
        return edit.rows, ""
    index, _ = best_match(edit.target, indicators, unit)
    if index is None:
        return (
            (),
            f"表中没有找到名为「{edit.target}」的指标；可以用行号，例如“删除第3行”“把第2行的指标值改为≥224次”。",
        )
    return (index,), ""


def insert_at(indicators: list[Indicator], added: Indicator) -> int:
    """Where a new row of a 二级 goes: after the last row of that 二级, else of its 一级, else at the end."""
    for same in (
        lambda i: i.level2 == added.level2 and i.level1 == added.level1,
        lambda i: i.level1 == added.level1,
    ):
        last = max((n for n, i in enumerate(indicators) if same(i)), default=None)
        if last is not None:
            return last + 1
    return len(indicators)


def _added_row(edit: Edit, sheet: Sheet, hints: Hints | None) -> tuple[Indicator, str]:
    """The row an "add" command describes, and where its value came from (for the reply)."""
    about = edit.about.strip()
    level2 = edit.level2
    if edit.name:  # named, with its value
        name, value = edit.name, edit.value
        if not level2:
            level2 = rate_category(name)[1] if "%" in value else tx.QUANTITY
        provenance = Provenance(basis=ValueBasis.USER, note="用户在对话中添加")
        return Indicator(
            level1=tx.parent_of(level2) or tx.OUTPUT,
            level2=level2,
            name=name,
            value=value,
            provenance=provenance,
        ), ""
    if not level2:
        level2 = rate_category(about)[1] if re.search(r"(率|度)$", about) else tx.QUANTITY
    name, family, fallback = _name_for(about, level2, sheet.year)
    value, basis, source = fallback, ValueBasis.DEFAULT, "标准默认值"
    if hints is not None and family:
        typical = hints.typical(name, level2, family)
        if typical is not None:
            value, basis, source = typical.render(), ValueBasis.SIMILAR, "参照语料中相似指标"
    provenance = Provenance(
        basis=basis, needs_confirmation=True, note=f"用户在对话中要求添加；数值为{source}"
    )
    return Indicator(
        level1=tx.parent_of(level2) or tx.OUTPUT, level2=level2, name=name, value=value, provenance=provenance
    ), source


def _name_for(about: str, level2: str, year: int | None) -> tuple[str, str | None, str]:
    """(name, unit family, default value) of a new row of one 二级 about a thing."""
    if level2 == tx.QUANTITY:
        unit = count_unit(about)
        return count_name(about, unit), "count", ""
    if level2 == tx.QUALITY:
        name = about if about.endswith("率") else f"{about}合格率"
        return name, "percent", "≥95%"
    if level2 == tx.TIMELINESS:
        deadline = f"{year}年12月31日前" if year else ""
        if re.search(r"(时限|周期)$", about):
            return about, "time", ""
        return (about if about.endswith("时间") else f"{about}完成时间"), None, deadline
    if level2 == tx.SERVICE_SATISFACTION:
        name = about if "满意" in about else f"{about}满意度"
        return name, "percent", "≥90%"
    if level2 in tx.COST_LEVEL2:
        return (about if about.endswith("成本") else f"{about}成本"), "money", ""
    name = about if re.search(r"(率|度|量|数)$", about) else f"{about}率"
    return name, "percent", ""


def apply_edit(sheet: Sheet, message: str, hints: Hints | None = None) -> EditResult | None:
    """Apply the edit a message states; None when the message is not an edit command."""
    edit = parse_edit(message)
    return None if edit is None else apply(sheet, edit, hints)


def apply(sheet: Sheet, edit: Edit, hints: Hints | None = None) -> EditResult | None:
    """Apply a parsed edit. None when a command without a verb names no row clearly (then it was
    probably not meant as an edit: "事故0起" with no such row)."""
    indicators = list(sheet.indicators)

    def done(reply: str, removed: tuple[str, ...] = ()) -> EditResult:
        return EditResult(sheet.model_copy(update={"indicators": indicators}), reply, True, removed)

    def refused(reply: str) -> EditResult:
        return EditResult(sheet, reply, False)

    if edit.kind == "add_category":
        return _add_category(sheet, edit.level2, hints)
    if edit.kind == "add":
        added, source = _added_row(edit, sheet, hints)
        at = insert_at(indicators, added)
        indicators.insert(at, added)
        shown = f"{added.name} {added.value.raw}".strip() if added.value.raw else added.name
        if not added.value.raw:
            return done(
                f"已在{added.level2}中增加第{at + 1}行「{shown}」，请填写指标值（例如“第{at + 1}行改为≥100次”）。"
            )
        confirm = f"（{source}，请确认）" if source else ""
        return done(f"已在{added.level2}中增加第{at + 1}行「{shown}」{confirm}。")

    unit = TargetValue.parse(edit.value).unit if edit.kind == "value" else None
    if edit.kind == "value" and not edit.rows:
        index, score = best_match(edit.target, indicators, unit)
        if edit.bare and (index is None or score < STRONG_MATCH + (0.25 if unit else 0.0)):
            return None
        if index is None:
            return refused(_resolve(edit, indicators, unit)[1])
        rows: tuple[int, ...] = (index,)
    else:
        rows, reason = _resolve(edit, indicators, unit)
        if not rows:
            return refused(reason)

    if edit.kind == "delete":
        removed = tuple(indicators[r].name for r in sorted(rows))
        for r in sorted(rows, reverse=True):
            indicators.pop(r)
        listed = "、".join(f"第{r + 1}行「{name}」" for r, name in zip(sorted(rows), removed, strict=True))
        return done(f"已删除{listed}。", removed)
    if len(rows) > 1:
        return refused("一次只能修改一行的指标值、名称或类别；删除可以一次多行，例如“删除第3、5行”。")
    (row,) = rows
    old = indicators[row]
    if edit.kind == "value":
        raw = written_value(old.value, edit.value)
        if raw == old.value.raw:
            return refused(f"第{row + 1}行「{old.name}」的指标值已经是 {raw}，没有改动。")
        indicators[row] = _user(old.model_copy(update={"value": TargetValue.parse(raw)}), "用户在对话中修改")
        return done(f"已将第{row + 1}行「{old.name}」的指标值由 {old.value.raw or '（空）'} 改为 {raw}。")
    if edit.kind == "rename":
        if edit.name == old.name:
            return refused(f"第{row + 1}行的名称已经是「{old.name}」，没有改动。")
        indicators[row] = _user(renamed(old, edit.name), "用户在对话中修改")
        return done(f"已将第{row + 1}行的名称由「{old.name}」改为「{edit.name}」。")
    # move
    level1 = tx.parent_of(edit.level2) or old.level1
    if (old.level1, old.level2) == (level1, edit.level2):
        return refused(f"第{row + 1}行「{old.name}」已经在 {level1}/{edit.level2} 中。")
    moved = old.model_copy(update={"level1": level1, "level2": edit.level2})
    del indicators[row]
    at = insert_at(indicators, moved)
    indicators.insert(at, _user(moved, "用户在对话中修改"))
    where = f"，现在是第{at + 1}行" if at != row else ""
    return done(f"已将「{old.name}」由 {old.level2} 移到 {level1}/{edit.level2}{where}。")


def _add_category(sheet: Sheet, level2: str, hints: Hints | None) -> EditResult:
    indicators = list(sheet.indicators)
    if level2 in tx.COST_LEVEL2:
        added = cost_indicator(sheet.funds.total, indicators)
        if added is not None and any(i.name == added.name for i in indicators):
            # A unit cost is there already: add the total ceiling as the second cost row.
            added = cost_indicator(sheet.funds.total, [])
        if added is None:
            return EditResult(
                sheet,
                "表中没有项目资金，无法测算成本指标；请先在“项目信息”中填写年度资金，或说“增加指标 单位成本 ≤200元/件”。",
                False,
            )
    else:
        added = default_for(level2, core_activity(sheet.project_name), sheet.year or date.today().year)
    at = insert_at(indicators, added)
    indicators.insert(at, added)
    return EditResult(
        sheet.model_copy(update={"indicators": indicators}),
        f"已在{added.level2}中增加第{at + 1}行「{added.name} {added.value.raw}」（{_basis(added)}，请确认数值）。",
    )


def _basis(indicator: Indicator) -> str:
    basis = indicator.provenance.basis if indicator.provenance else None
    return {ValueBasis.FUNDS: "由资金测算", ValueBasis.DEFAULT: "标准默认值"}.get(basis, "请确认")  # type: ignore[arg-type]
