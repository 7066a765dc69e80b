"""Similar past indicators for the drafter, from the retrieval index: only from past sheets of the
project's own sector that are similar enough, each row checked for relevance and adapted to this
project's object.

1. Which sheets may lend rows: the corpus sheets tagged (knowledge.tag_sheet, from each sheet's name,
   units, goals and indicator names) with the project's sector, whose text is at least SIMILAR_SHEET
   alike the project's (knowledge.relevance.similarity; the threshold was measured, see evals/draft.py
   and the README). A project of a sector the corpus does not hold borrows nothing: the drafter then
   says so and drafts from the type library.
2. Which of their rows: measurable rows the rule critic has nothing to say about (or that its complete
   rewrites repair), that belong to this project (knowledge.relevance.judge, the function the critic's
   relevance rules use; a row about its own project's things is not borrowed), and that name no other
   unit's place. A row its critic would file under another 二级 (even as a weak, info-level hint) is
   moved there first and judged in its new place; a row the search shows that cannot be used is
   taken as a sibling lending sheet writes the same indicator, when one does so usably.
3. Adapted: the past project's object in a row's name becomes this project's ("人民调解案件数" for a
   矛盾纠纷调解 project → 矛盾纠纷调解案件数).
The critique of each source sheet is computed once and cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.critique import critique_sheet, is_category
from assistant.critique.hints import Hints
from assistant.domain import is_measurable
from assistant.drafting.places import CorpusPlaces
from assistant.drafting.profile import ProjectProfile, profile_of, project_object_of
from assistant.drafting.repair import apply_suggestion
from assistant.knowledge import ProjectText, SheetTags, tag_sheet
from assistant.knowledge.classify import norm
from assistant.knowledge.relevance import ProjectScope, Verdict, judge, similarity
from assistant.retrieval import get_index
from assistant.retrieval.lock import IndexBusy
from assistant.retrieval.models import Method, SearchHit
from assistant.retrieval.similar import SimilarIndicators
from assistant.schema import (
    BLANK,
    Critique,
    Finding,
    Indicator,
    Provenance,
    Severity,
    Sheet,
    Suggestion,
    TargetValue,
    ValueBasis,
)
from assistant.text import dice, squash
from assistant.values import ValueKind, number_text, unit_family

# A candidate row is learnt from only when the critic has nothing to say about it, except these
# findings, which concern the sheet's paperwork rather than the row's content: R29 (no formula in
# 指标解释), R28 (no history to compare with).
TOLERATED = frozenset({"R28", "R29"})
MAX_HINTS = 64  # distinct hints objects cached at once (one in production; one per held-out sheet in evals)
MAX_NAME = 20  # R31's default: longer names are sentences, not indicator names
# Seconds a draft waits for another process building the index before drafting without it.
INDEX_WAIT = 15.0
# How alike (knowledge.relevance.similarity) a past sheet's name and goals must be to the project's
# name and description before its rows are borrowed. Measured by `python -m evals draft --sweep`
# (leave-one-out over seeds and realworld; README "Drafting"): recall on both sets is flat from 0.02
# to 0.06 and falls above it, cross-sector rows are 0 at every value (the sector filter sees to that).
SIMILAR_SHEET = 0.04
# A row that shares no word with this project (knowledge.relevance: UNKNOWN) is borrowed only from a
# sheet at least this alike; measured with the sweep too.
ALIKE_SHEET = 0.15


class RetrievalSource:
    def __init__(
        self,
        index: SimilarIndicators,
        methods: Sequence[Method] = ("lexical", "dense"),
        min_similarity: float = SIMILAR_SHEET,
    ) -> None:
        self.index = index
        self.methods = tuple(methods)
        self.min_similarity = min_similarity
        # (sheet id, hints) → usable rows; the hints object is kept so its id cannot be reused.
        self._rows: dict[tuple[str, int], dict[str, Indicator | None]] = {}
        self._hints: dict[int, Hints | None] = {}
        self._places: CorpusPlaces | None = None
        self._tags: dict[str, SheetTags] = {}
        self._scopes: dict[str, ProjectScope] = {}

    @property
    def places(self) -> CorpusPlaces:
        """The places of the units of the sheets the index holds (read once)."""
        if self._places is None:
            self._places = CorpusPlaces(self.index.sheets())
        return self._places

    def _prepare(self) -> None:
        if not self._tags:
            for sheet in self.index.sheets():
                self._tags[sheet.id] = tag_sheet(sheet)
                self._scopes[sheet.id] = ProjectScope.of(ProjectText.from_sheet(sheet))

    def tags(self, sheet_id: str) -> SheetTags | None:
        """The sector and type the corpus sheet is tagged with."""
        self._prepare()
        return self._tags.get(sheet_id)

    def lenders(self, profile: ProjectProfile, exclude_sheet_ids: Sequence[str] = ()) -> dict[str, float]:
        """sheet id → similarity, for the corpus sheets that may lend rows to this project."""
        self._prepare()
        excluded = set(exclude_sheet_ids)
        sector = profile.sector_name
        found = {}
        for sheet_id, tags in self._tags.items():
            if sheet_id in excluded or sector is None or tags.sector != sector:
                continue
            alike = similarity(profile.scope, self._scopes[sheet_id])
            if alike >= self.min_similarity:
                found[sheet_id] = alike
        return found

    def _usable(self, sheet_id: str, hints: Hints | None) -> dict[str, Indicator | None]:
        if id(hints) not in self._hints:
            if len(self._hints) >= MAX_HINTS:
                self._rows.clear()
                self._hints.clear()
            self._hints[id(hints)] = hints
        key = (sheet_id, id(hints))
        if key not in self._rows:
            self._rows[key] = usable_rows(self.index.get_sheet(sheet_id), hints)
        return self._rows[key]

    def _same_row_elsewhere(
        self, hit: SearchHit, lenders: dict[str, float], hints: Hints | None
    ) -> tuple[SearchHit, Indicator | None]:
        """The same indicator as another lending sheet writes it, when the hit's own row cannot be
        used. Search folds rows of one name from several sheets into one hit (same_name_hits); the
        one it shows may carry a value its critic cannot repair ("系统重大故障发生数 健全") while a
        sibling sheet states it measurably ("0起"): that row, with its own provenance, is lent instead."""
        if not hit.same_name_hits:
            return hit, None
        key = squash(hit.indicator.name)
        for sheet_id in sorted(lenders, key=lambda s: -lenders[s]):
            sheet = self.index.get_sheet(sheet_id) if sheet_id != hit.sheet_id else None
            same = next((i for i in sheet.indicators if squash(i.name) == key), None) if sheet else None
            if sheet is None or same is None:
                continue
            usable = self._usable(sheet_id, hints).get(same.name)
            if usable is not None and is_measurable(usable):
                sibling = hit.model_copy(
                    update={"indicator": same, "sheet_id": sheet_id, "project_name": sheet.project_name}
                )
                return sibling, usable
        return hit, None

    def similar_indicators(
        self,
        query: str,
        k: int,
        exclude_sheet_ids: Sequence[str] = (),
        hints: Hints | None = None,
        profile: ProjectProfile | None = None,
    ) -> list[Indicator]:
        profile = profile or profile_of(query.split("\n", 1)[0], query, [], year=date.today().year)
        lenders = self.lenders(profile, exclude_sheet_ids)
        if not lenders:
            return []
        from assistant.retrieval import search

        self._prepare()
        others = [sheet_id for sheet_id in self._tags if sheet_id not in lenders]
        hits = search(query, k=k, exclude_sheet_ids=others, methods=self.methods, index=self.index)
        found = []
        for hit in hits:
            usable = self._usable(hit.sheet_id, hints).get(hit.indicator.name, hit.indicator)
            if usable is None or not is_measurable(usable):
                hit, usable = self._same_row_elsewhere(hit, lenders, hints)
            if usable is None or not is_measurable(usable):
                continue
            value = borrowed_value(usable, profile)
            if value is None:
                continue  # another project's count, or prose: nothing this project can take over
            verdict = judge(usable.name, profile.scope, self._scopes.get(hit.sheet_id))
            if not verdict.fits or (
                verdict.verdict is Verdict.UNKNOWN and lenders[hit.sheet_id] < ALIKE_SHEET
            ):
                continue  # about another project's things, or shares nothing with a project not alike
            if self.places.foreign_place(usable.name, query):
                continue  # names another unit's place
            repaired = usable is not hit.indicator and usable != hit.indicator
            defaulted = bool(usable.provenance and usable.provenance.basis is ValueBasis.DEFAULT)
            adapted = adapt(usable.name, hit.project_name, profile)
            found.append(
                usable.model_copy(
                    update={
                        "name": adapted,
                        "value": TargetValue.parse(value),
                        "description": None,
                        "provenance": Provenance(
                            sheet_id=hit.sheet_id,
                            project_name=hit.project_name,
                            indicator_name=hit.indicator.name,
                            similarity=round(lenders[hit.sheet_id], 4),
                            basis=ValueBasis.SIMILAR,
                            needs_confirmation=True,
                            note=f"参照同类项目「{hit.project_name}」"
                            + ("，已按审核规则修正" if repaired else "")
                            + ("，数值为标准默认值" if defaulted else "")
                            + ("，名称已改为本项目的对象" if adapted != usable.name else ""),
                        ),
                    }
                )
            )
        return found


_PLAIN_VALUE = re.compile(
    r"^[≥≤=<>]?\d+(\.\d+)?(%|‰|个工作日|工作日|小时|天|日|分钟|个月|万?[\u4e00-\u9fff]{1,3})$"
)


def borrowed_value(row: Indicator, profile: ProjectProfile) -> str | None:
    """The value a past row lends, in plain form, or None when it cannot be taken over: prose
    ("对学校2400平米体育场馆补贴5万元。"), a number without its unit, money (another project's amounts);
    a deadline moves to this project's year. A count keeps the past project's number, marked for
    confirmation like every borrowed value (the cost is never computed over it: drafting/cost.py)."""
    value = row.value
    raw = squash(value.raw).rstrip("。.；;")
    if value.deadline is not None:
        return f"{profile.year}年{value.deadline.month}月{value.deadline.day}日前"
    family = unit_family(value.unit)
    if value.kind is ValueKind.QUANTITATIVE and value.number is not None:
        if family is None or family == "money":
            return None
        comparator = value.comparator if value.comparator in ("≥", "≤", "=", "<", ">") else "≥"
        if family == "percent" and value.number >= 100 and comparator in ("≥", ">"):
            comparator = "="  # "≥100%" promises over-delivery (R10)
        text = f"{comparator}{number_text(value.number)}{value.unit or ''}"
        return text if _PLAIN_VALUE.match(text) or value.number == 0 else None
    if value.kind is ValueKind.DEADLINE and _PLAIN_VALUE.match(raw):
        return raw
    return raw if len(raw) <= 12 and not re.search(r"[，,。]", raw) else None


def adapt(name: str, source_project: str, profile: ProjectProfile) -> str:
    """A past row's name with the past project's object replaced by this project's, when this project
    does not do that thing itself ("人民调解案件数" stays in a draft whose description mentions 人民调解)."""
    own = project_object_of(source_project, None)
    if len(own) < 2 or own not in name or not profile.object or own == profile.object:
        return name
    if norm(own) in profile.scope.text:
        return name
    return name.replace(own, profile.object, 1)


# Blanks a rewrite leaves for a human, and the standard default a draft may propose instead (marked
# for confirmation). Only shapes with a common practice value are filled; anything else is skipped.
_STANDARD_BLANKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^([≥=]){BLANK}%$"), r"\g<1>95%"),
    (re.compile(rf"持续{BLANK}年"), "持续3年"),
    (re.compile(rf"^≤(\d{{4}})-{BLANK}-{BLANK}$"), r"≤\1-12-31"),
)
SAME_INDICATOR = 0.5  # a rewrite whose name keeps this much of the original improves the same row


def _repair(indicator: Indicator, finding: Finding) -> Indicator | None:
    """The critic's rewrite of a past row, with a standard default where it leaves a blank; None to skip."""
    suggestion = finding.suggestion
    if finding.code == "R24" and suggestion is not None and suggestion.name:
        # Who answers the survey is the past project's respondents, not this draft's: keep the value
        # fix, and let the drafter name its own respondents (offline.own_respondents).
        if not suggestion.value:
            return indicator
        finding = finding.model_copy(update={"suggestion": suggestion.model_copy(update={"name": None})})
        suggestion = finding.suggestion
    if suggestion is not None and suggestion.value and BLANK in suggestion.value:
        value = suggestion.value
        for pattern, default in _STANDARD_BLANKS:
            value = pattern.sub(default, value)
        if BLANK in value or (suggestion.name and dice(suggestion.name, indicator.name) < SAME_INDICATOR):
            return None
        finding = finding.model_copy(update={"suggestion": suggestion.model_copy(update={"value": value})})
        repaired = apply_suggestion(indicator, finding)
        if repaired is None:
            return None
        return repaired.model_copy(update={"provenance": Provenance(basis=ValueBasis.DEFAULT)})
    return apply_suggestion(indicator, finding)


def usable_rows(sheet: Sheet | None, hints: Hints | None) -> dict[str, Indicator | None]:
    """Rows of a past sheet by name, as the drafter may use them: as they are when the critic has
    nothing to say, repaired by the critic's complete rewrites, or None (skip) when a rewrite still
    needs a human (a blank to fill) or the row should go (a process item). `hints` let the critic
    propose the numbers similar past rows used, so a vague value can be repaired."""
    if sheet is None:
        return {}
    original = sheet
    sheet, critique = _filed_where_the_critic_says(sheet, hints)
    rows: dict[str, Indicator | None] = {}
    findings: dict[int, list] = {}
    for finding in critique.findings:
        if finding.indicator_index is None or finding.indicator_index >= len(sheet.indicators):
            continue
        if finding.severity is Severity.INFO or finding.code in TOLERATED:
            continue
        findings.setdefault(finding.indicator_index, []).append(finding)
    for position, indicator in enumerate(sheet.indicators):
        repaired: Indicator | None = indicator
        for finding in findings.get(position, []):
            if repaired is None:
                break
            fixed = _repair(repaired, finding)
            # An error must be repaired or the row is skipped; a warning is reviewer judgement: its
            # rewrite is taken when it is complete, else the row stays as it is.
            repaired = fixed if fixed is not None or finding.severity is Severity.ERROR else repaired
        if repaired is not None and len(repaired.name.strip()) > MAX_NAME:
            repaired = None
        rows[original.indicators[position].name] = repaired
    return rows


def _filed_where_the_critic_says(sheet: Sheet, hints: Hints | None) -> tuple[Sheet, Critique]:
    """The past sheet with every row its critic would file elsewhere moved there, and the critique
    of that sheet. A weak (info) category hint is a move the drafter follows too: a borrowed row
    goes where its own critic says it belongs ("系统重大故障发生数" filed under 社会效益 → 质量), and
    the critic then judges it there, so a vague value is rewritten for the row's new 二级 instead of
    the row being lost to a rewrite meant for the old one. Only the move is taken (a blank the hint
    leaves in a name or value is the second critique's to fill or to refuse)."""
    critique = critique_sheet(sheet, hints)
    moves: dict[int, Indicator] = {}
    for finding in critique.findings:
        s = finding.suggestion
        index = finding.indicator_index
        if (
            finding.severity is not Severity.INFO
            or not is_category(finding, hints=True)
            or s is None
            or s.action != "move"
            or not s.level2
            or index is None
            or index >= len(sheet.indicators)
            or index in moves
        ):
            continue
        moves[index] = Suggestion(action="move", level1=s.level1, level2=s.level2).apply(
            sheet.indicators[index]
        )
    if not moves:
        return sheet, critique
    indicators = [moves.get(position, indicator) for position, indicator in enumerate(sheet.indicators)]
    moved = sheet.model_copy(update={"indicators": indicators})
    return moved, critique_sheet(moved, hints)


def retrieval_source(methods: Sequence[Method] = ("lexical",)) -> RetrievalSource | None:
    """The source over the corpus, or None when there is no corpus.

    Lexical only: an in-memory index built from the corpus in milliseconds (no vectors to wait for).
    With "dense", or with a shared store (ASSISTANT_CHROMA_URL: the corpus of many units on a Chroma
    server): the persistent Chroma index, built on first use.
    """
    from assistant.config import chroma_server

    try:
        if "dense" in methods or chroma_server() is not None:
            return RetrievalSource(get_index(lock_timeout=INDEX_WAIT), methods)
        from assistant.retrieval.memory import corpus_lexical_index

        return RetrievalSource(corpus_lexical_index(), methods)
    except (FileNotFoundError, IndexBusy):  # no corpus, or another process is still building the index
        return None
