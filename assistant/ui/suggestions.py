"""Apply a critique Suggestion to a sheet: the one-click "采纳建议" of the review tab.

A suggestion is applied literally: "delete" removes the row it points at; "add" appends a row;
"rewrite"/"move"/"fill" on a row set whichever of level1/level2/name/value it gives (a rate without
an 指标解释 gets the drafter's formula and data source). Suggestions
that are advice in words only (e.g. "补写指标解释"), or that still hold a blank "＿" to fill in,
are not one-click: the user edits the sheet by hand.
"""

from __future__ import annotations

from assistant.drafting.explain import explanation, with_explanation
from assistant.schema import Finding, Indicator, Provenance, Sheet, TargetValue, ValueBasis


class NotApplicable(ValueError):
    """The suggestion cannot be applied with one click; str() says why, in Chinese."""


def applicable(finding: Finding, sheet: Sheet) -> bool:
    return why_not(finding, sheet) is None


def why_not(finding: Finding, sheet: Sheet) -> str | None:
    """None when the suggestion can be applied; else the reason, in Chinese."""
    s = finding.suggestion
    if s is None:
        return "这条问题没有可直接采纳的改写"
    index = finding.indicator_index
    fields = (s.level1, s.level2, s.name, s.value)
    if not s.concrete:
        return "建议中有需要您补充的数值（＿），请手工修改"
    if s.action == "add":
        return None if s.name else "建议只说明了方向，请手工补充指标"
    if index is None or not 0 <= index < len(sheet.indicators):
        return "这条建议针对整张表，请手工修改"
    if s.action == "delete":
        return None
    if not any(fields):
        return "建议只说明了方向，请手工修改"
    return None


def apply_suggestion(sheet: Sheet, finding: Finding) -> tuple[Sheet, str]:
    """The sheet with the finding's suggestion applied, and what was done in one Chinese sentence."""
    if reason := why_not(finding, sheet):
        raise NotApplicable(reason)
    s = finding.suggestion
    assert s is not None  # why_not() checked it
    indicators = list(sheet.indicators)
    if s.action == "add":
        added = Indicator(
            level1=s.level1 or "",
            level2=s.level2 or "",
            name=s.name or "",
            value=TargetValue.parse(s.value or ""),
            provenance=Provenance(basis=ValueBasis.USER, note="采纳审核建议添加"),
        )
        added = with_formula(added)
        indicators.append(added)
        done = f"已增加指标「{added.name} {added.value.raw}」。".replace(" 」", "」")
    else:
        index = finding.indicator_index
        assert index is not None
        old = indicators[index]
        if s.action == "delete":
            indicators.pop(index)
            done = f"已删除第{index + 1}行「{old.name}」。"
        else:
            new = with_formula(s.apply(old))
            indicators[index] = new
            done = f"已修改第{index + 1}行：{_describe(old, new)}。"
    return sheet.model_copy(update={"indicators": indicators}), done


def with_formula(indicator: Indicator) -> Indicator:
    """A rate a rewrite produced comes with its 指标解释 (formula and data source), as a drafted rate
    does: without it the critic asks for one (R29) on the row the user just fixed."""
    if indicator.value.unit != "%":
        return indicator
    if not indicator.description:
        return with_explanation(indicator)
    formula = explanation(indicator)
    if formula and "计算公式" not in indicator.description:  # the sheet's own text stays, first
        return indicator.model_copy(
            update={"description": f"{indicator.description.rstrip('。；;')}；{formula}"}
        )
    return indicator


def _describe(old: Indicator, new: Indicator) -> str:
    changes = []
    if (old.level1, old.level2) != (new.level1, new.level2):
        changes.append(f"类别改为「{new.level1}/{new.level2}」")
    if old.name != new.name:
        changes.append(f"名称改为「{new.name}」")
    if old.value.raw != new.value.raw:
        changes.append(f"指标值改为「{new.value.raw}」")
    return "，".join(changes) or "内容不变"
