"""Office files as offices really pass them around, made at test time with the libraries that write them.

One made-up form (9 known indicators, exact money, dates) is written in each quirk a reviewer meets:
hidden rows and sheets, formulas without a result, custom % formats, date serials in General
format, money past 11 significant digits, two forms side by side on one worksheet (openpyxl);
legacy .xls (xlwt); Word tracked changes, content controls (around a value, a row, a whole table),
fields, a form nested in a layout table (python-docx plus the XML Word writes); an HTML page with
real tables; PDFs turned 90/180/270 degrees (reportlab, pypdf). Each builder returns the file's
bytes; `EXPECTED` is what a correct reader finds in every one of them.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass

TITLE = "财政项目支出绩效目标表"
PROJECT = "社区养老助餐服务补助"
TOTAL = 12345678901.5  # 12 significant digits: exact only if read exactly
FISCAL = 12345678900.0
INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "助餐服务人次", "≥12000人次"),
    ("产出指标", "数量指标", "上门照护服务户数", "≥300户"),
    ("产出指标", "质量指标", "服务合格率", "≥95%"),
    ("产出指标", "时效指标", "补贴发放及时率", "100%"),
    ("成本指标", "经济成本指标", "人均服务成本", "≤400元"),
    ("效益指标", "社会效益指标", "老年人助餐覆盖率", "≥80%"),
    ("效益指标", "社会效益指标", "独居老人探访率", "≥90%"),
    ("效益指标", "可持续影响指标", "助餐服务长效机制", "建立"),
    ("满意度指标", "服务对象满意度指标", "助餐老人满意度", "≥90%"),
)
NAMES = [name for _, _, name, _ in INDICATORS]
VALUES = [value for _, _, _, value in INDICATORS]


@dataclass(frozen=True)
class Expected:
    project: str = PROJECT
    names: tuple[str, ...] = tuple(NAMES)
    values: tuple[str, ...] = tuple(VALUES)
    total: float = TOTAL
    start: str = "2024-01-01"
    end: str = "2024-12-31"


EXPECTED = Expected()

Cell = str | float | int | None


def form_rows(project: str = PROJECT) -> list[list[Cell]]:
    """The official form as rows of cells (5 columns), category labels once per group."""
    rows: list[list[Cell]] = [
        [TITLE],
        ["（2024年度）"],
        ["项目名称", project, None, "项目类别", "经常性项目"],
        ["主管部门", "某区民政局", None, "实施单位", "某区养老服务中心"],
        ["计划开始日期", "2024-01-01", None, "计划完成日期", "2024-12-31"],
        ["项目资金（元）", "项目资金总额", None, TOTAL, None],
        [None, "其中：财政资金", None, FISCAL, None],
        [None, "其他资金", None, 1.5, None],
        ["年度总体目标", "为辖区老年人提供助餐和上门照护服务，提升养老服务水平。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"],
    ]
    previous = ("", "")
    for level1, level2, name, value in INDICATORS:
        rows.append(
            [
                None,
                level1 if level1 != previous[0] else None,
                level2 if (level1, level2) != previous else None,
                name,
                value,
            ]
        )
        previous = (level1, level2)
    return rows


def indicator_row(rows: list[list[Cell]], name: str) -> int:
    return next(i for i, row in enumerate(rows) if len(row) > 3 and row[3] == name)


# --- Excel ----------------------------------------------------------------------------------------


def _workbook(rows: list[list[Cell]], change: Callable[[object], None] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "绩效目标表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    if change:
        change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_plain() -> bytes:
    return _workbook(form_rows())


def xlsx_hidden_row() -> bytes:
    """A withdrawn indicator left in a hidden row: not on screen, not printed, not an indicator."""
    rows = form_rows()
    at = indicator_row(rows, "服务合格率")
    rows.insert(at + 1, [None, None, None, "已作废的指标", "≥1次"])

    def hide(book: object) -> None:
        book.active.row_dimensions[at + 2].hidden = True  # type: ignore[attr-defined]

    return _workbook(rows, hide)


def xlsx_hidden_dropdown_sheet() -> bytes:
    """A template's hidden sheet of drop-down lists (with the form's own labels) beside the form."""

    def lists(book: object) -> None:
        hidden = book.create_sheet("下拉选项")  # type: ignore[attr-defined]
        for r, row in enumerate(
            [["一级指标", "二级指标", "三级指标", "年度指标值"], ["产出指标", "数量指标", "示例指标", "≥1"]],
            start=1,
        ):
            for c, value in enumerate(row, start=1):
                hidden.cell(row=r, column=c, value=value)
        hidden.cell(row=4, column=1, value="项目名称")
        hidden.cell(row=4, column=2, value="下拉示例项目")
        hidden.sheet_state = "hidden"

    return _workbook(form_rows(), lists)


def xlsx_formula_without_result() -> bytes:
    """项目资金总额 as a formula openpyxl saves without a cached result (as many generators do)."""
    rows = form_rows()
    at = next(i for i, row in enumerate(rows) if len(row) > 1 and row[1] == "项目资金总额")
    rows[at][3] = f"=D{at + 2}+D{at + 3}"
    return _workbook(rows)


def xlsx_custom_percent_formats() -> bytes:
    """Percentages typed as numbers: 0.95 in "0%", 100 in 0"%", 80 in 0\\% and 90 in "≥"0%."""
    rows = form_rows()
    cells = {
        "服务合格率": (0.95, '"≥"0%'),
        "补贴发放及时率": (100, '0"%"'),
        "老年人助餐覆盖率": (80, '"≥"0\\%'),
        "独居老人探访率": (0.9, '"≥"0%'),
    }
    for name, (value, _) in cells.items():
        rows[indicator_row(rows, name)][4] = value

    def formats(book: object) -> None:
        sheet = book.active  # type: ignore[attr-defined]
        for name, (_, fmt) in cells.items():
            sheet.cell(row=indicator_row(rows, name) + 1, column=5).number_format = fmt

    return _workbook(rows, formats)


def xlsx_general_date_serials() -> bytes:
    """The dates as Excel serials in General-format cells (a date pasted as a value)."""
    rows = form_rows()
    at = next(i for i, row in enumerate(rows) if row[0] == "计划开始日期")
    rows[at][1], rows[at][4] = 45292, 45657
    return _workbook(rows)


def xlsx_side_by_side() -> bytes:
    """Two forms on one worksheet, the second to the right of the first, one empty column between."""
    left, right = form_rows(), form_rows("社区养老上门照护补助")
    rows = [[*a, *([None] * (5 - len(a))), None, *b] for a, b in zip(left, right, strict=True)]
    return _workbook(rows)


def xlsx_hidden_column() -> bytes:
    """A hidden helper column of working notes right of the values."""
    rows = form_rows()
    for row in rows[10:]:
        row.extend([None] * (5 - len(row)) + ["内部测算备注"])

    def hide(book: object) -> None:
        book.active.column_dimensions["F"].hidden = True  # type: ignore[attr-defined]

    return _workbook(rows, hide)


def xls_legacy(project: str = PROJECT) -> bytes:
    """The form as an Excel 97-2003 .xls (xlwt), with a hidden row and a percent-formatted number."""
    import xlwt

    rows = form_rows(project)
    at = indicator_row(rows, "服务合格率")
    rows[at][4] = 0.95
    rows.insert(at + 1, [None, None, None, "已作废的指标", "≥1次"])
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("绩效目标表")
    percent = xlwt.easyxf(num_format_str='"≥"0%')
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value, percent if (r, c) == (at, 4) else xlwt.Style.default_style)
    sheet.row(at + 1).hidden = True
    hidden = book.add_sheet("下拉选项")
    hidden.write(0, 0, "项目名称")
    hidden.write(0, 1, "下拉示例项目")
    hidden.visibility = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Word -------------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(rows: list[list[Cell]]) -> object:
    import docx

    document = docx.Document()
    for row in rows[:2]:
        document.add_paragraph(str(row[0]))
    body = rows[2:]
    table = document.add_table(rows=len(body), cols=5)
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = _shown(value)
    return document


def _shown(value: Cell) -> str:
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def _save(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _el(tag: str, **attrs: str) -> object:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _run(text: str, deleted: bool = False) -> object:
    run = _el("w:r")
    t = _el("w:delText" if deleted else "w:t")
    t.text = text  # type: ignore[attr-defined]
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # type: ignore[attr-defined]
    run.append(t)  # type: ignore[attr-defined]
    return run


def _cell_paragraph(document: object, name: str, column: int) -> object:
    table = document.tables[0]  # type: ignore[attr-defined]
    for row in table.rows:
        if row.cells[3].text == name:
            return row.cells[column].paragraphs[0]
    raise KeyError(name)


def docx_plain() -> bytes:
    return _save(_document(form_rows()))


def docx_tracked_changes() -> bytes:
    """Edits made with track changes on: a value inserted, an old value deleted, a row deleted."""
    rows = form_rows()
    at = indicator_row(rows, "服务合格率")
    rows.insert(at + 1, [None, None, None, "已删除的指标", "≥1次"])
    document = _document(rows)
    # 服务合格率: the old value deleted, the new one inserted (neither accepted yet).
    paragraph = _cell_paragraph(document, "服务合格率", 4)._p  # type: ignore[attr-defined]
    for child in list(paragraph):
        if child.tag == f"{{{W}}}r":
            paragraph.remove(child)
    deletion = _el("w:del", id="1", author="审核人", date="2024-03-01T00:00:00Z")
    deletion.append(_run("≥90%", deleted=True))  # type: ignore[attr-defined]
    insertion = _el("w:ins", id="2", author="审核人", date="2024-03-01T00:00:00Z")
    insertion.append(_run("≥95%"))  # type: ignore[attr-defined]
    paragraph.append(deletion)
    paragraph.append(insertion)
    # 助餐服务人次: part of the name typed as a tracked insertion.
    name = _cell_paragraph(document, "助餐服务人次", 3)._p  # type: ignore[attr-defined]
    for child in list(name):
        if child.tag == f"{{{W}}}r":
            name.remove(child)
    name.append(_run("助餐服务"))
    inserted = _el("w:ins", id="3", author="审核人", date="2024-03-01T00:00:00Z")
    inserted.append(_run("人次"))  # type: ignore[attr-defined]
    name.append(inserted)
    # The withdrawn row: deleted with track changes (w:trPr/w:del).
    table = document.tables[0]  # type: ignore[attr-defined]
    row = next(r for r in table.rows if r.cells[3].text == "已删除的指标")._tr
    properties = row.get_or_add_trPr()
    properties.append(_el("w:del", id="4", author="审核人", date="2024-03-01T00:00:00Z"))
    return _save(document)


def _wrap_in_sdt(element: object, placeholder: bool = False) -> object:
    """Put `element` inside a content control (w:sdt) in its place."""
    sdt = _el("w:sdt")
    properties = _el("w:sdtPr")
    if placeholder:
        properties.append(_el("w:showingPlcHdr"))  # type: ignore[attr-defined]
    sdt.append(properties)  # type: ignore[attr-defined]
    content = _el("w:sdtContent")
    sdt.append(content)  # type: ignore[attr-defined]
    parent = element.getparent()  # type: ignore[attr-defined]
    parent.replace(element, sdt)
    content.append(element)  # type: ignore[attr-defined]
    return content


def docx_content_controls() -> bytes:
    """Values in content controls: around a value's run, around two whole rows (a repeating
    section), and an empty control still showing its placeholder text (not a value)."""
    document = _document(form_rows())
    value = _cell_paragraph(document, "服务合格率", 4)._p  # type: ignore[attr-defined]
    run = next(child for child in value if child.tag == f"{{{W}}}r")
    _wrap_in_sdt(run)
    table = document.tables[0]  # type: ignore[attr-defined]
    rows = [r._tr for r in table.rows if r.cells[3].text in ("老年人助餐覆盖率", "独居老人探访率")]
    content = _wrap_in_sdt(rows[0])
    content.append(rows[1])  # type: ignore[attr-defined]
    # A placeholder in an empty 备注 paragraph below the table.
    note = document.add_paragraph()  # type: ignore[attr-defined]
    note._p.append(_run("单击或点击此处输入文字。"))
    placeholder_run = note._p[-1]
    _wrap_in_sdt(placeholder_run, placeholder=True)
    return _save(document)


def docx_table_in_content_control() -> bytes:
    """The whole form table inside one block-level content control (a template's protected area)."""
    document = _document(form_rows())
    _wrap_in_sdt(document.tables[0]._tbl)  # type: ignore[attr-defined]
    return _save(document)


def docx_fields() -> bytes:
    """Values that are field results: a simple field and a complex field (instruction, then result)."""
    document = _document(form_rows())
    simple = _cell_paragraph(document, "补贴发放及时率", 4)._p  # type: ignore[attr-defined]
    for child in list(simple):
        if child.tag == f"{{{W}}}r":
            simple.remove(child)
    field = _el("w:fldSimple", instr=" DOCPROPERTY 及时率 ")
    field.append(_run("100%"))  # type: ignore[attr-defined]
    simple.append(field)
    complex_ = _cell_paragraph(document, "人均服务成本", 4)._p  # type: ignore[attr-defined]
    for child in list(complex_):
        if child.tag == f"{{{W}}}r":
            complex_.remove(child)
    begin, separate, end = _el("w:r"), _el("w:r"), _el("w:r")
    begin.append(_el("w:fldChar", fldCharType="begin"))  # type: ignore[attr-defined]
    instruction = _el("w:r")
    text = _el("w:instrText")
    text.text = ' = 400 \\# "≤0元" '  # type: ignore[attr-defined]
    instruction.append(text)  # type: ignore[attr-defined]
    separate.append(_el("w:fldChar", fldCharType="separate"))  # type: ignore[attr-defined]
    end.append(_el("w:fldChar", fldCharType="end"))  # type: ignore[attr-defined]
    for part in (begin, instruction, separate, _run("≤400元"), end):
        complex_.append(part)
    return _save(document)


def docx_nested_in_layout_table() -> bytes:
    """The form's table inside the one cell of a layout table (a letterhead template)."""
    import docx

    inner = _document(form_rows())
    form_table = inner.tables[0]._tbl  # type: ignore[attr-defined]
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("（2024年度）")
    layout = document.add_table(rows=2, cols=1)
    layout.cell(0, 0).text = "填报单位：某区养老服务中心"
    cell = layout.cell(1, 0)._tc
    cell.append(copy.deepcopy(form_table))
    cell.append(_el("w:p"))  # a cell ends with a paragraph
    return _save(document)


# --- HTML and PDF -------------------------------------------------------------------------------------


def html_page() -> bytes:
    """A disclosure page: the title in headings, the form as a real <table> with rowspan/colspan."""
    rows = form_rows()
    head = rows[:2]
    body = rows[2:]
    cells = []
    table_start = next(i for i, row in enumerate(body) if row[0] == "绩效指标")
    for r, row in enumerate(body):
        tds = []
        for c, value in enumerate(row):
            if r > table_start and c == 0:
                continue  # covered by the rowspan of 绩效指标
            if value is None:
                tds.append("<td></td>")
                continue
            span = f' rowspan="{len(body) - table_start}"' if (r, c) == (table_start, 0) else ""
            tds.append(f"<td{span}>{_shown(value)}</td>")
        cells.append("<tr>" + "".join(tds) + "</tr>")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>公开</title>"
        "<style>td{border:1px solid}</style><script>var x='<table>';</script></head><body>"
        f"<h2>{head[0][0]}</h2><p>{head[1][0]}</p>"
        "<div style='display:none'>项目名称 隐藏的旧版本</div>"
        f"<table border='1'><tbody>{''.join(cells)}</tbody></table>"
        "<p>联系电话：12345678</p></body></html>"
    )
    return page.encode("utf-8")


def pdf_plain() -> bytes:
    """The form as a ruled PDF table (reportlab), one page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10)
    rows = form_rows()
    data = [
        [Paragraph(_shown(v), style) if v is not None else "" for v in (row + [None] * 5)[:5]]
        for row in rows[2:]
    ]
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4)
    table = Table(data, colWidths=[70, 90, 90, 140, 90])
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "STSong-Light")]
        )
    )
    document.build([Paragraph(TITLE, style), Paragraph("（2024年度）", style), table])
    return out.getvalue()


def pdf_rotated(degrees: int) -> bytes:
    """The same PDF with its page turned (its /Rotate set, as a viewer's "rotate and save" does)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf_plain()))
    writer = PdfWriter()
    for page in reader.pages:
        page.rotate(degrees)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
