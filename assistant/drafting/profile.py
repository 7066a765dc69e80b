"""What the drafter knows of a project before it writes a row: its sector and type (the knowledge
classifiers), the object its rows are named after, who it serves, and its main numbers.

"某县2025年果树栽培技术培训项目，面向县内200名果农…培训标准800元/人" → sector 农林水, type 会议培训,
object 果树栽培技术培训, beneficiaries 果农 (200人), standard 800元/人.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.domain import INTERNAL_RESPONDENT, RESPONDENTS
from assistant.drafting.facts import Fact, FactKind, extract_facts, funds_from_description
from assistant.drafting.naming import project_name_from, year_from
from assistant.knowledge import Match, ProjectText, explain_project_type, explain_sector, load_knowledge
from assistant.knowledge.classify import norm, sector_index
from assistant.knowledge.relevance import ProjectScope
from assistant.schema import DraftRequest
from assistant.text import squash
from assistant.values import base_unit, number_text

MAX_OBJECT = 10  # characters: a longer object makes names no reviewer writes
PERSON_UNITS = frozenset({"人", "名", "户", "人次", "户次", "位", "万人", "万人次"})
BENEFICIARY_WEIGHT = 1.5  # the weight of sectors.yaml's beneficiaries group
# A subject that names people: "再就业援助对象", "在校残疾学生", "种植户", "测报员".
_PEOPLE = re.compile(
    r"(人员|对象|学生|学员|群众|居民|农户|农民|患者|儿童|老人|职工|教师|家庭|户|人|者|员|生|民|众)$"
)
_LEADING_VERB = re.compile(r"^(培训|服务|救助|资助|补助|慰问|帮扶|发放|覆盖|接待|走访|组织|邀请|请)")
_HIRED = re.compile(r"聘用|聘请|招聘|配备|雇用|雇佣|派遣|安排")
# Words of a project name that are no object: places, years, batches, programme words, vague verbs.
_PLACE = re.compile(
    r"^([\u4e00-\u9fff]{1,5}?(省|自治区|市|州|盟|县|区|旗)|[县区市省州镇乡])(?=[\u4e00-\u9fff\d]{2})"
)
_INNER_PLACE = re.compile(r"(?<=[\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(县|镇|乡)(?=[\u4e00-\u9fff])")
_LEVEL = re.compile(r"^(国家|全国|中央|省级|市级|县级|区级|\d{4}年度?|第[一二三四五六七八九十\d]+批|\d+)")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]|[【\[][^】\]]*[】\]]")
_QUALIFIER = re.compile(r"[-—－·]")
_SUFFIX = re.compile(
    r"(专项工作经费|工作专项经费|业务工作经费|工作经费|业务经费|专项经费|专项资金|运行维护费|项目经费|补助经费|"
    r"补贴经费|经费|资金|项目|专项|活动|费用|费)$"
)
_NOISE = re.compile(r"(巩固提升|提质增效|示范|试点|发展|事业|专项)")
_CUT = re.compile(r"(?<=[\u4e00-\u9fff]{2})(向|对|为|用于|及|和|与|等)")
# Type cues that are actions on the object ("消防设备改造" → 消防设备): the object is what precedes them.
_ACTIONS = (
    "改造", "安装", "建设", "维修", "购置", "采购", "运维", "运行保障", "运行维护", "维护", "更新", "修缮",
    "检查", "监测", "巡查", "抽检", "督查", "整治",
)  # fmt: skip


@dataclass(frozen=True)
class ProjectProfile:
    text: ProjectText
    scope: ProjectScope
    sector: Match | None
    project_type: Match | None
    object: str  # what the project's rows are named after ("高标准农田", "助学金", "阅读推广")
    beneficiary: str  # who it serves, as a satisfaction survey names them
    beneficiary_count: str | None  # "300人", when the description counts them
    year: int  # the budget year

    @property
    def sector_name(self) -> str | None:
        return self.sector.label if self.sector else None

    @property
    def type_name(self) -> str | None:
        return self.project_type.label if self.project_type else None


@dataclass(frozen=True)
class RequestReading:
    """What both drafters read from a request before drafting: the budget year, the project's name, its
    funds, the facts of its description and its profile."""

    year: int
    name: str
    funds: float | None
    facts: list[Fact]
    profile: ProjectProfile


def read_request(request: DraftRequest, today: date | None = None) -> RequestReading:
    year = request.year or year_from(request.description) or (today or date.today()).year
    name = (request.project_name or "").strip() or project_name_from(request.description)
    facts = extract_facts(request.description)
    profile = profile_of(
        name,
        request.description,
        facts,
        year=year,
        department=request.department,
        unit=request.implementing_unit,
    )
    funds = request.funds or funds_from_description(request.description)
    return RequestReading(year, name, funds, facts, profile)


def profile_of(
    name: str,
    description: str,
    facts: list[Fact],
    *,
    year: int,
    department: str | None = None,
    unit: str | None = None,
) -> ProjectProfile:
    text = ProjectText(name=name, department=department or "", unit=unit or "", description=description)
    sectors, types = explain_sector(text), explain_project_type(text)
    kind = types[0] if types else None
    beneficiary, count = _beneficiary(facts, sectors[0] if sectors else None, kind, description)
    return ProjectProfile(
        text=text,
        scope=ProjectScope.of(text),
        sector=sectors[0] if sectors else None,
        project_type=kind,
        object=project_object_of(name, kind),
        beneficiary=beneficiary,
        beneficiary_count=count,
        year=year,
    )


def project_object_of(name: str, kind: Match | None) -> str:
    """The object a project's rows are named after: its name without place, year, batch, programme and
    funding words ("某县2025年果树栽培技术培训项目" → 果树栽培技术培训), cut before the action word of its
    type when long ("某市图书馆书库消防设备改造安装工程" → 消防设备)."""
    core = _QUALIFIER.split(_BRACKETS.sub("", squash(name)))[0]
    for _ in range(3):
        stripped = _SUFFIX.sub("", _LEVEL.sub("", _PLACE.sub("", core)))
        if stripped == core or len(stripped) < 2:
            break
        core = stripped
    core = _INNER_PLACE.sub("", _NOISE.sub("", core)) or core
    core = re.sub(r"^\d+", "", core) or core
    cut = _CUT.search(core)
    if cut and len(core) > MAX_OBJECT:
        core = core[: cut.start()]
    if len(core) <= MAX_OBJECT:
        return core
    if kind is not None:
        for cue in (c for c in _ACTIONS if c in kind.cues):
            at = core.find(cue)
            if at >= 2:
                return core[max(0, at - MAX_OBJECT) : at]
        for cue in kind.cues:
            at = core.find(cue)
            if at >= 0:
                return core[max(0, at - 2) : at + len(cue)]
    return core[-MAX_OBJECT:]


def _beneficiary(
    facts: list[Fact], sector: Match | None, kind: Match | None, description: str
) -> tuple[str, str | None]:
    """(who the project serves, how many): the people the description counts ("为250名援助对象"), else
    the sector's beneficiaries it names (学生, 种植户, 读者), else the respondents of its project type."""
    for fact in facts:
        if fact.kind is FactKind.COUNT and fact.unit in PERSON_UNITS and fact.number:
            people = _LEADING_VERB.sub("", fact.subject)
            hired = _HIRED.search(fact.text) and people.endswith(("人员", "员"))
            if 2 <= len(people) <= 10 and _PEOPLE.search(people) and not hired:
                if INTERNAL_RESPONDENT.search(people):
                    continue
                base, scale = base_unit(fact.unit)
                unit = "人" if base in ("名", "位") else base
                return people, f"{number_text(fact.number * scale)}{unit}"
    found = sector_index().find(norm(description))

    def named_by(sector_name: str) -> str | None:
        named = {norm(c) for c in load_knowledge().sector(sector_name).cues.get("beneficiaries", ())}
        return next((c for c in found if c in named), None)

    own = named_by(sector.label) if sector is not None else None
    if own is not None:
        return own, None
    for pattern, group in RESPONDENTS:  # the kernel's respondents by activity (调解 → 调解当事人 …)
        if pattern.search(description):
            return group, None
    if kind is not None:
        return load_knowledge().project_type(kind.label).respondents, None
    return "项目受益群众", None
