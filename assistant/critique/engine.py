"""Run every rule over a sheet and score the result."""

from __future__ import annotations

from assistant.critique.analysis import analyse
from assistant.critique.classifier import Classifier, default_classifier
from assistant.critique.hints import Hints
from assistant.critique.rules import ordered_rules
from assistant.critique.scoring import score
from assistant.schema import Critique, Finding, Sheet

NO_HINTS_NOTICE = "未加载语料库，改写建议中无法从相似指标推断的数值以“＿”留空"


def critique_sheet(
    sheet: Sheet, hints: Hints | None = None, classifier: Classifier | None = None
) -> Critique:
    """The rule critique of one sheet: every finding with its rewrite, the score and the grade.

    `hints` (optional) lets suggestions borrow numbers and names from similar past indicators;
    without it the engine still runs every rule and leaves explicit blanks. `classifier` is for
    evaluations that compare cue sets; by default the hints' classifier or the shared one is used.
    """
    classifier = classifier or (hints.classifier() if hints else None) or default_classifier()
    facts = analyse(sheet, classifier, hints)
    findings: list[Finding] = []
    for rule in ordered_rules():
        findings.extend(rule.run(facts))
    overall, sub_scores, grade = score(findings, len(sheet.indicators))
    notices = list(sheet.notices)
    if hints is None:
        notices.append(NO_HINTS_NOTICE)
    return Critique(
        sheet_id=sheet.id,
        project_name=sheet.project_name,
        findings=findings,
        score=overall,
        sub_scores=sub_scores,
        grade=grade,
        notices=notices,
    )
