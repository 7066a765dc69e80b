"""Rows from the indicator library of the project's type, for the 二级 the description and similar
projects left empty, and the 效益 a reviewer expects of such a project.

The library (assistant/data/indicator_library.yaml, knowledge.library_for) holds each type's expected
rows as patterns: "{object}验收合格率 =100%", "{beneficiary}满意度 ≥90%", "{object}完工数量 ≥{quantity}{unit}".
A row is drafted only when every slot is filled from this project's own facts (its object, its main
quantity, who it serves, the budget year); a row that needs a number the project must supply ({N},
{standard}) is not invented but listed in a notice for the drafter to complete.

Benefits fit the project (STANDARD.md §1.2; 101号 效益 二级): 经济效益 for subsidies and agriculture, 生态效益
for forestry, greening and environment projects, 可持续影响 where the project builds something lasting,
社会效益 for every project; `benefit_plan` orders them, the library supplies the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.drafting.profile import ProjectProfile
from assistant.knowledge import LibraryIndicator, library_for
from assistant.knowledge.classify import norm
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.values import base_unit, count_unit_of, number_text

# Types whose projects leave something lasting behind (a building, equipment, a system, a plan).
LASTING_TYPES = frozenset({"基本建设工程", "设备购置", "信息化建设", "课题研究"})
SUBSIDY_TYPES = frozenset({"补助补贴发放"})
ECONOMIC_SECTORS = frozenset({"农林水", "商业服务业等", "资源勘探工业信息等"})
ECOLOGICAL_SECTORS = frozenset({"节能环保"})
# Words of forestry, greening and environment work, wherever its sector: they call for 生态效益.
_ECOLOGICAL = re.compile(
    r"森林|林业|造林|绿化|植树|苗木|湿地|草原|生态|水土|河道|河湖|黑臭|污染|治污|环境整治|垃圾|污水|病虫害|有害生物"
)
# The 二级 a cost row belongs to are drafted from the funds and stated standards (drafting/cost.py).
_FROM_FUNDS = frozenset({tx.ECONOMIC_COST})


def benefit_plan(profile: ProjectProfile) -> list[str]:
    """The 效益 二级 a reviewer expects of this project, most fitting first."""
    plan: list[str] = []
    sector, kind = profile.sector_name, profile.type_name
    text = norm(profile.text.name + profile.text.description)
    if kind in SUBSIDY_TYPES or sector in ECONOMIC_SECTORS:
        plan.append(tx.ECONOMIC_BENEFIT)
    if sector in ECOLOGICAL_SECTORS or _ECOLOGICAL.search(text):
        plan.append(tx.ECO_BENEFIT)
    plan.append(tx.SOCIAL_BENEFIT)
    if kind in LASTING_TYPES:
        plan.append(tx.SUSTAINABILITY)
    return plan


@dataclass
class LibraryRows:
    rows: list[Indicator] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)  # rows that need a number the project must supply


def slots_for(profile: ProjectProfile, main: Indicator | None, year: int) -> dict[str, str]:
    """The slots of the library this project fills by itself (never {N} or {standard}: those numbers
    come from a plan, a contract or a policy, and the drafter does not make them up)."""
    slots = {"object": profile.object, "beneficiary": profile.beneficiary, "year": str(year)}
    if profile.beneficiary_count:
        slots["beneficiary_count"] = profile.beneficiary_count
    if main is not None and main.value.number:
        unit = count_unit_of(main.value.unit, "")
        base, scale = base_unit(unit) if unit else ("", 1.0)
        if base:
            slots["quantity"] = (
                number_text(main.value.number * scale) if scale != 1 else number_text(main.value.number)
            )
            slots["unit"] = base if scale != 1 else unit
    return slots


def _indicator(entry: LibraryIndicator, slots: dict[str, str], kind: str) -> Indicator | None:
    rendered = entry.render(**slots)
    if rendered.missing:
        return None
    return Indicator(
        level1=rendered.level1,
        level2=rendered.level2,
        name=rendered.name,
        value=rendered.value,
        description=rendered.explanation,
        provenance=Provenance(
            basis=ValueBasis.DEFAULT,
            needs_confirmation=True,
            note=f"按「{kind}」类共性指标（{entry.id}，{rendered.value_basis}）起草，请按本项目实际确认",
        ),
    )


def library_rows(
    profile: ProjectProfile,
    present: list[Indicator],
    main: Indicator | None,
    year: int,
    extra: dict[str, int] | None = None,
) -> LibraryRows:
    """Library rows of the project's type for every 二级 `present` lacks (and the planned benefits);
    `extra` allows more than one row for some 二级 when the draft is thin there."""
    result = LibraryRows()
    kind = profile.type_name
    if kind is None:
        return result
    entries = library_for(
        kind, sector=profile.sector_name, text=norm(profile.text.name + profile.text.description)
    )
    slots = slots_for(profile, main, year)
    have: dict[str, int] = {}
    for i in present:
        have[i.level2] = have.get(i.level2, 0) + 1
    names = {i.name for i in present}
    wanted = set(benefit_plan(profile))
    limits = dict(extra or {})
    for entry in entries:
        level2 = entry.level2
        if level2 in _FROM_FUNDS:
            continue
        unwanted = level2 in tx.BENEFIT_LEVEL2 and level2 not in wanted and have.get(level2, 0) == 0
        if unwanted and any(have.get(b, 0) for b in tx.BENEFIT_LEVEL2):
            continue  # a benefit the project does not call for, when it has one already
        if have.get(level2, 0) >= max(1, limits.get(level2, 1)):
            continue
        row = _indicator(entry, slots, kind)
        if row is None:
            if have.get(level2, 0) == 0 and (level2 in wanted or level2 not in tx.BENEFIT_LEVEL2):
                rendered = entry.render(**slots)
                result.asks.append(f"{rendered.name}（{rendered.value}）")
            continue
        if row.name in names:
            continue
        result.rows.append(row)
        names.add(row.name)
        have[level2] = have.get(level2, 0) + 1
    return result
