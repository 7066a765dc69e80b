"""The rules of STANDARD.md §2.2, one module per group; importing this package registers them all."""

from __future__ import annotations

from assistant.critique.rules import (  # noqa: F401
    category,
    consistency,
    history,
    naming,
    relevance,
    structure,
    value_form,
)
from assistant.critique.rules.base import RULES, Rule

__all__ = ["RULES", "Rule", "ordered_rules"]


def ordered_rules() -> list[Rule]:
    """All rules in code order (H01 … H04, R01 … R34, R40 … R43)."""
    return [RULES[code] for code in sorted(RULES)]
