"""The reviewer's checklist beside the score: the one table of checks and the rules that feed each.

Finance reviewers work from a checklist (the 一体化 systems' AI review reports: 指标值合理性, 核心指标缺失,
指标可衡量; provincial rules: 指向明确, 细化量化, 合理可行, 相互匹配 — 财预〔2015〕88号). Each check here is
answered from the rule findings only, so the checklist and the score can never disagree:
- passed: no error or warning among the findings of the rules that feed the check (an info-level
  hint does not fail it);
- failing indicators: the rows those findings point at; sheet problems: the findings on the sheet;
- grade 优/良/中/差: 100 minus the failing rows' share (an error row counts 1, a warning row 0.4) and a
  penalty per sheet-level finding (CHECK_SHEET_PENALTY), graded by the score's bands; a check that
  fails is at best 良, one failed by an error at best 中.

Every rule feeds exactly one check (tests/test_critique_checklist.py keeps it so): a new rule adds
its code to one row of CHECKS. LLM findings are advice and feed no check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.critique.scoring import ROW_PENALTY, grade_of
from assistant.schema import CheckResult, Finding, Severity, Sheet


@dataclass(frozen=True)
class Check:
    name: str
    question: str
    rules: frozenset[str]


def _check(name: str, question: str, *codes: str) -> Check:
    return Check(name, question, frozenset(codes))


CHECKS: tuple[Check, ...] = (
    _check(
        "目标明确",
        "年度目标写明做什么、做多少，是本年的目标而非照抄总目标或上年",
        "R26",  # 年度目标 missing, a bare number, a copy of the 总目标, no quantity
        "H03",  # last year's sheet copied unchanged
    ),
    _check(
        "指标完整",
        "每个必需的二级都有指标，指标行填写完整、不重复、不凑数，上年的指标没有无故删去",
        "R01",  # empty labels, names, values
        "R03",  # a required 二级 missing
        "R05",  # duplicates
        "R06",  # too few, too many, padding
        "H02",  # indicators of last year dropped
    ),
    _check(
        "细化量化",
        "指标值可衡量：数值、期限或有分级标准，单位、名称与指标类型一致",
        "R07",
        "R08",
        "R11",
        "R12",
        "R13",
        "R18",
        "R23",
        "R29",
        "R31",
        "R32",
        "R33",
    ),
    _check(
        "归类正确",
        "每条指标放在它所衡量内容的类别下，决策/过程/投入类内容不作为绩效目标",
        "R02",
        "R14",
        "R15",
        "R16",
        "R17",
        "R19",
        "R20",
        "R21",
        "R22",
        "R34",
    ),
    _check(
        "合理可行",
        "指标值与资金、目标和上年相比合理可行：方向、范围、满意度区间，不低于上年，效益可归因",
        "R09",
        "R10",
        "R24",
        "R28",
        "R30",
        "H01",  # a target lowered from last year without a reason
        "R41",  # a deadline outside the budget year
    ),
    _check(
        "相互匹配",
        "年度目标中的每个数字都有指标衡量且数值一致，成本与预算相符，资金变化与产出相称",
        "R04",
        "R25",
        "R27",
        "H04",  # funds changed while the outputs stay the same
        "R40",  # a row of another project (another sector's objects, nothing in common with this one)
        "R42",  # a unit cost over a quantity the sheet does not count
        "R43",  # a satisfaction survey of people the project does not serve
    ),
)

CHECK_OF: dict[str, Check] = {code: check for check in CHECKS for code in check.rules}
CHECK_SHEET_PENALTY: dict[Severity, float] = {
    Severity.ERROR: 40.0,
    Severity.WARNING: 15.0,
    Severity.INFO: 0.0,
}
_FAILS = (Severity.ERROR, Severity.WARNING)
_BEST_WITH_WARNINGS = 89.9  # 良
_BEST_WITH_ERRORS = 74.9  # 中


def checklist(sheet: Sheet, findings: Iterable[Finding]) -> list[CheckResult]:
    """The checklist of one critique, in CHECKS order."""
    by_check: dict[str, list[Finding]] = {check.name: [] for check in CHECKS}
    for finding in findings:
        check = CHECK_OF.get(finding.code)
        if check is not None and finding.source == "rule":
            by_check[check.name].append(finding)
    return [_result(check, sheet, by_check[check.name]) for check in CHECKS]


def _result(check: Check, sheet: Sheet, findings: list[Finding]) -> CheckResult:
    failing = [f for f in findings if f.severity in _FAILS]
    worst: dict[int, float] = {}
    sheet_problems: list[str] = []
    penalty = 0.0
    for f in failing:
        if f.indicator_index is None:
            sheet_problems.append(f.message)
            penalty += CHECK_SHEET_PENALTY[f.severity]
        else:
            worst[f.indicator_index] = max(worst.get(f.indicator_index, 0.0), ROW_PENALTY[f.severity])
    n = max(len(sheet.indicators), 1)
    score = max(0.0, 100.0 * (1.0 - min(1.0, sum(worst.values()) / n)) - penalty)
    rows = sorted(worst)
    names = [
        sheet.indicators[i].name.strip() or f"第{i + 1}行"
        if 0 <= i < len(sheet.indicators)
        else f"第{i + 1}行"
        for i in rows
    ]
    if any(f.severity is Severity.ERROR for f in failing):
        score = min(score, _BEST_WITH_ERRORS)
    elif failing:
        score = min(score, _BEST_WITH_WARNINGS)
    # Validated construction (pydantic-core) is about twice as fast as model_construct (Python) here.
    return CheckResult(
        check=check.name,
        question=check.question,
        passed=not failing,
        grade=grade_of(score) if sheet.indicators or not failing else "差",
        failing_indicators=rows,
        failing_names=names,
        sheet_problems=sheet_problems,
        rules=sorted({f.code for f in failing}),
    )
