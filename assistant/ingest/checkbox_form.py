"""The 吴泾镇 checkbox form (seed 000): a tab-separated table whose 项目类别 cell holds HTML
checkboxes (`专项资金 <input checked type="checkbox"/> 经常性项目 <input type="checkbox"/>`) and
whose indicator cells carry "指标1：" prefixes and empty "指标2： ....." template slots.

The boxes become ☑/☐ in the cell text (the checked box follows its label); the slots are dropped
by the grid parser, never turned into indicators.
"""

from __future__ import annotations

import re

from assistant.ingest.form_parser import parse_forms
from assistant.ingest.tsv_form import looks_like_tsv_form, tab_grid
from assistant.schema import Sheet

_CHECKBOX = re.compile(r"<input\b[^>]*type\s*=\s*[\"']?checkbox", re.IGNORECASE)


def looks_like_checkbox_form(text: str) -> bool:
    return bool(_CHECKBOX.search(text[:200000])) and looks_like_tsv_form(text)


def read_checkbox_form(text: str, source: str) -> list[Sheet]:
    return parse_forms(tab_grid(text), source, text)
