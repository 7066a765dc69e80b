"""Who says what: the coordination points of the rule engine, one readable table each.

"One defect, one finding": several rules could speak about the same row, so the engine decides
once which one does.

- `VAGUE_OWNERS`: the rule that owns a value a reviewer cannot check (first row that holds).
- `CLAIMS`: the category rule that says a row is filed in the wrong place, by precedence: the
  first row whose condition holds decides, whether or not it then finds a target 二级.
- `RELEVANCE`: the relevance rule that speaks about a row (first row that holds): a row that does
  not belong to the project (R43 for a satisfaction row by its respondents, R40 for any other) says
  nothing more; else a cost over a denominator the sheet does not count (R42); else a deadline
  outside the budget year (R41).
- `VALUE_FORM_RULES`, `CATEGORY_RULES` and `RELEVANCE_RULES` are derived from the tables; the evals
  read findings by them, and so do the score caps (scoring.UNMEASURABLE_CAP: most rows carrying a
  value-form error cap the score at 差; scoring.RELEVANCE_CAP: a relevance finding keeps it below 优).

Adding a rule that owns a vague value or claims a misplaced row = its @rule function (which asks
`owned_rows(facts, r.code)` or `claimed_rows(facts, r.code)`) plus one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant import taxonomy as tx
from assistant.critique.classifier import Classifier
from assistant.critique.kinds import Kind, is_outcome_phrase, judge
from assistant.critique.lexicon import GROUP_BY_NUMBER, VagueGroup
from assistant.domain import denominator_is_a_quantity, named_respondent, wants_less
from assistant.knowledge import Match, ProjectText, explain_project_type
from assistant.knowledge.relevance import ProjectScope, Relevance, SheetRows, judge_row, served
from assistant.schema import Finding, Severity, ValueKind

if TYPE_CHECKING:
    from assistant.critique.analysis import IndicatorFacts, SheetFacts


# --- who owns a vague value ---------------------------------------------------------------------


class VagueFacts(Protocol):
    """What the owner of a vague value is decided by (a row's text facts)."""

    @property
    def empty_value(self) -> bool: ...
    @property
    def measurable(self) -> bool: ...
    @property
    def filler(self) -> bool: ...
    @property
    def time_row(self) -> bool: ...
    @property
    def level2(self) -> str | None: ...
    @property
    def group(self) -> VagueGroup | None: ...


@dataclass(frozen=True)
class Owner:
    code: str | None  # None: no value-form rule speaks (the value is fine, or another rule's case)
    when: Callable[[VagueFacts], bool]
    why: str


VAGUE_OWNERS: tuple[Owner, ...] = (
    Owner("R01", lambda f: f.empty_value, "指标值为空"),
    Owner(None, lambda f: f.measurable or f.filler, "可以核对；“无/不适用”之类的填充由 R22 提示"),
    Owner("R18", lambda f: f.time_row, "时效指标没有期限或时限"),
    Owner("R23", lambda f: f.level2 == tx.SUSTAINABILITY, "可持续影响没有机制和年限"),
    Owner("R13", lambda f: f.group is not None and f.group.number == 3, "评价性形容词，没有分级标准"),
    Owner("R07", lambda f: True, "其余无法核对的指标值"),
)


def vague_owner(f: VagueFacts) -> str | None:
    """The value-form rule that owns this row's value, or None when none does."""
    return next(owner.code for owner in VAGUE_OWNERS if owner.when(f))


def owned_rows(facts: SheetFacts, code: str) -> list[IndicatorFacts]:
    """The rows whose vague value the rule `code` owns."""
    return [f for f in facts.indicators if f.vague_rule == code]


# --- which rule claims a misplaced row --------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    code: str
    level2: str | None  # where the row belongs; None = not a target at all (delete)
    reason: str
    # None: the rule's own severity. INFO where the evidence is weak (a hint, not an error).
    severity: Severity | None = None

    @property
    def is_hint(self) -> bool:
        return self.severity is Severity.INFO


BENEFIT = frozenset(tx.BENEFIT_LEVEL2)
COST = frozenset(tx.COST_LEVEL2)
OUTPUT = frozenset({tx.QUANTITY, tx.QUALITY, tx.TIMELINESS})
HARM_COST = frozenset({tx.SOCIAL_COST, tx.ECO_COST})
_TIME_VALUE = GROUP_BY_NUMBER[4].regex
MIN_MOVE_SCORE = 2.0  # classifier score a row needs before a rule moves it out of its 二级
MIN_MIRROR_SCORE = 2.5  # the same, out of 满意度 (a bare respondent group predicts nothing)
# The field a claim's finding points at: the row's category (a move, or "no category at all").
CLAIM_FIELD = "level2"


def in_benefit(f: IndicatorFacts) -> bool:
    return f.level2 in BENEFIT


def in_cost(f: IndicatorFacts) -> bool:
    return f.level2 in COST and (f.level1 == tx.COST or f.level2 != tx.LEGACY_COST or f.level1 == tx.OUTPUT)


def _is(f: IndicatorFacts, *kinds: Kind, strong: bool = True) -> bool:
    return f.kind.kind in kinds and (f.kind.strong or not strong)


def cost_level2(facts: SheetFacts) -> str:
    """Where this sheet files its costs: its own cost 二级 if it has one, else the 101 经济成本指标."""
    for f in facts.indicators:
        if in_cost(f) and f.level2 != tx.SOCIAL_COST and f.level2 != tx.ECO_COST:
            return f.level2 or tx.ECONOMIC_COST
    return tx.ECONOMIC_COST


def _not_timely(f: IndicatorFacts, c: Classifier) -> bool:
    """A 时效 row whose name and value say nothing about time."""
    if f.value.kind is ValueKind.DEADLINE or _TIME_VALUE.search(f.value_text):
        return False
    return not c.has_time_words(f.name)


def _predicted(
    code: str, f: IndicatorFacts, facts: SheetFacts, exclude: tuple[str, ...], floor: float, reason: str
) -> Claim | None:
    """A move to the 二级 the classifier predicts for the row, when it is sure enough."""
    target = facts.classifier.predict(f.name, f.value, exclude=exclude)
    if target.level2 and target.score >= floor:
        return Claim(code, target.level2, reason.format(cue=target.reason, level2=target.level2))
    return None


Condition = Callable[["IndicatorFacts", "SheetFacts"], bool]
Decision = Callable[["IndicatorFacts", "SheetFacts"], "Claim | None"]


@dataclass(frozen=True)
class ClaimRow:
    code: str
    when: Condition  # the row is this rule's case (later rows are not asked)
    claim: Decision  # the claim, or None when the rule cannot say where the row belongs
    filed: bool = True  # only for rows filed under a 101 二级 (a row with none contradicts no filing)


def _fixed(code: str, level2: str | None, reason: str, severity: Severity | None = None) -> Decision:
    return lambda f, facts: Claim(code, level2, reason, severity)


def _to_cost(code: str, reason: str, severity: Severity | None = None) -> Decision:
    return lambda f, facts: Claim(code, cost_level2(facts), reason, severity)


def _outside_slots(f: IndicatorFacts) -> bool:
    return not f.process_slot


_EFFECT_KINDS = (Kind.SOCIAL, Kind.ECONOMIC, Kind.ECOLOGICAL)
_NOT_BENEFIT = tuple(sorted(OUTPUT | COST | {tx.SERVICE_SATISFACTION}))


def _benefit_level2(f: IndicatorFacts, facts: SheetFacts) -> str | None:
    """The 效益 二级 the classifier gives the row, else its kind's home. For a rate of change the noun
    before the ending decides ("…产量/价格稳定率" is economic, "…参保人数增长率" social)."""
    if f.kind.kind is Kind.CHANGE and f.kind.cue and (noun := f.name.removesuffix(f.kind.cue)):
        by_noun = judge(noun)
        if by_noun.kind in _EFFECT_KINDS:
            return by_noun.home
        if by_noun.kind is Kind.COST:  # a price or an amount holding steady: a market effect
            return tx.ECONOMIC_BENEFIT
    target = facts.classifier.predict(f.name, f.value, exclude=_NOT_BENEFIT)
    return target.level2 if target.level2 in BENEFIT else f.kind.home


def _effect_stated_twice(f: IndicatorFacts) -> bool:
    """An output row whose name AND unmeasurable value both state effects (a goal sentence posing as an
    indicator: "围绕…需求 = 解决…，保障…，改善…"): no longer a hint."""
    if f.measurable or not _is(f, *_EFFECT_KINDS):
        return False
    by_value = judge(f.value_text)
    return by_value.strong and by_value.kind in _EFFECT_KINDS


# The order is the precedence: the first row whose condition holds decides. What a row IS (its kind,
# kinds.py) against where the sheet files it; strong evidence warns or errs, weak evidence is a hint.
CLAIMS: tuple[ClaimRow, ...] = (
    # Not a target at all: the project's own budget execution, management, compliance, inputs.
    ClaimRow(
        "R21",
        lambda f, facts: f.level2 == tx.ECONOMIC_BENEFIT and _is(f, Kind.EXECUTION),
        _fixed("R21", None, "是本项目的预算执行情况，不是经济效益"),
    ),
    ClaimRow(
        "R21",
        lambda f, facts: in_benefit(f) and _is(f, Kind.COST),
        _to_cost("R21", "是本项目自身的成本，不是服务对象或社会得到的效益"),
    ),
    ClaimRow(
        "R15",
        lambda f, facts: _outside_slots(f) and _is(f, Kind.PROCESS),
        _fixed("R15", None, "是项目决策/过程管理的评价内容"),
        filed=False,
    ),
    ClaimRow(
        "R15",
        lambda f, facts: _outside_slots(f) and not in_cost(f) and _is(f, Kind.EXECUTION),
        _fixed("R15", None, "是本项目的预算执行情况（资金到位、拨付、支出）"),
        filed=False,
    ),
    ClaimRow(
        "R14",
        lambda f, facts: _outside_slots(f) and not in_cost(f) and _is(f, Kind.INPUT),
        _fixed("R14", None, "是单位运转的投入（差旅、公务接待等），不是对外提供的产出"),
        filed=False,
    ),
    ClaimRow(
        "R14",
        lambda f, facts: f.level2 in OUTPUT and _is(f, Kind.COST),
        _to_cost("R14", "统计的是资金投入，投入不能作为产出目标", Severity.ERROR),
    ),
    # Satisfaction lives in 满意度, and 满意度 holds only satisfaction.
    ClaimRow(
        "R17",
        lambda f, facts: _is(f, Kind.SATISFACTION) and f.level2 != tx.SERVICE_SATISFACTION,
        _fixed("R17", tx.SERVICE_SATISFACTION, "满意度只能放在满意度指标下"),
    ),
    ClaimRow(
        "R17",
        lambda f, facts: f.level2 == tx.SERVICE_SATISFACTION and _is(f, Kind.SENTIMENT),
        _fixed("R17", tx.SOCIAL_BENEFIT, "幸福感、安全感、获得感是项目带来的社会效果，不是对服务的满意度"),
    ),
    ClaimRow(  # an outcome phrase is a benefit, not satisfaction
        "R17",
        lambda f, facts: (
            f.level2 == tx.SERVICE_SATISFACTION
            and f.kind.kind is not Kind.SATISFACTION
            and is_outcome_phrase(f.name)
        ),
        lambda f, facts: Claim(
            "R17",
            _benefit_level2(f, facts) or tx.SOCIAL_BENEFIT,
            "它写的是项目带来的变化（效益），不是满意度",
            Severity.WARNING,
        ),
    ),
    ClaimRow(  # the mirror: a row in 满意度 that plainly measures something else
        "R17",
        lambda f, facts: f.level2 == tx.SERVICE_SATISFACTION and f.kind.kind is not Kind.SATISFACTION,
        lambda f, facts: _predicted(
            "R17",
            f,
            facts,
            (tx.SERVICE_SATISFACTION,),
            MIN_MIRROR_SCORE,
            "它衡量的不是满意度（「{cue}」属于{level2}）",
        ),
    ),
    # Timeliness lives in 时效, and 时效 holds only what concerns time.
    ClaimRow(
        "R34",
        lambda f, facts: _is(f, Kind.TIME) and not f.kind.by_value and f.level2 != tx.TIMELINESS,
        _fixed("R34", tx.TIMELINESS, "及时性/时限类指标属于时效指标"),
    ),
    ClaimRow(
        "R34",
        lambda f, facts: f.level2 == tx.TIMELINESS and _not_timely(f, facts.classifier),
        lambda f, facts: _predicted(
            "R34",
            f,
            facts,
            (tx.TIMELINESS,),
            MIN_MOVE_SCORE,
            "名称和指标值都不涉及时间（「{cue}」属于{level2}）",
        ),
    ),
    ClaimRow(
        "R34",
        lambda f, facts: f.level2 in (tx.QUANTITY, tx.QUALITY) and _is(f, Kind.TIME),
        _fixed("R34", tx.TIMELINESS, "指标值是日期或时限，可能属于时效指标", Severity.INFO),
    ),
    # Costs live in 成本, and 成本 holds only money.
    ClaimRow(  # (社会/生态环境成本 describe harms, not money: R20 speaks about those)
        "R19",
        lambda f, facts: (
            in_cost(f) and f.level2 not in HARM_COST and not facts.classifier.is_cost(f.name, f.value)
        ),
        lambda f, facts: _predicted("R19", f, facts, tuple(COST), MIN_MOVE_SCORE, "既不是金额也不是成本"),
    ),
    ClaimRow(
        "R20",
        lambda f, facts: f.level2 in HARM_COST and f.unit_family in ("money", "percent"),
        _fixed("R20", tx.ECONOMIC_COST, "社会/生态环境成本应描述造成的负面影响，金额或预算比例属于经济成本"),
    ),
    # Outputs and effects: what the unit delivers belongs in 产出, the change it brings in 效益.
    ClaimRow(
        "R16",
        lambda f, facts: in_benefit(f) and facts.classifier.is_output_count(f.name),
        _fixed("R16", tx.QUANTITY, "统计的是交付的产出数量，不是效益"),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: in_benefit(f) and f.level2 != tx.SUSTAINABILITY and _is(f, Kind.LASTING),
        _fixed("R16", tx.SUSTAINABILITY, "长效机制属于可持续影响"),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: f.level2 == tx.QUANTITY and _is(f, Kind.CHANGE),
        lambda f, facts: Claim(
            "R16", _benefit_level2(f, facts), "是某一水平保持稳定或变化的比率（效果），不是交付的数量"
        ),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: f.level2 in (tx.QUANTITY, tx.QUALITY) and _effect_stated_twice(f),
        lambda f, facts: Claim(
            "R16", _benefit_level2(f, facts), "名称和指标值写的都是项目带来的效果（效益）"
        ),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: in_benefit(f) and _is(f, Kind.QUALITY),
        _fixed("R16", tx.QUALITY, "衡量的可能是服务本身的质量", Severity.INFO),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: f.level2 in (tx.QUANTITY, tx.QUALITY) and _is(f, *_EFFECT_KINDS),
        lambda f, facts: Claim(
            "R16", f.kind.home, "衡量的可能是对服务对象或社会的改变（效益）", Severity.INFO
        ),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: f.level2 == tx.QUANTITY and _is(f, Kind.QUALITY),
        _fixed("R16", tx.QUALITY, "是质量类比率，通常放在质量指标下", Severity.INFO),
    ),
    ClaimRow(
        "R16",
        lambda f, facts: f.level2 == tx.QUALITY and _is(f, Kind.COUNT) and not wants_less(f.name),
        _fixed("R16", tx.QUANTITY, "是数量，通常放在数量指标下", Severity.INFO),
    ),
    ClaimRow(
        "R14",
        lambda f, facts: f.level2 == tx.QUANTITY and _is(f, Kind.COST, strong=False),
        _to_cost("R14", "指标值是金额：如是资金投入，应写成成本指标", Severity.INFO),
    ),
)


# A row's text key → the position in CLAIMS of the first row whose condition it meets (-1: none).
_CLAIM_ROWS: dict[tuple[object, ...], int] = {}


def _claim_row(f: IndicatorFacts, facts: SheetFacts) -> ClaimRow | None:
    """The first CLAIMS row whose condition holds. The conditions read the row and the classifier
    only, so the answer is kept per row text (f.text_key): a batch repeats its boilerplate rows."""
    position = _CLAIM_ROWS.get(f.text_key) if f.text_key else None
    if position is None:
        filed = f.level2 is not None
        position = next(
            (i for i, row in enumerate(CLAIMS) if (filed or not row.filed) and row.when(f, facts)), -1
        )
        if f.text_key:
            if len(_CLAIM_ROWS) > 100_000:
                _CLAIM_ROWS.clear()
            _CLAIM_ROWS[f.text_key] = position
    return CLAIMS[position] if position >= 0 else None


def _claims_of(facts: SheetFacts) -> dict[int, Claim]:
    found: dict[int, Claim] = {}
    for f in facts.indicators:
        if f.empty_name:
            continue
        row = _claim_row(f, facts)
        if row is not None and (claim := row.claim(f, facts)) is not None:
            found[f.index] = claim
    return found


def claims(facts: SheetFacts) -> dict[int, Claim]:
    """index → the category rule that says this row is in the wrong place (computed once per sheet)."""
    return facts.once(_claims_of)


def claimed_rows(facts: SheetFacts, code: str) -> list[tuple[IndicatorFacts, Claim]]:
    """The rows a category rule claims, with its claim."""
    return [(facts.indicators[index], claim) for index, claim in claims(facts).items() if claim.code == code]


# --- which relevance rule speaks about a row --------------------------------------------------------


def _types_of(facts: SheetFacts) -> list[Match]:
    return explain_project_type(ProjectText.from_sheet(facts.sheet))


def project_types(facts: SheetFacts) -> list[Match]:
    """The project types the sheet's text names, best first (knowledge.explain_project_type), once."""
    return facts.once(_types_of)


def _scope_of(facts: SheetFacts) -> ProjectScope:
    return ProjectScope.of(ProjectText.from_sheet(facts.sheet))


def project_scope(facts: SheetFacts) -> ProjectScope:
    """What the sheet says its project is (name, units, goals), once per sheet: the relevance rules
    judge every row against it with knowledge.relevance, the drafter's own relevance gate."""
    return facts.once(_scope_of)


def _sheet_rows(facts: SheetFacts) -> SheetRows:
    texts = ["" if f.empty_name else f"{f.name} {f.indicator.value.raw}" for f in facts.indicators]
    return SheetRows(texts, project_scope(facts))


def row_relevance(f: IndicatorFacts, facts: SheetFacts) -> Relevance:
    """knowledge.relevance.judge_row of a row: against the project, and the sheet's other rows (their
    contents counted once per sheet)."""
    return judge_row(f.name, project_scope(facts), facts.once(_sheet_rows), f.index)


def _outside_year(f: IndicatorFacts, facts: SheetFacts) -> bool:
    deadline, year = f.value.deadline, facts.year
    if deadline is None or year is None or deadline.year == year:
        return False
    end = facts.sheet.end_date
    return deadline.year < year or end is None or deadline > end


RelevanceCondition = Callable[["IndicatorFacts", "SheetFacts"], bool]


@dataclass(frozen=True)
class RelevanceRow:
    code: str
    when: RelevanceCondition  # the row is this rule's case and fails its check
    why: str


RELEVANCE: tuple[RelevanceRow, ...] = (
    RelevanceRow(
        "R43",
        lambda f, s: (
            f.level2 == tx.SERVICE_SATISFACTION
            and not served(named_respondent(f.name), project_scope(s)).fits
        ),
        "满意度调查的不是本项目的服务对象",
    ),
    RelevanceRow(
        "R40",
        lambda f, s: f.level2 != tx.SERVICE_SATISFACTION and not row_relevance(f, s).fits,
        "与本项目无关（其他行业的对象，或与项目名称、目标毫无共同之处）",
    ),
    RelevanceRow(
        "R42",
        lambda f, s: in_cost(f) and denominator_is_a_quantity(f.indicator, s.sheet.indicators) is False,
        "成本的分母不是本表的产出数量",
    ),
    RelevanceRow("R41", _outside_year, "期限不在预算年度内"),
)


def _relevance_of(facts: SheetFacts) -> dict[int, str]:
    found: dict[int, str] = {}
    for f in facts.indicators:
        if f.empty_name:
            continue
        row = next((row for row in RELEVANCE if row.when(f, facts)), None)
        if row is not None:
            found[f.index] = row.code
    return found


def relevance_rows(facts: SheetFacts, code: str) -> list[IndicatorFacts]:
    """The rows whose relevance defect the rule `code` reports (computed once per sheet)."""
    owners = facts.once(_relevance_of)
    return [facts.indicators[index] for index, owner in owners.items() if owner == code]


# --- the rule groups the evals and the score read ----------------------------------------------------

# "This indicator's value is vague/unmeasurable": exactly one of these owns such a value. R01 counts
# only for its 指标值 findings. Not in the set: R08/R09/R10/R12/R32 (the value is measurable but has
# the wrong unit, direction, range or a hedge) and R24/R33 (a measurable value missing its band or base).
VALUE_FORM_RULES: frozenset[str] = frozenset(owner.code for owner in VAGUE_OWNERS if owner.code)

# "This indicator is filed in the wrong category (or is no target at all)": every finding of these
# rules says so. R14 (an input counted as output) and R24 (who answers a satisfaction survey) are
# about content that stays where it is, so they are not category rules in this sense.
CATEGORY_RULES: frozenset[str] = frozenset(row.code for row in CLAIMS)

# "This row does not fit this project (another project's row, people it does not serve, a cost over a
# quantity it does not count, a deadline outside its year)": a sheet with such a row cannot score 优.
RELEVANCE_RULES: frozenset[str] = frozenset(row.code for row in RELEVANCE)


def is_value_form(finding: Finding) -> bool:
    if finding.indicator_index is None or finding.code not in VALUE_FORM_RULES:
        return False
    return finding.code != "R01" or finding.field == "value"


def is_category(finding: Finding, *, hints: bool = False) -> bool:
    """A finding that says its row is filed in the wrong category (or is no target at all).

    Info-level hints (weak evidence) count only with `hints=True`."""
    if finding.indicator_index is None or finding.code not in CATEGORY_RULES or finding.field != CLAIM_FIELD:
        return False
    return hints or finding.severity is not Severity.INFO
