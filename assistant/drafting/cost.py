"""Cost indicators: a stated standard first; else the funds over this project's own main quantity;
else a total ceiling. Never a borrowed quantity.

1. A standard the description states ("培训标准1000元/人", "每人每天17元") is drafted as a cost row by
   the fact reader (drafting/from_facts.py); nothing is derived over it.
2. Else the unit cost = funds ÷ the main quantity among the rows the project itself stated (basis
   description or user), with the denominator's unit in the name and the value ("调解矛盾纠纷单件成本
   ≤283.02元/件", "新建高标准农田亩均成本 ≤750元/亩"): domain.unit_cost, the one the critic proposes too.
3. Else a ceiling at the funds, named as the project's type names its total ("工程总造价").
The parts of the funds the description itemises ("劳务费约2万元") become ceilings of their own.
Both keep budget arithmetic consistent by construction (R19, R27).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import taxonomy as tx
from assistant.domain import unit_cost
from assistant.drafting.facts import Fact, FactKind, MoneyRole
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.values import money_text, number_text

OWN_BASES = frozenset({ValueBasis.DESCRIPTION, ValueBasis.USER})
MAX_PARTS = 2  # itemised parts of the funds drafted as cost rows
# How a project type names the ceiling on its total cost (the library's wording; else 项目总成本).
TOTAL_NAMES: dict[str, str] = {"基本建设工程": "工程总造价", "信息化建设": "建设运维总成本"}


def is_money_cost(indicator: Indicator) -> bool:
    """An economic cost row (成本指标/经济成本指标, or the older 产出指标/成本指标)."""
    return indicator.level2 in (tx.ECONOMIC_COST, tx.LEGACY_COST)


def own_quantities(indicators: Sequence[Indicator]) -> list[Indicator]:
    """The rows the project itself stated (its description, its user): the only quantities a cost is
    computed over. A row without provenance (a sheet read from a file) counts as the project's own."""
    return [
        i
        for i in indicators
        if i.provenance is None or i.provenance.basis is None or i.provenance.basis in OWN_BASES
    ]


def with_cost_row(
    funds: float | None, indicators: list[Indicator], project_type: str | None = None
) -> list[Indicator]:
    """The rows with an economic cost row from the funds added, unless one is there already (a social or
    ecological cost row is no cost of the money)."""
    if any(is_money_cost(i) for i in indicators):
        return indicators
    cost = cost_indicator(funds, indicators, project_type)
    return indicators if cost is None else [*indicators, cost]


def cost_indicator(
    funds: float | None, indicators: Sequence[Indicator], project_type: str | None = None
) -> Indicator | None:
    if not funds or funds <= 0:
        return None
    cost = unit_cost(funds, own_quantities(indicators))
    if cost is not None:
        quantity = cost.quantity
        return Indicator(
            level1=tx.COST,
            level2=tx.ECONOMIC_COST,
            name=cost.name,
            value=cost.value,
            description=f"项目资金 {money_text(funds)} ÷ {quantity.name} {number_text(quantity.value.number or 0)}{quantity.value.unit or ''}",
            provenance=Provenance(
                basis=ValueBasis.FUNDS,
                needs_confirmation=True,
                note="由资金和本项目的主要产出数量测算，请确认测算口径",
            ),
        )
    return Indicator(
        level1=tx.COST,
        level2=tx.ECONOMIC_COST,
        name=TOTAL_NAMES.get(project_type or "", "项目总成本"),
        value=f"≤{money_text(funds, ceiling=True)}",
        description="不超过年度预算资金",
        provenance=Provenance(basis=ValueBasis.FUNDS, note="由年度资金确定的成本上限"),
    )


_PART_NAME = re.compile(r"^(其中|包括|含)?(当年|年度)?")


def part_rows(facts: Sequence[Fact], funds: float | None) -> list[Indicator]:
    """Ceilings on the parts of the funds the description itemises ("劳务费约2万元" → 劳务成本 ≤2万元)."""
    rows: list[Indicator] = []
    for fact in facts:
        if fact.kind is not FactKind.MONEY or fact.role is not MoneyRole.PART or not fact.in_yuan:
            continue
        subject = _PART_NAME.sub("", fact.subject)
        if not re.search(r"(费|费用)$", subject) or len(subject) > 10 or (funds and fact.in_yuan > funds):
            continue  # a funding source (中央补助40万元) is no cost
        name = re.sub(r"(费用|费)$", "", subject) + "成本"
        if len(name) < 3 or any(r.name == name for r in rows):
            continue
        rows.append(
            Indicator(
                level1=tx.COST,
                level2=tx.ECONOMIC_COST,
                name=name,
                value=f"≤{money_text(fact.in_yuan, ceiling=True)}",
                description=f"项目描述列明的{subject}",
                provenance=Provenance(basis=ValueBasis.DESCRIPTION, note=f"取自项目描述：“{fact.text[:60]}”"),
            )
        )
        if len(rows) >= MAX_PARTS:
            break
    return rows


def cost_control_default() -> Indicator:
    """The cost row of a description that names no money: the 10号 framework's 成本节约率 (actual cost
    within the budget), until the funds are known and a unit cost can be computed."""
    return Indicator(
        level1=tx.COST,
        level2=tx.ECONOMIC_COST,
        name="项目成本节约率",
        value="≥0%",
        description="计算公式：（年度预算资金－实际成本）÷年度预算资金×100%，不超支即达成；补充年度资金后可改为单位成本指标。",
        provenance=Provenance(
            basis=ValueBasis.DEFAULT, needs_confirmation=True, note="描述中没有资金数额：先以不超支为成本要求"
        ),
    )
