"""Cost indicators derived from the funds: unit cost = funds ÷ main quantity, else a total ceiling.

Both keep budget arithmetic consistent by construction (R19, R27): unit cost × quantity equals
the funds, and a total ceiling never exceeds them. The unit cost is domain.unit_cost, the same
one the critic proposes when it rewrites a cost row.
"""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.domain import unit_cost
from assistant.schema import Indicator, Provenance, ValueBasis
from assistant.values import money_text, number_text


def with_cost_row(funds: float | None, indicators: list[Indicator]) -> list[Indicator]:
    """The rows with a cost row from the funds added, unless one is there already."""
    if any(i.level1 == tx.COST for i in indicators) or (cost := cost_indicator(funds, indicators)) is None:
        return indicators
    return [*indicators, cost]


def cost_indicator(funds: float | None, indicators: list[Indicator]) -> Indicator | None:
    if not funds or funds <= 0:
        return None
    cost = unit_cost(funds, indicators)
    if cost is not None:
        quantity = cost.quantity
        return Indicator(
            level1=tx.COST,
            level2=tx.ECONOMIC_COST,
            name=cost.name,
            value=cost.value,
            description=f"项目资金 {money_text(funds)} ÷ {quantity.name} {number_text(quantity.value.number or 0)}{cost.unit}",
            provenance=Provenance(
                basis=ValueBasis.FUNDS,
                needs_confirmation=True,
                note="由资金和主要产出数量测算，请确认测算口径",
            ),
        )
    return Indicator(
        level1=tx.COST,
        level2=tx.ECONOMIC_COST,
        name="项目总成本",
        value=f"≤{money_text(funds, ceiling=True)}",
        description="不超过年度预算资金",
        provenance=Provenance(basis=ValueBasis.FUNDS, note="由年度资金确定的成本上限"),
    )
