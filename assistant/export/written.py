"""Values as people write them: "≥85.00(%)" → "≥85%", "=100.00(百分比)" → "=100%", "≤30.00(天)" → "≤30天".

Past sheets exported from budget systems carry their values in the system's form; a draft that
borrows such a row should read as a person would write it. Only values the tool wrote are tidied
(`tidy_sheet`): a value read from a file or typed by the user is kept exactly as written.
"""

from __future__ import annotations

import re

from assistant.schema import Indicator, Sheet, TargetValue, ValueBasis

_SYSTEM_FORM = re.compile(
    r"^(?P<cmp>[≥≤=<>约]?)\s*(?P<num>\d+(?:\.\d+)?)\s*[(（]\s*(?P<unit>[^()（）]{1,8})\s*[)）]$"
    r"|^(?P<cmp2>[≥≤=<>约]?)\s*(?P<num2>\d+\.\d*0)\s*(?P<unit2>%|[^\d\s.]{1,8})?$"
)
_UNIT_WORDS = {"百分比": "%", "百分率": "%", "％": "%"}
_TOOL_BASES = frozenset(
    {ValueBasis.DESCRIPTION, ValueBasis.SIMILAR, ValueBasis.DEFAULT, ValueBasis.FUNDS, ValueBasis.LLM}
)


def _number(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_written(raw: str) -> str:
    """The value in the form people write; anything not in a system form is returned unchanged."""
    match = _SYSTEM_FORM.match(raw.strip())
    if not match:
        return raw
    comparator = match.group("cmp") or match.group("cmp2") or ""
    number = _number(match.group("num") or match.group("num2"))
    unit = (match.group("unit") or match.group("unit2") or "").strip()
    return f"{comparator}{number}{_UNIT_WORDS.get(unit, unit)}"


def _written_by_tool(indicator: Indicator) -> bool:
    p = indicator.provenance
    return p is not None and p.basis in _TOOL_BASES


def tidy(indicator: Indicator) -> Indicator:
    if not _written_by_tool(indicator):
        return indicator
    written = as_written(indicator.value.raw)
    if written == indicator.value.raw:
        return indicator
    return indicator.model_copy(update={"value": TargetValue.parse(written)})


def tidy_sheet(sheet: Sheet) -> Sheet:
    """The sheet with every value the tool wrote in the form people write."""
    rows = [tidy(i) for i in sheet.indicators]
    if all(a is b for a, b in zip(rows, sheet.indicators, strict=True)):
        return sheet
    return sheet.model_copy(update={"indicators": rows})
