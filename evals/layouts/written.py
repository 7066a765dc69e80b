"""A gold sheet as a given region or system would write it, and the keys to compare ingestion with.

`write_sheet` applies a `Style` (regional 一级 names, "(必填)" suffixes, ASCII or full-width
comparators, an 实施期 value column beside the annual one, a description column, empty category
rows) to a Sheet. The expected result of ingestion is what was written, canonicalised: the
labels through the taxonomy, names and values through `values.normalize_text` (full-width →
ASCII, ">=" → "≥", whitespace removed).
"""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.schema import Sheet, ValueKind
from assistant.values import normalize_text, parse_value

MID_TERM = "实施期指标值"
ANNUAL = "年度指标值"

RowKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class Style:
    """How a layout writes the form. The defaults write the sheet as it is."""

    regional: bool = False  # 项目完成指标 / 效果指标, and 成本指标 as its own 一级 (经济/社会/生态环境成本)
    required_suffix: bool = False  # 二级 labels with "(必填)" / "（必填硬性指标）"
    comparators: str = "as-written"  # "ascii" (≥ → ">="), "full-width" (> → "＞") or "as-written"
    mid_term: bool = False  # an 实施期指标值 column beside 年度指标值
    mid_term_first: bool = True  # the 实施期 column left of the annual one
    description: bool | None = None  # a 绩效指标描述 column: None = as the sheet has it
    empty_categories: bool = False  # print category rows that hold no indicator
    # Quirks of published pages (see evals/layouts/quirks.py for the ones applied to the text):
    header_aliases: bool = False  # 项目支出名称/专项名称, 主管部门及代码 with codes, 年度资金总额
    extra_columns: bool = False  # 指标性质 | 分值 | 指标值类型 | 绩效标准 columns after the value
    glued_weights: bool = False  # some 分值 run into their 指标值 ("≥95%10"), a 总分 row proving the split
    placeholders: bool = False  # unfilled template slots ("指标2：", ".....") inside the groups


@dataclass(frozen=True)
class WrittenRow:
    level1: str  # as written
    level2: str
    name: str
    description: str
    value: str  # the annual value as written
    mid_term: str = ""
    # extra columns (Style.extra_columns): 指标性质, 分值, 指标值类型, 绩效标准
    direction: str = ""
    weight: str = ""
    value_type: str = ""
    standard: str = ""
    glued: bool = False  # the weight is printed run into the value


@dataclass(frozen=True)
class Labels:
    """The header labels a form prints (Style.header_aliases picks regional ones) and the codes it
    prints before the department and unit names."""

    project_name: str = "项目名称"
    department: str = "主管部门"
    implementing_unit: str = "实施单位"
    total: str = "项目资金总额"
    department_code: str = ""
    unit_code: str = ""


@dataclass
class Group:
    """One 二级 block: its label as written and its rows (none for an empty category row)."""

    level2: str
    rows: list[WrittenRow] = field(default_factory=list)


@dataclass
class Block:
    """One 一级 block with its 二级 blocks, in order."""

    level1: str
    groups: list[Group] = field(default_factory=list)


@dataclass
class WrittenSheet:
    sheet: Sheet
    blocks: list[Block]
    description: bool
    mid_term: bool
    mid_term_first: bool
    labels: Labels = field(default_factory=Labels)
    extra_columns: bool = False
    placeholders: bool = False
    total_weight: int | None = None  # printed in a 总分 row when weights are glued

    @property
    def rows(self) -> list[WrittenRow]:
        return [row for block in self.blocks for group in block.groups for row in group.rows]

    def value_titles(self) -> list[str]:
        """The value column titles, left to right."""
        if not self.mid_term:
            return [ANNUAL]
        return [MID_TERM, ANNUAL] if self.mid_term_first else [ANNUAL, MID_TERM]

    def expected_keys(self) -> list[RowKey]:
        return [row_key(row.level1, row.level2, row.name, row.value) for row in self.rows]

    def expected_other_values(self) -> list[dict[str, str]]:
        return [{MID_TERM: row.mid_term} if row.mid_term else {} for row in self.rows]


def row_key(level1: str, level2: str, name: str, value: str) -> RowKey:
    """The comparison key of an indicator row: canonical labels, normalised name and value."""
    l1, l2 = tx.normalize_pair(level1 or None, level2 or None)
    return (l1 or "", l2 or "", normalize_text(name), normalize_text(value))


# --- writing -----------------------------------------------------------------------------------

_REGIONAL_OUTPUT = ("项目完成指标", "预期产出指标")
_REGIONAL_LEVEL1 = {tx.BENEFIT: "效果指标", tx.SATISFACTION: tx.SATISFACTION, tx.COST: tx.COST}
_SUFFIXES = ("(必填)", "（必填）", "（必填硬性指标）", "(必填硬性指标)")
_COST_LEVEL2 = (tx.ECONOMIC_COST, tx.SOCIAL_COST, tx.ECO_COST)
_ASCII = (("≥", ">="), ("≤", "<="), ("＞", ">"), ("＜", "<"), ("＝", "="))
_FULL_WIDTH = ((">", "＞"), ("<", "＜"), ("=", "＝"))
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def write_sheet(sheet: Sheet, style: Style, rng: random.Random) -> WrittenSheet:
    output_name = rng.choice(_REGIONAL_OUTPUT)
    has_description = any(i.description for i in sheet.indicators)
    description = has_description if style.description is None else style.description
    blocks: list[Block] = []
    for indicator in sheet.indicators:
        l1, l2 = indicator.level1, indicator.level2
        if style.regional:
            l1, l2 = _regional(l1, l2, output_name)
        row = WrittenRow(
            level1=l1,
            level2=l2,
            name=indicator.name,
            description=_description(indicator.description, indicator.name, has_description)
            if description
            else "",
            value=_comparators(indicator.value.raw, style.comparators),
            mid_term=_comparators(_mid_term(indicator.value.raw), style.comparators)
            if style.mid_term
            else "",
        )
        if not blocks or blocks[-1].level1 != l1:
            blocks.append(Block(l1))
        groups = blocks[-1].groups
        if not groups or groups[-1].level2 != l2:
            groups.append(Group(l2))
        groups[-1].rows.append(row)
    if style.regional or style.empty_categories:
        _add_empty_categories(blocks, style.regional)
    if style.required_suffix:
        for block in blocks:
            for group in block.groups:
                group.level2 = _suffixed(group.level2, rng)
                group.rows = [_relabelled(row, group.level2) for row in group.rows]
    written = WrittenSheet(sheet, blocks, description, style.mid_term, style.mid_term_first)
    if style.header_aliases:
        written.labels = _aliases(rng)
    if style.extra_columns or style.glued_weights:
        written.extra_columns = True
        _add_extra_columns(written, rng, glue=style.glued_weights)
    written.placeholders = style.placeholders
    return written


_PROJECT_LABELS = ("项目支出名称", "专项名称", "项目名称", "专项(项目)名称")
_DEPARTMENT_LABELS = ("主管部门及代码", "主管部门", "部门名称", "主管部门及编码")
_UNIT_LABELS = ("实施单位", "单位名称")
_TOTAL_LABELS = ("年度资金总额", "资金总额", "项目总预算")


def _aliases(rng: random.Random) -> Labels:
    code = rng.randint(100, 999)
    department_code = rng.choice([f"[{code}]", f"【{code}】", f"{code}-", f"{code}_", ""])
    unit_code = rng.choice([f"【{code}{rng.randint(1, 99):03d}】", f"[{code}{rng.randint(1, 99):03d}]", ""])
    return Labels(
        project_name=rng.choice(_PROJECT_LABELS),
        department=rng.choice(_DEPARTMENT_LABELS),
        implementing_unit=rng.choice(_UNIT_LABELS),
        total=rng.choice(_TOTAL_LABELS),
        department_code=department_code,
        unit_code=unit_code,
    )


def _add_extra_columns(written: WrittenSheet, rng: random.Random, glue: bool) -> None:
    """指标性质 (正向/反向), 分值 adding up to 100, 指标值类型 (定量/定性), 绩效标准 (计划/历史标准)."""
    rows = written.rows
    if not rows:
        return
    base, extra = divmod(100, len(rows))
    weights = [base + (1 if k < extra else 0) for k in range(len(rows))]
    # Glued weights: printed run into the value where a reader sees the seam (after a unit or %);
    # where the value is a bare number, at most one row, so the weights' total decides the split.
    bare_glued = False
    glued = []
    for row in rows:
        visible = (
            bool(row.value) and not row.value.strip()[-1:].isdigit() and parse_value(row.value).measurable
        )
        bare = bool(re.fullmatch(r"\d+", row.value.strip()))
        if glue and visible and rng.random() < 0.6:
            glued.append(True)
        elif glue and bare and not bare_glued:
            glued.append(True)
            bare_glued = True
        else:
            glued.append(False)
    new_rows = iter(
        WrittenRow(
            row.level1,
            row.level2,
            row.name,
            row.description,
            row.value,
            row.mid_term,
            direction="反向" if row.value.lstrip().startswith(("≤", "<", "＜", "<=")) else "正向",
            weight=str(weight),
            value_type="定量"
            if parse_value(row.value).kind in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE)
            else "定性",
            standard=rng.choice(["计划标准", "历史标准", "行业标准"]),
            glued=is_glued,
        )
        for row, weight, is_glued in zip(rows, weights, glued, strict=True)
    )
    for block in written.blocks:
        for group in block.groups:
            group.rows = [next(new_rows) for _ in group.rows]
    if glue:
        written.total_weight = 100


def _description(description: str | None, name: str, sheet_has_descriptions: bool) -> str:
    # A sheet given a description column it did not have gets the usual "反映…情况" wording.
    return (description or "") if sheet_has_descriptions else f"反映{name}情况"


def _regional(l1: str, l2: str, output_name: str) -> tuple[str, str]:
    if l2 in tx.COST_LEVEL2 or l1 == tx.COST:
        return tx.COST, tx.ECONOMIC_COST
    if l1 == tx.OUTPUT:
        return output_name, l2
    return _REGIONAL_LEVEL1.get(l1, l1), l2


def _add_empty_categories(blocks: list[Block], regional: bool) -> None:
    """Category rows a printed form lists even when empty: the three 成本 二级 (regional forms), and
    效益 二级 the sheet does not use."""
    if regional:
        cost = next((block for block in blocks if block.level1 == tx.COST), None)
        if cost is None:
            position = max(
                (k + 1 for k, block in enumerate(blocks) if block.level1 in _REGIONAL_OUTPUT), default=0
            )
            cost = Block(tx.COST)
            blocks.insert(position, cost)
        present = {group.level2 for group in cost.groups}
        cost.groups.extend(Group(level2) for level2 in _COST_LEVEL2 if level2 not in present)
    # 经济效益/生态效益 rows mark the 2021 framework, where 成本 is a 一级 of its own (the parser
    # reads a form that lists them that way), so only such forms get them as empty rows.
    legacy_cost = any(
        tx.level1_of(block.level1) == tx.OUTPUT and group.level2 == tx.LEGACY_COST
        for block in blocks
        for group in block.groups
    )
    extra = (tx.SUSTAINABILITY,) if legacy_cost else (tx.ECONOMIC_BENEFIT, tx.ECO_BENEFIT, tx.SUSTAINABILITY)
    for block in blocks:
        if tx.level1_of(block.level1) == tx.BENEFIT:
            present = {group.level2 for group in block.groups}
            block.groups.extend(Group(level2) for level2 in extra if level2 not in present)
            break


def _suffixed(level2: str, rng: random.Random) -> str:
    return level2 + rng.choice(_SUFFIXES)


def _relabelled(row: WrittenRow, level2: str) -> WrittenRow:
    return dataclasses.replace(row, level2=level2)


def _comparators(value: str, style: str) -> str:
    pairs = {"ascii": _ASCII, "full-width": _FULL_WIDTH}.get(style, ())
    for old, new in pairs:
        value = value.replace(old, new)
    return value


def _mid_term(value: str) -> str:
    """An implementation-period target beside an annual one: counts over three years, the rest alike."""
    parsed = parse_value(value)
    if (
        parsed.kind != ValueKind.QUANTITATIVE
        or parsed.number is None
        or parsed.unit in ("%", "‰", "个百分点")
    ):
        return value
    match = _NUMBER.search(value)
    if match is None:
        return value
    number = float(match.group(0)) * 3
    text = f"{number:g}" if "." not in match.group(0) else f"{number:.2f}"
    return value[: match.start()] + text + value[match.end() :]
