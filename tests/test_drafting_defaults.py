"""The drafter's standard defaults are rows its own critic accepts: a default never draws a finding."""

from __future__ import annotations

import pytest

from assistant import taxonomy as tx
from assistant.critique import critique_sheet
from assistant.drafting.cost import cost_indicator
from assistant.drafting.defaults import default_for
from assistant.drafting.explain import with_explanation
from assistant.drafting.naming import core_activity
from assistant.schema import Funding, Sheet

DEFAULTED = (
    tx.QUANTITY,
    tx.QUALITY,
    tx.TIMELINESS,
    tx.SOCIAL_BENEFIT,  # the default for any other 效益 二级 too
    tx.SUSTAINABILITY,
    tx.SERVICE_SATISFACTION,
)
PROJECTS = (
    "区人民调解工作经费",
    "学生伙食费补助",
    "残疾人就业保障金",
    "森林病虫害防治经费",
    "办公楼运行保障",
)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_default_is_accepted_by_the_critic(project: str) -> None:
    core = core_activity(project)
    # As the drafter writes them: each default with its 指标解释, and the cost row from the funds.
    rows = [with_explanation(default_for(level2, core, 2025)) for level2 in DEFAULTED]
    rows.append(with_explanation(cost_indicator(500_000, rows)))
    sheet = Sheet(
        project_name=project, year=2025, funds=Funding(total=500_000, fiscal=500_000), indicators=rows
    )
    findings = [f for f in critique_sheet(sheet).findings if f.indicator_index is not None]
    assert [(sheet.indicators[f.indicator_index].name, f.code, f.message) for f in findings] == []


def test_the_default_satisfaction_row_names_who_is_asked() -> None:
    assert default_for(tx.SERVICE_SATISFACTION, "人民调解", 2025).name == "调解当事人满意度"
    assert default_for(tx.SERVICE_SATISFACTION, "学生伙食", 2025).name == "学生伙食服务对象满意度"


def test_a_borrowed_satisfaction_row_is_renamed_for_this_projects_respondents() -> None:
    from assistant.drafting.offline import own_respondents
    from assistant.schema import Indicator

    rows = [
        Indicator(level1=tx.SATISFACTION, level2=tx.SERVICE_SATISFACTION, name=name, value="≥90%")
        for name in ("服务对象满意度", "群众满意率", "受援人满意度")
    ]
    assert [i.name for i in own_respondents(rows, "法律援助")] == ["受援人满意度"] * 3
    assert [i.name for i in own_respondents(rows, "学生伙食")] == ["学生伙食服务对象满意度"] * 2 + [
        "受援人满意度"
    ]
