"""The knowledge data files (assistant/data/) validate, cite their sources and give measurable rows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant import taxonomy as tx
from assistant.knowledge import KnowledgeError, load_from, load_knowledge
from assistant.knowledge.loader import data_dir
from assistant.values import parse_value

# A filled-in project, to check every pattern renders into a measurable, clean row.
SAMPLE_SLOTS = {
    "object": "高标准农田",
    "unit": "亩",
    "quantity": "20000",
    "beneficiary": "农户",
    "beneficiary_count": "1200户",
    "year": "2025",
    "standard": "1500",
    "funds": "3000",
    "N": "30",
}
# Vague words the critic rejects in a value or a name (STANDARD.md §5, groups 1–4, 6).
VAGUE = re.compile(
    r"提升|提高|增强|加强|改善|促进|推进|健全|完善|及时(?!率)|按时|有效(?!投诉)|良好|规范(?!化)|保障|确保|显著|明显|进一步"
)

BRIEF_SECTORS = (
    "一般公共服务",
    "外交",
    "国防",
    "公共安全",
    "教育",
    "科学技术",
    "文化旅游体育与传媒",
    "社会保障和就业",
    "卫生健康",
    "节能环保",
    "城乡社区",
    "农林水",
    "交通运输",
    "资源勘探工业信息等",
    "商业服务业等",
    "金融",
    "自然资源海洋气象等",
    "住房保障",
    "粮油物资储备",
    "灾害防治及应急管理",
)
BRIEF_TYPES = (
    "基本建设工程",
    "设备购置",
    "运行维护",
    "政府购买服务",
    "补助补贴发放",
    "会议培训",
    "宣传活动",
    "赛事活动",
    "信息化建设",
    "课题研究",
    "人员类",
    "执法监管",
    "专项业务",
)


def all_entries():
    return [e for entries in load_knowledge().library.types.values() for e in entries]


def test_packaged_data_loads_and_cross_checks():
    knowledge = load_knowledge()
    assert {c.name for c in knowledge.sectors.categories} >= set(BRIEF_SECTORS)
    assert [c.name for c in knowledge.project_types.categories] == list(BRIEF_TYPES)


def test_sectors_carry_their_classification_codes_and_cues():
    knowledge = load_knowledge()
    codes = [knowledge.sector(name).code for name in BRIEF_SECTORS]
    assert len(set(codes)) == len(codes)
    assert knowledge.sector("公共安全").code == "204"
    assert knowledge.sector("一般公共服务").code == "201"
    assert knowledge.sector("灾害防治及应急管理").code == "224"
    for sector in knowledge.sectors.categories:
        assert sector.sources, sector.name
        assert sum(len(words) for words in sector.cues.values()) >= 10, sector.name


def test_every_library_entry_cites_known_sources():
    known = set(load_knowledge().sources)
    for entry in all_entries():
        assert entry.sources and set(entry.sources) <= known, entry.id


def test_every_library_entry_uses_canonical_101_levels():
    for entry in all_entries():
        assert entry.level1 in tx.LEVEL1, entry.id
        assert tx.is_legal_pair(entry.level1, entry.level2), entry.id
        assert entry.level2 != tx.LEGACY_COST, entry.id  # the 101 layout: 成本 has its own 二级


@pytest.mark.parametrize("entry", all_entries(), ids=lambda e: e.id)
def test_typical_value_is_measurable_once_filled(entry):
    row = entry.render(**SAMPLE_SLOTS)
    assert not row.missing
    assert "{" not in row.name + row.value + row.explanation
    assert parse_value(row.value).measurable, (entry.id, row.value)


@pytest.mark.parametrize("entry", all_entries(), ids=lambda e: e.id)
def test_name_is_a_clean_noun_phrase(entry):
    name = entry.render(**SAMPLE_SLOTS).name
    assert not VAGUE.search(name), name
    assert not VAGUE.search(entry.value), entry.value
    assert len(name) <= 20, name
    assert not re.search(r"\d", entry.name), entry.name  # no value inside the name (R31)


def test_every_type_covers_what_a_reviewer_expects():
    expected = {tx.QUANTITY, tx.QUALITY, tx.TIMELINESS, tx.ECONOMIC_COST, tx.SERVICE_SATISFACTION}
    for name, entries in load_knowledge().library.types.items():
        unconditional = {e.level2 for e in entries if not e.sectors and not e.cues}
        assert expected <= unconditional, (name, expected - unconditional)
        assert any(e.level1 == tx.BENEFIT for e in entries), name


def test_satisfaction_rows_survey_the_projects_own_beneficiaries():
    for entry in all_entries():
        if entry.level1 == tx.SATISFACTION:
            assert "{beneficiary}" in entry.name, entry.id


def test_ecological_rows_are_conditioned_on_the_project():
    # 生态效益 only where the project touches forestry, greening or the environment.
    for entry in all_entries():
        if entry.level2 == tx.ECO_BENEFIT:
            assert entry.sectors and entry.cues, entry.id


def test_lasting_effects_where_something_lasting_is_built():
    types = load_knowledge().library.types
    for name in ("基本建设工程", "设备购置", "信息化建设"):
        assert any(e.level2 == tx.SUSTAINABILITY for e in types[name]), name


def test_render_reports_the_slots_a_project_did_not_supply():
    entry = next(e for e in all_entries() if e.id == "工程.06")
    row = entry.render(object="校舍", unit="平方米")
    assert row.name == "校舍单位造价"
    assert row.value == "≤{standard}元/平方米"
    assert row.missing == ("standard",)


# --- a broken copy of the data is refused with a clear message ---------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_data_loads(data_copy):
    assert load_from(data_copy).library.types.keys() == load_knowledge().library.types.keys()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("indicator_library.yaml", "sources: [mof-101, construction-targets", "sources: [no-such", "no-such"),
        ("indicator_library.yaml", "level2: 数量指标", "level2: 社会效益指标", "二级"),
        ("indicator_library.yaml", '"{object}完工数量"', '"{thing}完工数量"', "thing"),
        ("sectors.yaml", "objects: [公安,", "objects: [公安, 公安,", "公安"),
        ("project_types.yaml", "prefer: 信息化建设", "prefer: 不存在的类型", "不存在的类型"),
    ],
    ids=["unknown source", "illegal level pair", "unknown slot", "duplicate cue", "unknown precedence type"],
)
def test_a_broken_copy_is_refused(data_copy, file, old, new, message):
    _replace(data_copy / file, old, new)
    with pytest.raises(KnowledgeError, match=message):
        load_from(data_copy)


def test_not_yaml_is_refused_in_chinese(data_copy):
    (data_copy / "sectors.yaml").write_text("sectors: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="知识库文件无法读取"):
        load_from(data_copy)
