"""The page's editable tables ↔ the sheet: what a table shows, and the sheet a table edit makes."""

from __future__ import annotations

from assistant.drafting.edits import renamed
from assistant.schema import Indicator, Provenance, Sheet, TargetValue, ValueBasis


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def sheet_from_rows(sheet: Sheet, rows: list[list[object]], *, mark_user: bool = True) -> tuple[Sheet, int]:
    """The sheet as the table now shows it, and how many rows changed.

    Unchanged rows keep their indicator (provenance included), wherever they moved; a changed row
    is matched to the row that was at its position (its 指标解释 following a new name) and, with
    `mark_user`, marked as the user's (the drafter's 依据 column says 用户修改); blank rows are dropped.
    """
    cleaned = [[_cell(c) for c in (list(row) + [""] * 4)[:4]] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    previous = sheet.indicators
    taken: set[int] = set()
    result: list[Indicator | None] = [None] * len(cleaned)

    def key(ind: Indicator) -> list[str]:
        return [ind.level1, ind.level2, ind.name, ind.value.raw]

    for i, row in enumerate(cleaned):
        j = next((j for j, ind in enumerate(previous) if j not in taken and key(ind) == row), None)
        if j is not None:
            taken.add(j)
            result[i] = previous[j]
    changed = 0
    for i, row in enumerate(cleaned):
        if result[i] is not None:
            continue
        changed += 1
        level1, level2, name, value = row
        fields = {"level1": level1, "level2": level2, "name": name, "value": TargetValue.parse(value)}
        if i < len(previous) and i not in taken:
            taken.add(i)
            base = previous[i]
            note = "用户在表格中修改"
            if name != base.name:
                base = renamed(base, name)  # its 指标解释 follows the new name
        else:
            base, note = None, "用户在表格中添加"
        provenance: Provenance | None = ((base.provenance if base else None) or Provenance()).model_copy(
            update={"basis": ValueBasis.USER, "needs_confirmation": False, "note": note}
        )
        if not mark_user:
            provenance = base.provenance if base else None
        result[i] = (
            base.model_copy(update={**fields, "provenance": provenance})
            if base
            else Indicator(**fields, provenance=provenance)
        )
    changed += len(previous) - len(taken)  # rows deleted from the table
    indicators = [ind for ind in result if ind is not None]
    return sheet.model_copy(update={"indicators": indicators}), changed
