"""Whether an indicator row belongs to a project: the one decision the drafter's relevance gate and the
critic's relevance rules (R40, R43) share.

A row is judged by its name against what is known of the project (its name, units, goals, description):
- GENERIC: nothing in the name beyond words any project may use (relevance.yaml: 项目验收合格率,
  资金支付及时率, 服务对象满意度) — it fits any project;
- FOREIGN: it names another sector's objects, units or beneficiaries (a sectors.yaml cue of a sector the
  project shows no sign of: 调解成功率 or 法律顾问覆盖率 in a school canteen programme);
- RELATED: its content shares a word (a character bigram) with the project's text, or names the
  project's own sector or type (a cue of a sector or type the project has evidence for);
- UNRELATED: nothing in common with the project's goals or description (which say enough: RICH_TEXT),
  and its words belong to another kind of project (a weaker cue of another sector, or a cue of a project
  type the project shows no sign of: 系统运行稳定性 in a farmland project, 薪酬发放及时性 in a library's
  reading programme);
- UNKNOWN: nothing in common, but nothing says it belongs elsewhere either (a row naming a thing the
  project's text does not mention: an item of an equipment list, a site's proper name);
- ISOLATED (`judge_in_sheet`): an UNKNOWN row that shares nothing with the sheet's other rows either — a
  reviewer reading the whole table sees it belongs to no part of this project (a real sheet's rows speak
  of the same objects: the 数量 row and its 质量 or 时效 row; an item of an equipment list sits beside
  the 购置 row, a site beside the 修缮 row).

The critic reports FOREIGN, UNRELATED and ISOLATED rows (R40); the drafter borrows no FOREIGN or UNRELATED
row (`fits`), and its draft passes through the same critic, so an ISOLATED row it drafted is repaired.
For a satisfaction row the question is who answers the survey (`served`): the respondents a name states
must be people the project's text mentions, or a generic group.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from assistant.knowledge.classify import (
    CueIndex,
    ProjectText,
    norm,
    sector_index,
    type_index,
)
from assistant.knowledge.loader import load_knowledge
from assistant.text import cjk_bigrams

STRONG_CUE = 1.5  # group weight from which a sector cue names a sector's own objects (not a weak word)
TYPE_CUE = 2.0  # group weight from which a type cue says what kind of project a text is about
STRONG_TYPE_CUE = 3.0  # a type cue that by itself names the type (施工, 培训班, 购置)
RICH_TEXT = 20  # characters of goals or description from which a row sharing nothing with them can be judged


class Verdict(StrEnum):
    GENERIC = "generic"
    RELATED = "related"
    FOREIGN = "foreign"
    UNRELATED = "unrelated"
    UNKNOWN = "unknown"
    ISOLATED = "isolated"


@dataclass(frozen=True)
class Relevance:
    verdict: Verdict
    word: str = ""  # the foreign cue, or the content the project does not share
    sector: str | None = None  # the sector a foreign word belongs to

    @property
    def fits(self) -> bool:
        """Nothing says the row belongs to another project (the critic's question)."""
        return self.verdict in (Verdict.GENERIC, Verdict.RELATED, Verdict.UNKNOWN)


@dataclass(frozen=True)
class ProjectScope:
    """What is known of a project, prepared once for judging many rows."""

    text: str  # normalised (norm)
    grams: frozenset[str]  # its bigrams, generic words removed
    sectors: frozenset[str]  # sectors its text names by a specific cue (not a weak word only)
    types: frozenset[str]  # project types it names by a medium or strong cue
    rich: bool  # its goals or description say enough to judge a row that shares nothing with them

    @classmethod
    def of(cls, project: ProjectText, context: Iterable[str] = ()) -> ProjectScope:
        """The scope of a project; `context` adds text to share words with (not sector evidence)."""
        own = "\n".join(project.fields().values())
        text = norm("\n".join((own, *context)))
        return cls(
            text=text,
            grams=cjk_bigrams(_without_generic(text)),
            sectors=_evidence(sector_index(), project, STRONG_CUE),
            types=_evidence(type_index(), project, TYPE_CUE),
            rich=len(norm(project.goals + project.description)) >= RICH_TEXT,
        )


def _evidence(index: CueIndex, project: ProjectText, floor: float) -> frozenset[str]:
    """Labels the project's text names by at least one cue of weight ≥ floor: the labels of
    `index.rank(project)` with such a cue among theirs, without ranking them (once per sheet)."""
    labels: set[str] = set()
    for text in project.fields().values():
        if text:
            for cue in index.find(norm(text)):
                labels.update(label for label, weight in index.owners[cue] if weight >= floor)
    return frozenset(labels)


@lru_cache(maxsize=1)
def _generic() -> re.Pattern[str]:
    words = sorted(load_knowledge().generic.words, key=len, reverse=True)
    return re.compile("|".join(re.escape(norm(w)) for w in words))


def _without_generic(text: str) -> str:
    return _generic().sub(" ", text)


_ENDINGS = re.compile(r"[率度数量性]+$")


@lru_cache(maxsize=65536)
def content_of(name: str) -> frozenset[str]:
    """The bigrams of a name that say what it is about (generic words and metric endings removed)."""
    text = _without_generic(norm(name))
    text = " ".join(_ENDINGS.sub("", part) for part in text.split())
    return cjk_bigrams(text)


@dataclass(frozen=True)
class _NameCues:
    """What the cue tables say of one (normalised) name, whatever the project: computed once per name,
    so judging a row against a new project is a few set operations (a batch's rows repeat, its
    projects do not)."""

    # Sector cues that may name another sector's objects: with content of their own, not inside a
    # longer type word ("宣传教育" is publicity, not the 教育 sector) or generic word ("档案管理"),
    # each with its owners (sector, weight).
    sector_cues: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]
    own_sectors: frozenset[str]  # sectors a specific cue (weight ≥ STRONG_CUE) of the name belongs to
    own_types: frozenset[str]  # types a cue (weight ≥ TYPE_CUE) of the name belongs to
    strong_types: frozenset[str]  # types a cue of weight ≥ STRONG_TYPE_CUE of the name belongs to
    # Type cues with content, each with the types it names by weight ≥ TYPE_CUE (when any).
    type_cues: tuple[tuple[str, frozenset[str]], ...]


@lru_cache(maxsize=65536)
def _cues_of(name: str) -> _NameCues:
    sectors, types = sector_index(), type_index()
    type_spans = types.spans(name)
    covering = [(start, start + len(cue)) for cue, start in type_spans]
    covering += [m.span() for m in _generic().finditer(name)]
    candidates = []
    own_sectors: set[str] = set()
    for cue, start in sectors.spans(name):
        owners = tuple(sectors.owners[cue])
        own_sectors.update(label for label, weight in owners if weight >= STRONG_CUE)
        end = start + len(cue)
        if content_of(cue) and not any(a <= start and end <= b and b - a > len(cue) for a, b in covering):
            candidates.append((cue, owners))
    own_types: set[str] = set()
    strong_types: set[str] = set()
    type_cues = []
    for cue, _ in type_spans:
        type_owners = types.owners[cue]
        named = frozenset(label for label, weight in type_owners if weight >= TYPE_CUE)
        own_types.update(named)
        strong_types.update(label for label, weight in type_owners if weight >= STRONG_TYPE_CUE)
        if named and content_of(cue):
            type_cues.append((cue, named))
    return _NameCues(
        tuple(candidates),
        frozenset(own_sectors),
        frozenset(own_types),
        frozenset(strong_types),
        tuple(type_cues),
    )


def _foreign(name: str, scope: ProjectScope, floor: float) -> Relevance | None:
    """A cue (of weight ≥ floor) of a sector the project shows no sign of, unless it sits inside a
    longer type word ("宣传教育" is publicity, not the 教育 sector) or a longer generic word ("档案管理"
    is any project's management, not the 档案 of 一般公共服务), or the project's text uses it too."""
    for cue, owners in _cues_of(name).sector_cues:
        if cue in scope.text:
            continue
        specific = [label for label, weight in owners if weight >= floor]
        if specific and all(label not in scope.sectors for label, _ in owners):
            return Relevance(Verdict.FOREIGN, cue, specific[0])
    return None


def _names_scope(name: str, scope: ProjectScope) -> bool:
    """A specific cue of the project's own sector, or a type cue of its own type, in the name."""
    cues = _cues_of(name)
    return bool(cues.own_sectors & scope.sectors or cues.own_types & scope.types)


def _other_type(name: str, scope: ProjectScope) -> str | None:
    """A type cue of a project type the project shows no sign of ("系统" in a farmland project)."""
    for cue, named in _cues_of(name).type_cues:
        if not named & scope.types:
            return cue
    return None


OWN_TERMS = 2  # words of a past project's own text (not this one's) that make its row about that project


def _own_type_word(name: str, scope: ProjectScope) -> bool:
    """A strong cue of the project's own type ("施工扬尘噪声超标次数" in a construction project): the row
    speaks of what such a project does, whatever sector its other words are at home in."""
    return bool(_cues_of(name).strong_types & scope.types)


@lru_cache(maxsize=65536)
def _judge(name: str, scope: ProjectScope, source: ProjectScope | None) -> Relevance:
    if _own_type_word(name, scope) and content_of(name) & scope.grams:
        return Relevance(Verdict.RELATED)
    foreign = _foreign(name, scope, STRONG_CUE)
    if foreign is not None:
        return foreign
    content = content_of(name)
    if not content:
        return Relevance(Verdict.GENERIC)
    if source is not None:
        own = (content & source.grams) - scope.grams
        if len(own) >= OWN_TERMS:  # "某类案件增量辅助完成率" is about its own project's work
            return Relevance(Verdict.UNRELATED, "".join(sorted(own))[:12])
    if content & scope.grams or _names_scope(name, scope):
        return Relevance(Verdict.RELATED)
    if not scope.rich:
        return Relevance(Verdict.UNKNOWN, "".join(sorted(content))[:12])
    weak = _foreign(name, scope, 0.0)
    if weak is not None:
        return Relevance(Verdict.UNRELATED, weak.word, weak.sector)
    other = _other_type(name, scope)
    if other is not None:
        return Relevance(Verdict.UNRELATED, other)
    return Relevance(Verdict.UNKNOWN, "".join(sorted(content))[:12])


def judge(name: str, scope: ProjectScope, source: ProjectScope | None = None) -> Relevance:
    """Whether a row named `name` belongs to the project of `scope` (see the module docstring).

    `source`, when the row comes from another project's sheet (the drafter borrowing it): a row whose
    words are that project's own (in its name and goals, not in this project's text) is UNRELATED.
    """
    return _judge(norm(name), scope, source)


class SheetRows:
    """The content of a sheet's rows (each row's name and value), counted once per sheet, so a row is
    read against all the others in time linear in the sheet (a 5,000-row upload stays fast)."""

    def __init__(self, texts: Sequence[str], scope: ProjectScope) -> None:
        self.content = [content_of(text) for text in texts]
        self.counts = Counter(gram for content in self.content for gram in content)
        self.related = [bool(text) and judge(text, scope).verdict is Verdict.RELATED for text in texts]
        self.related_counts = Counter(
            gram
            for content, related in zip(self.content, self.related, strict=True)
            if related
            for gram in content
        )

    def shared(self, index: int, content: frozenset[str]) -> bool:
        """Whether another row than `index` holds one of these bigrams."""
        own = self.content[index]
        return any(self.counts[gram] - (gram in own) > 0 for gram in content)

    def shared_with_related(self, index: int, content: frozenset[str]) -> bool:
        """Whether another row of this project's own (RELATED) holds one of these bigrams."""
        own = self.content[index] if self.related[index] else frozenset()
        return any(self.related_counts[gram] - (gram in own) > 0 for gram in content)


def judge_row(name: str, scope: ProjectScope, rows: SheetRows, index: int) -> Relevance:
    """`judge` for row `index` of a sheet, read with the sheet's other rows (`rows`).

    An UNKNOWN row whose content none of them shares is ISOLATED. An UNRELATED row (its words belong
    to another kind of project, which is weak evidence) whose content a row of this project's own
    (RELATED) shares is about what this sheet is about — "设施修理养护数量" beside "养护维修质量合格率"
    in a vehicle-repair project — and is UNKNOWN, not reported. Rows copied together from another
    project support each other, so only a related row counts. A FOREIGN row stays FOREIGN."""
    verdict = judge(name, scope)
    if verdict.verdict not in (Verdict.UNKNOWN, Verdict.UNRELATED):
        return verdict
    content = content_of(name)
    if verdict.verdict is Verdict.UNRELATED:
        if rows.shared_with_related(index, content):
            return Relevance(Verdict.UNKNOWN, verdict.word)
        return verdict
    return verdict if rows.shared(index, content) else Relevance(Verdict.ISOLATED, verdict.word)


def judge_in_sheet(name: str, scope: ProjectScope, siblings: Iterable[str]) -> Relevance:
    """`judge_row` for a row given with its sheet's other rows (`siblings`: their names and values)."""
    rows = SheetRows([*siblings, ""], scope)
    return judge_row(name, scope, rows, len(rows.content) - 1)


def similarity(a: ProjectScope, b: ProjectScope) -> float:
    """How alike two projects' texts are: bigram Dice of their words, generic words removed; 0 when
    they share fewer than two (one word in common is no likeness)."""
    if len(a.grams & b.grams) < 2:
        return 0.0
    return 2 * len(a.grams & b.grams) / (len(a.grams) + len(b.grams))


# The head of a respondent group: "复议申请人" → 申请人, "在校残疾学生" → 学生, "种植户" → 种植户.
_PERSON_HEAD = re.compile(r"(..人|..者|..员|..户|..生|..师|..民|..众|..工|..童|..属|..长|.{2})$")


def served(respondents: str, scope: ProjectScope) -> Relevance:
    """Whether the people a satisfaction row surveys are this project's: a generic group (服务对象, 群众),
    or people the project's text names (the group, or its head noun: 学生 for 在校残疾学生)."""
    group = norm(respondents)
    if not content_of(group):
        return Relevance(Verdict.GENERIC)
    head = _PERSON_HEAD.search(group)
    if group in scope.text or (head and head.group(1) in scope.text):
        return Relevance(Verdict.RELATED)
    # Another sector's people before the project's own type: "矫正人员" are the justice sector's, even
    # where a catch-all type (专项业务) also lists the word.
    foreign = _foreign(group, scope, 0.0)
    if foreign is not None:
        return foreign
    if _names_scope(group, scope):
        return Relevance(Verdict.RELATED)
    if not scope.rich:
        return Relevance(Verdict.UNKNOWN, group)
    other = _other_type(group, scope)
    if other is not None:
        return Relevance(Verdict.UNRELATED, other)
    return Relevance(Verdict.UNKNOWN, group)
