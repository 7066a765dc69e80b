"""draft(), edit(), redraft() and refine(): the drafting entry points the CLI and the UI call."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from assistant.config import LLMSettings, llm_settings
from assistant.critique import critique_sheet, default_hints
from assistant.critique.hints import Hints
from assistant.drafting.cost import cost_indicator
from assistant.drafting.edits import apply_edit, insert_at
from assistant.drafting.goal import annual_goal
from assistant.drafting.offline import IndicatorSource, draft_offline
from assistant.export.written import tidy_sheet
from assistant.retrieval.models import Method
from assistant.schema import Draft, DraftRequest, Indicator, Sheet, ValueBasis
from assistant.text import dice

# Retrieval methods the drafter uses (see evals/draft.py for the measured choice).
DRAFT_METHODS: tuple[Method, ...] = ("lexical",)


class Refinement(BaseModel):
    draft: Draft
    reply: str
    edited: bool  # True: an edit command changed the table; False: nothing changed, or re-drafted
    removed: tuple[str, ...] = ()  # names of rows the edit deleted


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
            return as_written(
                draft_with_llm(
                    request, settings, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids
                ),
                hints,
            )
        except LLMError as exc:
            offline = draft_offline(request, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids)
            offline.notices.insert(0, f"大模型不可用：{exc.notice()}")
            return as_written(offline, hints)
    offline = draft_offline(request, source=source, hints=hints, exclude_sheet_ids=exclude_sheet_ids)
    if backend == "auto":
        offline.notices.insert(0, "离线草稿（未配置大模型）")
    return as_written(offline, hints)


def as_written(result: Draft, hints: Hints | None) -> Draft:
    """The draft with the values it borrowed in the form people write them (≥85%, not ≥85.00(%))."""
    sheet = tidy_sheet(result.sheet)
    if sheet is result.sheet:
        return result
    return revise(result, sheet, hints=hints)  # the generated 年度目标 quotes the values too


def edit(current: Draft, message: str, *, hints: Hints | None = None) -> Refinement | None:
    """Apply a follow-up message that is an edit command (see drafting/edits.py); None when it is not.

    A command that names a row the table does not have changes nothing (`edited` False, the reply
    says why).
    """
    result = apply_edit(current.sheet, message.strip(), hints)
    if result is None:
        return None
    if not result.changed:
        return Refinement(draft=current, reply=result.reply, edited=False, removed=())
    return Refinement(
        draft=revise(current, result.sheet, hints=hints),
        reply=result.reply,
        edited=True,
        removed=result.removed,
    )


@dataclass(frozen=True)
class DraftOptions:
    """How a draft was made (the arguments of `draft()` besides the request): a re-draft of it uses
    the same ones, so a draft made without the corpus, or with another source, stays that way."""

    source: IndicatorSource | None = None
    exclude_sheet_ids: Sequence[str] = ()
    use_corpus: bool = True
    backend: Literal["auto", "offline", "llm"] = "auto"
    settings: LLMSettings | None = None
    hints: Hints | None = None

    def critic_hints(self) -> Hints | None:
        return self.hints if self.hints is not None or not self.use_corpus else default_hints()

    def draft(self, request: DraftRequest) -> Draft:
        return draft(
            request,
            source=self.source,
            exclude_sheet_ids=self.exclude_sheet_ids,
            use_corpus=self.use_corpus,
            backend=self.backend,
            settings=self.settings,
            hints=self.critic_hints(),
        )


def redraft(
    current: Draft,
    request: DraftRequest,
    extra: str = "",
    *,
    removed: Sequence[str] = (),
    options: DraftOptions | None = None,
) -> Draft:
    """Draft again with `extra` added to the description, keeping what the user set.

    Rows the user wrote or changed (basis USER) stay, in place of the re-drafted row of the same
    name (or a near-same name in the same 二级); rows the user deleted (`removed`) do not come back.
    `options` are the ones the first draft was made with.
    """
    options = options or DraftOptions()
    description = f"{request.description}\n{extra.strip()}" if extra.strip() else request.description
    extended = request.model_copy(update={"description": description[:MAX_DESCRIPTION]})
    fresh = options.draft(extended)
    kept = keep_user_rows(fresh.sheet, current.sheet.indicators, removed)
    return revise(fresh, kept, hints=options.critic_hints())


MAX_DESCRIPTION = 20000
SAME_ROW = 0.6  # char-bigram Dice above which a re-drafted row is the one the user edited


def keep_user_rows(fresh: Sheet, previous: Sequence[Indicator], removed: Sequence[str] = ()) -> Sheet:
    """`fresh` with the user's rows of `previous` put back and the rows the user deleted left out."""
    mine = [i for i in previous if i.provenance is not None and i.provenance.basis is ValueBasis.USER]
    fresh_count = Counter(i.level2 for i in fresh.indicators)
    previous_count = Counter(i.level2 for i in previous)

    def same(a: Indicator, b: Indicator) -> bool:
        if a.name == b.name:
            return True
        if a.level2 != b.level2:
            return False
        # The one row of its 二级 before and after (e.g. the satisfaction row the user edited), or a
        # near-same name: the re-drafted row is the one the user already set.
        return (fresh_count[a.level2] == 1 and previous_count[b.level2] == 1) or dice(a.name, b.name) >= SAME_ROW

    rows: list[Indicator] = []
    placed: set[int] = set()
    for indicator in fresh.indicators:
        if any(indicator.name == name or dice(indicator.name, name) >= 0.8 for name in removed):
            continue
        match = next((k for k, m in enumerate(mine) if k not in placed and same(indicator, m)), None)
        if match is not None:
            placed.add(match)
            rows.append(mine[match])
        else:
            rows.append(indicator)
    for k, indicator in enumerate(mine):
        if k not in placed:
            rows.insert(insert_at(rows, indicator), indicator)
    return fresh.model_copy(update={"indicators": rows})


def refine(
    current: Draft,
    message: str,
    request: DraftRequest,
    *,
    removed: Sequence[str] = (),
    options: DraftOptions | None = None,
) -> Refinement:
    """A follow-up message: an understood edit command, else a re-draft with the message added to the
    description (the user's rows kept). Pass the options the draft was made with.

    The chat of the UI does not re-draft on its own: it asks first (assistant/ui/chat.py).
    """
    options = options or DraftOptions()
    message = message.strip()
    edited = edit(current, message, hints=options.critic_hints())
    if edited is not None:
        return edited
    redrafted = redraft(current, request, message, removed=removed, options=options)
    return Refinement(draft=redrafted, reply="已把这条补充信息加入项目描述并重新生成草稿。", edited=False)
