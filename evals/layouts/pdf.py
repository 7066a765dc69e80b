"""PDF renderings of written sheets with reportlab (a dev dependency, imported when used).

The form is drawn as the printed official form: title and year line above a table with merged
cells. `ruled=True` draws every cell border (what pdfplumber's table finder needs);
`ruled=False` prints the same table without lines, for the positioned-text fallback. Tables
longer than a page continue on the next page, merged label cells cut at the break. Chinese
text uses reportlab's built-in CID font STSong-Light, so no font file is needed.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from evals.layouts.form_grid import TITLE_ROWS, FormGrid, form_grid
from evals.layouts.written import WrittenSheet

FONT = "STSong-Light"


@cache
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_bytes(
    forms: list[WrittenSheet],
    *,
    ruled: bool = True,
    page_break: bool = False,
    font_size: float = 9,
    appendix_pages: int = 0,
) -> bytes:
    """One PDF with every form of `forms`, one after another (or each from a new page), followed
    by `appendix_pages` pages of plain text (a budget document's appendix)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

    _register_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm
    )
    story: list = []
    for index, written in enumerate(forms):
        if index:
            story.append(PageBreak() if page_break else Spacer(1, 10 * mm))
        story.extend(_form_story(form_grid(written), document.width, ruled=ruled, font_size=font_size))
    if appendix_pages:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        text_style = ParagraphStyle("text", fontName=FONT, fontSize=10)
        for number in range(1, appendix_pages + 1):
            story += [PageBreak(), Paragraph(f"附件 第{number}页 说明文字", text_style)]
    document.build(story)
    return buffer.getvalue()


def _form_story(form: FormGrid, width: float, *, ruled: bool, font_size: float) -> list:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    cell_style = ParagraphStyle(
        "cell", fontName=FONT, fontSize=font_size, leading=font_size * 1.2, wordWrap="CJK"
    )
    title_style = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=18, alignment=1)
    story = [Paragraph(escape(form.rows[r][0]), title_style) for r in range(TITLE_ROWS)]
    story.append(Spacer(1, 4))
    data = [
        [Paragraph(escape(text), cell_style) if text else "" for text in row]
        for row in form.rows[TITLE_ROWS:]
    ]
    narrow = [0.09, 0.12, 0.13]  # region label, 一级, 二级 columns; the rest share what is left
    rest = (1 - sum(narrow)) / (form.columns - len(narrow))
    widths = [width * share for share in narrow] + [width * rest] * (form.columns - len(narrow))
    # Top-aligned: reportlab (5.x) fails to split a middle-aligned merged cell over a page break.
    commands: list = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r0, c0, r1, c1 in form.merges:
        # The 绩效指标 label is not merged down the whole indicator table: reportlab (5.x) cannot
        # split a table twice inside one merged cell, and a long form needs two page breaks.
        if (r0, c0, c1) == (form.table_top, 0, 0):
            continue
        if r0 >= TITLE_ROWS:
            commands.append(("SPAN", (c0, r0 - TITLE_ROWS), (c1, r1 - TITLE_ROWS)))
    story.append(Table(data, colWidths=widths, style=TableStyle(commands), splitByRow=1, splitInRow=1))
    return story
