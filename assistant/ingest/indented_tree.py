"""An indented tree: 一级 → 二级 → indicator, with the value on the next, deeper line.

    项目名称：法律援助经费
    绩效指标
    产出指标
      数量指标（必填）
        法律援助案件数
          ≥900件
        值班律师人数
          指标值：≥10人
          指标解释：全年在岗人数

Lines above the tree are header fields ("项目名称：…", "项目总目标：…"). Inside the tree,
indentation decides: a category label opens a level; other text is an indicator name, and the
lines indented under a name are its value, or, when they start with a column title
("指标值：", "指标解释：", "实施期指标值："), that column. A label word written deeper than
its level (an indicator named "服务对象满意度") is a name. Bullets ("- ", "• ") are ignored.

The tree becomes a grid with one full row per indicator under a synthetic header row, and goes
through the grid parser like every other layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.form_fields import field_of
from assistant.ingest.form_indicators import TEXT_ROLES, header_role, label_of
from assistant.ingest.form_parser import parse_forms
from assistant.ingest.text_grid import display_width
from assistant.schema import Sheet

_BULLET = re.compile(r"^(?:[-•·*◦▪]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）])\s+")
_KEYED = re.compile(r"^([^:：]{2,16})[:：]\s*(.*)$", re.DOTALL)
_GAP = re.compile(r"\S(?: {2,}|\t|\u3000)\S")


@dataclass
class _Node:
    indent: int
    name: str
    cells: dict[str, str] = field(default_factory=dict)  # column title → text
    extra: list[str] = field(default_factory=list)


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == "\t":
            width += 4
        elif ch in " \u00a0\u3000":
            width += display_width(ch)
        else:
            break
    return width


def _entry(line: str) -> tuple[int, str]:
    indent = _indent(line)
    text = _BULLET.sub("", line.strip())
    return indent, clean_cell(text)


def _tree_start(lines: list[tuple[int, str]]) -> int | None:
    """Index of the first 一级 label that has a deeper 二级 label below it."""
    for i, (indent, text) in enumerate(lines):
        label = label_of(text) if text else None
        if label is None or label[0] is None:
            continue
        for deeper_indent, deeper in lines[i + 1 : i + 4]:
            below = label_of(deeper) if deeper else None
            if below is not None and below[1] is not None and deeper_indent > indent:
                return i
    return None


def looks_like_indented_tree(text: str) -> bool:
    head = text[:200000]
    raw = [line for line in head.splitlines() if line.strip()]
    if any("\t" in line.strip() for line in raw):  # tabs between cells: a tab table
        return False
    if sum(1 for line in raw if _GAP.search(line.strip())) > len(raw) // 5:
        return False  # cells separated by runs of spaces: a table, not a tree
    lines = [_entry(line) for line in raw]
    return _tree_start(lines) is not None


def tree_grid(text: str) -> Grid:
    lines = [_entry(line) for line in text.splitlines() if line.strip()]
    grid: Grid = []
    i = 0
    while i < len(lines):
        start = _tree_start(lines[i:])
        if start is None:
            grid.extend(_header_row(text) for _, text in lines[i:])
            break
        grid.extend(_header_row(text) for _, text in lines[i : i + start])
        i, rows = _read_tree(lines, i + start)
        grid.extend(rows)
    return grid


def _header_row(text: str) -> list[str]:
    """ "项目名称：法律援助经费" → ["项目名称", "法律援助经费"]; any other line is one cell."""
    match = _KEYED.match(text)
    if match and field_of(match.group(1)) is not None and match.group(2).strip():
        return [match.group(1).strip(), match.group(2).strip()]
    return [text]


def _read_tree(lines: list[tuple[int, str]], start: int) -> tuple[int, Grid]:
    """The tree from `start` to the first line back at the margin that is not a label."""
    base = lines[start][0]
    l1 = l2 = ""
    l1_indent = l2_indent = base
    nodes: list[tuple[str, str, _Node]] = []
    i = start
    while i < len(lines):
        indent, text = lines[i]
        if indent <= base and label_of(text) is None and nodes:
            break  # back at the margin: the next form or a signature line
        label = label_of(text)
        current = nodes[-1][2] if nodes and nodes[-1][2].name else None
        if current is not None and indent > current.indent:
            _add_child(current, text)
        elif label is not None and not (l2 and indent > l2_indent):
            is_level1 = label[0] is not None and (label[1] is None or indent <= l1_indent)
            if is_level1:
                l1, l2, l1_indent = text, "", indent
            else:
                l2, l2_indent = text, indent
            nodes.append(("", "", _Node(-1, "")))  # a label closes the indicator above it
        else:
            nodes.append((l1, l2, _Node(indent, text)))
        i += 1
    return i, _rows(nodes)


def _add_child(node: _Node, text: str) -> None:
    match = _KEYED.match(text)
    if match and header_role(match.group(1)) in TEXT_ROLES:
        node.cells[match.group(1).strip()] = match.group(2).strip()
    elif not any(header_role(title) == "value" for title in node.cells):
        node.cells["年度指标值"] = text
    else:
        node.extra.append(text)


def _rows(nodes: list[tuple[str, str, _Node]]) -> Grid:
    indicators = [(l1, l2, node) for l1, l2, node in nodes if node.name]
    titles = list(dict.fromkeys(title for _, _, node in indicators for title in node.cells))
    if not any(header_role(title) == "value" for title in titles):
        titles.append("年度指标值")
    grid: Grid = [["一级指标", "二级指标", "三级指标", *titles]]
    for l1, l2, node in indicators:
        cells = [node.cells.get(title, "") for title in titles]
        if node.extra:
            cells.append("；".join(node.extra))
        grid.append([l1, l2, node.name, *cells])
    return grid


def read_indented_tree(text: str, source: str) -> list[Sheet]:
    return parse_forms(tree_grid(text), source, text)
