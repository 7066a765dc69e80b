"""The indicator table of a form: rows of cells → Indicators, carrying 一级/二级 labels down.

Labels are recognised by meaning (taxonomy aliases, other frameworks kept as written), wherever
extraction put them. The other cells of a row are read by what they are (see `cell_kinds`): placed
by the table's header row when they sit in its columns, else fitted to the header's columns in
order (a value, a weight, a unit, a direction, a 定量/定性 tag, a 计划/历史标准 tag, a description).
A small state machine carries the current 一级/二级 down the rows and repairs the label shifts PDF
extraction and merged cells produce (see `_Table.run`):

- a label row with no indicator (an empty category or a lone label) applies to the rows below;
- two 二级 labels on one row: the one in the 二级 column belongs to the row, the other one to the
  rows below it (its label cell was printed one row early);
- a 一级 label printed on a later row of its group (a merged cell's text lands on its middle row)
  does not end the group's 二级;
- labels listed before the rows they span (a merged-cell dump): the rows take them in order, moving
  to the next listed 二级 where a row's target stops fitting the current one (a count, then a rate);
- a label printed one row late: an unlabelled row whose own name says 时效 (及时性, 时限 …) or
  质量 (合格率, 准确率 …), right above a row that starts that group, belongs to that group; if
  the late label stood on a row with an indicator, the table's next label boundary is read one
  row up as well (the label column slipped by a row);
- a label printed one row early: a 时效 row whose name says timeliness, carrying the next group's
  labels, stays in 时效 and the new labels apply from the row below;
- template placeholders ("指标1：", "指标2： .....") are dropped, never turned into indicators.

Every repair leaves a notice on the sheet, so a reviewer can check it against the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant import taxonomy as tx
from assistant.ingest.cell_kinds import align, cell_kind, placement_score
from assistant.ingest.cells import is_placeholder, strip_slot_markers
from assistant.ingest.form_fields import field_of, is_title
from assistant.ingest.run_together import split_label_prefix, split_name_description, split_name_value
from assistant.ingest.vocabulary import column_role, is_stop_label, label_key
from assistant.schema import Indicator
from assistant.values import parse_value

# --- header roles ------------------------------------------------------------------------------

# The roles of the cells of an indicator row other than its labels.
TEXT_ROLES = (
    "name", "desc", "value", "other", "mid_term", "history", "unit", "comparator", "direction", "weight",
    "value_type", "scoring", "standard", "remark", "goal_name",
)  # fmt: skip
# Name columns that leave no doubt; the generic ones (指标内容, 评价指标, 指标) are the name only when
# the header has none of these.
_SPECIFIC_NAMES = frozenset({"三级指标", "三级指标名称", "指标名称", "绩效指标名称", "具体指标"})
# What each generic name title is when a specific name column exists.
_GENERIC_OTHERWISE = {"指标内容": "desc", "评价指标": "l1", "指标": "l1"}
_SIGN = re.compile(r"^(≥|≤|=|>|<|＞|＜|≧|≦|>=|<=|＝|约|大于|小于|等于|不低于|不高于|不少于|不超过)$")
_YEAR_LINE = re.compile(r"^[(（]?\s*\d{4}\s*年度?\s*[)）]?$")
_ROW_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*[.、]?$")
_UNKNOWN_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:指标|目标)$")
_FRAMEWORK_2021 = frozenset(
    {tx.ECONOMIC_BENEFIT, tx.ECO_BENEFIT, tx.ECONOMIC_COST, tx.SOCIAL_COST, tx.ECO_COST}
)
# What an indicator's own name says about its 二级 (STANDARD.md §1: 质量 = 合格率, 达标率,
# 验收通过率, 准确率; 时效 = 及时率, 时限, 完成时间). Used only to decide on which side of a
# misprinted label boundary a row falls, never to re-file a row the sheet labels clearly.
_CUES: dict[str, re.Pattern[str]] = {
    tx.TIMELINESS: re.compile(r"(及时性|及时率|时限|时效|周期|响应时间)"),
    tx.QUALITY: re.compile(r"(合格率|达标率|通过率|准确率|准确性)"),
}
_TIMELY = _CUES[tx.TIMELINESS]


@lru_cache(maxsize=4096)
def header_role(text: str) -> str | None:
    role = column_role(text)
    if role == "value" and not _is_annual_value_header(label_key(text)):
        return "mid_term"
    return role


def _is_annual_value_header(key: str) -> bool:
    # "实施期指标值", "总体指标值" are the whole-project targets; the annual one is `value`.
    return not re.search(r"(实施期|项目期|总体|中期|长期|整体)", key) or "年度" in key


def header_roles(row: list[str]) -> dict[int, str] | None:
    """Column → role for an indicator header row, or None when the row is not one.

    Once a row is known to be the header, its other titled columns (e.g. "实施期指标值", "说明") are
    kept as extra value columns, so nothing the table says is dropped."""
    roles = {col: role for col, cell in enumerate(row) if cell and (role := header_role(cell))}
    kinds = set(roles.values())
    if len(roles) < 2 or not kinds & {"l1", "l2", "name"} or not kinds & {"name", "value", "l2", "desc"}:
        return None
    keys = {col: label_key(row[col]) for col in roles}
    names = [col for col, role in roles.items() if role == "name"]
    if any(keys[col] in _SPECIFIC_NAMES for col in names):
        for col in names:
            if keys[col] not in _SPECIFIC_NAMES:
                roles[col] = _GENERIC_OTHERWISE.get(keys[col], "other")
    elif len(names) > 1:
        # 指标 | 指标内容: the first holds the 一级 labels, the second the names.
        for col in names[:-1]:
            roles[col] = "l1"
    names = sorted(col for col, role in roles.items() if role == "name")
    if names:
        first = names[0]
        second = names[1] if len(names) > 1 else 10_000
        for col in names[1:]:
            roles[col] = "other"  # a second column set (中期 | 年度) repeats the titles
        for col, role in list(roles.items()):
            if role == "value" and (col < first or col > second):
                # an old-framework 目标值 left of its 评价指标 belongs to the goal; a second set's value
                # column is kept as an extra value
                roles[col] = "other"
            elif role in ("l1", "l2") and col > first:
                roles[col] = "set2"  # the repeated 二级 column of a second column set
    for col, cell in enumerate(row):
        if cell and col not in roles and label_of(cell) is None and field_of(cell) is None:
            roles[col] = "other"
    return roles


# --- label cells -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    col: int
    text: str
    l1: str | None  # canonical 一级 this cell names, if it can be one (other frameworks: as written)
    l2: str | None  # canonical 二级 this cell names, if it can be one
    kind: str = "101"  # "101", "other" (another framework's label, kept as written) or "unknown"


@lru_cache(maxsize=4096)
def label_of(text: str) -> tuple[str | None, str | None] | None:
    """(一级, 二级) of a 101 category label (canonical names), or None."""
    cleaned = tx.clean_label(text)
    if not cleaned or len(cleaned) > 20:
        return None
    l1 = tx.LEVEL1_ALIASES.get(cleaned)
    l2 = tx.LEVEL2_ALIASES.get(cleaned)
    if l1 is None and l2 is None:
        return None
    return l1, l2


@lru_cache(maxsize=16384)
def any_label(col: int, text: str) -> Label | None:
    """The label a cell is: a 101 label, another framework's 一级/二级, or None."""
    if (pair := label_of(text)) is not None:
        return Label(col, text, *pair)
    cleaned = tx.clean_label(text)
    if cleaned in tx.OTHER_LEVEL1:
        return Label(col, text, cleaned, None, "other")
    if cleaned in tx.OTHER_LEVEL2:
        return Label(col, text, None, cleaned, "other")
    return None


def _page_title(cell: str, titles: tuple[str, ...] = ()) -> bool:
    """A form title or "(2023年度)" line repeated at the top of a new page inside the table, or the
    beginning of a title seen above the table (a page cut inside the next form's title)."""
    if len(cell) <= 40 and (is_title(cell) or bool(_YEAR_LINE.match(cell))):
        return True
    key = label_key(cell)
    return len(key) >= 8 and any(label_key(title).startswith(key) for title in titles)


def is_stop_row(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    return bool(first) and is_stop_label(first)


# --- rows --------------------------------------------------------------------------------------


@dataclass
class _Row:
    index: int
    labels: list[Label]
    texts: list[tuple[int, str]]
    listed: bool = False  # labels listed before the rows they span (see module docstring)

    @property
    def has_text(self) -> bool:
        return bool(self.texts)


def _scan_row(
    index: int, row: list[str], number_cols: frozenset[int] = frozenset(), titles: tuple[str, ...] = ()
) -> _Row | None:
    labels: list[Label] = []
    texts: list[tuple[int, str]] = []
    for col, cell in enumerate(row):
        if not cell or is_placeholder(cell) or (col in number_cols and _ROW_NUMBER.match(cell)):
            continue
        label = any_label(col, cell)
        if label is not None:
            labels.append(label)
            continue
        if (
            header_role(cell) is not None
            or field_of(cell) in ("region", "goal", "unit")
            or _page_title(cell, titles)
        ):
            continue
        glued, cell = split_label_prefix(cell)  # "数量指标补贴国有企业": a label run into the name
        for glued_label in glued:
            if (label := any_label(col, glued_label)) is not None:
                labels.append(label)
        if not cell:
            continue
        text = strip_slot_markers(cell)
        if text and not is_placeholder(text):
            texts.append((col, text))
    if not labels and not texts:
        return None
    _name_that_reads_like_a_label(labels, texts)
    return _Row(index, labels, texts)


def _name_that_reads_like_a_label(labels: list[Label], texts: list[tuple[int, str]]) -> None:
    """A 三级 name such as "服务对象满意度" right of its own 二级 label, with the value after it.

    Form labels end in 指标; a bare category word in the name slot, between a label of the same
    level and the row's other cells (its value, and its 绩效指标描述 when the form has one), is
    the indicator's name.
    """
    if len(labels) < 2 or not texts:
        return
    last = max(labels, key=lambda label: label.col)
    if min(col for col, _ in texts) < last.col or tx.clean_label(last.text).endswith("指标"):
        return
    same_level = [
        label for label in labels if label is not last and ((label.l2 and last.l2) or (label.l1 and last.l1))
    ]
    if same_level:
        labels.remove(last)
        texts.insert(0, (last.col, last.text))


@dataclass
class TableResult:
    indicators: list[Indicator] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    total_weight: float | None = None


def parse_indicator_table(
    rows: list[list[str]],
    header: list[str] | None,
    titles: tuple[str, ...] = (),
    listed_rows: frozenset[int] = frozenset(),
    unknown_label_rows: frozenset[int] = frozenset(),
    cost_is_level1: bool = False,
) -> TableResult:
    """Indicators from the rows below the table's header row (None when the table has none).

    `titles` are the form titles seen above the table; `listed_rows` the rows holding labels listed
    before the rows they span; `unknown_label_rows` the rows whose first cell is a category label the
    taxonomy does not know, written as a label (…指标) in a 二级 column; `cost_is_level1` that the
    document's template prints a plain 成本指标 in its 一级 column (see `cost_level1_in`)."""
    roles = header_roles(header or []) or {}
    number_cols = frozenset(col for col, role in roles.items() if role == "index")
    scanned: list[_Row] = []
    for index, row in enumerate(rows):
        if is_stop_row(row):
            break
        scanned_row = _scan_row(index, row, number_cols, titles)
        if scanned_row is not None and index == 0 and header:
            # The header row itself: keep a category label printed on it (产出目标 | 一级指标 | …),
            # its column titles are not indicators.
            scanned_row.texts = []
            scanned_row = scanned_row if scanned_row.labels else None
        if scanned_row is not None and index in unknown_label_rows and scanned_row.texts:
            col, text = scanned_row.texts.pop(0)
            scanned_row.labels.append(Label(col, text, None, tx.clean_label(text), "unknown"))
        if scanned_row is not None:
            scanned_row.listed = index in listed_rows
            scanned.append(scanned_row)
    return _Table(scanned, header or [], cost_is_level1).run()


def cost_level1_in(rows: list[list[str]]) -> bool:
    """Whether a table prints a plain 成本指标 alone on a row of its 一级 column (the 2024-style
    template that lifts 成本 to a 一级 without the 101 二级, its cost rows often left empty): evidence
    for every form of the document."""
    roles: dict[int, str] = {}
    for row in rows:
        if found := header_roles(row):
            roles = found
            continue
        if len(row) < 3:
            continue  # one cell per line: no columns to go by
        labels = [(col, cell) for col, cell in enumerate(row) if cell and label_of(cell) is not None]
        others = [cell for cell in row if cell and label_of(cell) is None]
        if len(labels) == 1 and not others and roles.get(labels[0][0]) == "l1":
            pair = label_of(labels[0][1])
            if pair == (tx.COST, tx.LEGACY_COST):
                return True
    return False


def is_unknown_label(text: str) -> bool:
    """A word written as a category label that the taxonomy does not know ("制度指标")."""
    key = tx.clean_label(text)
    return bool(_UNKNOWN_LABEL.match(key)) and not tx.is_category_label(key) and field_of(key) is None


@dataclass
class _Labels:
    """The labels one row sets: its 一级, its 二级, and a 二级 left over for the rows below."""

    l1: str | None = None
    l2: str | None = None
    carry_l2: str | None = None
    l1_kind: str = "101"
    l2_kind: str = "101"
    l1_text: str | None = None  # the 一级 label as written (cleaned), for another framework

    def __bool__(self) -> bool:
        return bool(self.l1 or self.l2)


def _value_fits(level2: str | None, value: str) -> bool | None:
    """Whether a target reads like the 二级 it is filed under (a count under 数量, a rate under
    质量, a date under 时效, money under 成本); None when the target says nothing either way."""
    parsed = parse_value(value)
    if not value or level2 is None or parsed.kind.value in ("empty", "qualitative"):
        return None
    unit = parsed.unit or ""
    rate = unit in ("%", "‰", "个百分点")
    money = "元" in unit
    fits = {
        tx.QUANTITY: not rate and not money and parsed.kind.value == "quantitative",
        tx.QUALITY: rate,
        tx.TIMELINESS: parsed.kind.value == "deadline",
    }
    if level2 in (tx.LEGACY_COST, tx.ECONOMIC_COST):
        return money
    return fits.get(level2)


class _Table:
    def __init__(self, rows: list[_Row], header: list[str], cost_is_level1: bool = False) -> None:
        self.rows = rows
        self.cost_is_level1 = cost_is_level1
        self.header = header
        self.roles = header_roles(header) or {}
        self.l2_cols = {col for col, role in self.roles.items() if role == "l2"}
        self.framework_2021 = any(
            label.l2 in _FRAMEWORK_2021 for row in rows for label in row.labels if label.l1 is None
        )
        # Columns where a 二级 label stands alone on its row, and where a 一级 label does: a plain
        # 成本指标 in a column of lone 二级 labels is a 二级 (under 产出), whatever the framework.
        self.lone_l2_cols = {
            row.labels[0].col
            for row in rows
            if row.labels
            and len({label.text for label in row.labels}) == 1
            and row.labels[0].l2
            and not row.labels[0].l1
        }
        self.lone_l1_cols = {
            row.labels[0].col
            for row in rows
            if len(row.labels) == 1 and row.labels[0].l1 and not row.labels[0].l2
        }
        if any(
            a.col == b.col and a.l1 and not a.l2 and b.l2 and not b.l1
            for row in rows
            for a in row.labels
            for b in row.labels
        ):
            self.lone_l2_cols = set()  # labels run together into one cell: their column says nothing
        self.result = TableResult()
        self.l1: str | None = None
        self.l2: str | None = None
        self.mode = "101"  # "101", "other" (another framework's 一级), "over101" (its 二级 are 101 names)
        self.queue: list[str] = []  # 二级 labels listed before the rows they span, still to come
        self.pending: _Labels | None = None
        self.lag_from: int | None = None  # position of the label row that showed labels lag

    # -- labels --

    def _resolve(self, row: _Row) -> _Labels:
        l1s: list[tuple[str, str, str]] = []  # (label, kind, cleaned text)
        l2s: list[tuple[int, str, str]] = []  # (col, label, kind)
        # "成本指标" twice on a row (一级 and 二级 column) is the 一级 成本 with its plain 二级.
        # (a repeated second column set — 中期 | 年度 — prints the same label again after the row's
        # name and value: not a second label of the row)
        first_text = min((col for col, _ in row.texts), default=10_000)
        own = [
            label for label in row.labels if label.col <= first_text and self.roles.get(label.col) != "set2"
        ]
        cost_as_level1 = self.framework_2021 or sum(1 for label in own if label.l1 == tx.COST) >= 2
        over101 = self.mode == "over101"
        seen = {label.text for label in own}
        repeats = [label for label in row.labels if label not in own and label.text in seen]
        for label in sorted((lab for lab in row.labels if lab not in repeats), key=lambda label: label.col):
            cleaned = tx.clean_label(label.text)
            if label.kind != "101":
                if label.l1:
                    l1s.append((label.l1, label.kind, cleaned))
                    over101 = label.l1 in tx.OTHER_OVER_101
                else:
                    l2s.append((label.col, label.l2 or cleaned, label.kind))
            elif over101 and label.l1:
                l2s.append((label.col, cleaned, "other"))  # 产出指标 under 实施效果指标
            elif label.l1 and label.l2:  # 成本指标 / 满意度指标: 一级 or 二级 by the framework in use
                in_level2_column = label.col in self.lone_l2_cols and label.col not in self.lone_l1_cols
                lone_in_level2 = (
                    in_level2_column
                    and len({lab.text for lab in row.labels}) == 1
                    and not self.cost_is_level1
                )
                if label.l1 == tx.COST and (not (cost_as_level1 or self.cost_is_level1) or lone_in_level2):
                    l2s.append((label.col, label.l2, "101"))
                else:
                    l1s.append((label.l1, "101", cleaned))
            elif label.l1:
                l1s.append((label.l1, "101", cleaned))
            elif label.l2:
                l2s.append((label.col, label.l2, "101"))
        result = _Labels()
        if l1s:
            result.l1, result.l1_kind, result.l1_text = l1s[-1]
        distinct = list(dict.fromkeys(l2 for _, l2, _ in l2s))
        kinds = {l2: kind for _, l2, kind in l2s}
        if row.listed and len(distinct) > 1 and not row.has_text:
            self.queue = distinct[1:]
            result.l2 = distinct[0]
        elif len(distinct) == 1:
            result.l2 = distinct[0]
        elif distinct:
            in_column = [l2 for col, l2, _ in l2s if col in self.l2_cols]
            result.l2 = in_column[-1] if in_column else l2s[-1][1]
            result.carry_l2 = next(l2 for l2 in distinct if l2 != result.l2)
        if result.l2 is not None:
            result.l2_kind = kinds[result.l2]
        return result

    def _apply(self, labels: _Labels) -> None:
        if labels.l1:
            if labels.l1_kind != "101":
                self.l1, self.l2 = labels.l1, None
                self.mode = "over101" if labels.l1 in tx.OTHER_OVER_101 else "other"
            elif not (labels.l1 == self.l1 and self.mode == "101" and not labels.l2):
                # (restating the current 一级 on a later row of its group keeps the group's 二级)
                self.l1, self.l2, self.mode = labels.l1, None, "101"
        if labels.l2:
            if self.mode != "101" and labels.l2_kind == "101" and not labels.l1:
                self.mode = "101"
                self.l1 = None
            self.l2 = labels.l2
        if self.mode == "101" and (self.l2 is not None or self.l1 is not None):
            self.l1, self.l2 = _normalised(self.l1, self.l2)

    def _state_after(self, labels: _Labels) -> tuple[str | None, str | None]:
        saved = (self.l1, self.l2, self.mode, list(self.queue))
        self._apply(labels)
        after = (self.l1, self.l2)
        self.l1, self.l2, self.mode, self.queue = saved
        return after

    # -- cells --

    def _cells(self, row: _Row) -> dict[str, str]:
        """The row's cells by role ("name", "value", "desc", "weight", …; "leftover" for the rest)."""
        roles = self.roles
        texts = row.texts
        by_role: dict[str, list[tuple[int, str]]] = {}
        positional = bool(roles) and bool(texts) and all(roles.get(col) in TEXT_ROLES for col, _ in texts)
        if positional:
            for col, text in texts:
                by_role.setdefault(roles[col], []).append((col, text))
            positional = "name" in by_role and len(by_role["name"]) == 1 and _kinds_fit(by_role)
        if positional:
            # A compacted row can look positional by chance ("= 8 4" under 目标值|计量单位|分值): its
            # cells are read by kind when that fits clearly better.
            fitted = self._fitted(texts)
            if _score(fitted) > _score(by_role) + 1.0:
                by_role = fitted
        else:
            by_role = self._fitted(texts)
        out: dict[str, str] = {}
        for role, items in by_role.items():
            if role == "other":
                for col, text in items:
                    out[f"other:{self._header_text(col)}"] = text
            else:
                out[role] = "；".join(text for _, text in items)
        return out

    def _fitted(self, texts: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
        """The name is the row's first text; the others are fitted to the header's columns right of
        the name column, in order (a table without a header has a value column only)."""
        name_col, role_cols = self._columns_after_name()
        by_role: dict[str, list[tuple[int, str]]] = {"name": [texts[0]]}
        rest = texts[1:]
        roles = [role for _, role in role_cols]
        placement = align([text for _, text in rest], roles)
        for (col, text), slot in zip(rest, placement, strict=True):
            if slot is None:
                by_role.setdefault("leftover", []).append((col, text))
            else:
                role_col, role = role_cols[slot]
                by_role.setdefault(role, []).append((role_col if role == "other" else col, text))
        del name_col
        return by_role

    def _columns_after_name(self) -> tuple[int | None, list[tuple[int, str]]]:
        names = [col for col, role in self.roles.items() if role == "name"]
        text_cols = sorted((col, role) for col, role in self.roles.items() if role in TEXT_ROLES)
        if names:
            after = [(col, role) for col, role in text_cols if col > names[0] and role != "name"]
        else:
            after = [(col, role) for col, role in text_cols if role != "name"]
        if not any(role == "value" for _, role in after):
            after.append((10_000, "value"))
        return (names[0] if names else None), after

    # -- the state machine --

    def run(self) -> TableResult:
        rows = self.rows
        for position, row in enumerate(rows):
            following = rows[position + 1] if position + 1 < len(rows) else None
            if self.pending is not None:
                self._apply(self.pending)
                self.pending = None
            labels = self._resolve(row)
            if labels and self.lag_from is not None and position > self.lag_from:
                self.lag_from = None  # the lag applies up to the next label boundary only
            if not labels:
                if row.has_text:
                    self._emit(row, *self._unlabelled_row_labels(row, position, following))
                continue
            if labels.l2 and not row.listed:
                self.queue = []
            if row.has_text and self._timely_row_before_new_group(row, labels, following):
                self._emit(row, self.l1, self.l2)
                self._note(f"分类标签错位：「{self._name(row)}」按时效指标处理，其后一行起适用新标签")
                self.pending = labels
                continue
            self._apply(labels)
            if labels.carry_l2:
                self.pending = _Labels(l2=labels.carry_l2)
            if row.has_text:
                self._emit(row, self.l1, self.l2)
        return self.result

    def _unlabelled_row_labels(
        self, row: _Row, position: int, following: _Row | None
    ) -> tuple[str | None, str | None]:
        if self.queue:
            value = self._cells(row).get("value", "")
            if _value_fits(self.l2, value) is False and _value_fits(self.queue[0], value):
                self._note(
                    f"「{self._name(row)}」的指标值不像{self.l2}，按表前列出的下一个分类（{self.queue[0]}）归类"
                )
                self._apply(_Labels(l2=self.queue.pop(0), l2_kind="101"))
            return self.l1, self.l2
        if following is None or not following.labels:
            return self.l1, self.l2
        upcoming = self._resolve(following)
        if not upcoming:
            return self.l1, self.l2
        after = self._state_after(upcoming)
        name = self._name(row)
        # A row whose name says 时效/质量 just above that label: the label was printed one row late.
        cue = _CUES.get(after[1] or "")
        if cue and self.l2 != after[1] and cue.search(name) and not self._fits_current(name):
            if following.has_text:
                self.lag_from = position + 1
            self._note(f"分类标签错位：「{name}」的{after[1]}标签印在下一行，已归入{after[1]}")
            return after
        # Labels seen to lag by one row: the block's next boundary is read one row up too.
        if self.lag_from is not None and following.has_text:
            self._note(f"分类标签错位：「{name}」按下一行的分类标签（{after[1]}）归类")
            return after
        return self.l1, self.l2

    def _fits_current(self, name: str) -> bool:
        cue = _CUES.get(self.l2 or "")
        return bool(cue and cue.search(name))

    def _timely_row_before_new_group(self, row: _Row, labels: _Labels, following: _Row | None) -> bool:
        """A 时效-group row on which the next group's labels were printed one row early."""
        if self.l2 != tx.TIMELINESS or not self.result.indicators:
            return False
        if self.result.indicators[-1].level2 != tx.TIMELINESS:
            return False
        if self._state_after(labels)[1] == tx.TIMELINESS or not _TIMELY.search(self._name(row)):
            return False
        return following is not None and following.has_text and not following.labels

    # -- output --

    def _header_text(self, col: int) -> str:
        return "".join(self.header[col].split()) if col < len(self.header) else f"第{col + 1}列"

    def _name(self, row: _Row) -> str:
        return row.texts[0][1] if row.texts else ""

    def _note(self, message: str) -> None:
        self.result.notices.append(message)

    def _emit(self, row: _Row, l1: str | None, l2: str | None) -> None:
        cells = self._cells(row)
        name = cells.pop("name")
        value = cells.pop("value", "")
        description = cells.pop("desc", "") or None
        if not value and (glued := split_name_value(name)) is not None:
            name, value = glued
            self._note(f"指标「{name}」的名称与指标值连在一起，已拆分出指标值「{value}」")
        if description is None and self._desc_right_of_name() and (split := split_name_description(name)):
            name, description = split
            self._note(f"指标「{name}」的名称与指标内容连在一起，已拆分出「{description}」")
        # Split value columns (符号 | 指标值 | 计量单位) are joined into one 指标值 as written.
        unit = cells.pop("unit", "")
        if unit and cell_kind(unit) == "blank":
            unit = ""
        if unit and value and not (cell_kind(unit) == "unit" and value.endswith(unit)):
            # "100" + "%"; a number in the unit column (a date serial printed twice) stays apart
            value = f"{value} {unit}" if cell_kind(unit) == "number" else f"{value}{unit}"
        elif unit and not value:
            value = unit
        sign = cells.pop("comparator", "")
        if sign and value and _SIGN.match(sign):
            value = f"{sign}{value}"
        elif sign:
            cells["other:符号"] = sign
        others = {key.split(":", 1)[1]: text for key, text in cells.items() if key.startswith("other:")}
        if remark := cells.pop("remark", ""):
            others["备注"] = remark
        if goal := cells.pop("goal_name", ""):
            others["绩效目标名称"] = goal
        if history := cells.pop("history", ""):
            others["历史值"] = history
        others.update({self._mid_term_title(): cells["mid_term"]} if "mid_term" in cells else {})
        # A tag says what it is whatever column holds it (定量 under 指标性质 is the value type).
        for role in ("direction", "value_type", "standard", "remark"):
            text = cells.get(role, "")
            kind = cell_kind(text) if text else ""
            if kind in ("direction", "value_type", "standard") and kind != role:
                cells.pop(role)
                cells.setdefault(kind, text)
        leftovers = cells.get("leftover", "")
        standard = cells.get("standard") or None
        if standard and cell_kind(standard) == "desc" and description is None:
            description, standard = standard, None  # a description printed in a 绩效标准 column
        if l1 is None or l2 is None:
            missing = (
                "一级、二级指标" if l1 is None and l2 is None else ("一级指标" if l1 is None else "二级指标")
            )
            self.result.notices.append(f"指标「{name}」缺少{missing}标签")
        if leftovers:
            self.result.notices.append(f"指标「{name}」所在行有未能归入的内容：{leftovers}")
        if not value:
            position = len(self.result.indicators) + 1
            self.result.notices.append(f"第{position}行指标「{name}」未识别出指标值")
        serial = _excel_serial_date(value)
        if serial:
            self._note(f"指标「{name}」的指标值「{value}」像是 Excel 日期序列号（{serial}），已按原文保留")
        self.result.indicators.append(
            Indicator(
                level1=l1 or "",
                level2=l2 or "",
                name=name,
                description=description,
                value=value,
                other_values={k: v for k, v in others.items() if v},
                weight=_blank_to_none(cells.get("weight")),
                unit=_blank_to_none(unit),
                direction=_blank_to_none(
                    cells.get("direction") or (sign if sign and _SIGN.match(sign) else "")
                ),
                value_type=_blank_to_none(cells.get("value_type")),
                scoring=_blank_to_none(cells.get("scoring")),
                standard=_blank_to_none(standard),
            )
        )

    def _mid_term_title(self) -> str:
        return next(
            (self._header_text(col) for col, role in self.roles.items() if role == "mid_term"), "实施期指标值"
        )

    def _desc_right_of_name(self) -> bool:
        names = sorted(col for col, role in self.roles.items() if role == "name")
        if not names:
            return False
        after = sorted(col for col, role in self.roles.items() if col > names[0] and role in TEXT_ROLES)
        return bool(after) and self.roles[after[0]] == "desc"


def _score(by_role: dict[str, list[tuple[int, str]]]) -> float:
    cells = [(text, role) for role, items in by_role.items() if role != "name" for _, text in items]
    return placement_score([c for c, _ in cells], [None if r == "leftover" else r for _, r in cells])


def _kinds_fit(by_role: dict[str, list[tuple[int, str]]]) -> bool:
    """Positions agree with what the cells are: no tag or weight in the value column, no value in a
    tag column (a shifted row is fitted by kind instead)."""
    for role, items in by_role.items():
        for _, text in items:
            kind = cell_kind(text)
            if role == "value" and kind in ("direction", "value_type", "standard"):
                return False
            if role in ("weight", "value_type", "direction", "unit", "comparator") and kind in (
                "text",
                "desc",
            ):
                return False
    return True


def _normalised(l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
    if l2 is not None and tx.level2_of(l2) is None:
        return l1, l2  # a 二级 the taxonomy does not know, kept as written
    return tx.normalize_pair(l1, l2)


def _blank_to_none(text: str | None) -> str | None:
    if not text or cell_kind(text) == "blank":
        return None
    return text


_SERIAL = re.compile(r"^\s*(?:[=≥≤]\s*)?(\d{2}),?(\d{3})\s*$")


def _excel_serial_date(value: str) -> str | None:
    """ "45,657" → "2024-12-31": a date a spreadsheet exported as its day number (1900 date system)."""
    from datetime import date, timedelta

    first = value.split()[0] if value.split() else ""
    match = _SERIAL.match(value) or _SERIAL.match(first) or _SERIAL.match(value.replace(" ", "")[:8])
    if not match:
        return None
    number = int(match.group(1) + match.group(2))
    if not 36526 <= number <= 54789:  # 2000-01-01 … 2049-12-31
        return None
    return (date(1899, 12, 30) + timedelta(days=number)).isoformat()
