"""The rules of STANDARD.md §2.2, one module per group; importing this package registers them all."""

from __future__ import annotations

from assistant.critique.rules import category, consistency, history, naming, structure, value_form  # noqa: F401
from assistant.critique.rules.base import RULES, Rule

__all__ = ["RULES", "Rule", "ordered_rules"]


def ordered_rules() -> list[Rule]:
    """All rules in code order (H01 … H04, R01 … R34)."""
    return [RULES[code] for code in sorted(RULES)]
