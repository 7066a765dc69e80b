"""Score a sheet 0–100 from its findings: four dimension sub-scores and a grade.

All weights and penalties live in this module's constants; nothing else in the code base decides
how much a finding costs.

How a dimension is scored (each starts at 100):
- A finding on an indicator row costs that row's share of the dimension: with n rows, a row
  whose worst finding in the dimension is an error loses 100/n × ROW_PENALTY[error]. A row counts
  once per dimension however many findings it has, so one bad row cannot sink a long sheet and a
  short sheet with half its rows vague scores half.
- A finding on the sheet as a whole (a missing category, the 年度目标, the budget) subtracts
  SHEET_PENALTY points.
- The dimension score is floored at 0. The overall score is the DIMENSION_WEIGHTS-weighted mean.
- A sheet with no indicators scores 0.
- A sheet cannot pass when most of its targets cannot be checked: if at least UNMEASURABLE_CAP[0]
  of its rows carry a value-form error (vague, ungraded or empty 指标值; see precedence.py), the
  overall score is capped at UNMEASURABLE_CAP[1] (差), whatever the other dimensions say.
- A sheet with a row that does not fit its project (a relevance finding, precedence.RELEVANCE_RULES:
  another project's row, people it does not serve, a cost over a quantity it does not count, a deadline
  outside its year) cannot score 优: the overall score is capped at RELEVANCE_CAP.

Grades follow the 88号 review grades 优/良/中/差 with the GRADE_BANDS thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.critique.precedence import RELEVANCE_RULES, is_value_form
from assistant.schema import Dimension, Finding, Grade, Severity

DIMENSION_WEIGHTS: dict[Dimension, float] = {
    Dimension.COMPLETENESS: 0.15,  # 完整性: every category present, rows filled in (R01–R03, R06)
    Dimension.MEASURABILITY: 0.45,  # 可衡量性: values a reviewer can check at year end (R07, R12, R13, R18, R23…)
    Dimension.CONFORMITY: 0.15,  # 规范性: units, comparators, names, labels (R02, R05, R08–R11, R31, R32)
    Dimension.CONSISTENCY: 0.25,  # 相关性与一致性: right category, goals, budget (R04, R14–R21, R25–R30, R34)
}

ROW_PENALTY: dict[Severity, float] = {Severity.ERROR: 1.0, Severity.WARNING: 0.4, Severity.INFO: 0.0}
SHEET_PENALTY: dict[Severity, float] = {Severity.ERROR: 20.0, Severity.WARNING: 8.0, Severity.INFO: 0.0}

UNMEASURABLE_CAP: tuple[float, float] = (0.5, 59.0)  # (share of rows, highest score)
RELEVANCE_CAP = 89.0  # the highest score of a sheet with a relevance finding: below 优 (90)

GRADE_BANDS: tuple[tuple[float, Grade], ...] = ((90.0, "优"), (75.0, "良"), (60.0, "中"), (0.0, "差"))


def grade_of(score: float) -> Grade:
    for threshold, grade in GRADE_BANDS:
        if score >= threshold:
            return grade
    return "差"


def score(findings: Iterable[Finding], n_indicators: int) -> tuple[float, dict[Dimension, float], Grade]:
    """(overall score, sub-scores by dimension, grade), all rounded to one decimal."""
    if n_indicators <= 0:
        return 0.0, {d: 0.0 for d in DIMENSION_WEIGHTS}, "差"
    worst: dict[tuple[Dimension, int], float] = {}
    sheet_points: dict[Dimension, float] = dict.fromkeys(DIMENSION_WEIGHTS, 0.0)
    unmeasurable: set[int] = set()
    irrelevant = False
    for finding in findings:
        irrelevant = irrelevant or finding.code in RELEVANCE_RULES
        if finding.severity is Severity.ERROR and is_value_form(finding):
            unmeasurable.add(finding.indicator_index or 0)
        if finding.indicator_index is None:
            sheet_points[finding.dimension] += SHEET_PENALTY[finding.severity]
        else:
            key = (finding.dimension, finding.indicator_index)
            worst[key] = max(worst.get(key, 0.0), ROW_PENALTY[finding.severity])
    row_loss: dict[Dimension, float] = dict.fromkeys(DIMENSION_WEIGHTS, 0.0)
    for (dimension, _), penalty in worst.items():
        row_loss[dimension] += penalty
    sub_scores = {
        d: round(max(0.0, 100.0 * (1.0 - min(1.0, row_loss[d] / n_indicators)) - sheet_points[d]), 1)
        for d in DIMENSION_WEIGHTS
    }
    overall = round(sum(DIMENSION_WEIGHTS[d] * s for d, s in sub_scores.items()), 1)
    share, cap = UNMEASURABLE_CAP
    if len(unmeasurable) >= share * n_indicators:
        overall = min(overall, cap)
    if irrelevant:
        overall = min(overall, RELEVANCE_CAP)
    return overall, sub_scores, grade_of(overall)
