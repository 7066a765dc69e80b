"""`python -m evals relevance`: the critic's relevance rules on real sheets with other projects' rows.

The realworld sheets of the corpus (budget units of many sectors) get rows of the judicial seed sheets
spliced in: the seed rows are shuffled (fixed seed) and dealt out three at a time, each three from
three different seed sheets, to the realworld sheets in turn, at random positions with their own 一级/二级.
Every seed row is spliced once. The critic (rules only, no corpus hints) then runs over each spliced
sheet, and the eval counts the rows R40 (unrelated row) or R43 (satisfaction respondents not served)
report:
- spliced_flagged: share of the spliced rows reported; spliced_specific_flagged: the same over the
  spliced rows that name something (a name with words beyond relevance.yaml's generic vocabulary:
  "工作人员满意度" or "资金支付及时率" fit any project and are not counted);
- the bar (≥0.90) is on spliced_specific_flagged: a generic row cannot honestly be called another
  project's, so spliced_flagged over all rows tops out at the share of specific ones;
- real_flagged: share of the sheets' own rows reported (over the unspliced sheets: a false alarm);
- by_rule: how many findings each relevance rule (R40–R43) gave on spliced and on real rows.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from assistant.corpus import load_corpus
from assistant.critique import critique_sheet
from assistant.critique.precedence import RELEVANCE_RULES
from assistant.knowledge.relevance import content_of
from assistant.schema import Indicator, Sheet

SEED = 12
PER_SHEET = 3
RELATEDNESS = frozenset({"R40", "R43"})  # "this row is another project's"


def _is_realworld(sheet: Sheet) -> bool:
    return Path(sheet.source_file or "").name.startswith("rw")


def splice_groups(seeds: list[Sheet], per_sheet: int = PER_SHEET) -> list[list[Indicator]]:
    """Every seed row once, in groups of `per_sheet` rows from as many different seed sheets."""
    pool = [(s.id, i) for s in seeds for i in s.indicators if i.name.strip()]
    random.Random(SEED).shuffle(pool)
    groups: list[list[tuple[str, Indicator]]] = []
    for sheet_id, row in pool:
        group = next((g for g in groups if len(g) < per_sheet and all(sid != sheet_id for sid, _ in g)), None)
        if group is None:
            group = []
            groups.append(group)
        group.append((sheet_id, row))
    return [[row for _, row in group] for group in groups]


def spliced(sheet: Sheet, rows: list[Indicator], rng: random.Random) -> tuple[Sheet, set[int]]:
    """The sheet with `rows` inserted at random positions, and the positions they took."""
    indicators: list[Indicator | None] = list(sheet.indicators)
    for _ in rows:
        indicators.insert(rng.randint(0, len(indicators)), None)
    positions = {k for k, i in enumerate(indicators) if i is None}
    queue = iter(rows)
    filled = [i if i is not None else next(queue) for i in indicators]
    return sheet.model_copy(update={"indicators": filled}), positions


def _flagged(sheet: Sheet) -> dict[int, str]:
    found: dict[int, str] = {}
    for finding in critique_sheet(sheet).findings:
        if finding.code in RELEVANCE_RULES and finding.indicator_index is not None:
            found.setdefault(finding.indicator_index, finding.code)
    return found


def run() -> dict:
    corpus = load_corpus()
    real = [s for s in corpus if _is_realworld(s) and s.indicators]
    seeds = [s for s in corpus if not _is_realworld(s) and s.indicators]
    rng = random.Random(SEED)
    by_rule: Counter[str] = Counter()
    hits = total = specific_hits = specific = 0
    for n, group in enumerate(splice_groups(seeds)):
        sheet, positions = spliced(real[n % len(real)], group, rng)
        flagged = _flagged(sheet)
        for position in positions:
            row = sheet.indicators[position]
            code = flagged.get(position)
            hit = code in RELATEDNESS
            total += 1
            hits += hit
            if code:
                by_rule[f"spliced {code}"] += 1
            if content_of(row.name):
                specific += 1
                specific_hits += hit
    real_rows = real_hits = 0
    for sheet in real:
        flagged = _flagged(sheet)
        real_rows += len(sheet.indicators)
        real_hits += sum(code in RELATEDNESS for code in flagged.values())
        for code in flagged.values():
            by_rule[f"real {code}"] += 1
    return {
        "spliced_rows": total,
        "spliced_flagged": hits / total if total else 0.0,
        "spliced_specific_rows": specific,
        "spliced_specific_flagged": specific_hits / specific if specific else 0.0,
        "real_rows": real_rows,
        "real_flagged": real_hits / real_rows if real_rows else 0.0,
        "by_rule": dict(sorted(by_rule.items())),
    }


def render(m: dict) -> str:
    def bar(value: float, sign: str, threshold: float) -> str:
        ok = value >= threshold if sign == "≥" else value <= threshold
        return f"（门槛 {sign}{threshold:g}，{'达标' if ok else '未达标'}）"

    return "\n".join(
        [
            "relevance — 真实表中掺入司法类种子表的指标，相关性规则（R40/R43）的检出",
            f"  掺入指标检出 {m['spliced_flagged']:.3f}（{m['spliced_rows']} 条，含只由通用词组成、适用于任何项目的"
            f" {m['spliced_rows'] - m['spliced_specific_rows']} 条，如「立项依据的充分性」「工作人员满意度」）",
            f"  其中有具体对象的 {m['spliced_specific_flagged']:.3f}（{m['spliced_specific_rows']} 条）"
            f"{bar(m['spliced_specific_flagged'], '≥', 0.9)}",
            f"  真实指标误报 {m['real_flagged']:.3f}（{m['real_rows']} 条）{bar(m['real_flagged'], '≤', 0.05)}",
            f"  各规则：{m['by_rule']}",
        ]
    )
