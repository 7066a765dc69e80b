"""Cells that ran together when a page was copied without separators.

Disclosure pages copied as text often lose the boundaries between cells, within a row
("产出指标数量指标补助人数250人计划标准"), between header labels and their values
("专项名称某某专项资金专项属性延续专项"), or across a whole table flattened into one line. A split is
made only where a reader sees one:

- after a category label written as a label (…指标, …目标), before a name;
- at a column title, when a cell is nothing but column titles ("一级指标二级指标三级指标指标值");
- at a header field label, in a header cell that starts with one;
- around a target value: a comparator and a number with its unit ("≥90%", "1200元/月/人", "≦250万",
  "各 1 次"), a date ("2024年12月31日"), or a qualitative target made of a degree word and a change
  verb ("有所提升", "持续改善"); a bare number only where the text ends or a description starts;
- before a description ("反映…"), and before the row's trailing tags (计划标准, 定量/定性, 正向/反向).

Anything else stays as written: a split that is not visible to a reader is not made.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from assistant import taxonomy as tx
from assistant.ingest.vocabulary import (
    COLUMN_TITLE,
    DESCRIPTION_CUES,
    DIRECTIONS,
    FIELD_PREFIX,
    FIELD_PREFIXES,
    NAME_HEADS,
    RUN_TOGETHER_DESCRIPTION_STARTS,
    SCORING,
    STANDARDS,
    UNIT,
    VAGUE_VALUE,
    VALUE_ONLY_DEGREES,
    VALUE_TYPES,
    column_role,
    field_of,
    label_key,
)

_DECORATION = r"(?:\s*[（(【\[][^）)】\]]{0,8}(?:必填|选填|可选|硬性)[^）)】\]]{0,8}[）)】\]])?"
_SCORE = r"(?:\s*[(（]\s*\d+(?:\s*[-~～—至]\s*\d+)?\s*分?\s*[)）]\s*分?)?"
_COMPARATOR = (
    r"(?:>=|<=|=>|=<|≥|≤|≧|≦|>|<|=|＞|＜|＝|不低于|不少于|不小于|不高于|不超过|不大于|大于等于|小于等于"
    r"|大于|小于|低于|高于|达到|约)"
)
_NUMBER = r"\d+(?:[.,，]\d+)*"
_QUALIFIER = r"(?:及以上|以上|以内|以下|之内|左右|之前|以前|前|内)?"
_PAREN_UNIT = r"[(（][^()（）\d]{1,8}[)）]"
_VALUE_UNIT = rf"(?:\s*(?:{UNIT}|{_PAREN_UNIT}))?"
_DATE = (
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底|末|初|中旬|上旬|下旬)?(?:之前|以前|前)?"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:之前|以前|前)?"
)
# A target value as printed in a row: the comparator (or 各/每/约) may stand apart from the number.
_VALUE = re.compile(
    rf"(?:{_COMPARATOR}\s*)?(?:(?:{_DATE})|(?:(?:各|每|共)\s*)?{_NUMBER}{_VALUE_UNIT}\s*{_QUALIFIER})"
)
# A target that ends a name cell ("补贴国有企业≥25个", "…及时性10-12月", "≥4人(1人在岗)").
_GLUED_UNIT = (
    r"(?:\s*[(（][^()（）\d]{1,8}[)）]|\s*%|\s*‰|\s*个百分点|[^\d\s,，;；。、()（）≥≤=<>＞＜＝:：]{1,6})?"
)
_GLUED_DATE = r"\d{4}\s*[-年./]\s*\d{1,2}(?:\s*[-月./]\s*\d{1,2}\s*日?)?\s*月?" + _QUALIFIER
_GLUED_MONTHS = (
    r"(?:\d{1,2}\s*[-~～至]\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*月(?:\s*[、,，和及]\s*\d{1,2}\s*月)+)"
    + _QUALIFIER
)
_NOTE = r"(?:\s*[(（][^()（）]{1,20}[)）])?"
_GLUED_COMPARATOR = _COMPARATOR.replace("|达到", "")
_TARGET = re.compile(
    rf"(?:{_GLUED_COMPARATOR}\s*(?:{_GLUED_DATE}|{_NUMBER}{_GLUED_UNIT}{_QUALIFIER})|{_GLUED_DATE}|{_GLUED_MONTHS}"
    rf"|{_NUMBER}{_GLUED_UNIT}{_QUALIFIER}){_NOTE}"
)
_START = re.compile(rf"{_COMPARATOR}|(?<![\d.:：\-~～/])(?<!\d[,，])(?:各\s*|每\s*|共\s*)?\d")
# A bare comparator or unit that ends a cut row ("…情况>"), or an unfilled template value ("≧ %").
_TRAILING_SIGN = re.compile(rf"(?:{_COMPARATOR})\s*%?\s*$")
# Text that goes on after a target: the number belonged to the name ("培训3天以上的人员比例").
_CONTINUES = tuple("的之和及或、，,与中在对为")
_SENTENCE_END = re.compile(r"(?<=[。；;])")
_TAG_TAIL = re.compile(
    rf"(?:\s*-\s*)?(?:{'|'.join(map(re.escape, sorted({*VALUE_TYPES, *STANDARDS, *DIRECTIONS}, key=len, reverse=True)))})\s*$"
)
_UNIT_PLACEHOLDER = re.compile(r"\s*[-—/]\s*$")
_WEIGHT_AFTER_TAG = re.compile(
    rf"(?:{'|'.join(map(re.escape, sorted({*VALUE_TYPES, *STANDARDS, *DIRECTIONS}, key=len, reverse=True)))})(\d{{1,3}})$"
)


@lru_cache(maxsize=1)
def _label_prefix() -> re.Pattern[str]:
    labels = {*tx.LEVEL1_ALIASES, *tx.LEVEL2_ALIASES, *tx.OTHER_LEVEL1, *tx.OTHER_LEVEL2}
    # Only labels written as labels (…指标, …目标): a bare "质量" or "成本" may begin a name.
    written = sorted((label for label in labels if label.endswith(("指标", "目标"))), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, written)))


def split_label_prefix(text: str) -> tuple[list[str], str]:
    """ "产出指标数量指标补贴国有企业" → (["产出指标", "数量指标"], "补贴国有企业"); no label → ([], text).

    A cell of labels only ("成本指标经济成本指标") gives all of them and an empty rest."""
    labels: list[str] = []
    rest = text.strip()
    while len(labels) < 3:
        key = unicodedata.normalize("NFKC", rest)
        key = re.sub(
            r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])", "", key
        )
        skipped = len(unicodedata.normalize("NFKC", rest)) - len(key)
        found = _label_prefix().match(key)
        if found is None:
            break
        label = found.group(0)
        decorated = re.match(re.escape(label) + _DECORATION + _SCORE, key)
        end = skipped + (decorated.end() if decorated else len(label))
        # Cut the original text, not its normalised form, so the name keeps its own characters.
        if len(unicodedata.normalize("NFKC", rest[:end])) != end or not rest[end:].strip():
            break
        labels.append(rest[:end])
        rest = rest[end:].strip()
    if labels and tx.is_category_label(rest) and tx.clean_label(rest).endswith(("指标", "目标")):
        # "成本指标经济成本指标": labels only, no name (a bare "服务对象满意度" after them is a name)
        return [*labels, rest], ""
    return (labels, rest) if labels else ([], text)


def split_name_value(text: str) -> tuple[str, str] | None:
    """ "补贴国有企业≥25个" → ("补贴国有企业", "≥25个"): the first place where a target ends the text."""
    for start in _START.finditer(text):
        head, tail = text[: start.start()].rstrip(), text[start.start() :]
        if not head or head[-1] in "≥≤>=<＞＜＝":
            continue
        tail = tail.strip()
        if _TARGET.fullmatch(tail):
            return head, tail
    return None


def _is_target(text: str) -> bool:  # used by _next_number_value
    # A number alone needs something that makes it a target: a comparator, a unit, or a date.
    return bool(re.search(rf"{_COMPARATOR}|%|年|月|[^\d\s.,，]", text))


def column_titles(text: str) -> list[str] | None:
    """ "一级指标二级指标三级指标指标值" → its titles; None unless the text is nothing but titles (≥ 2)."""
    key = label_key(text)
    titles: list[str] = []
    position = 0
    while position < len(key):
        match = COLUMN_TITLE.match(key, position)
        if match is None:
            return None
        titles.append(match.group(0))
        position = match.end()
    roles = {column_role(title) for title in titles}
    return titles if len(titles) >= 2 and roles & {"l1", "l2", "name", "value"} else None


def split_header_text(text: str) -> list[str]:
    """ "专项名称某某资金专项属性延续专项" → ["专项名称", "某某资金", "专项属性", "延续专项"] for a header
    cell that starts with a field label; any other text is returned whole."""
    if field_of(text) is not None:
        return [text]
    pieces: list[str] = []
    rest = text
    while rest:
        label = _field_at_start(rest)
        if label is None:
            if not pieces:
                return [text]
            # the value runs up to the next field label
            cut = _next_field(rest)
            pieces.append(rest[:cut].strip(" :：") if cut else rest.strip(" :："))
            rest = rest[cut:] if cut else ""
            continue
        pieces.append(label)
        rest = rest[len(label) :].lstrip(" :：")
    return [piece for piece in pieces if piece]


_TITLE_SPAN = re.compile(r"[^。；;]{0,40}?绩效目标[^。；;]{0,8}?表")
_CJK_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff(（])|(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=\d)\s+(?=[\u4e00-\u9fff])"
)


def split_header_run(text: str) -> list[str]:
    """A whole header run together into one cell ("…申报表项 目 名 称 某某经费主管部门及代码305某局 实施
    单位某司资金总额: …"): split at every field label, its form title kept as a piece of its own."""
    text = _CJK_GAP.sub("", text)
    pieces: list[str] = []
    rest = text
    while rest:
        title = _TITLE_SPAN.match(rest)
        at = _next_field(rest) if _field_at_start(rest) is None else 0
        if title and (at is None or title.end() <= at or _inside_title(rest, at)):
            pieces.append(title.group(0).strip())
            rest = rest[title.end() :]
            continue
        if at is None:
            pieces.append(rest.strip(" :："))
            break
        if at:
            pieces.append(rest[:at].strip(" :："))
            rest = rest[at:]
        label = _field_at_start(rest) or ""
        pieces.append(label)
        rest = rest[len(label) :].lstrip(" :：")
    return [piece for piece in pieces if piece]


def _inside_title(text: str, at: int) -> bool:
    title = _TITLE_SPAN.match(text)
    return title is not None and at < title.end()


def _field_at_start(text: str) -> str | None:
    match = FIELD_PREFIX.match(text)
    return match.group(0) if match else None


def _next_field(text: str) -> int | None:
    match = FIELD_PREFIX.search(text, 1)
    return match.start() if match else None


# --- rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One cell recovered from run-together text."""

    text: str
    kind: str  # "label", "text", "value", "tag", "desc", "scoring", "number", "blank-unit"


def split_row_text(
    text: str,
    rows_in_line: bool = False,
    text_after_value: bool = True,
    has_weight: bool = False,
    prose: bool = False,
    desc_before_value: bool = False,
    targets: int = 1,
) -> list[Piece]:
    """The cells of a run-together row, in order.

    A row of its own ("产出指标数量指标补助人数250人计划标准") is read from its end: the trailing tags
    (计划标准, 定量/定性, 正向/反向), a weight run into the target ("90%15"), then the target — after
    the last visible seam (a space between two cells), else the target that ends the text, else the
    first target followed by what a row may hold after its target (a description, a scoring rule; any
    text only when `text_after_value`, i.e. the table has a column for it).

    With `rows_in_line` (a whole table flattened into one line), every target ends a row and the
    text between targets is split at spaces and sentence ends as well. With `has_weight` (the table
    has a 分值 column) digits that end the row after other text are its weight ("规范性30"); in
    `prose` the row's closing punctuation (";", "。") is not part of its target."""
    if rows_in_line:
        return [piece for chunk in _chunks(text.strip(), True) for piece in chunk]
    rest = text.strip()
    tags: list[Piece] = []
    while True:
        if (match := _TAG_TAIL.search(rest)) and match.start() > 0:
            tags.insert(0, Piece(match.group(0).strip(" -"), "tag"))
            rest = rest[: match.start()]
            if (unit := _UNIT_PLACEHOLDER.search(rest)) is not None:
                rest = rest[: unit.start()]  # "-" of an empty 计量单位 before the tag
        elif (number := _WEIGHT_AFTER_TAG.search(rest)) is not None:
            tags.insert(0, Piece(number.group(1), "number"))  # "…正向25": a weight between two tags
            rest = rest[: number.start(1)]
        else:
            break
    labels, rest = split_label_prefix(rest)
    pieces = [Piece(label, "label") for label in labels]
    rest = rest.strip()
    if prose:
        rest = rest.rstrip(_END_PUNCTUATION)
    if not rest:
        return [*pieces, *tags]
    weight = (_GLUED_WEIGHT_AFTER_TEXT if has_weight else _GLUED_WEIGHT).search(rest)
    if weight and rest[: weight.start(1)].strip():
        tags.insert(0, Piece(weight.group(1), "number"))
        rest = rest[: weight.start(1)]
    return [*pieces, *_row_cells(rest, text_after_value, desc_before_value, targets), *tags]


_END_PUNCTUATION = " ;；。,，"
# A weight run into the target that ends with a unit or a qualifier: "90%15", "90%以上15", "(%)8".
_GLUED_WEIGHT = re.compile(r"(?<=[%‰上下内)）])(\d{1,3})$")
_GLUED_WEIGHT_AFTER_TEXT = re.compile(r"(?<=[^\d\s.,，:：/\-])(\d{1,3})$")


def _row_cells(
    text: str, text_after_value: bool, desc_before_value: bool = False, targets: int = 1
) -> list[Piece]:
    seams = _seams(text)
    if seams:
        # Cells separated where a reader sees a seam: the name, its description where the table has
        # one, then its targets (实施期 | 年度); a target run into the cell before it where the seam is
        # visible ("…企业100%100%") is split off while the table has a target column left for it.
        bounds = [0, *seams, len(text)]
        cells = [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]
        name, pool = cells[0], cells[1:]
        keep = min(targets, len(pool))
        values = pool[len(pool) - keep :]
        pool = pool[: len(pool) - keep]
        while len(values) < targets:  # a target run into the cell before it
            source = pool[-1] if pool else (values.pop(0) if desc_before_value and values else name)
            inner = _tail_value(source)
            if not inner or not source[:inner].strip():
                if not pool and source is not name:
                    values.insert(0, source)
                break
            head, target = source[:inner].strip(), source[inner:].strip()
            values.insert(0, target)
            if pool:
                pool[-1] = head
            elif source is name:
                name = head
            else:
                pool = [head]
        inner = _tail_value(values[0]) if desc_before_value and not pool and values else None
        if inner and values[0][:inner].strip():
            pool, values[0] = [values[0][:inner].strip()], values[0][inner:].strip()  # description, target
        if desc_before_value and pool:
            return [Piece(name, "text"), Piece(" ".join(pool), "desc"), *(Piece(v, "value") for v in values)]
        return [*_name_desc(name, False), *(Piece(cell, "value") for cell in [*pool, *values])]
    boundary = _value_after_head(text)
    if boundary is not None:
        head, tail = text[:boundary], text[boundary:]
        if not text_after_value:
            return [*_name_desc(head, False), *(Piece(v, "value") for v in _targets(tail.strip(), targets))]
        match = _VALUE.match(tail)
        end = match.end() if match else len(tail)
        return [*_name_desc(head, False), Piece(tail[:end].strip(), "value"), *_after_value(tail[end:])]
    tail_start = _tail_value(text)
    if tail_start is not None:
        name, values = text[:tail_start], [text[tail_start:].strip()]
        while len(values) < targets and (inner := _tail_value(name)) is not None:
            name, values = name[:inner], [name[inner:].strip(), *values]  # "…企业100%100%": 实施期 | 年度
        return [*_name_desc(name, False), *(Piece(value, "value") for value in values)]
    found = _next_value(text, False, text_after_value)
    if found is None:
        return _name_desc(text, False)
    start, end, kind = found
    return [
        *(_name_desc(text[:start], False) if start else []),
        Piece(text[start:end].strip(), kind),
        *_after_value(text[end:]),
    ]


def _targets(text: str, count: int) -> list[str]:
    """A run of targets printed one after the other ("=100.00(%)=100.00(%)" under 实施期 | 年度)."""
    values = [text]
    while len(values) < count and (inner := _tail_value(values[0])) is not None:
        values = [values[0][:inner].strip(), values[0][inner:].strip(), *values[1:]]
    return [value for value in values if value]


def _value_after_head(text: str) -> int | None:
    """Where a target starts right after a name's head word ("…及时性5个工作日…", "…覆盖率14个…")."""
    for start in _START.finditer(text):
        at = start.start()
        if at < 2 or text[at - 1].isdigit() or not text[:at].endswith(NAME_HEADS):
            continue
        match = _VALUE.match(text, at)
        if match and match.end() > at and _is_target(text[at : match.end()]):
            return at
    return None


def _seams(text: str) -> list[int]:
    """The spaces that separate two cells (not one inside a target: "≤ 37.00 (人)"), as positions
    where the next cell starts."""
    seams = []
    for match in re.finditer(r"\s+", text):
        left, right = text[: match.start()], text[match.end() :]
        if not left or not right:
            continue
        if left[-1].isdigit() or left[-1] in "≥≤><=＞＜＝≧≦" or right[0] in "(（%":
            continue
        if len(left.strip()) >= 2:
            seams.append(match.end())
    return seams


def _tail_value(text: str) -> int | None:
    """Where the target that ends the text starts ("补助人数实际发放人数250人" → at "250人")."""
    blocked = [m.span() for m in SCORING.finditer(text)]
    for start in _START.finditer(text):
        at = start.start()
        if not at or text[at - 1].isdigit() or any(a <= at < b for a, b in blocked):
            continue
        if text[:at].rstrip()[-1:] in "≥≤><=＞＜＝≧≦":
            continue
        tail = text[at:].strip().rstrip(";；。")
        if _TARGET.fullmatch(tail) or _VALUE.fullmatch(tail):
            return at
    return None


def _chunks(text: str, rows_in_line: bool) -> list[list[Piece]]:
    out: list[list[Piece]] = []
    rest = text
    while rest.strip():
        rest = rest.strip()
        labels, after = split_label_prefix(rest)
        if labels:
            out.append([Piece(label, "label") for label in labels])
            rest = after
            continue
        found = _next_value(rest, rows_in_line)
        if found is None:
            out.append(_texts(rest, rows_in_line))
            break
        start, end, kind = found
        if start:
            out.append(_texts(rest[:start], rows_in_line))
        out.append([Piece(rest[start:end].strip(), kind)])
        rest = rest[end:]
        if not rows_in_line:
            # In a row of its own, what follows the target is its other columns.
            out.append(_after_value(rest))
            break
    return out


def _after_value(text: str) -> list[Piece]:
    text = text.strip()
    if not text:
        return []
    if re.fullmatch(r"\d{1,3}(?:\.\d+)?", text):
        return [Piece(text, "number")]  # a weight after the value ("90%15")
    if SCORING.search(text) and not text.startswith(DESCRIPTION_CUES):
        return [Piece(text, "scoring")]
    return [Piece(text, "desc" if text.startswith(DESCRIPTION_CUES) else "text")]


def _texts(text: str, rows_in_line: bool) -> list[Piece]:
    """Text between targets: the name, a description after it ("反映…"), in a flattened table also the
    qualitative targets (a degree word and a verb: "有效减少") and the breaks at spaces and "。"."""
    parts = [text]
    if rows_in_line:
        parts = [p for chunk in _SENTENCE_END.split(text) for p in re.split(r"\s+", chunk) if p]
    pieces: list[Piece] = []
    for part in parts:
        pieces.extend(_name_desc(part, rows_in_line))
    return pieces


def _name_desc(text: str, rows_in_line: bool) -> list[Piece]:
    text = _without_region_label(text.strip())
    for cue in ("反映",):
        at = text.find(cue)
        if at >= 2:
            return [*_name_desc(text[:at], rows_in_line), Piece(text[at:], "desc")]
    if rows_in_line and (vague := VAGUE_VALUE.search(text)):
        pieces = []
        if vague.start():
            pieces.append(Piece(text[: vague.start()], "text"))
        pieces.append(Piece(vague.group(0), "value"))
        if text[vague.end() :].strip():
            pieces.extend(_name_desc(text[vague.end() :], rows_in_line))
        return pieces
    if text.startswith(DESCRIPTION_CUES) and not rows_in_line:
        return [Piece(text, "desc")]
    return [Piece(text, "text")]


def _without_region_label(text: str) -> str:
    """ "项目绩效指标完成…件数": the merged region label of the table, printed inside the flattened text."""
    for label in FIELD_PREFIXES:
        if text.startswith(label) and field_of(label) == "region" and len(text) > len(label) + 1:
            return text[len(label) :]
    return text


def _next_value(text: str, rows_in_line: bool, text_after_value: bool = True) -> tuple[int, int, str] | None:
    """(start, end, kind) of the first target in text that a reader would see as one."""
    blocked = [m.span() for m in SCORING.finditer(text)]
    numeric = _next_number_value(text, rows_in_line, blocked, text_after_value)
    if not rows_in_line:
        # A qualitative target right after a name ("…覆盖率有所扩大…", "…环境质量明显改善…").
        for vague in VAGUE_VALUE.finditer(text):
            if numeric is not None and vague.start() >= numeric[0]:
                break
            head = text[: vague.start()]
            if any(a <= vague.start() < b for a, b in blocked) or len(head) < 2:
                continue
            if head.endswith(NAME_HEADS) or vague.group(0).startswith(VALUE_ONLY_DEGREES):
                return vague.start(), vague.end(), "value"
    return numeric


def _next_number_value(
    text: str, rows_in_line: bool, blocked: list[tuple[int, int]], text_after_value: bool = True
) -> tuple[int, int, str] | None:
    for start in _START.finditer(text):
        at = start.start()
        if at and text[at - 1].isdigit():
            continue
        if any(a <= at < b for a, b in blocked):
            continue
        match = _VALUE.match(text, at)
        if not match or match.end() == at:
            continue
        end = match.end()
        value = text[at:end].strip()
        following = text[end:].lstrip()
        has_unit = _is_target(value) and not re.fullmatch(rf"(?:各|每|共)?\s*{_NUMBER}", value)
        # A bare number is a target only where the row ends, a description or a weight follows, or
        # a label starts ("360反映…", "150020", "1800" at the end).
        if (
            not has_unit
            and following
            and not following.startswith(("反映", *RUN_TOGETHER_DESCRIPTION_STARTS))
            and not split_label_prefix(following)[0]
        ):
            continue
        if following.startswith(_CONTINUES) or (following[:1] == "分" and not has_unit):
            continue
        if (
            not rows_in_line
            and not text_after_value
            and following
            and not following.startswith(("反映", *RUN_TOGETHER_DESCRIPTION_STARTS))
            and not SCORING.search(following[:12])
        ):
            continue  # a number inside the name ("安排6名调解员化解纠纷…"): the table has no column for text
        if at and not rows_in_line and text[:at].rstrip()[-1:] in "≥≤>=<":
            continue
        return at, end, "value"
    if (sign := _TRAILING_SIGN.search(text)) and sign.start() > 0:
        return sign.start(), len(text), "value"
    return None


def split_name_description(name: str) -> tuple[str, str] | None:
    """A name run into its 指标内容/指标说明 ("补助人数实际发放工资人数" → ("补助人数", "实际发放工资人数")):
    split after a name's head word (…数, …率, …标准, …成本) where the rest opens as a description does
    (对…, 按…, 达到…, 反映…), ends with the same head word, or repeats a word of the name (a
    description restates what it describes). None when no such place exists."""
    for position in range(2, len(name) - 1):
        head = name[:position]
        word = next((w for w in NAME_HEADS if head.endswith(w)), None)
        if word is None:
            continue
        rest = name[position:]
        if len(rest) < 2:
            continue
        bigrams = {head[k : k + 2] for k in range(len(head) - 1)}
        shared = any(rest[k : k + 2] in bigrams for k in range(len(rest) - 1))
        if rest.startswith(RUN_TOGETHER_DESCRIPTION_STARTS) or rest.endswith(word) or shared:
            return head, rest
    return None
