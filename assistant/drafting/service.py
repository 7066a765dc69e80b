"""draft() and refine(): the drafting entry points the CLI and the UI call."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from assistant.critique import critique_sheet, default_hints
from assistant.drafting.cost import cost_indicator
from assistant.drafting.edits import apply_edit
from assistant.drafting.goal import annual_goal
from assistant.drafting.offline import IndicatorSource, draft_offline
from assistant.schema import Draft, DraftRequest, Sheet, ValueBasis


class Refinement(BaseModel):
    draft: Draft
    reply: str
    edited: bool  # True: an edit command was applied; False: re-drafted with the added information


def _recompute_costs(sheet: Sheet) -> Sheet:
    """Cost rows derived from the funds follow the quantity they were derived from."""
    rows = []
    for indicator in sheet.indicators:
        basis = indicator.provenance.basis if indicator.provenance else None
        if basis is ValueBasis.FUNDS and indicator.name != "项目总成本":
            fresh = cost_indicator(sheet.funds.total, [i for i in sheet.indicators if i is not indicator])
            indicator = fresh or indicator
        rows.append(indicator)
    return sheet.model_copy(update={"indicators": rows})


def default_source() -> IndicatorSource | None:
    """The retrieval index as a source of similar indicators (None until it is available)."""
    return None


def draft(
    request: DraftRequest,
    *,
    source: IndicatorSource | None = None,
    exclude_sheet_ids: Sequence[str] = (),
    use_corpus: bool = True,
) -> Draft:
    """Draft an indicator table for a project description (offline unless an LLM is configured)."""
    hints = default_hints() if use_corpus else None
    if source is None and use_corpus:
        source = default_source()
    return draft_offline(request, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids)


def refine(current: Draft, message: str, request: DraftRequest) -> Refinement:
    """Apply a follow-up message: an understood edit command, else re-draft with the added information."""
    message = message.strip()
    edit = apply_edit(current.sheet, message)
    hints = default_hints()
    if edit is not None:
        sheet = _recompute_costs(edit.sheet)
        if sheet.year:
            sheet = sheet.model_copy(
                update={"annual_goal": annual_goal(sheet.project_name, sheet.year, sheet.indicators)}
            )
        updated = current.model_copy(update={"sheet": sheet, "critique": critique_sheet(sheet, hints)})
        return Refinement(draft=updated, reply=edit.reply, edited=True)
    extended = request.model_copy(update={"description": f"{request.description}\n{message}"})
    redrafted = draft(extended)
    return Refinement(
        draft=redrafted,
        reply="已把这条补充信息加入项目描述并重新生成草稿。",
        edited=False,
    )
