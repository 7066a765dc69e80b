"""The PDF reader on official forms drawn with reportlab from the gold seed sheets."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.ingest import read_bytes, read_path
from assistant.schema import Sheet
from evals.gold import load_gold
from evals.layouts import Style, row_key, write_sheet
from evals.layouts.pdf import pdf_bytes
from evals.layouts.written import MID_TERM, WrittenSheet

GOLD = {gold.key: gold for gold in load_gold()}
SHORT = GOLD[("004_ff8c4036d3e2f11b.txt", 1)]
TIANJIN = GOLD[("002_33e3c13fb73fd403.txt", 2)]  # has a 绩效指标描述 column


def written(sheet: Sheet, style: Style | None = None) -> WrittenSheet:
    return write_sheet(sheet, style or Style(), random.Random(0))


def keys(sheet: Sheet) -> list[tuple[str, str, str, str]]:
    return [row_key(i.level1, i.level2, i.name, i.value.raw) for i in sheet.indicators]


def page_count(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_a_ruled_form_reads_back_its_header_and_every_indicator_row():
    form = written(SHORT.to_sheet())
    [sheet] = read_bytes(pdf_bytes([form]), "普陀.pdf")
    gold = SHORT.to_sheet()
    assert (sheet.id, sheet.project_name, sheet.year) == ("普陀#1", gold.project_name, gold.year)
    assert (sheet.department, sheet.implementing_unit) == (gold.department, gold.implementing_unit)
    assert (sheet.funds.total, sheet.funds.unit_as_written) == (gold.funds.total, "万元")
    assert keys(sheet) == form.expected_keys()


def test_the_description_column_is_read_as_the_description():
    form = written(TIANJIN.to_sheet())
    [sheet] = read_bytes(pdf_bytes([form]), "天津.pdf")
    assert keys(sheet) == form.expected_keys()
    assert [i.description for i in sheet.indicators] == [row.description for row in form.rows]


def test_a_form_longer_than_a_page_continues_on_the_next_page():
    long = SHORT.to_sheet()
    long.indicators = long.indicators * 3  # a table too long for one page
    form = written(long)
    data = pdf_bytes([form])
    assert page_count(data) == 2
    [sheet] = read_bytes(data, "两页.pdf")
    assert keys(sheet) == form.expected_keys()


def test_three_forms_in_one_file_give_three_sheets_in_order():
    golds = [GOLD[("001_e4a262f711890b0c.txt", n)] for n in (1, 2, 3)]
    forms = [written(gold.to_sheet()) for gold in golds]
    sheets = read_bytes(pdf_bytes(forms), "三张表.pdf")
    assert [s.id for s in sheets] == ["三张表#1", "三张表#2", "三张表#3"]
    assert [s.project_name for s in sheets] == [g.row["project_name"] for g in golds]
    assert [keys(s) for s in sheets] == [f.expected_keys() for f in forms]


def test_each_form_on_its_own_page_reads_the_same():
    forms = [written(GOLD[("000_fbcba3a06dc44e97.txt", n)].to_sheet()) for n in (1, 2, 3)]
    data = pdf_bytes(forms, page_break=True)
    assert page_count(data) == 3
    assert [keys(s) for s in read_bytes(data, "分页.pdf")] == [f.expected_keys() for f in forms]


def test_a_table_printed_without_ruling_lines_is_read_from_the_text_positions():
    form = written(TIANJIN.to_sheet())
    data = pdf_bytes([form], ruled=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert not pdf.pages[0].find_tables()  # nothing for the table finder: the fallback reads it
    [sheet] = read_bytes(data, "无框线.pdf")
    assert sheet.project_name == TIANJIN.row["project_name"]
    assert keys(sheet) == form.expected_keys()


def test_the_annual_value_is_the_value_and_the_mid_term_one_is_kept():
    form = written(SHORT.to_sheet(), Style(mid_term=True, regional=True, required_suffix=True))
    [sheet] = read_bytes(pdf_bytes([form]), "实施期.pdf")
    assert keys(sheet) == form.expected_keys()
    assert [i.other_values for i in sheet.indicators] == form.expected_other_values()
    assert any(MID_TERM in i.other_values for i in sheet.indicators)


def test_the_cli_ingests_a_pdf_file(tmp_path: Path):
    path = tmp_path / "申报表.pdf"
    path.write_bytes(pdf_bytes([written(SHORT.to_sheet())]))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["ingest", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已写入 1 张表" in result.output
    assert read_path(path)[0].project_name == SHORT.row["project_name"]


@pytest.mark.parametrize("suffix", [".pdf", ".PDF", ""])
def test_a_pdf_is_recognised_by_suffix_or_by_content(suffix: str):
    data = pdf_bytes([written(SHORT.to_sheet())])
    assert read_bytes(data, f"upload{suffix}")[0].project_name == SHORT.row["project_name"]


def test_a_row_broken_over_a_page_break_is_joined_again():
    sheet = SHORT.to_sheet()
    template = sheet.indicators[0]
    sheet.indicators = [
        template.model_copy(
            update={"name": f"第{n}项：" + "为经济困难的公民提供法律咨询、代理和刑事辩护服务并跟踪回访" * 2}
        )
        for n in range(1, 31)
    ]
    form = written(sheet)
    data = pdf_bytes([form])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first_lines = [page.extract_text_lines()[0]["text"] for page in pdf.pages[1:]]
    assert any(not line.startswith("第") for line in first_lines)  # some page starts inside a name
    [read] = read_bytes(data, "跨页.pdf")
    assert keys(read) == form.expected_keys()
