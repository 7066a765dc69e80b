"""Cost indicators derived from the funds: unit cost = funds ÷ main quantity, else a total ceiling.

Both keep budget arithmetic consistent by construction (R19, R27): unit cost × quantity equals
the funds, and a total ceiling never exceeds them.
"""

from __future__ import annotations

import math

from assistant import taxonomy as tx
from assistant.drafting.from_facts import number_text
from assistant.schema import Indicator, Provenance, ValueBasis

_PER = {"人": "人均", "名": "人均", "件": "单件", "次": "单次", "场": "单场", "人次": "每人次", "户": "每户"}
_SERVICE_UNITS = frozenset(
    {"件", "人次", "次", "场", "人", "名", "户", "户次", "件次", "课时", "期", "个", "所", "家"}
)


def money_text(yuan: float) -> str:
    """ "1200000" → "120万元", "283.02" → "284元" (rounded up: a ceiling must not be undercut)."""
    if yuan >= 100_000:
        wan = math.ceil(yuan / 100) / 100  # 2 decimals in 万元, rounded up
        return f"{number_text(round(wan, 2))}万元"
    if yuan >= 100:
        return f"{math.ceil(yuan)}元"
    return f"{math.ceil(yuan * 100) / 100:g}元"


def main_quantity(indicators: list[Indicator]) -> Indicator | None:
    """The 数量 row that carries the project's main output: the first service count with a number."""
    for indicator in indicators:
        value = indicator.value
        if (
            indicator.level2 == tx.QUANTITY
            and value.number
            and value.number > 1
            and (value.unit or "") in _SERVICE_UNITS
        ):
            return indicator
    return None


def cost_indicator(funds: float | None, indicators: list[Indicator]) -> Indicator | None:
    if not funds or funds <= 0:
        return None
    quantity = main_quantity(indicators)
    if quantity is not None:
        unit = quantity.value.unit or "件"
        per = funds / (quantity.value.number or 1)
        subject = quantity.name
        for suffix in ("件数", "人次", "场次", "次数", "人数", "户数", "数量", "数"):
            if subject.endswith(suffix):
                subject = subject[: -len(suffix)]
                break
        name = f"{subject}{_PER.get(unit, '单位')}成本"
        return Indicator(
            level1=tx.COST,
            level2=tx.ECONOMIC_COST,
            name=name,
            value=f"≤{money_text(per)}/{unit}",
            description=f"项目资金 {money_text(funds)} ÷ {quantity.name} {number_text(quantity.value.number or 0)}{unit}",
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
        value=f"≤{money_text(funds)}",
        description="不超过年度预算资金",
        provenance=Provenance(basis=ValueBasis.FUNDS, note="由年度资金确定的成本上限"),
    )
