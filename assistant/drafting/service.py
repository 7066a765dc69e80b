"""draft() and refine(): the drafting entry points the CLI and the UI call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from assistant.config import LLMSettings, llm_settings
from assistant.critique import critique_sheet, default_hints
from assistant.critique.hints import Hints
from assistant.drafting.cost import cost_indicator
from assistant.drafting.edits import apply_edit
from assistant.drafting.goal import annual_goal
from assistant.drafting.offline import IndicatorSource, draft_offline
from assistant.retrieval.models import Method
from assistant.schema import Draft, DraftRequest, Sheet, ValueBasis

# Retrieval methods the drafter uses (see evals/draft.py for the measured choice).
DRAFT_METHODS: tuple[Method, ...] = ("lexical",)


class Refinement(BaseModel):
    draft: Draft
    reply: str
    edited: bool  # True: an edit command was applied; False: re-drafted with the added information


def revise(current: Draft, sheet: Sheet, *, hints: Hints | None = None) -> Draft:
    """A draft after its table changed (an edit command or cells edited by hand).

    Cost rows derived from the funds follow the quantity they came from; a generated 年度目标
    follows the table (a goal someone wrote by hand is left alone); the critique is redone.
    """
    sheet = _recompute_costs(sheet)
    before = current.sheet
    generated = before.year and before.annual_goal == annual_goal(
        before.project_name, before.year, before.indicators
    )
    if generated and sheet.year:
        sheet = sheet.model_copy(
            update={"annual_goal": annual_goal(sheet.project_name, sheet.year, sheet.indicators)}
        )
    return current.model_copy(
        update={"sheet": sheet, "critique": critique_sheet(sheet, hints or default_hints())}
    )


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
    """The retrieval index over the corpus as the source of similar indicators (None without a corpus)."""
    from assistant.drafting.retrieval_source import retrieval_source

    return retrieval_source(DRAFT_METHODS)


def draft(
    request: DraftRequest,
    *,
    source: IndicatorSource | None = None,
    exclude_sheet_ids: Sequence[str] = (),
    use_corpus: bool = True,
    backend: Literal["auto", "offline", "llm"] = "auto",
    settings: LLMSettings | None = None,
    hints: Hints | None = None,
) -> Draft:
    """Draft an indicator table for a project description.

    `auto`: the LLM drafter when an endpoint is configured, else offline; an LLM failure (time-out,
    HTTP error, invalid output after re-asks) falls back to the offline draft with a visible notice.
    """
    if hints is None and use_corpus:
        hints = default_hints()
    if source is None and use_corpus:
        source = default_source()
    settings = settings or llm_settings()
    if backend == "llm" or (backend == "auto" and settings.configured):
        # Imported here: langchain costs ~2 s of start-up that the offline path never pays.
        from assistant.drafting.llm_drafter import draft_with_llm
        from assistant.llm.errors import LLMError

        try:
            return draft_with_llm(
                request, settings, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids
            )
        except LLMError as exc:
            offline = draft_offline(request, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids)
            offline.notices.insert(0, f"大模型不可用：{exc.notice()}")
            return offline
    offline = draft_offline(request, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids)
    if backend == "auto":
        offline.notices.insert(0, "离线草稿（未配置大模型）")
    return offline


def refine(current: Draft, message: str, request: DraftRequest) -> Refinement:
    """Apply a follow-up message: an understood edit command, else re-draft with the added information."""
    message = message.strip()
    edit = apply_edit(current.sheet, message)
    hints = default_hints()
    if edit is not None:
        return Refinement(draft=revise(current, edit.sheet, hints=hints), reply=edit.reply, edited=True)
    extended = request.model_copy(update={"description": f"{request.description}\n{message}"})
    redrafted = draft(extended)
    return Refinement(
        draft=redrafted,
        reply="已把这条补充信息加入项目描述并重新生成草稿。",
        edited=False,
    )
