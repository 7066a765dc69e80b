"""The one reader of the official form: a grid of cells → Sheets.

Every input (text of any layout, .xlsx, .docx, .pdf) becomes a grid — rows of cleaned cell strings —
and comes here. The grid is split into forms at each 项目名称 row (with the title lines just above
it); in each form the indicator table is found by its header row or, where it has none, by its
first category label, wherever it starts (after page chrome, letters and notices). The rows above
it are the header fields; the table is rebuilt into one indicator per row where the page printed it
otherwise (`table_rows`) and read by the table parser (`form_indicators`).

A partial read beats a refusal: a form with indicator rows is read, with a notice for each part not
understood; a form without any indicator row is no sheet.
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
    strip_code,
    title_year,
    unit_in,
)
from assistant.ingest.form_indicators import (
    TableResult,
    any_label,
    cost_level1_in,
    header_roles,
    label_of,
    parse_indicator_table,
)
from assistant.ingest.run_together import split_header_run, split_header_text, split_label_prefix
from assistant.ingest.table_rows import explode, regroup
from assistant.ingest.vocabulary import is_chrome
from assistant.schema import Funding, Indicator, Sheet
from assistant.values import parse_number

__all__ = ["label_of", "looks_like_form", "parse_forms", "split_forms"]

_TITLE_NAME = re.compile(
    r"^\s*\d{1,3}\s*[.、．]\s*|^附件\d*\s*[:：]?\s*|^\s*(?:19|20)\d{2}\s*年度?\s*|^关于|"
    r"(支出)?(预算)?绩效(目标|评价指标|指标)(设定|申报|申请|公开|批复|审批|审核)?表?(的(报告|通知|函|批复|请示))?\s*$"
)
# Funds stated in a memo's prose ("安排某某培训资金30万元"), not per unit ("1000元/人").
_PROSE_FUNDS = re.compile(
    r"(?:安排|下达|拨付|预算|资金)[^。；;，,]{0,30}?(\d+(?:\.\d+)?)\s*(万元|元)(?![/每])"
)


def parse_forms(grid: Grid, source: str, document_text: str | None = None) -> list[Sheet]:
    """Every form in the grid with at least one indicator, as a Sheet in document order (ids
    "<file stem>#<n>")."""
    grid = explode(grid)
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

    cost_is_level1 = cost_level1_in(grid)
    sheets: list[Sheet] = []
    skipped: list[str] = []
    for number, (preamble, body) in enumerate(forms, start=1):
        sheet = _build_sheet(preamble, body, fallback_year, cost_is_level1)
        if sheet is None:
            skipped.append(_form_name(body) or f"第{number}张表")
            continue
        index = len(sheets) + 1
        sheet.id = f"{stem}#{index}"
        sheet.source_file = source
        sheet.source_index = index
        sheets.append(sheet)
    if sheets and skipped:
        # a form without any indicator row is no sheet; the file's first sheet says so
        sheets[0].notices.append(f"文件中另有没有可识别指标行的表，未读入：{'、'.join(skipped)}")
    return sheets


def _form_name(body: Grid) -> str | None:
    for row in body[:3]:
        cells = [c for c in row if c]
        for k, cell in enumerate(cells):
            if field_of(cell) == "project_name" and k + 1 < len(cells):
                return f"「{cells[k + 1]}」"
    return None


def looks_like_form(rows: Iterable[list[str]]) -> bool:
    """True when the rows hold a 项目名称 row, an indicator header row or a category label."""
    rows = list(rows)
    return any(_is_form_start(rows, i) or header_roles(row) or _label_row(row) for i, row in enumerate(rows))


def split_forms(grid: Grid) -> list[tuple[Grid, Grid]]:
    """(preamble rows, body rows) for each form: a form starts at its 项目名称 row."""
    starts = [i for i in range(len(grid)) if _is_form_start(grid, i)]
    starts = [s for k, s in enumerate(starts) if k == 0 or _has_table(grid[starts[k - 1] : s])]
    if not starts:
        return [([], grid)] if _has_table(grid) else []
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


def _has_table(rows: Grid) -> bool:
    return any(header_roles(row) or _label_row(row) for row in rows)


def _is_form_start(grid: Grid, i: int) -> bool:
    """A 项目名称 row: the label in a cell of its own, or run into its value ("专项名称某某资金…") where
    the page goes on with more header labels (so an indicator named "项目名称规范性" starts nothing)."""
    cells = [c for c in grid[i] if c]
    if not cells:
        return False
    if any(field_of(cell) == "project_name" for cell in cells):
        return True
    first = cells[0]
    if field_of(first) is not None:
        return False
    pieces = split_header_text(first)
    if len(pieces) < 2 or field_of(pieces[0]) != "project_name":
        return False
    if sum(1 for piece in pieces if field_of(piece) not in (None, "unit", "region")) >= 2:
        return True
    following = [cell for row in grid[i + 1 : i + 6] for cell in row if cell]
    return any(
        field_of(cell) in ("department", "implementing_unit", "budget_unit", "total", "funds_block")
        or (split_header_text(cell)[0] != cell and field_of(split_header_text(cell)[0]) is not None)
        for cell in following
    )


def _label_row(row: list[str]) -> bool:
    """A row that starts with a category label (a table without a header row starts there)."""
    first = next((c for c in row if c), "")
    return bool(first) and (any_label(0, first) is not None or bool(split_label_prefix(first)[0]))


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


def _table_start(body: Grid) -> tuple[int | None, bool]:
    """(row where the indicator table starts, whether that row is its header)."""
    header_at = next((i for i, row in enumerate(body) if header_roles(row)), None)
    if header_at is not None:
        return header_at, True
    label_at = next((i for i, row in enumerate(body) if _label_row(row) and not _field_row(row)), None)
    return label_at, False


def _field_row(row: list[str]) -> bool:
    """A header row whose first cell is both a field label and a category word ("投入目标 (万元)")."""
    first = next((c for c in row if c), "")
    return field_of(first) is not None


def _header_rows(rows: Grid) -> Grid:
    """Header rows with a first cell run together from a label and its value split at its field labels
    (the other cells keep their columns)."""
    out: Grid = []
    for row in rows:
        at = next((k for k, cell in enumerate(row) if cell), None)
        if at is None or field_of(row[at]) is not None or is_chrome(row[at]):
            out.append(row)
            continue
        first = row[at]
        pieces = split_header_text(first)
        if len(pieces) == 1 and sum(1 for c in row if c) == 1 and len(first) > 30:
            pieces = split_header_run(first)
            if sum(1 for p in pieces if field_of(p) not in (None, "unit", "region")) < 2:
                pieces = [first]
        out.append([*row[:at], *pieces, *row[at + 1 :]] if len(pieces) > 1 else row)
    return out


def _build_sheet(
    preamble: Grid, body: Grid, fallback_year: Callable[[], int | None], cost_is_level1: bool = False
) -> Sheet | None:
    notices: list[str] = []
    start, has_header = _table_start(body)
    if start is None:
        return None
    header = body[start] if has_header else None
    field_rows = _header_rows(body[:start])
    fields = read_header(field_rows, preamble)
    table_rows = body[start + 1 :] if has_header else body[start:]
    region = regroup(table_rows, header, fields.texts)
    if region.header_rows:
        fields = read_header(field_rows + region.header_rows, preamble)
    notices.extend(fields.notices)
    if not has_header:
        notices.append("未找到指标表表头（一级指标/二级指标/三级指标），按单元格内容识别指标")
    rows = [region.header, *region.rows]
    table = parse_indicator_table(
        rows,
        region.header,
        titles=tuple(fields.titles),
        listed_rows=frozenset(k + 1 for k in region.listed_rows),
        unknown_label_rows=frozenset(k + 1 for k in region.unknown_label_rows),
        cost_is_level1=cost_is_level1,
    )
    if not table.indicators:
        return None
    notices.extend(region.notices)
    notices.extend(table.notices)
    if region.total_weight is not None:
        notices.extend(_reconcile_weights(table, region.total_weight))

    name = fields.values.get("project_name")
    if not name:
        name = _name_from_title(fields)
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
    department = fields.values.get("department") or fields.values.get("budget_unit_label")
    if not department and (publisher := fields.values.get("publisher")):
        department = publisher
        notices.append(f"表中未写主管部门，按页面的发布机构取为「{publisher}」")
    return Sheet(
        id="form",  # given here, so the validator does not hash the content for a default id
        project_name=join_cjk_breaks(name or ""),
        year=year,
        department=_unit_name(department),
        implementing_unit=_unit_name(
            fields.values.get("implementing_unit") or fields.values.get("budget_unit")
        ),
        project_type=" / ".join(t for t in fields.types if t) or None,
        start_date=start_date,
        end_date=end_date,
        funds=_funding(fields, notices),
        overall_goal=fields.goals.get("overall_goal"),
        annual_goal=fields.goals.get("annual_goal") or fields.goals.get("goal"),
        indicators=table.indicators,
        notices=notices,
    )


def _unit_name(value: str | None) -> str | None:
    return strip_code(join_cjk_breaks(value)) if value else None


def _name_from_title(fields: HeaderFields) -> str:
    for title in fields.titles or [fields.values.get("title", "")]:
        name = _TITLE_NAME.sub("", title).strip()
        name = re.sub(r"^(?:[^:：]{0,6}[:：])", "", name).strip() if "：" in name or ":" in name else name
        if name and len(name) >= 4:
            return name
    return ""


def _funding(fields: HeaderFields, notices: list[str]) -> Funding:
    unit = fields.unit
    has_money = any(
        k in fields.values
        for k in ("total", "annual_total", "mid_total", "issued", "fiscal", "annual_fiscal", "funds_block")
    )
    if unit is None and has_money:
        unit = "元"
        notices.append("未注明金额单位，按元处理")
    scale = 10000.0 if unit == "万元" else 1.0
    total = fields.money("total", scale)
    for key, notice in (
        ("annual_total", "项目资金总额未填，取年度资金申请总额"),
        ("mid_total", "年度资金总额未填，取实施期（中期）资金总额"),
        ("issued", "取本次下达的资金"),
        ("funds_block", None),
    ):
        if total is None and (total := fields.money(key, scale)) is not None and notice:
            notices.append(notice)
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
    if total is None and fiscal is not None:
        total = round(fiscal + (other or 0.0), 2)
        notices.append("资金总额未填，按财政资金与其他资金之和计")
    if total is None and not has_money:
        for text in fields.texts:
            if match := _PROSE_FUNDS.search(text):
                unit = match.group(2)
                total = round(float(match.group(1)) * (10000.0 if unit == "万元" else 1.0), 2)
                notices.append(f"表中未写资金总额，按正文「{match.group(0)}」取 {total:,.2f} 元")
                break
    return Funding(total=total, fiscal=fiscal, other=other, unit_as_written=unit)


def _reconcile_weights(table: TableResult, total: float) -> list[str]:
    """Weights run into their values ("150020" = 1500 + 20, "60部8" = 60部 + 8): where the printed
    total of the weights (总分 100) admits exactly one reading of the rows that lack a weight, the
    values and weights are split that way."""
    rows = table.indicators
    if not any(i.weight for i in rows):
        return []  # the table has no 分值 column
    known = sum(n for i in rows if i.weight and (n := _weight_number(i.weight)) is not None)
    open_rows = [k for k, i in enumerate(rows) if not i.weight or _weight_number(i.weight) is None]
    options: list[list[tuple[str, int]]] = []
    for k in open_rows:
        raw = rows[k].value.raw.strip()
        choices: list[tuple[str, int]] = []
        if re.fullmatch(r"\d+", raw):
            choices.append(("", int(raw)))  # the number is the weight, the target is empty
            for cut in (1, 2, 3):
                tail = raw[-cut:]
                if len(raw) > cut and not (len(tail) > 1 and tail.startswith("0")):
                    choices.append((raw[:-cut], int(tail)))
        elif match := re.fullmatch(r"(.*\D)(\d{1,3})", raw):
            choices.append((match.group(1), int(match.group(2))))
        choices = [(value, weight) for value, weight in choices if weight <= total]
        if not choices:
            return []
        options.append(choices)
    target = round(total - known)
    # ways[j][sum]: how many readings of the first j open rows give that sum (2 = "more than one")
    ways: list[dict[int, int]] = [{0: 1}]
    for choices in options:
        step: dict[int, int] = {}
        for reached, count in ways[-1].items():
            for _, weight in choices:
                if reached + weight <= target:
                    step[reached + weight] = min(2, step.get(reached + weight, 0) + count)
        ways.append(step)
    if ways[-1].get(target) != 1:
        return []
    chosen: list[tuple[str, int]] = []
    remaining = target
    for j in range(len(options) - 1, -1, -1):
        value, weight = next(c for c in options[j] if ways[j].get(remaining - c[1], 0) == 1)
        chosen.append((value, weight))
        remaining -= weight
    chosen.reverse()
    notices = []
    for k, (value, weight) in zip(open_rows, chosen, strict=True):
        indicator = rows[k]
        rows[k] = Indicator.model_validate(
            {**indicator.model_dump(exclude={"value"}), "value": value, "weight": str(weight)}
        )
        notices.append(
            f"指标「{indicator.name}」的指标值与分值连在一起（「{indicator.value.raw}」），"
            f"按分值合计 {total:g} 拆为指标值「{value}」、分值 {weight}"
        )
    return notices


def _weight_number(text: str) -> float | None:
    return float(text) if re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", text) else None
