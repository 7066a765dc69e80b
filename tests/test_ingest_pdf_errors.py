"""Bad PDFs end as an IngestError naming the file and saying, in Chinese, what is wrong; long ones are capped."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from assistant.ingest import IngestError, read_bytes, read_path
from assistant.ingest.pdf_reader import MAX_PDF_PAGES
from evals.gold import load_gold
from evals.layouts import Style, write_sheet
from evals.layouts.pdf import pdf_bytes

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def refused(data: bytes, name: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_bytes(data, name)
    assert info.value.source == name
    return info.value


def text_pages(count: int, encrypt: pdfencrypt.StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    for number in range(1, count + 1):
        page.setFont(FONT, 10)
        page.drawString(72, 780, f"附件 第{number}页 说明文字")
        page.showPage()
    page.save()
    return buffer.getvalue()


def a_form(appendix_pages: int = 0) -> bytes:
    sheet = load_gold()[0].to_sheet()
    return pdf_bytes([write_sheet(sheet, Style(), random.Random(0))], appendix_pages=appendix_pages)


DAMAGEABLE = a_form()


def test_a_corrupt_pdf():
    reason = refused(b"%PDF-1.4\n" + b"\x00garbage" * 200, "损坏.pdf").reason
    assert "无法打开 PDF" in reason


def test_a_truncated_pdf():
    data = a_form()
    assert "PDF" in refused(data[: len(data) // 3], "截断.pdf").reason


def test_a_file_named_pdf_that_is_not_one():
    assert "无法打开 PDF" in refused("项目名称\t某项目".encode() * 50, "假的.pdf").reason


def test_a_password_protected_pdf():
    locked = text_pages(1, pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    assert "已加密" in refused(locked, "加密.pdf").reason


def test_an_encrypted_pdf_that_opens_without_a_password_is_read():
    data = text_pages(1, pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    # It opens (the user password is empty) and is then refused only for having no form in it.
    assert "没有找到绩效目标表" in refused(data, "限制复制.pdf").reason


def test_a_scanned_pdf_without_text():
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(picture, format="PNG")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 72, 400, width=400, height=300)
    page.showPage()
    page.save()
    reason = refused(buffer.getvalue(), "扫描件.pdf").reason
    assert "没有可提取的文字" in reason and "扫描件" in reason


def test_a_pdf_without_a_form():
    assert "没有找到绩效目标表" in refused(text_pages(2), "说明.pdf").reason


def test_a_500_page_pdf_is_read_up_to_the_cap_and_says_so():
    sheet = load_gold()[0].to_sheet()
    data = a_form(appendix_pages=499)
    assert MAX_PDF_PAGES < 500
    [read] = read_bytes(data, "预算公开.pdf")  # the form on page 1 is read, the cap is said
    assert read.project_name == sheet.project_name
    assert f"PDF 共 500 页，只读取了前 {MAX_PDF_PAGES} 页" in "".join(read.notices)


def test_a_500_page_pdf_without_a_form_in_the_pages_read_names_the_cap():
    reason = refused(text_pages(500), "长文件.pdf").reason
    assert "共 500 页" in reason and f"前 {MAX_PDF_PAGES} 页" in reason


def test_the_installed_command_reports_a_bad_pdf_without_a_traceback(tmp_path: Path):
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    completed = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(bad)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 1
    assert "坏文件.pdf：无法打开 PDF" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout


def test_a_missing_pdf_path(tmp_path: Path):
    with pytest.raises(IngestError, match="文件不存在"):
        read_path(tmp_path / "没有.pdf")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=30),
    st.booleans(),
)
def test_a_damaged_form_gives_sheets_or_a_clear_error(damage, truncate):
    data = bytearray(DAMAGEABLE)
    for where, byte in damage:
        data[int(where * len(data))] = byte
    if truncate:
        data = data[: int(damage[0][0] * len(data))]
    try:
        read_bytes(bytes(data), "损坏.pdf")
    except IngestError as exc:
        assert exc.source == "损坏.pdf" and exc.reason
