"""The rule critic: STANDARD.md §2.2 (R01–R34) over a Sheet → Critique with rewrites and a score.

Public API:
- `critique_sheet(sheet, hints=None)` → Critique
- `rule_table()` → the rules (code, severity, dimension, what it checks, status)
- `CorpusHints`, `default_hints()` → optional knowledge from past sheets for concrete numbers
- `VALUE_FORM_RULES`, `CATEGORY_RULES`, `is_value_form`, `is_category` → how the eval reads findings

Rule groups live in rules/ (structure, value_form, category, consistency, naming); who speaks
about a row in precedence.py; weights and penalties of the score in scoring.py.

The names are loaded on first use (PEP 562), so importing one leaf module of this package (the
lexicon, the classifier) does not load the whole rule engine, and the rule modules, which import
their siblings by full path, never import back through a half-initialised package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.critique.engine import critique_sheet
    from assistant.critique.hints import CorpusHints, Hints, default_hints
    from assistant.critique.precedence import CATEGORY_RULES, VALUE_FORM_RULES, is_category, is_value_form
    from assistant.critique.rules.base import RULES, Rule

_EXPORTS: dict[str, str] = {
    "critique_sheet": "assistant.critique.engine",
    "CorpusHints": "assistant.critique.hints",
    "Hints": "assistant.critique.hints",
    "default_hints": "assistant.critique.hints",
    "CATEGORY_RULES": "assistant.critique.precedence",
    "VALUE_FORM_RULES": "assistant.critique.precedence",
    "is_category": "assistant.critique.precedence",
    "is_value_form": "assistant.critique.precedence",
    "RULES": "assistant.critique.rules",
    "Rule": "assistant.critique.rules",
}


def rule_table() -> list[Rule]:
    from assistant.critique.rules import ordered_rules

    return ordered_rules()


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
