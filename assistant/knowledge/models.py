"""Typed models of the domain knowledge in assistant/data/ (sources, sectors, project types, library).

The YAML files are written by people; these models are where a typo becomes a clear error at load time
instead of a silently wrong draft: unknown source ids, illegal 一级/二级 pairs, unknown slots, a library
keyed by a type that does not exist, duplicate cues within one category.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant import taxonomy

SourceTag = Literal["V", "K", "P", "S"]
ValueBasis = Literal["计划标准", "行业标准", "历史标准", "其他标准"]

_SLOT = re.compile(r"\{(\w+)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    id: str
    title: str
    tag: SourceTag
    address: str | None = None
    note: str | None = None


class CueCategory(_Strict):
    """One label a classifier can give (a sector or a project type) with its cue words by group."""

    name: str
    cues: dict[str, tuple[str, ...]]
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("cues")
    @classmethod
    def _no_duplicate_cue(cls, cues: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        seen: set[str] = set()
        for group, words in cues.items():
            for word in words:
                if not word.strip():
                    raise ValueError(f"empty cue in group {group}")
                if word in seen:
                    raise ValueError(f"cue {word!r} listed twice")
                seen.add(word)
        return cues

    def all_cues(self) -> tuple[tuple[str, str], ...]:
        """(group, cue) pairs in file order."""
        return tuple((group, word) for group, words in self.cues.items() for word in words)


class Sector(CueCategory):
    code: str = Field(pattern=r"^2\d\d$")  # 支出功能分类 类 code, e.g. "204"
    full_name: str  # e.g. 公共安全支出
    kuan: tuple[str, ...] = ()  # the 款 under this 类


class ProjectType(CueCategory):
    description: str
    respondents: str = Field(min_length=2)  # who a satisfaction survey asks when the project names nobody


class _Row(_Strict):
    level1: str
    level2: str
    name: str
    value: str
    explanation: str  # 指标解释
    value_basis: ValueBasis  # 指标值设定依据


class LibraryIndicator(_Row):
    """One expected row of a project type, as a pattern the drafter fills with the project's own facts."""

    id: str
    method: str
    sources: tuple[str, ...] = Field(min_length=1)
    sectors: tuple[str, ...] = ()  # empty: any sector
    cues: tuple[str, ...] = ()  # empty: no condition on the project's text

    @model_validator(mode="after")
    def _canonical_levels(self) -> LibraryIndicator:
        if self.level1 not in taxonomy.LEVEL1:
            raise ValueError(f"{self.id}: 一级 {self.level1!r} is not a canonical name")
        if not taxonomy.is_legal_pair(self.level1, self.level2) or self.level2 == taxonomy.LEGACY_COST:
            raise ValueError(f"{self.id}: 二级 {self.level2!r} is not a canonical child of {self.level1}")
        return self

    @property
    def slots(self) -> frozenset[str]:
        """Slot names used by the name, value or explanation."""
        return frozenset(_SLOT.findall(self.name + self.value + self.explanation))

    def applies(self, sector: str | None = None, text: str = "") -> bool:
        """Whether this row fits a project of `sector` described by `text` (conditions in the data)."""
        if self.sectors and sector not in self.sectors:
            return False
        return not self.cues or any(cue in text for cue in self.cues)

    def render(self, **values: object) -> RenderedIndicator:
        """Fill the slots; a slot without a value stays as "{slot}" and is listed in `missing`."""
        missing = sorted(s for s in self.slots if values.get(s) in (None, ""))

        def fill(pattern: str) -> str:
            return _SLOT.sub(
                lambda m: _without_overlap(str(values.get(m.group(1)) or m.group(0)), pattern[m.end() :]),
                pattern,
            )

        return RenderedIndicator(
            library_id=self.id,
            level1=self.level1,
            level2=self.level2,
            name=fill(self.name),
            value=fill(self.value),
            explanation=fill(self.explanation),
            value_basis=self.value_basis,
            missing=tuple(missing),
        )


def _without_overlap(filled: str, after: str) -> str:
    """A slot's text without the word the pattern goes on with: "{object}发放准确率" of the object
    "补贴发放" is 补贴发放准确率, not 补贴发放发放准确率."""
    for size in range(min(len(filled) - 1, len(after)), 1, -1):
        if filled.endswith(after[:size]):
            return filled[:-size]
    return filled


class RenderedIndicator(_Row):
    """A library row filled with one project's facts."""

    library_id: str
    missing: tuple[str, ...] = ()  # slots the project did not supply; the value must then be confirmed


class Precedence(_Strict):
    """When the top label is one of `over` and a cue of `prefer` is in the project's name, `prefer` wins."""

    prefer: str
    over: tuple[str, ...] = Field(min_length=1)
    reason: str
    sources: tuple[str, ...] = Field(min_length=1)


class CueTable(_Strict):
    """Weights per cue group and the categories that use them (sectors.yaml or project_types.yaml)."""

    weights: dict[str, float]
    categories: tuple[CueCategory, ...]
    precedence: tuple[Precedence, ...] = ()

    @model_validator(mode="after")
    def _groups_have_weights(self) -> CueTable:
        names = [c.name for c in self.categories]
        if len(names) != len(set(names)):
            raise ValueError("duplicate category name")
        for rule in self.precedence:
            unknown = {rule.prefer, *rule.over} - set(names)
            if unknown:
                raise ValueError(f"precedence names unknown categories: {sorted(unknown)}")
        for category in self.categories:
            unknown = set(category.cues) - set(self.weights)
            if unknown:
                raise ValueError(f"{category.name}: cue groups without a weight: {sorted(unknown)}")
        return self

    def get(self, name: str) -> CueCategory | None:
        return next((c for c in self.categories if c.name == name), None)


class Library(_Strict):
    slots: dict[str, str]
    types: dict[str, tuple[LibraryIndicator, ...]]

    @model_validator(mode="after")
    def _known_slots_unique_ids(self) -> Library:
        ids = [e.id for entries in self.types.values() for e in entries]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate library id")
        for entries in self.types.values():
            for entry in entries:
                unknown = entry.slots - set(self.slots)
                if unknown:
                    raise ValueError(f"{entry.id}: unknown slots {sorted(unknown)}")
        return self


class GenericWords(_Strict):
    """Words any project's indicator may use whatever its sector (relevance.yaml), by group."""

    sources: tuple[str, ...] = Field(min_length=1)
    groups: dict[str, tuple[str, ...]]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for group in self.groups.values() for w in group))


class Knowledge(_Strict):
    """Everything in assistant/data/, cross-checked: every reference points at something that exists."""

    sources: dict[str, Source]
    sectors: CueTable
    project_types: CueTable
    library: Library
    generic: GenericWords

    @model_validator(mode="after")
    def _references_resolve(self) -> Knowledge:
        sector_names = {c.name for c in self.sectors.categories}
        type_names = {c.name for c in self.project_types.categories}
        cited = [
            (c.name, s) for t in (self.sectors, self.project_types) for c in t.categories for s in c.sources
        ]
        cited += [(e.id, s) for entries in self.library.types.values() for e in entries for s in e.sources]
        cited += [
            (r.prefer, s) for t in (self.sectors, self.project_types) for r in t.precedence for s in r.sources
        ]
        cited += [("relevance.yaml", s) for s in self.generic.sources]
        for owner, source in cited:
            if source not in self.sources:
                raise ValueError(f"{owner}: unknown source {source!r}")
        if set(self.library.types) != type_names:
            raise ValueError(
                f"library types {sorted(self.library.types)} differ from project types {sorted(type_names)}"
            )
        for entries in self.library.types.values():
            for entry in entries:
                bad = set(entry.sectors) - sector_names
                if bad:
                    raise ValueError(f"{entry.id}: unknown sectors {sorted(bad)}")
        return self

    def sector(self, name: str) -> Sector:
        found = self.sectors.get(name)
        if not isinstance(found, Sector):
            raise KeyError(name)
        return found

    def project_type(self, name: str) -> ProjectType:
        found = self.project_types.get(name)
        if not isinstance(found, ProjectType):
            raise KeyError(name)
        return found
