"""The office files a reviewer really receives (issue 16, items 2, 4, 5 and 10), read as a person sees them.

Every file holds the same made-up form (`tests/bad_inputs/office.py`): 9 indicators, money past
11 significant digits, two dates. Each quirk must give back exactly that form — names, values,
money to the fen, dates — and say in the sheet's notices what it left out or changed. Nothing is
lost or changed without a notice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.ingest import IngestError, libreoffice, read_bytes, read_path
from assistant.schema import Sheet
from tests.bad_inputs import office
from tests.bad_inputs.office import EXPECTED

pytestmark = pytest.mark.timeout(300)


def assert_the_form(
    sheet: Sheet, *, project: str = EXPECTED.project, total: float | None = EXPECTED.total
) -> None:
    assert sheet.project_name == project
    assert [i.name for i in sheet.indicators] == list(EXPECTED.names)
    assert [i.value.raw for i in sheet.indicators] == list(EXPECTED.values)
    assert sheet.funds.total == total  # 12345678901.5 exactly, not 1.23
    assert (str(sheet.start_date), str(sheet.end_date)) == (EXPECTED.start, EXPECTED.end)


def notices(sheet: Sheet) -> str:
    return "\n".join(sheet.notices)


# (file name, builder, words one of the sheet's notices must hold; () = no notice needed)
READ_AS_SHOWN: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("表.xlsx", office.xlsx_plain, ()),
    ("隐藏行.xlsx", office.xlsx_hidden_row, ("隐藏行", "第 14 行")),
    ("隐藏列.xlsx", office.xlsx_hidden_column, ("隐藏列", "F 列")),
    ("百分比格式.xlsx", office.xlsx_custom_percent_formats, ()),
    ("日期序号.xlsx", office.xlsx_general_date_serials, ("日期序号 45292", "2024-01-01")),
    ("旧版.xls", office.xls_legacy, ("隐藏行", "隐藏的工作表「下拉选项」")),
    ("表.docx", office.docx_plain, ()),
    ("修订.docx", office.docx_tracked_changes, ("修订",)),
    ("内容控件.docx", office.docx_content_controls, ()),
    ("整表在内容控件中.docx", office.docx_table_in_content_control, ()),
    ("域.docx", office.docx_fields, ()),
    ("版式表格.docx", office.docx_nested_in_layout_table, ()),
    ("公开页面.html", office.html_page, ("隐藏",)),
    ("表.pdf", office.pdf_plain, ()),
    ("旋转90.pdf", lambda: office.pdf_rotated(90), ("转正",)),
    ("旋转180.pdf", lambda: office.pdf_rotated(180), ("转正",)),
    ("旋转270.pdf", lambda: office.pdf_rotated(270), ("转正",)),
]


@pytest.mark.parametrize(("name", "make", "words"), READ_AS_SHOWN, ids=[c[0] for c in READ_AS_SHOWN])
def test_the_form_is_read_as_shown_and_what_was_left_out_is_said(name: str, make, words) -> None:
    [sheet] = read_bytes(make(), name)
    assert_the_form(sheet)
    for word in words:
        assert word in notices(sheet), sheet.notices


def test_the_placeholder_of_an_empty_content_control_is_not_read_as_text() -> None:
    [sheet] = read_bytes(office.docx_content_controls(), "内容控件.docx")
    assert "单击或点击此处" not in sheet.model_dump_json()


def test_a_formula_without_a_saved_result_is_a_notice_not_a_silent_blank() -> None:
    [sheet] = read_bytes(office.xlsx_formula_without_result(), "公式.xlsx")
    # The empty total is then taken as 财政资金 + 其他资金 (what the formula adds up), and that is said too.
    assert_the_form(sheet)
    assert "公式" in notices(sheet) and "D6" in notices(sheet) and "没有保存计算结果" in notices(sheet)
    assert "按财政资金与其他资金之和计" in notices(sheet)


def test_a_templates_hidden_drop_down_sheet_is_not_a_submission() -> None:
    sheets = read_bytes(office.xlsx_hidden_dropdown_sheet(), "模板.xlsx")
    assert len(sheets) == 1
    assert_the_form(sheets[0])
    assert "隐藏的工作表「下拉选项」" in notices(sheets[0])


def test_two_forms_side_by_side_on_one_worksheet_are_two_sheets() -> None:
    left, right = read_bytes(office.xlsx_side_by_side(), "并排.xlsx")
    assert_the_form(left)
    assert_the_form(right, project="社区养老上门照护补助")
    assert not left.notices and not right.notices  # nothing of one form spilled into the other


def test_a_wps_spreadsheet_in_the_xls_format_is_read_without_conversion(tmp_path: Path) -> None:
    path = tmp_path / "表格.et"
    path.write_bytes(office.xls_legacy())
    [sheet] = read_path(path)
    assert_the_form(sheet)


def test_an_html_table_saved_as_xls_is_read_as_what_it_is() -> None:
    [sheet] = read_bytes(office.html_page(), "导出.xls")
    assert_the_form(sheet)
    assert "实为 HTML 表格" in notices(sheet)


def test_a_file_without_an_extension_is_read_by_what_it_holds(tmp_path: Path) -> None:
    for name, data in (("无扩展名表格", office.xls_legacy()), ("无扩展名文档", office.docx_plain())):
        path = tmp_path / name
        path.write_bytes(data)
        [sheet] = read_path(path)
        assert_the_form(sheet)


# --- LibreOffice: .doc, .wps, .odt, .ods ---------------------------------------------------------------


def require_soffice() -> str:
    program = libreoffice.soffice()
    if program is None:
        pytest.skip("LIBREOFFICE NOT INSTALLED — scripts/install_system_deps.sh installs it (make test does)")
    return program


def saved_as(data: bytes, suffix: str, target: str, folder: Path) -> bytes:
    """`data` (a .docx/.xlsx) saved by LibreOffice itself in an older or other format. A Word
    document goes through .odt first: LibreOffice's .doc export drops a table python-docx wrote
    straight from .docx, and keeps it from its own format."""
    program = require_soffice()
    source = folder / f"source{suffix}"
    source.write_bytes(data)
    profile = (folder / "profile").as_uri()

    def convert(path: Path, to: str) -> Path:
        out = folder / to
        subprocess.run(
            [
                program,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(folder)},
        )
        return out / f"{path.stem}.{to}"

    if suffix == ".docx" and target == "doc":
        source = convert(source, "odt")
    return convert(source, target).read_bytes()


LEGACY = [
    ("申报表.doc", office.docx_plain, ".docx", "doc"),
    ("申报表.wps", office.docx_plain, ".docx", "doc"),  # WPS 文字 files are Word 97-2003 documents inside
    ("申报表.odt", office.docx_plain, ".docx", "odt"),
    ("申报表.ods", office.xlsx_plain, ".xlsx", "ods"),
]


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize(("name", "make", "suffix", "target"), LEGACY, ids=[c[0] for c in LEGACY])
def test_legacy_and_open_formats_are_converted_with_libreoffice(
    name, make, suffix, target, tmp_path: Path
) -> None:
    data = saved_as(make(), suffix, target, tmp_path)
    path = tmp_path / name
    path.write_bytes(data)
    [sheet] = read_path(path)
    assert [i.name for i in sheet.indicators] == list(EXPECTED.names)
    assert [i.value.raw for i in sheet.indicators] == list(EXPECTED.values)
    assert sheet.project_name == EXPECTED.project
    assert "LibreOffice" in notices(sheet)


def test_without_libreoffice_a_doc_is_refused_saying_how_to_convert(monkeypatch, tmp_path: Path) -> None:
    # The machine has LibreOffice (CI installs it); its absence is what is simulated here.
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    for name in ("旧版.doc", "文字.wps", "表格.ods", "文档.odt"):
        path = tmp_path / name
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        with pytest.raises(IngestError) as refused:
            read_path(path)
        assert "LibreOffice" in refused.value.reason and "另存为" in refused.value.reason, (
            refused.value.reason
        )


@pytest.mark.libreoffice
def test_a_damaged_doc_is_a_chinese_refusal_not_a_hang(tmp_path: Path) -> None:
    require_soffice()
    path = tmp_path / "损坏.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000))
    with pytest.raises(IngestError) as refused:
        read_path(path)
    # LibreOffice refuses it, or opens the junk as text in which there is no form.
    assert "LibreOffice" in refused.value.reason or "没有找到绩效目标表" in refused.value.reason


def test_soffice_lookup_finds_the_installed_program_or_none() -> None:
    found = libreoffice.soffice()
    assert found is None or shutil.which(found) or os.path.exists(found)
