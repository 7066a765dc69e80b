"""Critique a draft and repair it until no error-severity finding remains.

Rewrites suggested by the rule critic are applied when they are complete (no "＿" blank left for
a human); a row that cannot be repaired is dropped, and a category left empty is refilled with a
standard default. The loop is bounded: drafts converge in one or two rounds.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant import taxonomy as tx
from assistant.critique import critique_sheet
from assistant.critique.hints import Hints
from assistant.schema import Critique, Finding, Indicator, Provenance, Severity, Sheet

MAX_ROUNDS = 3


def apply_suggestion(indicator: Indicator, finding: Finding) -> Indicator | None:
    """The indicator after a finding's suggestion, or None when it should be dropped."""
    s = finding.suggestion
    if s is None or s.action == "delete" or not s.concrete:
        return None
    provenance = indicator.provenance or Provenance()
    note = f"已按审核规则 {finding.code} 修正"
    return s.apply(indicator).model_copy(
        update={
            "provenance": provenance.model_copy(
                update={"note": f"{provenance.note}；{note}" if provenance.note else note}
            )
        }
    )


def repair(
    sheet: Sheet,
    hints: Hints | None,
    refill: Callable[[str], Indicator],
    required: tuple[str, ...],
) -> tuple[Sheet, Critique]:
    """Apply the critic's rewrites to error findings until none is left (bounded rounds)."""
    critique = critique_sheet(sheet, hints)
    for _ in range(MAX_ROUNDS):
        errors = [
            f for f in critique.findings if f.severity is Severity.ERROR and f.indicator_index is not None
        ]
        if not errors:
            break
        indicators: list[Indicator | None] = list(sheet.indicators)
        for finding in errors:
            index = finding.indicator_index
            current = indicators[index] if index is not None and index < len(indicators) else None
            if index is None or current is None:
                continue
            indicators[index] = apply_suggestion(current, finding)
        kept = [i for i in indicators if i is not None]
        for level2 in required:
            if not any(
                i.level2 == level2 or (level2 in tx.BENEFIT_LEVEL2 and i.level2 in tx.BENEFIT_LEVEL2)
                for i in kept
            ):
                kept.append(refill(level2))
        sheet = sheet.model_copy(update={"indicators": kept})
        critique = critique_sheet(sheet, hints)
    return sheet, critique
