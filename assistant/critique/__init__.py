"""The rule critic: STANDARD.md §2.2 (R01–R34) over a Sheet → Critique with rewrites and a score.

Public API:
- `critique_sheet(sheet, hints=None)` → Critique
- `rule_table()` → the rules (code, severity, dimension, what it checks, status)
- `CorpusHints`, `default_hints()` → optional knowledge from past sheets for concrete numbers
- `VALUE_FORM_RULES`, `CATEGORY_RULES`, `is_value_form`, `is_category` → how the eval reads findings

Rule groups live in rules/ (structure, value_form, category, consistency, naming); weights and
penalties of the score in scoring.py.
"""

from __future__ import annotations

from assistant.critique.engine import critique_sheet
from assistant.critique.groups import CATEGORY_RULES, VALUE_FORM_RULES, is_category, is_value_form
from assistant.critique.hints import CorpusHints, Hints, default_hints
from assistant.critique.rules import RULES, Rule, ordered_rules


def rule_table() -> list[Rule]:
    return ordered_rules()


__all__ = [
    "CATEGORY_RULES",
    "RULES",
    "VALUE_FORM_RULES",
    "CorpusHints",
    "Hints",
    "Rule",
    "critique_sheet",
    "default_hints",
    "is_category",
    "is_value_form",
    "rule_table",
]
