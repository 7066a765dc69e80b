"""Follow-up messages a drafter types, understood offline: a small set of edit commands.

- "满意度改为≥90%" / "案件数改为1200件" / "把培训场次调整为15场": set the value of the best-matching row;
- "删除立项依据充分性" / "去掉…": remove the best-matching row;
- "增加一个成本指标" / "增加质量指标": add a row of that category (derived or default);
- "增加指标 调解协议履行率 ≥95%": add a named row with its value.
Anything else is not an edit: the caller re-drafts with the message added to the description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import taxonomy as tx
from assistant.drafting.cost import cost_indicator
from assistant.drafting.defaults import default_for
from assistant.drafting.from_facts import rate_category
from assistant.drafting.naming import core_activity
from assistant.schema import Indicator, Provenance, Sheet, TargetValue, ValueBasis
from assistant.text import dice
from assistant.values import normalize_text

_SET = re.compile(
    r"^(?:把|将)?(?P<target>.+?)(?:的?指标值)?(?:改为|改成|调整为|调整到|设为|设置为|修改为|提高到|降低到|=|为)(?P<value>.+)$"
)
_DELETE = re.compile(r"^(?:请)?(?:删除|删掉|去掉|去除|移除)(?:一个|这个)?(?P<target>.+?)(?:指标)?$")
_ADD_CATEGORY = re.compile(
    r"^(?:请)?(?:增加|添加|新增|补充|加)(?:一个|一条|一项)?(?P<category>.+?)(?:指标)?$"
)
_ADD_NAMED = re.compile(
    r"^(?:请)?(?:增加|添加|新增|补充|加)(?:一个|一条|一项)?指标[:：\s]*(?P<name>[^≥≤<>=\d]+?)\s*(?P<value>[≥≤<>=].+|\d.+)$"
)
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("成本", tx.ECONOMIC_COST),
    ("数量", tx.QUANTITY),
    ("质量", tx.QUALITY),
    ("时效", tx.TIMELINESS),
    ("进度", tx.TIMELINESS),
    ("经济效益", tx.ECONOMIC_BENEFIT),
    ("社会效益", tx.SOCIAL_BENEFIT),
    ("生态效益", tx.ECO_BENEFIT),
    ("可持续", tx.SUSTAINABILITY),
    ("效益", tx.SOCIAL_BENEFIT),
    ("满意度", tx.SERVICE_SATISFACTION),
)
MIN_MATCH = 0.3


@dataclass(frozen=True)
class EditResult:
    sheet: Sheet
    reply: str  # what was done, in Chinese, for the chat


def _best_match(target: str, indicators: list[Indicator], unit: str | None = None) -> int | None:
    """The row a phrase like "案件数" means: name similarity, plus the unit of the new value."""
    target = target.strip("“”\"' 的")
    best, best_score = None, 0.0
    for index, indicator in enumerate(indicators):
        score = dice(target, indicator.name)
        if target and target in indicator.name:
            score = max(score, 0.5 + 0.5 * len(target) / max(len(indicator.name), 1))
        if unit and indicator.value.unit == unit:
            score += 0.25
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= MIN_MATCH else None


def _with_comparator(old: TargetValue, new_raw: str) -> str:
    """ "1200件" for a row that was "≥4240件" becomes "≥1200件": keep the row's comparator."""
    new_raw = new_raw.strip().rstrip("。.！!")
    parsed = TargetValue.parse(new_raw)
    if parsed.comparator is None and parsed.number is not None and old.comparator in ("≥", "≤", ">", "<"):
        return f"{old.comparator}{new_raw}"
    return new_raw


def _user(indicator: Indicator, note: str) -> Indicator:
    return indicator.model_copy(
        update={
            "provenance": (indicator.provenance or Provenance()).model_copy(
                update={"basis": ValueBasis.USER, "needs_confirmation": False, "note": note}
            )
        }
    )


def apply_edit(sheet: Sheet, message: str) -> EditResult | None:
    """Apply one understood edit command; None when the message is not one."""
    text = normalize_text(message).strip("。.！!")
    indicators = list(sheet.indicators)

    if match := _ADD_NAMED.match(text):
        name, value = match.group("name").strip(), match.group("value").strip()
        level1, level2 = rate_category(name) if "%" in value else (tx.OUTPUT, tx.QUANTITY)
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                value=value,
                provenance=Provenance(basis=ValueBasis.USER, note="用户在对话中添加"),
            )
        )
        return EditResult(
            sheet.model_copy(update={"indicators": indicators}), f"已增加指标「{name} {value}」（{level2}）。"
        )

    if match := _SET.match(text):
        index = _best_match(match.group("target"), indicators, TargetValue.parse(match.group("value")).unit)
        if index is not None:
            old = indicators[index]
            raw = _with_comparator(old.value, match.group("value"))
            indicators[index] = _user(
                old.model_copy(update={"value": TargetValue.parse(raw)}), "用户在对话中修改"
            )
            return EditResult(
                sheet.model_copy(update={"indicators": indicators}),
                f"已将「{old.name}」的指标值由 {old.value.raw} 改为 {raw}。",
            )

    if match := _DELETE.match(text):
        index = _best_match(match.group("target"), indicators)
        if index is not None:
            removed = indicators.pop(index)
            return EditResult(
                sheet.model_copy(update={"indicators": indicators}), f"已删除指标「{removed.name}」。"
            )

    if match := _ADD_CATEGORY.match(text):
        category = match.group("category")
        wanted = next((l2 for word, l2 in _CATEGORY_WORDS if word in category), None)
        if wanted is not None:
            level2 = wanted
            added = None
            if level2 == tx.ECONOMIC_COST:
                added = cost_indicator(sheet.funds.total, indicators)
                if added is not None and any(i.name == added.name for i in indicators):
                    # A unit cost is there already: add the total ceiling as the second cost row.
                    added = cost_indicator(sheet.funds.total, [])
                if added is None:
                    return EditResult(
                        sheet, "表中没有项目资金，无法测算成本指标；请先告诉我年度资金，例如“资金为120万元”。"
                    )
            else:
                added = default_for(level2, core_activity(sheet.project_name), sheet.year or 2025)
            indicators.append(added)
            return EditResult(
                sheet.model_copy(update={"indicators": indicators}),
                f"已增加{level2}「{added.name} {added.value.raw}」，请确认数值。",
            )
    return None
