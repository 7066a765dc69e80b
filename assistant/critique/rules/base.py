"""The rule registry: one `Rule` per check of STANDARD.md §2.2, registered by a decorator.

A rule is a plain function `check(rule, facts) -> Iterator[Finding]`; the decorator hands it its
own `Rule`, so a finding is `rule.finding(...)` and the code is written once. Its code, default severity,
dimension and one-line description live next to it in the decorator, so `assistant rules` and
the engine read the same table. A rule that needs data most sheets do not carry (last year's
actuals for R28, a 指标性质 column for R11, 指标解释 for R29) says so in `condition`; it then
skips every sheet without that data, and the rule table shows the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.schema import Dimension, Finding, Severity, Suggestion

if TYPE_CHECKING:
    from assistant.critique.analysis import IndicatorFacts, SheetFacts

Check = Callable[["Rule", "SheetFacts"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity  # the default (highest) severity; a finding may say less
    dimension: Dimension
    title: str  # what it checks, one line, Chinese
    check: Check
    condition: str | None = None  # set when it runs only if the sheet carries some data
    source: str | None = None  # where the check comes from, when it is not a rule of STANDARD.md §2.2

    @property
    def reference(self) -> str:
        return self.source or f"STANDARD.md §2.2 {self.code}"

    def run(self, facts: SheetFacts) -> Iterator[Finding]:
        return self.check(self, facts)

    @property
    def status(self) -> str:
        if self.condition:
            return f"条件执行：{self.condition}"
        return "执行"

    def finding(
        self,
        message: str,
        suggestion: Suggestion | None = None,
        *,
        at: IndicatorFacts | None = None,
        field: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            dimension=self.dimension,
            indicator_index=at.index if at is not None else None,
            field=field,
            message=message,
            suggestion=suggestion,
            reference=self.reference,
        )


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    dimension: Dimension,
    title: str,
    *,
    condition: str | None = None,
    source: str | None = None,
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, severity, dimension, title, check, condition=condition, source=source)
        return check

    return register


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
COMPLETE = Dimension.COMPLETENESS
MEASURE = Dimension.MEASURABILITY
CONFORM = Dimension.CONFORMITY
CONSIST = Dimension.CONSISTENCY
