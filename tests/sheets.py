"""Hand-written sheets for the critique tests, and small helpers to read a Critique."""

from __future__ import annotations

from datetime import date

from assistant.critique import critique_sheet
from assistant.schema import Critique, Finding, Funding, Indicator, Sheet
from evals.gold import GoldSheet, load_gold

Row = tuple[str, str, str, str] | tuple[str, str, str, str, str]


def make_sheet(
    rows: list[Row],
    *,
    project: str = "社区矫正教育帮扶项目",
    year: int = 2024,
    funds: float | None = 600_000,
    annual_goal: str | None = "2024年开展个别教育谈话不少于1200人次。",
    overall_goal: str | None = "推进社区矫正教育帮扶工作。",
    **fields,
) -> Sheet:
    indicators = [
        Indicator.model_validate(
            {
                "level1": r[0],
                "level2": r[1],
                "name": r[2],
                "value": r[3],
                "description": r[4] if len(r) > 4 else None,
            }
        )
        for r in rows
    ]
    return Sheet(
        project_name=project,
        year=year,
        start_date=fields.pop("start_date", date(year, 1, 1)),
        end_date=fields.pop("end_date", date(year, 12, 31)),
        funds=Funding(total=funds, fiscal=funds, unit_as_written="元"),
        annual_goal=annual_goal,
        overall_goal=overall_goal,
        indicators=indicators,
        **fields,
    )


def exemplary_sheet() -> Sheet:
    """All categories, measurable values, goals matched by indicators, unit cost × quantity = funds."""
    rows: list[Row] = [
        (
            "产出指标",
            "数量指标",
            "个别教育谈话人次",
            "≥1200人次",
            "全年对在册矫正对象开展个别教育谈话的人次，数据来源：矫正信息系统",
        ),
        (
            "产出指标",
            "数量指标",
            "集中教育活动场次",
            "≥24场",
            "全年组织集中教育活动的场次，数据来源：活动台账",
        ),
        (
            "产出指标",
            "质量指标",
            "教育帮扶档案合格率",
            "≥95%",
            "合格率 = 抽查合格档案数 / 抽查档案总数 × 100%，数据来源：季度档案抽查记录",
        ),
        (
            "产出指标",
            "时效指标",
            "新入矫对象首次谈话时限",
            "≤5个工作日",
            "自报到之日起计算，数据来源：矫正信息系统",
        ),
        ("成本指标", "经济成本指标", "每人次教育帮扶成本", "≤500元/人次", "依据购买服务合同单价测算"),
        (
            "效益指标",
            "社会效益指标",
            "矫正对象重新犯罪率",
            "≤0.5%",
            "重新犯罪率 = 矫正期内重新犯罪人数 / 在册矫正对象人数 × 100%，数据来源：公安通报",
        ),
        (
            "效益指标",
            "可持续影响指标",
            "教育帮扶制度执行覆盖率",
            "=100%",
            "覆盖率 = 执行教育帮扶制度的司法所数 / 司法所总数 × 100%，连续3年保持，数据来源：年度考核",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "矫正对象满意度",
            "≥90%",
            "满意度 = 满意问卷数 / 有效问卷数 × 100%，年末问卷调查，样本不少于200人",
        ),
    ]
    return make_sheet(
        rows,
        annual_goal=(
            "2024年开展个别教育谈话不少于1200人次、集中教育活动24场，教育帮扶档案合格率达到95%，"
            "矫正对象重新犯罪率控制在0.5%以下，矫正对象满意度达到90%。"
        ),
        overall_goal="建立覆盖全区的社区矫正教育帮扶体系，降低矫正对象重新犯罪率，帮助其顺利回归社会。",
    )


def gold_sheet(seed_prefix: str, index: int) -> GoldSheet:
    return next(g for g in load_gold() if g.seed_file.startswith(seed_prefix) and g.index_in_file == index)


def row_index(sheet: Sheet, name: str) -> int:
    return next(i for i, ind in enumerate(sheet.indicators) if ind.name == name)


def findings(sheet: Sheet | Critique, code: str | None = None, row: int | None = None) -> list[Finding]:
    critique = critique_sheet(sheet) if isinstance(sheet, Sheet) else sheet
    return [
        f
        for f in critique.findings
        if (code is None or f.code == code) and (row is None or f.indicator_index == row)
    ]


def codes_on(sheet: Sheet, name: str) -> set[str]:
    index = row_index(sheet, name)
    return {f.code for f in critique_sheet(sheet).findings if f.indicator_index == index}
