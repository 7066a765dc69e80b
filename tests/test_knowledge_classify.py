"""Sector and project-type classification of made-up projects (none is a dev sheet), and the library rows
that then fit them."""

from __future__ import annotations

from assistant import taxonomy as tx
from assistant.knowledge import (
    ProjectText,
    classify_project_type,
    classify_sector,
    explain_project_type,
    explain_sector,
    library_for,
    tag_sheet,
)
from assistant.knowledge.classify import CueIndex
from assistant.knowledge.models import CueCategory, CueTable
from assistant.schema import Sheet


def top(ranked: list[tuple[str, float]]) -> str | None:
    return ranked[0][0] if ranked else None


def top2(ranked: list[tuple[str, float]]) -> list[str]:
    return [label for label, _ in ranked[:2]]


CANTEEN = ProjectText(
    name="校园食堂食品安全专项检查",
    unit="区市场监督管理局",
    description="2024年对辖区中小学、幼儿园食堂开展食品安全专项检查，计划检查300家次，抽检食材200批次，督促问题整改。",
)
FARMLAND = "县农业农村局2025年新建高标准农田2万亩，配套建设灌溉渠道和田间道路，亩均投入不超过1500元。"
LIBRARY = "市图书馆2024年购置新书3万册，更新阅览室设备，开展全民阅读推广活动50场，服务读者20万人次。"
TRAINING = "县卫生健康委举办乡村医生业务培训班3期，每期5天，培训300人次，人均培训费不超过400元/天。"
SUBSIDY = "区民政局为辖区80周岁以上老年人按月发放高龄津贴，预计惠及5200人，标准为每人每月100元。"
IT_SYSTEM = "区政务服务管理办公室建设一体化政务服务平台，开发网上办事系统和移动端应用，上线后接入40个部门。"
FOREST_PEST = "县林业局对全县松林开展松材线虫病监测普查和疫木除治，除治面积5000亩，设置监测点120个。"


def test_school_canteen_inspection_by_market_regulator():
    assert top(classify_sector(CANTEEN)) == "一般公共服务"  # 201 38 市场监督管理事务
    assert top(classify_project_type(CANTEEN)) == "执法监管"


def test_school_canteen_inspection_as_plain_text_keeps_both_readings():
    # Without the unit field the schools inspected also look like an education project.
    text = CANTEEN.unit + CANTEEN.description
    assert set(top2(classify_sector(text))) == {"一般公共服务", "教育"}


def test_farmland_construction():
    assert top(classify_sector(FARMLAND)) == "农林水"
    assert top(classify_project_type(FARMLAND)) == "基本建设工程"


def test_library_purchase():
    assert top(classify_sector(LIBRARY)) == "文化旅游体育与传媒"
    assert top(classify_project_type(LIBRARY)) == "设备购置"


def test_training_programme():
    assert top(classify_sector(TRAINING)) == "卫生健康"
    assert top(classify_project_type(TRAINING)) == "会议培训"


def test_subsidy():
    assert top(classify_sector(SUBSIDY)) == "社会保障和就业"
    assert top(classify_project_type(SUBSIDY)) == "补助补贴发放"


def test_it_system():
    assert top(classify_sector(IT_SYSTEM)) == "一般公共服务"
    assert top(classify_project_type(IT_SYSTEM)) == "信息化建设"


def test_forestry_pest_programme():
    assert top(classify_sector(FOREST_PEST)) == "农林水"
    assert top(classify_project_type(FOREST_PEST)) in {"执法监管", "专项业务"}


def test_longest_cue_wins_across_sectors():
    # "医疗救助" is 卫生健康 (款 医疗救助), not the "救助" of 社会保障和就业.
    match = explain_sector("对困难群众实施医疗救助")[0]
    assert match.label == "卫生健康"
    assert "医疗救助" in match.cues


def test_safeguarding_rights_is_not_maintenance():
    types = [label for label, _ in classify_project_type("依法维护群众合法权益，化解矛盾")]
    assert "运行维护" not in types


def test_it_object_in_the_name_takes_precedence_over_operations():
    project = ProjectText(name="信息系统运维", description="日常运行维护，故障处理，设备巡检")
    first = explain_project_type(project)[0]
    assert first.label == "信息化建设"
    assert first.rule  # says which rule of the data applied


def test_building_operations_stay_operations():
    project = ProjectText(name="办公楼运行维护", description="日常维修保养，水电费和物业服务，监控系统巡检")
    first = explain_project_type(project)[0]
    assert first.label == "运行维护"
    assert first.rule is None


def test_name_and_unit_outweigh_the_prose():
    # Teachers trained by a hospital: the unit decides the sector, the name the type.
    project = ProjectText(
        name="急救知识培训", unit="市急救中心", description="为全市中小学教师开展急救技能培训"
    )
    assert top(classify_sector(project)) == "卫生健康"
    assert top(classify_project_type(project)) == "会议培训"


def test_no_evidence_gives_no_label():
    assert classify_sector("") == []
    assert classify_project_type("一二三") == []


def test_scores_are_ordered_and_shares_sum_to_one():
    matches = explain_sector(FARMLAND + TRAINING)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert abs(sum(m.share for m in matches) - 1) < 0.01


def test_project_text_from_a_sheet():
    sheet = Sheet(
        project_name="乡镇卫生院设备购置", implementing_unit="某镇卫生院", overall_goal="购置彩超1台"
    )
    project = ProjectText.from_sheet(sheet)
    assert top(classify_sector(project)) == "卫生健康"
    assert top(classify_project_type(project)) == "设备购置"


def test_tag_sheet_reads_indicator_names_too():
    sheet = Sheet(
        project_name="专项经费",
        implementing_unit="某县水利局",
        indicators=[
            {"level1": "产出指标", "level2": "数量指标", "name": "新建堤防长度", "value": "≥3公里"},
            {"level1": "产出指标", "level2": "质量指标", "name": "工程验收合格率", "value": "100%"},
        ],
    )
    tags = tag_sheet(sheet)
    assert (tags.sector, tags.sector_code, tags.project_type) == ("农林水", "213", "基本建设工程")
    assert 0 < tags.sector_share <= 1


# --- the library rows that fit a classified project ----------------------------------------------


def _levels(rows) -> set[str]:
    return {row.level2 for row in rows}


def test_farmland_gets_agricultural_economic_benefits_and_no_river_rows():
    rows = library_for("基本建设工程", sector="农林水", text=FARMLAND)
    ids = {row.id for row in rows}
    assert {"工程.11", "工程.12"} <= ids  # 亩均新增粮食产能, 新增及恢复灌溉面积
    assert "工程.14" not in ids  # 治理河段水质达标率: no river in this project


def test_a_school_building_gets_no_farm_or_ecological_rows():
    rows = library_for("基本建设工程", sector="教育", text="新建教学楼6000平方米")
    assert tx.ECO_BENEFIT not in _levels(rows)
    assert tx.ECONOMIC_BENEFIT not in _levels(rows)
    assert {tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.ECONOMIC_COST, tx.SERVICE_SATISFACTION} <= _levels(
        rows
    )


def test_forest_pest_programme_gets_an_ecological_row():
    sector = top(classify_sector(FOREST_PEST))
    project_type = top(classify_project_type(FOREST_PEST))
    rows = library_for(project_type, sector=sector, text=FOREST_PEST)
    assert tx.ECO_BENEFIT in _levels(rows)


def test_employment_subsidy_gets_an_employment_row():
    text = "为就业困难人员发放公益性岗位补贴"
    ids = {row.id for row in library_for("补助补贴发放", sector="社会保障和就业", text=text)}
    assert "补贴.10" in ids
    assert "补贴.11" not in ids  # 植被恢复: not an ecological subsidy


def test_library_rows_render_with_the_projects_own_object():
    rows = library_for("会议培训", sector="卫生健康", text=TRAINING)
    satisfaction = next(r for r in rows if r.level1 == tx.SATISFACTION)
    rendered = satisfaction.render(beneficiary="乡村医生")
    assert rendered.name == "参训乡村医生满意度"
    assert rendered.value == "≥90%"


def _index(*cues: str) -> CueIndex:
    category = CueCategory(name="甲", cues={"strong": cues}, sources=("made up for the test",))
    return CueIndex(CueTable(weights={"strong": 1.0}, categories=(category,)))


def test_cues_are_found_leftmost_longest_without_overlap():
    index = _index("教育", "教育局", "局长", "长")
    assert index.spans("县教育局长") == (("教育局", 1), ("长", 4))


def test_a_longer_cue_failing_part_way_does_not_hide_a_shorter_one_inside_it():
    # "人民检察院" is begun but not finished: "检察" inside it is still a cue.
    index = _index("人民检察院", "检察")
    assert index.spans("人民检察") == (("检察", 2),)
