"""H. Against last year's sheet (history.py pairs the rows): H01–H04.

They run only when last year's sheet of the same project is known: given (`--previous`, the review
tab's second upload, a batch's previous-year folder) or found in the corpus (same unit, same project,
an earlier year). STANDARD R28 asks that a target not fall below last year without a reason; the rest
is what a reviewer of a recurring project looks at first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant import taxonomy as tx
from assistant.critique.analysis import IndicatorFacts, SheetFacts, funds_of
from assistant.critique.history import RowPair, pair_rows
from assistant.critique.kinds import NO_TARGET, judge
from assistant.critique.rules.base import COMPLETE, CONSIST, Rule, W, rule
from assistant.domain import is_measurable, polarity
from assistant.schema import Finding, Indicator, Sheet, Suggestion, ValueKind
from assistant.text import squash
from assistant.values import money_text, number_text, unit_family

NEEDS_PREVIOUS = (
    "需要上年的绩效目标表（--previous、审核页的第二个上传，或语料中同一单位同一项目的上年表）；没有时跳过"
)
SOURCE = "上年表对比（STANDARD.md §2.2 R28 历史标准；审核时首先比较与上年的变化）"
# A reason for a lower target, written in the 指标解释.
_REASON = re.compile(r"下调|调低|降低|减少|压减|缩减|调整|原因|因为|由于|鉴于|受.{0,8}影响")
FUNDS_CHANGE = 0.10  # a change of the funds a reviewer expects to see in the outputs
COPIED_SHARE = 0.9  # share of rows unchanged (name and value) above which the sheet is a copy


def _pairs(facts: SheetFacts) -> list[RowPair]:
    return facts.once(lambda f: pair_rows(f.sheet, f.previous) if f.previous is not None else [])


def _previous(facts: SheetFacts) -> Sheet:
    assert facts.previous is not None
    return facts.previous


def _unchanged_of(facts: SheetFacts) -> list[RowPair]:
    previous = facts.previous
    if previous is None:
        return []
    return [
        p
        for p in _pairs(facts)
        if squash(facts.indicators[p.now].value.raw) == squash(previous.indicators[p.before].value.raw)
    ]


def _unchanged(facts: SheetFacts) -> list[RowPair]:
    """The paired rows whose value is last year's, as written."""
    return facts.once(_unchanged_of)


def _copied_deadlines(facts: SheetFacts) -> list[IndicatorFacts]:
    previous, year = facts.previous, facts.year
    if previous is None or year is None or previous.year is None or previous.year >= year:
        return []
    found = []
    for p in _unchanged(facts):
        f = facts.indicators[p.now]
        deadline = f.value.deadline
        if f.value.kind is ValueKind.DEADLINE and deadline is not None and deadline.year < year:
            found.append(f)
    return found


def copied_deadlines(facts: SheetFacts) -> list[IndicatorFacts]:
    """Rows whose deadline is last year's, copied unchanged (H03 reports them; R41, which would say
    the same of the same row, stands down: one defect, one finding)."""
    return facts.once(_copied_deadlines)


def _label(previous: Sheet) -> str:
    return f"上年表（{previous.year}年）" if previous.year else "上年表"


def _same_unit(a: Indicator, b: Indicator) -> bool:
    ua, ub = a.value.unit or "", b.value.unit or ""
    return ua == ub or (unit_family(ua) == unit_family(ub) == "percent")


@rule(
    "H01",
    W,
    CONSIST,
    "目标值不低于上年表的目标，除非在指标解释中说明理由",
    condition=NEEDS_PREVIOUS,
    source=SOURCE,
)
def h01(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if facts.previous is None:
        return
    previous = _previous(facts)
    for pair in _pairs(facts):
        f = facts.indicators[pair.now]
        old = previous.indicators[pair.before]
        now_number, old_number = f.value.number, old.value.number
        if f.value.kind is not ValueKind.QUANTITATIVE or old.value.kind is not ValueKind.QUANTITATIVE:
            continue
        if now_number is None or old_number is None or not _same_unit(f.indicator, old):
            continue
        direction = polarity(f.name, f.level1, f.level2, f.value.unit)
        lower = (direction == "positive" and now_number < old_number) or (
            direction == "negative" and now_number > old_number
        )
        if not lower or _REASON.search(squash(f.indicator.description)):
            continue
        comparator = f.value.comparator or old.value.comparator or ("≥" if direction == "positive" else "≤")
        value = f"{comparator}{number_text(old_number)}{old.value.unit or ''}"
        yield r.finding(
            f"「{f.label}」的目标「{f.value.raw.strip()}」比{_label(previous)}的「{old.value.raw.strip()}」"
            f"{'低' if direction == 'positive' else '宽'}，指标解释没有说明理由。",
            Suggestion(
                action="rewrite",
                value=value,
                text=f"目标不低于上年：改为「{value}」；确需下调的，在指标解释中写明理由（任务量减少、政策调整等）。",
            ),
            at=f,
            field="value",
        )


@rule("H02", W, COMPLETE, "上年表中可衡量的指标没有无故删去", condition=NEEDS_PREVIOUS, source=SOURCE)
def h02(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if facts.previous is None:
        return
    previous = _previous(facts)
    kept = {p.before for p in _pairs(facts)}
    dropped = [
        old
        for j, old in enumerate(previous.indicators)
        if j not in kept
        and squash(old.name)
        and is_measurable(old)
        and judge(squash(old.name), old.value).kind not in NO_TARGET
    ]
    if not dropped:
        return
    first = dropped[0]
    listed = "、".join(f"「{d.name.strip()} {d.value.raw.strip()}」" for d in dropped[:6])
    more = f"等 {len(dropped)} 条" if len(dropped) > 6 else ""
    level1, level2 = tx.normalize_pair(first.level1, first.level2)
    yield r.finding(
        f"{_label(previous)}的指标 {listed}{more}在本年表中没有对应指标。",
        Suggestion(
            action="add",
            level1=level1,
            level2=level2,
            name=first.name.strip(),
            value=first.value.raw.strip(),
            text=f"项目延续实施的，保留上年的指标并按本年任务更新数值，例如「{first.name.strip()} "
            f"{first.value.raw.strip()}」；不再适用的，在说明中写明删去的理由。",
        ),
        field="indicators",
    )


def _with_year(raw: str, old_year: int, year: int) -> str:
    return raw.replace(str(old_year), str(year))


@rule(
    "H03",
    W,
    CONSIST,
    "本年表不照抄上年表：数值按本年任务更新，日期不留上年的年份",
    condition=NEEDS_PREVIOUS,
    source=SOURCE,
)
def h03(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if facts.previous is None:
        return
    previous = _previous(facts)
    year, old_year = facts.year, previous.year
    pairs, unchanged = _pairs(facts), _unchanged(facts)
    rows = len([f for f in facts.indicators if not f.empty_name])
    goal_copied = bool(facts.sheet.annual_goal) and squash(facts.sheet.annual_goal) == squash(
        previous.annual_goal
    )
    if rows >= 3 and len(unchanged) >= COPIED_SHARE * rows and len(unchanged) == len(pairs):
        yield r.finding(
            f"本年表与{_label(previous)}几乎完全相同：{len(unchanged)}/{rows} 条指标的名称和指标值未变"
            + ("，年度目标也未改。" if goal_copied else "。"),
            Suggestion(
                action="rewrite",
                text="按本年的任务和资金重新测算各项指标值，年度目标写本年要完成的产出和效果；"
                "确与上年相同的，在指标解释中说明依据。",
            ),
            field="indicators",
        )
    if year is None or old_year is None:
        return
    for f in copied_deadlines(facts):
        deadline = f.value.deadline
        assert deadline is not None
        value = _with_year(f.value.raw.strip(), deadline.year, year + (deadline.year - old_year))
        yield r.finding(
            f"「{f.label}」的期限「{f.value.raw.strip()}」是从{_label(previous)}照抄的，年份还是 {deadline.year} 年。",
            Suggestion(action="rewrite", value=value, text=f"期限改为本年：「{value}」。"),
            at=f,
            field="value",
        )


@rule(
    "H04",
    W,
    CONSIST,
    "资金比上年明显增减时，产出数量随之变化（或说明理由）",
    condition=NEEDS_PREVIOUS,
    source=SOURCE,
)
def h04(r: Rule, facts: SheetFacts) -> Iterator[Finding]:
    if facts.previous is None:
        return
    previous = _previous(facts)
    now_funds, old_funds = facts.funds, funds_of(previous)
    if not now_funds or not old_funds:
        return
    change = (now_funds - old_funds) / old_funds
    if abs(change) < FUNDS_CHANGE:
        return
    quantities = [
        p
        for p in _pairs(facts)
        if facts.indicators[p.now].level2 == tx.QUANTITY
        and facts.indicators[p.now].value.number is not None
        and previous.indicators[p.before].value.number is not None
    ]
    if not quantities or any(
        facts.indicators[p.now].value.number != previous.indicators[p.before].value.number for p in quantities
    ):
        return
    f = facts.indicators[quantities[0].now]
    number = f.value.number or 0.0
    scaled = number * (1 + change)
    scaled = round(scaled) if abs(number - round(number)) < 1e-9 else round(scaled, 2)
    value = f"{f.value.comparator or '≥'}{number_text(scaled)}{f.value.unit or ''}"
    yield r.finding(
        f"项目资金由 {money_text(old_funds)} {'增加' if change > 0 else '减少'}到 {money_text(now_funds)}"
        f"（{change:+.0%}），{len(quantities)} 条数量指标却与{_label(previous)}完全相同（如「{f.label} {f.value.raw.strip()}」）。",
        Suggestion(
            action="rewrite",
            value=value,
            text=f"数量按资金同比例调整，如「{f.indicator.name.strip()} {value}」；资金变化另有用途的，在说明中写明。",
        ),
        at=f,
        field="value",
    )
