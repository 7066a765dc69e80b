"""Similar past indicators for the drafter, from the retrieval index, filtered by quality.

Candidates are measurable indicators of other sheets, best first. A candidate the rule critic
flags in its own sheet (any error or warning on that row) is repaired with the critic's complete
rewrites, or skipped when a rewrite still needs a human: the drafter learns from good rows only.
The critique of each source sheet is computed once and cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.critique import critique_sheet
from assistant.critique.hints import Hints
from assistant.domain import is_measurable
from assistant.drafting.relevance import Vocabulary
from assistant.drafting.repair import apply_suggestion
from assistant.retrieval import get_index
from assistant.retrieval.lock import IndexBusy
from assistant.retrieval.models import Method
from assistant.retrieval.similar import SimilarIndicators
from assistant.schema import BLANK, Finding, Indicator, Provenance, Severity, Sheet, ValueBasis
from assistant.text import dice

# A candidate row is learnt from only when the critic has nothing to say about it, except these
# findings, which concern the sheet's paperwork rather than the row's content: R29 (no formula in
# 指标解释), R28 (no history to compare with).
TOLERATED = frozenset({"R28", "R29"})
MAX_HINTS = 64  # distinct hints objects cached at once (one in production; one per held-out sheet in evals)
FOREIGN_TERMS = 2  # own-project bigrams (a term of three characters or more) that make a row foreign
MAX_NAME = 20  # R31's default: longer names are sentences, not indicator names
# Seconds a draft waits for another process building the index before drafting without it.
INDEX_WAIT = 15.0


class RetrievalSource:
    def __init__(self, index: SimilarIndicators, methods: Sequence[Method] = ("lexical", "dense")) -> None:
        self.index = index
        self.methods = tuple(methods)
        # (sheet id, hints) → usable rows; the hints object is kept so its id cannot be reused.
        self._rows: dict[tuple[str, int], dict[str, Indicator | None]] = {}
        self._hints: dict[int, Hints | None] = {}
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        """Which words tell projects apart, from the sheets the index holds (read once)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.index.sheets())
        return self._vocabulary

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

    def similar_indicators(
        self, query: str, k: int, exclude_sheet_ids: Sequence[str] = (), hints: Hints | None = None
    ) -> list[Indicator]:
        from assistant.retrieval import search

        hits = search(
            query,
            k=k,
            exclude_sheet_ids=exclude_sheet_ids,
            methods=self.methods,
            index=self.index,
        )
        found = []
        for hit in hits:
            if not self.vocabulary.related(query, hit.sheet_id):
                continue  # the best match, but nothing in common with this project
            usable = self._usable(hit.sheet_id, hints).get(hit.indicator.name, hit.indicator)
            if usable is None or not is_measurable(usable):
                continue
            if len(
                self.vocabulary.foreign_terms(usable.name, query, hit.sheet_id)
            ) >= FOREIGN_TERMS or self.vocabulary.foreign_place(usable.name, query):
                continue  # the row is about its own project's things or place, not this one's
            repaired = usable is not hit.indicator and usable != hit.indicator
            defaulted = bool(usable.provenance and usable.provenance.basis is ValueBasis.DEFAULT)
            found.append(
                usable.model_copy(
                    update={
                        "description": None,
                        "provenance": Provenance(
                            sheet_id=hit.sheet_id,
                            project_name=hit.project_name,
                            indicator_name=hit.indicator.name,
                            similarity=round(hit.score, 4),
                            basis=ValueBasis.SIMILAR,
                            needs_confirmation=True,
                            note=f"参照相似项目「{hit.project_name}」"
                            + ("，已按审核规则修正" if repaired else "")
                            + ("，数值为标准默认值" if defaulted else ""),
                        ),
                    }
                )
            )
        return found


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
    rows: dict[str, Indicator | None] = {}
    findings: dict[int, list] = {}
    for finding in critique_sheet(sheet, hints).findings:
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
        rows[indicator.name] = repaired
    return rows


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
