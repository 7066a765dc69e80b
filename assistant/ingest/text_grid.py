"""Any text → a grid of cell strings: the one normaliser of the text reader.

Text arrives copied from PDFs, web pages, phone screens and document-sharing sites, so a line may be a
table row with its cells separated by tabs, by pipes ("| a | b |", or "a |" with one cell per line), by
runs of spaces (aligned into columns or not), by single spaces (a table flattened into one line), or
not at all (cells run together; see `run_together`). Each line is split by what separates its cells;
the grid parser then reads the cells by what they are, not where they stand.

Before splitting, page artefacts that no layout means are undone:
- double-spaced text (a blank line after every line) loses one blank line per gap, so that a blank
  line keeps meaning "an empty cell" or "a gap between rows";
- a word broken one piece per line ("产\\n出\\n指\\n标", "服务对象\\n满意度\\n指标", "资金情况\\n(万元)") is
  joined again when the pieces together make a label, a column title or a field label;
- the page numbers a document-sharing site prints at its page breaks ("\\n\\n2、") are removed and the
  text they cut is joined;
- single characters separated by spaces ("绩 效 指 标") are one word.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from assistant import taxonomy as tx
from assistant.ingest.cells import Grid, clean_cell
from assistant.ingest.columns import Span, aligned_grid
from assistant.ingest.vocabulary import COMPARATORS, UNIT, UNIT_ONLY, column_role, field_of, label_key

_SPACES = frozenset(" \u00a0\u3000")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_BAR = re.compile(r"(?<!\\)\|")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PAGE_MARK = re.compile(r"^(\d{1,3})、(.*)$")
_NUMBER_TOKEN = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")


def display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_HTML_TABLE = re.compile(r"<t[dhr][\s>]", re.IGNORECASE)


def _html_rows(text: str) -> str:
    """An HTML table's rows as lines and its cells as tab-separated text (the cells' own line breaks
    become spaces, other markup is removed cell by cell later)."""
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"</t[dh]\s*>", "\t", text, flags=re.IGNORECASE)
    text = re.sub(r"</tr\s*>|</p\s*>|</h\d\s*>|</div\s*>", "\n", text, flags=re.IGNORECASE)
    return text


def text_grid(text: str) -> Grid:
    """The grid of a text document, one row per line (blank lines as empty rows)."""
    if _HTML_TABLE.search(text[:200000]):
        text = _html_rows(text)
    lines = _page_breaks_joined(_single_spaced(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    lines = _broken_words_joined(lines)
    grid: Grid = []
    run: list[list[Span]] = []
    for line in lines:
        cells = _delimited_cells(line)
        if cells is not None:
            grid.extend(aligned_grid(run))
            run = []
            grid.append(cells)
            continue
        spans = line_spans(line.expandtabs(4))
        if not spans:
            grid.extend(aligned_grid(run))
            run = []
            grid.append([])
            continue
        run.append(spans)
    grid.extend(aligned_grid(run))
    return [_tokenised(row) for row in grid]


# --- separators --------------------------------------------------------------------------------


def _delimited_cells(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-delimited line, or None when the line has neither."""
    stripped = line.strip()
    if "\t" in stripped or (line.startswith("\t") and stripped):
        cells = [clean_cell(cell) for cell in line.split("\t")]
        return cells
    if "|" not in stripped:
        return None
    if _SEPARATOR_ROW.match(stripped):
        return []
    if not _BAR.search(stripped):
        return None
    inner = stripped
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [clean_cell(cell.replace("\\|", "|")) for cell in _BAR.split(inner)]


def line_spans(line: str) -> list[Span]:
    """The cells of a line separated by runs of two or more spaces (a full-width space is two wide),
    with their display-column extents; one space stays inside a cell ("≤ 37.00 (人)")."""
    spans: list[Span] = []
    column = 0
    start = None
    text = ""
    gap = 0
    for ch in line.rstrip():
        width = display_width(ch)
        if ch in _SPACES:
            gap += width
        else:
            if start is not None and gap >= 2:
                spans.append(Span(start, start + _width(text), clean_cell(text)))
                start, text = None, ""
            if start is None:
                start = column
            elif gap:
                text += " " * gap
            text += ch
            gap = 0
        column += width
    if start is not None:
        spans.append(Span(start, start + _width(text), clean_cell(text)))
    return [span for span in spans if span.text]


def _width(text: str) -> int:
    return sum(display_width(ch) for ch in text)


# --- single spaces -----------------------------------------------------------------------------


def _is_structural(token: str) -> bool:
    return bool(token) and (
        column_role(token) is not None
        or tx.is_category_label(token)
        or tx.clean_label(token) in tx.OTHER_LEVEL1
        or field_of(token) is not None
    )


_UNIT_THEN_TEXT = re.compile(rf"^(?:{UNIT})[\u4e00-\u9fff]{{2,}}")


_YEAR_WORD = re.compile(r"^(?:19|20)\d{2}年")


def _glued_units(words: list[str]) -> int:
    """How often a number is followed by a word that starts with its unit and runs on into the next
    cell ("320", "万平方米垃圾清运量"): the spaces of such text are stray, not cell boundaries."""
    count = 0
    for before, word in itertools.pairwise(words):
        if _NUMBER_TOKEN.match(before) and _UNIT_THEN_TEXT.match(word):
            count += 1
        elif re.match(rf"^\d[\d,.]*(?:{UNIT}|%)[\u4e00-\u9fff]{{2,}}", word) and not _YEAR_WORD.match(word):
            count += 1  # "100%效益指标", "300人次活动…" (not a year: "2024年设备购置经费")
    return count


def _tokenised(row: list[str]) -> list[str]:
    """Cells that hold a flattened table (words separated by single spaces, several of them labels,
    column titles or field labels) are split at their spaces; other cells stay as they are."""
    out: list[str] = []
    for cell in row:
        out.extend(split_at_spaces(cell) if " " in cell else [cell])
    return out


def split_at_spaces(cell: str) -> list[str]:
    """ "产出指标 数量指标 出差人数 正向 = 8 4" → its words, when the cell is a flattened table row or a
    "label value" pair ("项目名称 再生资源回收经费"); runs of single characters ("绩 效 指 标") are one
    word. Any other cell (a value "≤ 37.00 (人)", a goal sentence) is returned whole."""
    if _is_structural(label_key(cell)):
        return [cell]  # "经济 效益 指标", "项目 名称": one label broken by spaces
    words = _joined_single_characters(cell.split())
    if len(words) < 2:
        return [cell]
    if _glued_units(words) >= 2:
        return [cell]  # cells run together with stray spaces ("1200 次活动…"): not a spaced table
    for cut in range(1, min(3, len(words))):
        label = "".join(words[:cut])
        if field_of(label) not in (None, "unit") and not any(_is_structural(w) for w in words[cut:]):
            return [label, " ".join(words[cut:])]  # "项目名称 某某经费", "其中: 财政拨款数 3"
    structural = sum(1 for word in words if _is_structural(word))
    if structural >= 2 or (structural == 1 and len(words) >= 4):
        return words
    return [cell]


def _joined_single_characters(words: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and _CJK.match(word):
            run.append(word)
            continue
        if run:
            out.append("".join(run))
            run = []
        if word:
            out.append(word)
    return out


def joined_values(words: list[str]) -> list[str]:
    """Rejoin a target split at its spaces: ["=", "24", "人/次"] → ["= 24 人/次"], ["各", "1", "次"] →
    ["各 1 次"]. A comparator or a 各/每 before a number, and a unit after it, belong to it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        if words[j] in COMPARATORS or words[j] in ("各", "每", "约", "共"):
            j += 1
        if j < len(words) and _NUMBER_TOKEN.match(words[j]):
            end = j + 1
            if end < len(words) and UNIT_ONLY.match(words[end]) and not _NUMBER_TOKEN.match(words[end]):
                end += 1
            if end - i >= 2:
                out.append(" ".join(words[i:end]))
                i = end
                continue
        out.append(words[i])
        i += 1
    return out


# --- page artefacts ----------------------------------------------------------------------------


def _single_spaced(lines: list[str]) -> list[str]:
    """Double-spaced text (a blank line after nearly every line) with one blank line per gap removed."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    if len(filled) < 8:
        return lines
    followed = sum(1 for k in filled if k + 1 < len(lines) and lines[k + 1] == "")
    if followed < 0.8 * len(filled):
        return lines
    out: list[str] = []
    k = 0
    while k < len(lines):
        out.append(lines[k])
        if lines[k] != "" and k + 1 < len(lines) and lines[k + 1] == "":
            k += 1  # the blank line every line is followed by
        k += 1
    return out


def _page_breaks_joined(lines: list[str]) -> list[str]:
    """Remove the page numbers a document-sharing site prints ("1、…" at the top, "\\n\\n2、…" at each
    break) and join the text they cut. Only a run 1, 2, 3… that starts near the top counts."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    first = next(
        (k for k in filled[:3] if (m := _PAGE_MARK.match(lines[k].strip())) and m.group(1) == "1"), None
    )
    if first is None:
        return lines
    marks = {first: 1}
    expected = 2
    for k in filled:
        if k <= first:
            continue
        match = _PAGE_MARK.match(lines[k].strip())
        if match and int(match.group(1)) == expected and k > 0 and not lines[k - 1].strip():
            marks[k] = expected
            expected += 1
    if len(marks) < 2:
        return lines
    out: list[str] = []
    for k, line in enumerate(lines):
        if k not in marks:
            out.append(line)
            continue
        rest = _PAGE_MARK.match(line.strip()).group(2)  # type: ignore[union-attr]
        if marks[k] == 1:
            out.append(rest)
            continue
        while out and not out[-1].strip():
            out.pop()
        if out:
            out[-1] = out[-1].rstrip() + rest
        else:
            out.append(rest)
    return out


def _is_word(pieces: list[str]) -> bool:
    key = label_key("".join(pieces))
    return bool(key) and (
        tx.is_category_label(key) or column_role(key) is not None or field_of(key) is not None
    )


def _stands_alone(piece: str) -> bool:
    """A piece that is a complete label or column title itself: two of them on two lines are two cells."""
    return (
        tx.is_category_label(piece)
        or field_of(piece) not in (None, "unit")
        or (column_role(piece) is not None and label_key(piece) != "指标")
    )


def _short_piece(line: str) -> str | None:
    piece = line.strip()
    if not piece or len(piece) > 8 or "\t" in line or "|" in piece or piece.isdigit():
        return None
    return piece


def _broken_words_joined(lines: list[str]) -> list[str]:
    """Join a label printed one piece per line ("产/出/指/标", "一级/指标", "资金情况/(万元)")."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        first = _short_piece(lines[k])
        best = None
        if first is not None:
            pieces = [first]
            for j in range(k + 1, min(k + 8, len(lines))):
                piece = _short_piece(lines[j])
                if piece is None:
                    break
                pieces.append(piece)
                if _is_word(pieces) and not all(_stands_alone(p) for p in pieces):
                    best = j
        if best is None:
            out.append(lines[k])
            k += 1
            continue
        indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
        out.append(indent + "".join(line.strip() for line in lines[k : best + 1]))
        k = best + 1
    return out
