"""Sector and project-type classifiers: weighted cue words, longest match first. Plain and fast.

A project's text is scanned left to right; at each position the longest cue of any category is taken
(so "医疗救助" is a 卫生健康 cue, not the "救助" of 社会保障和就业) and the scan moves past it. A category
scores the sum, over the fields of the project, of field weight × the weights of the distinct cues found
in that field. The name and the units say most about a project, so they weigh more than its prose.

No model, no download: the cue lists live in assistant/data/ with their sources.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import ahocorasick  # type: ignore[import-not-found]
from pydantic import BaseModel, ConfigDict

from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.models import CueTable
from assistant.schema import Sheet
from assistant.values import normalize_text

# How much a cue found in each field counts (not tuned on any dev set: name and units name the project).
FIELD_WEIGHTS: dict[str, float] = {
    "name": 2.0,
    "department": 2.0,
    "unit": 2.0,
    "goals": 1.0,
    "description": 1.0,
    "indicators": 0.5,
}


class ProjectText(BaseModel):
    """The parts of a project a classifier reads. Any may be empty."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    department: str = ""  # 主管部门
    unit: str = ""  # 实施单位
    goals: str = ""  # 总目标 + 年度目标
    description: str = ""  # a drafter's description of the project
    indicators: str = ""  # indicator names of an existing sheet

    @classmethod
    def from_sheet(cls, sheet: Sheet, *, with_indicators: bool = False) -> ProjectText:
        goals = "\n".join(g for g in (sheet.overall_goal, sheet.annual_goal) if g)
        names = "\n".join(i.name for i in sheet.indicators) if with_indicators else ""
        return cls(
            name=sheet.project_name,
            department=sheet.department or "",
            unit=sheet.implementing_unit or "",
            goals=goals,
            indicators=names,
        )

    def fields(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in FIELD_WEIGHTS}


class Match(BaseModel):
    """One label with its score, its share of all scores, and the cues that fired (for explanations)."""

    model_config = ConfigDict(frozen=True)

    label: str
    score: float
    share: float
    cues: tuple[str, ...]
    rule: str | None = None  # the precedence rule of the data that ranked this label first, if any


MEMO_LENGTH = 64  # texts up to this length have their spans remembered (names, not descriptions)
MEMO_SIZE = 65536


class CueIndex:
    """All cues of a table, found leftmost-longest in a text."""

    def __init__(self, table: CueTable) -> None:
        self.order = {c.name: i for i, c in enumerate(table.categories)}
        self.precedence = table.precedence
        owners: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for category in table.categories:
            for group, cue in category.all_cues():
                owners[norm(cue)].append((category.name, table.weights[group]))
        self.owners = dict(owners)
        # One Aho–Corasick automaton over every cue (pyahocorasick, in C): the critic scans every row
        # name and every project text of every sheet, and a scan in Python was a tenth of its time.
        self._automaton = ahocorasick.Automaton()
        for cue in self.owners:
            self._automaton.add_word(cue, (cue, len(cue)))
        if self.owners:
            self._automaton.make_automaton()

        # Short texts (indicator names) recur across sheets and are asked about by several judgements
        # of each row: their spans are kept (bounded; cleared when full).
        self._memo: dict[str, tuple[tuple[str, int], ...]] = {}

    def find(self, text: str) -> list[str]:
        """Cues found in normalised text, leftmost-longest, non-overlapping."""
        return [cue for cue, _ in self.spans(text)]

    def spans(self, text: str) -> tuple[tuple[str, int], ...]:
        """(cue, start) of the cues found in normalised text, leftmost-longest, non-overlapping."""
        if len(text) > MEMO_LENGTH:
            return self._spans(text)
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = self._spans(text)
        return found

    def _spans(self, text: str) -> tuple[tuple[str, int], ...]:
        if not self.owners:
            return ()
        # Every match, overlapping, from the automaton; then leftmost-longest in one pass over their
        # starts (the library's iter_long misses a shorter cue after a longer one fails part-way).
        longest: dict[int, tuple[int, str]] = {}
        for end, (cue, length) in self._automaton.iter(text):
            start = end - length + 1
            if length > longest.get(start, (0, ""))[0]:
                longest[start] = (length, cue)
        found, free = [], 0
        for start in sorted(longest):
            if start >= free:
                length, cue = longest[start]
                found.append((cue, start))
                free = start + length
        return tuple(found)

    def rank(self, project: ProjectText) -> list[Match]:
        scores: dict[str, float] = defaultdict(float)
        fired: dict[str, dict[str, None]] = defaultdict(dict)
        in_name: set[str] = set()
        for field, text in project.fields().items():
            if not text:
                continue
            for cue in dict.fromkeys(self.find(norm(text))):
                for label, weight in self.owners[cue]:
                    scores[label] += FIELD_WEIGHTS[field] * weight
                    fired[label][cue] = None
                    if field == "name":
                        in_name.add(label)
        total = sum(scores.values())
        ranked = sorted(scores, key=lambda label: (-scores[label], self.order[label]))
        applied = None
        for rule in self.precedence:
            if ranked and ranked[0] in rule.over and rule.prefer in in_name:
                ranked.remove(rule.prefer)
                ranked.insert(0, rule.prefer)
                applied = rule.reason
                break
        return [
            Match(
                label=label,
                score=round(scores[label], 3),
                share=round(scores[label] / total, 3),
                cues=tuple(fired[label]),
                rule=applied if i == 0 else None,
            )
            for i, label in enumerate(ranked)
        ]


def norm(text: str) -> str:
    """A text as the cue tables match it: NFKC, no spaces, lower-case."""
    return normalize_text(text).lower()


@lru_cache(maxsize=1)
def sector_index() -> CueIndex:
    """The cues of sectors.yaml, indexed (loaded once)."""
    return CueIndex(load_knowledge().sectors)


@lru_cache(maxsize=1)
def type_index() -> CueIndex:
    """The cues of project_types.yaml, indexed (loaded once)."""
    return CueIndex(load_knowledge().project_types)


def _as_project(text: str | ProjectText) -> ProjectText:
    return text if isinstance(text, ProjectText) else ProjectText(description=text)


def explain_sector(text: str | ProjectText) -> list[Match]:
    """Sectors (支出功能分类 类 names) ranked by evidence, with the cues that fired. [] = no evidence."""
    return sector_index().rank(_as_project(text))


def explain_project_type(text: str | ProjectText) -> list[Match]:
    """Project types ranked by evidence, with the cues that fired. [] = no evidence."""
    return type_index().rank(_as_project(text))


def classify_sector(text: str | ProjectText) -> list[tuple[str, float]]:
    """[(sector name, score)], best first; only sectors with evidence. A str is read as a description."""
    return [(m.label, m.score) for m in explain_sector(text)]


def classify_project_type(text: str | ProjectText) -> list[tuple[str, float]]:
    """[(project type name, score)], best first; only types with evidence. A str is a description."""
    return [(m.label, m.score) for m in explain_project_type(text)]


class SheetTags(BaseModel):
    """The sector and project type a corpus sheet is tagged with (None: no evidence)."""

    model_config = ConfigDict(frozen=True)

    sector: str | None
    sector_code: str | None
    project_type: str | None
    sector_share: float = 0.0  # the winner's share of all sector evidence (confidence)
    type_share: float = 0.0


def tag_sheet(sheet: Sheet) -> SheetTags:
    """Tag a parsed sheet from its name, units, goals and indicator names (`python -m evals knowledge`,
    sets "+indicators", measures exactly this)."""
    project = ProjectText.from_sheet(sheet, with_indicators=True)
    sectors, types = explain_sector(project), explain_project_type(project)
    sector = sectors[0] if sectors else None
    kind = types[0] if types else None
    return SheetTags(
        sector=sector.label if sector else None,
        sector_code=load_knowledge().sector(sector.label).code if sector else None,
        project_type=kind.label if kind else None,
        sector_share=sector.share if sector else 0.0,
        type_share=kind.share if kind else 0.0,
    )
