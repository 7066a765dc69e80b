"""The text layouts, tried in order, and `read_text`: the text a user pastes or a .txt holds → Sheets.

Every reader ends in the same grid parser (`form_parser.parse_forms`); the layouts listed before the
general text reader are only the ones whose lines are not table rows at all (our own JSON, the
tab-indented one-cell-per-line layout, an indented tree, CSV with quoted commas). A layout that is
not `final` may find nothing and hand the text on (an HTML page whose tables hold no form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from assistant.ingest.csv_form import looks_like_csv_form, read_csv_form
from assistant.ingest.errors import IngestError
from assistant.ingest.indented_tree import looks_like_indented_tree, read_indented_tree
from assistant.ingest.json_reader import looks_like_sheet_json, read_sheet_json
from assistant.ingest.text_reader import read_text_form
from assistant.ingest.vertical_form import looks_like_vertical_form, read_vertical_form
from assistant.schema import Sheet

TextReader = Callable[[str, str], list[Sheet]]

NO_TABLE = (
    "无法识别的版式：没有找到绩效指标表（项目名称、一级指标/二级指标/三级指标，"
    "或产出指标、效益指标等分类下的指标行）"
)


class Layout(NamedTuple):
    name: str
    detect: Callable[[str], bool]
    read: TextReader


def _any_text(text: str) -> bool:
    return True


TEXT_LAYOUTS: tuple[Layout, ...] = (
    Layout("sheet-json", looks_like_sheet_json, read_sheet_json),
    Layout("vertical-form", looks_like_vertical_form, read_vertical_form),
    Layout("indented-tree", looks_like_indented_tree, read_indented_tree),
    Layout("csv-form", looks_like_csv_form, read_csv_form),
    Layout("text", _any_text, read_text_form),
)


def read_text(text: str, source: str) -> list[Sheet]:
    """The sheets of a text, by the first layout that recognises it; a Chinese refusal without any."""
    if not text.strip():
        raise IngestError(source, "文件没有文字内容")
    for layout in TEXT_LAYOUTS:
        if layout.detect(text):
            sheets = layout.read(text, source)
            if not sheets:
                raise IngestError(source, NO_TABLE)
            return sheets
    raise IngestError(source, NO_TABLE)
