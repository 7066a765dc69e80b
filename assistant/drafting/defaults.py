"""Standard default indicators, used only when neither the description nor a similar past sheet
gives one for a required category. Every default is measurable and marked for confirmation.

The values are the common practice defaults of STANDARD.md (满意度 ≥90%, 合格率 ≥95%, a deadline
at the end of the budget year); a drafter must confirm them. The critic accepts every default as it
is (tests/test_drafting_defaults.py): the satisfaction row names its respondents the way R24 wants,
with the same domain.respondent_group the critic uses.
"""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.domain import satisfaction_name
from assistant.schema import Indicator, Provenance, ValueBasis


def _default(level1: str, level2: str, name: str, value: str, note: str) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        value=value,
        provenance=Provenance(basis=ValueBasis.DEFAULT, needs_confirmation=True, note=note),
    )


def default_for(level2: str, core: str, year: int, respondents: str | None = None) -> Indicator:
    """A measurable default for one 二级, phrased around the project's core activity; a satisfaction
    default surveys `respondents` (the project's beneficiaries) when the drafter knows them."""
    core = core or "项目"
    if level2 == tx.QUANTITY:
        return _default(
            tx.OUTPUT, tx.QUANTITY, f"{core}年度任务完成率", "=100%", "标准默认值：按年度计划完成全部任务"
        )
    if level2 == tx.QUALITY:
        return _default(tx.OUTPUT, tx.QUALITY, f"{core}验收合格率", "≥95%", "标准默认值：请注明验收标准")
    if level2 == tx.TIMELINESS:
        return _default(
            tx.OUTPUT, tx.TIMELINESS, f"{core}完成时间", f"{year}年12月31日前", "标准默认值：预算年度末前完成"
        )
    if level2 == tx.SERVICE_SATISFACTION:
        return _default(
            tx.SATISFACTION,
            tx.SERVICE_SATISFACTION,
            f"{respondents}满意度" if respondents else satisfaction_name(core),
            "≥90%",
            "标准默认值：问卷或电话回访，请注明样本量",
        )
    if level2 == tx.SUSTAINABILITY:
        return _default(
            tx.BENEFIT, tx.SUSTAINABILITY, f"{core}服务持续运行年限", "≥3年", "标准默认值：请说明长效机制"
        )
    return _default(
        tx.BENEFIT,
        tx.SOCIAL_BENEFIT,
        f"{respondents}受益覆盖率" if respondents else f"{core}服务对象问题解决率",
        "=100%" if respondents else "≥90%",
        "标准默认值：实际受益对象数÷计划受益对象数；请改为本项目可归因的效果指标",
    )
