"""Which rules say what: the rule groups the evals (and the score cap) read findings by."""

from __future__ import annotations

from assistant.schema import Finding

# "This indicator's value is vague/unmeasurable": the rules that say so. Exactly one of them owns a
# non-measurable value (analysis.py): R01 when the value is empty, R18 under 时效, R23 under
# 可持续影响, R13 for an evaluative adjective, R07 otherwise. R01 counts only for its 指标值 findings.
# Not in the set: R08/R09/R10/R12/R32 (the value is measurable but has the wrong unit, direction,
# range or a hedge) and R24/R33 (a measurable value missing its band or base).
VALUE_FORM_RULES: frozenset[str] = frozenset({"R01", "R07", "R13", "R18", "R23"})

# "This indicator is filed in the wrong category (or is no target at all)": every finding of these
# rules says so. R14 (an input counted as output) and R24 (who answers a satisfaction survey) are
# about content that stays where it is, so they are not category rules in this sense.
CATEGORY_RULES: frozenset[str] = frozenset({"R15", "R16", "R17", "R19", "R20", "R21", "R34"})


def is_value_form(finding: Finding) -> bool:
    if finding.indicator_index is None or finding.code not in VALUE_FORM_RULES:
        return False
    return finding.code != "R01" or finding.field == "value"


def is_category(finding: Finding) -> bool:
    return finding.indicator_index is not None and finding.code in CATEGORY_RULES
