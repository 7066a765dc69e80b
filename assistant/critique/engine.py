"""Run every rule over a sheet, score the result and answer the reviewer's checklist."""

from __future__ import annotations

from assistant.critique.analysis import analyse
from assistant.critique.checklist import checklist
from assistant.critique.classifier import Classifier, default_classifier
from assistant.critique.hints import Hints
from assistant.critique.rules import ordered_rules
from assistant.critique.scoring import score
from assistant.schema import Critique, Finding, Sheet

NO_HINTS_NOTICE = "未加载语料库，改写建议中无法从相似指标推断的数值以“＿”留空"


def critique_sheet(
    sheet: Sheet,
    hints: Hints | None = None,
    classifier: Classifier | None = None,
    previous: Sheet | None = None,
) -> Critique:
    """The rule critique of one sheet: every finding with its rewrite, the score, the grade and the checklist.

    `hints` (optional) lets suggestions borrow numbers and names from similar past indicators;
    without it the engine still runs every rule and leaves explicit blanks. `previous` is last year's
    sheet of the same project (rules H01–H04); without it the hints' corpus is searched for one.
    `classifier` is for evaluations that compare cue sets; by default the hints' classifier or the
    shared one is used.
    """
    classifier = classifier or (hints.classifier() if hints else None) or default_classifier()
    notices = list(sheet.notices)
    if previous is not None:
        notices.append(f"已与上年表「{previous.project_name}」{_year_of(previous)}对比")
    elif hints is not None and (found := hints.previous_of(sheet)) is not None:
        previous = found
        notices.append(
            f"已自动与语料库中同一单位同一项目的上年表「{found.project_name}」{_year_of(found)}对比"
        )
    facts = analyse(sheet, classifier, hints, previous)
    findings: list[Finding] = []
    for rule in ordered_rules():
        findings.extend(rule.run(facts))
    overall, sub_scores, grade = score(findings, len(sheet.indicators))
    if hints is None:
        notices.append(NO_HINTS_NOTICE)
    return Critique(
        sheet_id=sheet.id,
        project_name=sheet.project_name,
        findings=findings,
        score=overall,
        sub_scores=sub_scores,
        grade=grade,
        checklist=checklist(sheet, findings),
        notices=notices,
    )


def _year_of(sheet: Sheet) -> str:
    return f"（{sheet.year}年）" if sheet.year else ""
