"""Cells that ran together when text was copied without separators.

Disclosure pages copied as plain text often lose the boundary between cells:
"数量指标补贴国有企业" (a 二级 label glued to the name) or "补贴国有企业≥25个" (the name glued to its
value). The split is made only where it is visible to a reader: after a category label that ends
in 指标/目标, and before a value written as a target (a comparator and a number, a number with its
unit, a date or a month range) that ends the text. Anything else stays as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant import taxonomy as tx

_DECORATION = r"(?:\s*[（(【\[][^）)】\]]{0,8}(?:必填|选填|可选|硬性)[^）)】\]]{0,8}[）)】\]])?"
_COMPARATOR = r"(?:>=|<=|=>|=<|≥|≤|≧|≦|>|<|=|＞|＜|＝|不低于|不少于|不小于|不高于|不超过|不大于|大于等于|小于等于|大于|小于|低于|高于|约)"
_NUMBER = r"\d+(?:[.,，]\d+)*"
_UNIT = r"(?:\s*[(（][^()（）\d]{1,8}[)）]|\s*%|\s*‰|\s*个百分点|[^\d\s,，;；。、()（）≥≤=<>＞＜＝:：]{1,6})?"
_QUALIFIER = r"(?:及以上|以上|以内|以下|之内|内|左右|前|之前|以前)?"
_DATE = r"\d{4}\s*[-年./]\s*\d{1,2}(?:\s*[-月./]\s*\d{1,2}\s*日?)?\s*月?" + _QUALIFIER
_MONTHS = r"\d{1,2}\s*[-~～至]\s*\d{1,2}\s*月(?:份)?" + _QUALIFIER
_NOTE = r"(?:\s*[(（][^()（）]{1,20}[)）])?"  # "≥4人(1人在岗)", "100%（按实）"
_TARGET = re.compile(
    rf"(?:{_COMPARATOR}\s*(?:{_DATE}|{_NUMBER}{_UNIT}{_QUALIFIER})|{_DATE}|{_MONTHS}|{_NUMBER}{_UNIT}{_QUALIFIER}){_NOTE}"
)
_START = re.compile(rf"{_COMPARATOR}|(?<![\d.,，:：\-~～])\d")


@lru_cache(maxsize=1)
def _label_prefixes() -> tuple[str, ...]:
    labels = {*tx.LEVEL1_ALIASES, *tx.LEVEL2_ALIASES}
    # Only labels written as labels (…指标, …目标): a bare "质量" or "成本" may begin a name.
    return tuple(
        sorted((label for label in labels if label.endswith(("指标", "目标"))), key=len, reverse=True)
    )


def split_label_prefix(text: str) -> tuple[list[str], str]:
    """ "产出指标数量指标补贴国有企业" → (["产出指标", "数量指标"], "补贴国有企业"); no label → ([], text).

    A cell of labels only ("成本指标经济成本指标") gives all of them and an empty rest."""
    labels: list[str] = []
    rest = text.strip()
    while len(labels) < 2:
        key = unicodedata.normalize("NFKC", rest)
        label = next((label for label in _label_prefixes() if key.startswith(label)), None)
        if label is None:
            break
        decorated = re.match(re.escape(label) + _DECORATION, key)
        end = decorated.end() if decorated else len(label)
        # Cut the original text, not its normalised form, so the name keeps its own characters.
        if unicodedata.normalize("NFKC", rest[:end]) != key[:end] or not rest[end:].strip():
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
        if _TARGET.fullmatch(tail.strip()):
            return head, tail.strip()
    return None
