"""The indicator table of a form: rows of cells → Indicators, carrying 一级/二级 labels down.

Labels are recognised by meaning (taxonomy aliases), wherever extraction put them. Text cells
are placed by the table's header row when they sit in its columns, else by order (name, then
value). A small state machine carries the current 一级/二级 down the rows and repairs the label
shifts PDF extraction produces (see `_Table.run`):

- a label row with no indicator (an empty category or a lone label) applies to the rows below;
- two 二级 labels on one row: the one in the 二级 column belongs to the row, the other one to the
  rows below it (its label cell was printed one row early);
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
from assistant.ingest.cells import is_placeholder, strip_slot_markers
from assistant.ingest.form_fields import field_of, is_title, label_key
from assistant.ingest.glued_cells import split_label_prefix, split_name_value
from assistant.schema import Indicator

# --- header roles ------------------------------------------------------------------------------

_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("l1", re.compile(r"^一级指标(名称)?$")),
    ("l2", re.compile(r"^二级指标(名称)?$")),
    ("name", re.compile(r"^(三级指标(名称)?|指标名称|绩效指标名称|具体指标|指标内容)$")),
    ("desc", re.compile(r"^(绩效)?指标(描述|解释|说明|释义|定义)$")),
    ("unit", re.compile(r"^(计量|度量)?单位$")),
    ("comparator", re.compile(r"^(运算符号?|比较符号?|符号)$")),
    ("remark", re.compile(r"^备注(说明)?$")),
    ("index", re.compile(r"^(序号|编号|行次|No\.?)$")),
    ("value", re.compile(r"(指标值|目标值|预期值|标准值)")),
)
TEXT_ROLES = ("name", "desc", "value", "other", "unit", "comparator", "remark")
_STOP = re.compile(
    r"^(填报人|填表人|联系人|联系电话|单位负责人|审核人|审核意见|财务负责人|注[:：]|说明[:：])"
)
# What an indicator's own name says about its 二级 (STANDARD.md §1: 质量 = 合格率, 达标率,
# 验收通过率, 准确率; 时效 = 及时率, 时限, 完成时间). Used only to decide on which side of a
# misprinted label boundary a row falls, never to re-file a row the sheet labels clearly.
_CUES: dict[str, re.Pattern[str]] = {
    tx.TIMELINESS: re.compile(r"(及时性|及时率|时限|时效|周期|响应时间)"),
    tx.QUALITY: re.compile(r"(合格率|达标率|通过率|准确率|准确性)"),
}
_TIMELY = _CUES[tx.TIMELINESS]
_SIGN = re.compile(r"^(≥|≤|=|>|<|＞|＜|≧|≦|>=|<=|＝|约|大于|小于|等于|不低于|不高于|不少于|不超过)$")
_YEAR_LINE = re.compile(r"^[(（]?\s*\d{4}\s*年度?\s*[)）]?$")
_ROW_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*[.、]?$")
_FRAMEWORK_2021 = frozenset(
    {tx.ECONOMIC_BENEFIT, tx.ECO_BENEFIT, tx.ECONOMIC_COST, tx.SOCIAL_COST, tx.ECO_COST}
)


@lru_cache(maxsize=4096)
def header_role(text: str) -> str | None:
    key = label_key(text)
    if not key or len(key) > 16:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(key):
            if role == "value" and not _is_annual_value_header(key):
                return "other"
            return role
    return None


def _is_annual_value_header(key: str) -> bool:
    # "实施期指标值", "总体指标值" are the whole-project targets; the annual one is `value`.
    return not re.search(r"(实施期|项目期|总体|中期|长期|整体)", key) or "年度" in key


def header_roles(row: list[str]) -> dict[int, str] | None:
    """Column → role for an indicator header row, or None when the row is not one.

    Once a row is known to be the header, its other titled columns (e.g. "实施期指标值",
    "说明") are kept as extra value columns, so nothing the table says is dropped.
    """
    roles = {col: role for col, cell in enumerate(row) if cell and (role := header_role(cell))}
    kinds = set(roles.values())
    if len(roles) < 2 or not kinds & {"l1", "l2", "name"}:
        return None
    for col, cell in enumerate(row):
        if cell and col not in roles and label_of(cell) is None and field_of(cell) is None:
            roles[col] = "other"
    return roles


# --- label cells -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    col: int
    text: str
    l1: str | None  # canonical 一级 this cell names, if it can be one
    l2: str | None  # canonical 二级 this cell names, if it can be one


@lru_cache(maxsize=4096)
def label_of(text: str) -> tuple[str | None, str | None] | None:
    cleaned = tx.clean_label(text)
    if not cleaned or len(cleaned) > 20:
        return None
    l1 = tx.LEVEL1_ALIASES.get(cleaned)
    l2 = tx.LEVEL2_ALIASES.get(cleaned)
    if l1 is None and l2 is None:
        return None
    return l1, l2


def _page_title(cell: str) -> bool:
    """A form title or "(2023年度)" line repeated at the top of a new page inside the table."""
    return len(cell) <= 40 and (is_title(cell) or bool(_YEAR_LINE.match(cell)))


def is_stop_row(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    return bool(_STOP.match(first))


# --- rows --------------------------------------------------------------------------------------


@dataclass
class _Row:
    index: int
    labels: list[Label]
    texts: list[tuple[int, str]]

    @property
    def has_text(self) -> bool:
        return bool(self.texts)


def _scan_row(index: int, row: list[str], number_cols: frozenset[int] = frozenset()) -> _Row | None:
    labels: list[Label] = []
    texts: list[tuple[int, str]] = []
    for col, cell in enumerate(row):
        if not cell or is_placeholder(cell) or (col in number_cols and _ROW_NUMBER.match(cell)):
            continue
        label = label_of(cell)
        if label is not None:
            labels.append(Label(col, cell, *label))
            continue
        if header_role(cell) is not None or field_of(cell) in ("region", "goal", "unit") or _page_title(cell):
            continue
        glued, cell = split_label_prefix(cell)  # "数量指标补贴国有企业": a label run into the name
        for glued_label in glued:
            if (label := label_of(glued_label)) is not None:
                labels.append(Label(col, glued_label, *label))
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


def parse_indicator_table(rows: list[list[str]], header: list[str] | None) -> TableResult:
    """Indicators from the rows below the table's header row (None when the table has none)."""
    roles = header_roles(header or []) or {}
    number_cols = frozenset(col for col, role in roles.items() if role == "index")
    scanned: list[_Row] = []
    for index, row in enumerate(rows):
        if is_stop_row(row):
            break
        scanned_row = _scan_row(index, row, number_cols)
        if scanned_row is not None and index == 0 and header:
            # The header row itself: keep a category label printed on it (产出目标 | 一级指标 | …),
            # its column titles are not indicators.
            scanned_row.texts = []
            scanned_row = scanned_row if scanned_row.labels else None
        if scanned_row is not None:
            scanned.append(scanned_row)
    return _Table(scanned, header or []).run()


@dataclass
class _Labels:
    """The labels one row sets: its 一级, its 二级, and a 二级 left over for the rows below."""

    l1: str | None = None
    l2: str | None = None
    carry_l2: str | None = None

    def __bool__(self) -> bool:
        return bool(self.l1 or self.l2)


class _Table:
    def __init__(self, rows: list[_Row], header: list[str]) -> None:
        self.rows = rows
        self.header = header
        self.roles = header_roles(header) or {}
        self.l2_cols = {col for col, role in self.roles.items() if role == "l2"}
        self.framework_2021 = any(
            label.l2 in _FRAMEWORK_2021 for row in rows for label in row.labels if label.l1 is None
        )
        self.result = TableResult()
        self.l1: str | None = None
        self.l2: str | None = None
        self.pending: _Labels | None = None
        self.lag_from: int | None = None  # position of the label row that showed labels lag

    # -- labels --

    def _resolve(self, row: _Row) -> _Labels:
        l1s: list[str] = []
        l2s: list[tuple[int, str]] = []
        # "成本指标" twice on a row (一级 and 二级 column) is the 一级 成本 with its plain 二级.
        cost_as_level1 = self.framework_2021 or sum(1 for label in row.labels if label.l1 == tx.COST) >= 2
        for label in row.labels:
            if label.l1 and label.l2:  # 成本指标 / 满意度指标: 一级 or 二级 by the framework in use
                if label.l1 == tx.COST and not cost_as_level1:
                    l2s.append((label.col, label.l2))
                else:
                    l1s.append(label.l1)
            elif label.l1:
                l1s.append(label.l1)
            elif label.l2:
                l2s.append((label.col, label.l2))
        result = _Labels(l1=l1s[-1] if l1s else None)
        distinct = list(dict.fromkeys(l2 for _, l2 in l2s))
        if len(distinct) == 1:
            result.l2 = distinct[0]
        elif distinct:
            in_column = [l2 for col, l2 in l2s if col in self.l2_cols]
            result.l2 = in_column[-1] if in_column else l2s[-1][1]
            result.carry_l2 = next(l2 for l2 in distinct if l2 != result.l2)
        return result

    def _apply(self, labels: _Labels) -> None:
        if labels.l1:
            self.l1, self.l2 = labels.l1, None
        if labels.l2:
            self.l2 = labels.l2
        if self.l2 is not None or self.l1 is not None:
            self.l1, self.l2 = tx.normalize_pair(self.l1, self.l2)

    def _state_after(self, labels: _Labels) -> tuple[str | None, str | None]:
        saved = (self.l1, self.l2)
        self._apply(labels)
        after = (self.l1, self.l2)
        self.l1, self.l2 = saved
        return after

    # -- cells --

    def _cells(self, row: _Row) -> tuple[str, str, str | None, dict[str, str], list[str]]:
        """(name, value, description, other values, leftovers) of an indicator row."""
        roles = self.roles
        texts = row.texts
        by_role: dict[str, list[tuple[int, str]]] = {}
        positional = bool(roles) and bool(texts) and all(roles.get(col) in TEXT_ROLES for col, _ in texts)
        if positional:
            for col, text in texts:
                by_role.setdefault(roles[col], []).append((col, text))
            positional = "name" in by_role and len(by_role["name"]) == 1
        if not positional and (ordered_roles := self._roles_in_order(texts)) is not None:
            by_role, positional = ordered_roles, True
        if positional:
            name = by_role["name"][0][1]
            value = _join(by_role.get("value"))
            description = _join(by_role.get("desc")) or None
            others = {self._header_text(col): text for col, text in by_role.get("other", [])}
            if remark := _join(by_role.get("remark")):
                others["备注"] = remark
            # Split value columns (符号 | 指标值 | 计量单位) are joined into one 指标值 as written.
            if (unit := _join(by_role.get("unit"))) and value and not value.endswith(unit):
                value = f"{value}{unit}"
            for col, sign in by_role.get("comparator", []):
                if value and _SIGN.match(sign):
                    value = f"{sign}{value}"
                else:
                    others[self._header_text(col)] = sign
            return name, value, description, others, []
        ordered = [text for _, text in texts]
        name, rest = ordered[0], ordered[1:]
        has_desc = "desc" in roles.values()
        if has_desc and len(rest) >= 2:
            return name, rest[1], rest[0], {}, rest[2:]
        value = rest[0] if rest else ""
        return name, value, None, {}, rest[1:]

    def _roles_in_order(self, texts: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]] | None:
        """A compacted row (empty cells dropped) read against the header: the name, then exactly one
        text for each titled column right of the name column, in the header's order."""
        name_cols = [col for col, role in self.roles.items() if role == "name"]
        if len(name_cols) != 1 or len(texts) < 2:
            return None
        after = [
            (col, role)
            for col, role in sorted(self.roles.items())
            if col > name_cols[0] and role in TEXT_ROLES
        ]
        if len(texts) - 1 != len(after) or "value" not in {role for _, role in after}:
            return None
        by_role: dict[str, list[tuple[int, str]]] = {"name": [(name_cols[0], texts[0][1])]}
        for (col, role), (_, text) in zip(after, texts[1:], strict=True):
            by_role.setdefault(role, []).append((col, text))
        return by_role

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
        name, value, description, others, leftovers = self._cells(row)
        if not value and (glued := split_name_value(name)) is not None:
            name, value = glued
            self._note(f"指标「{name}」的名称与指标值连在一起，已拆分出指标值「{value}」")
        if l1 is None or l2 is None:
            missing = (
                "一级、二级指标" if l1 is None and l2 is None else ("一级指标" if l1 is None else "二级指标")
            )
            self.result.notices.append(f"指标「{name}」缺少{missing}标签")
        if leftovers:
            self.result.notices.append(f"指标「{name}」所在行有未能归入的内容：{'；'.join(leftovers)}")
        self.result.indicators.append(
            Indicator(
                level1=l1 or "",
                level2=l2 or "",
                name=name,
                description=description,
                value=value,
                other_values=others,
            )
        )


def _join(items: list[tuple[int, str]] | None) -> str:
    return "；".join(text for _, text in items) if items else ""
