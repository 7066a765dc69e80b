"""One grid-based parser for every layout of the official form.

Each layout adapter (tab-separated text, checkbox HTML, the vertical layout, .xlsx, .docx)
turns its input into a grid — rows of cleaned cell strings — and calls `parse_forms`. The grid
is split into forms at each 项目名称 row (with the title lines just above it), each form into
header rows and the indicator table (from the 一级/二级/三级指标 header row down).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.ingest.cells import Grid, join_cjk_breaks
from assistant.ingest.form_fields import (
    HeaderFields,
    budget_unit,
    field_of,
    is_title,
    latest_year,
    parse_date,
    read_header,
    title_year,
    unit_in,
)
from assistant.ingest.form_indicators import header_roles, label_of, parse_indicator_table
from assistant.schema import Funding, Sheet
from assistant.values import parse_number

_TITLE_NAME = re.compile(r"^\s*\d{1,3}\s*[.、．]\s*|(项目)?(支出)?绩效目标(申报|申请)?表\s*$")


def parse_forms(grid: Grid, source: str, document_text: str | None = None) -> list[Sheet]:
    """Every form in the grid as a Sheet, in document order (ids "<file stem>#<n>")."""
    forms = split_forms(grid)
    stem = Path(source).stem or source
    document_year: list[int | None] = []

    def fallback_year() -> int | None:
        if not document_year:
            text = document_text
            if text is None:
                text = "\n".join("\t".join(row) for row in grid)
            document_year.append(latest_year(text))
        return document_year[0]

    sheets = []
    for index, (preamble, body) in enumerate(forms, start=1):
        sheet = _build_sheet(preamble, body, fallback_year, f"{stem}#{index}")
        sheet.source_file = source
        sheet.source_index = index
        sheets.append(sheet)
    return sheets


def looks_like_form(rows: Iterable[list[str]]) -> bool:
    """True when the rows hold a 项目名称 row or an indicator header row (stops at the first)."""
    return any(_is_form_start(row) or header_roles(row) for row in rows)


def split_forms(grid: Grid) -> list[tuple[Grid, Grid]]:
    """(preamble rows, body rows) for each form: a form starts at its 项目名称 row."""
    starts = [i for i, row in enumerate(grid) if _is_form_start(row)]
    if not starts:
        has_table = any(header_roles(row) for row in grid)
        return [([], grid)] if has_table else []
    forms: list[tuple[Grid, Grid]] = []
    preamble_starts = []
    for k, start in enumerate(starts):
        floor = starts[k - 1] + 1 if k else 0
        begin = start
        if k == 0:
            begin = 0
        else:
            while begin - 1 >= floor and _is_preamble_row(grid[begin - 1]):
                begin -= 1
        preamble_starts.append(begin)
    for k, start in enumerate(starts):
        end = preamble_starts[k + 1] if k + 1 < len(starts) else len(grid)
        forms.append((grid[preamble_starts[k] : start], grid[start:end]))
    return forms


def _is_form_start(row: list[str]) -> bool:
    return any(cell and field_of(cell) == "project_name" for cell in row)


def _is_preamble_row(row: list[str]) -> bool:
    """Title lines above a form: its title, (2023年度), 单位：元, a budget-unit line, blank rows."""
    for cell in row:
        if not cell:
            continue
        if is_title(cell) or title_year(cell) or budget_unit(cell) or field_of(cell) == "unit":
            continue
        if unit_in(cell) and len(cell) < 12:
            continue
        return False
    return True


def _build_sheet(preamble: Grid, body: Grid, fallback_year: Callable[[], int | None], sheet_id: str) -> Sheet:
    notices: list[str] = []
    header_at = next((i for i, row in enumerate(body) if header_roles(row)), None)
    if header_at is None:
        header_at = next((i for i, row in enumerate(body) if any(c and label_of(c) for c in row)), None)
        table_header = None
        if header_at is not None:
            notices.append("未找到指标表表头（一级指标/二级指标/三级指标），按单元格内容识别指标")
    else:
        table_header = body[header_at]
    field_rows = body if header_at is None else body[:header_at]
    fields = read_header(field_rows, preamble)
    notices.extend(fields.notices)
    indicators = []
    if header_at is None:
        notices.append("未找到绩效指标表")
    else:
        table = parse_indicator_table(body[header_at:], table_header)
        indicators = table.indicators
        notices.extend(table.notices)
        if not indicators:
            notices.append("指标表中没有填写任何指标")

    name = fields.values.get("project_name")
    if not name:
        name = _name_from_title(fields.values.get("title", ""))
        notices.append(
            f"未找到项目名称，按标题取为「{name}」" if name else "未找到项目名称，项目名称留空待补"
        )
    start_date = parse_date(fields.values.get("start_date"))
    end_date = parse_date(fields.values.get("end_date"), end_of_month=True)
    if (period := fields.values.get("period")) and not (start_date or end_date):
        dates = re.split(r"[至到~～—]|-(?=\s*\d{4})", period, maxsplit=1)
        start_date = parse_date(dates[0])
        end_date = parse_date(dates[1], end_of_month=True) if len(dates) > 1 else None
    year = fields.year or (start_date.year if start_date else None)
    if year is None and (year := fallback_year()) is not None:
        notices.append(f"表中未写预算年度，按文中出现的最晚年份推定为 {year} 年")
    return Sheet(
        id=sheet_id,  # given here, so the validator does not hash the content for a default id
        project_name=join_cjk_breaks(name or ""),
        year=year,
        department=_text(fields.values.get("department")),
        implementing_unit=_text(fields.values.get("implementing_unit") or fields.values.get("budget_unit")),
        project_type=" / ".join(t for t in fields.types if t) or None,
        start_date=start_date,
        end_date=end_date,
        funds=_funding(fields, notices),
        overall_goal=fields.goals.get("overall_goal"),
        annual_goal=fields.goals.get("annual_goal") or fields.goals.get("goal"),
        indicators=indicators,
        notices=notices,
    )


def _text(value: str | None) -> str | None:
    return join_cjk_breaks(value) if value else None


def _name_from_title(title: str) -> str:
    return _TITLE_NAME.sub("", title).strip()


def _funding(fields: HeaderFields, notices: list[str]) -> Funding:
    unit = fields.unit
    has_money = any(
        k in fields.values for k in ("total", "annual_total", "fiscal", "annual_fiscal", "funds_block")
    )
    if unit is None and has_money:
        unit = "元"
        notices.append("未注明金额单位，按元处理")
    scale = 10000.0 if unit == "万元" else 1.0
    total = fields.money("total", scale)
    if total is None and (total := fields.money("annual_total", scale)) is not None:
        notices.append("项目资金总额未填，取年度资金申请总额")
    if total is None:
        total = fields.money("funds_block", scale)
    fiscal = fields.money("fiscal", scale)
    annual_fiscal = fields.money("annual_fiscal", scale)
    if fiscal is None:
        fiscal = annual_fiscal
    elif annual_fiscal is not None and annual_fiscal != fiscal:
        notices.append(
            f"其中：财政资金（{fiscal:,.2f} 元）与当年财政拨款（{annual_fiscal:,.2f} 元）不一致，取财政资金"
        )
    other = None
    for raw in fields.other_funds:
        if (number := parse_number(raw)) is not None:
            other = round(number * scale, 2)
            break
    return Funding(total=total, fiscal=fiscal, other=other, unit_as_written=unit)
