"""Bad input ends as an IngestError naming the file and saying, in Chinese, what was wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.config import max_file_bytes
from assistant.ingest import IngestError, read_bytes, read_path


def refused(path: Path) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_path(path)
    assert info.value.source == path.name
    assert str(info.value).startswith(path.name)
    return info.value


def test_empty_file(tmp_path: Path):
    path = tmp_path / "空白.txt"
    path.write_bytes(b"")
    assert "文件为空" in refused(path).reason


def test_whitespace_only_file_counts_as_empty(tmp_path: Path):
    path = tmp_path / "空格.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    assert "文件为空" in refused(path).reason


def test_binary_file(tmp_path: Path):
    path = tmp_path / "图片.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "二进制" in refused(path).reason


def test_garbled_text(tmp_path: Path):
    path = tmp_path / "乱码.txt"
    path.write_bytes(bytes(b ^ 0x5A for b in "项目名称\t测试\n一级指标\t二级指标".encode() * 300))
    reason = refused(path).reason
    assert "乱码" in reason or "无法识别" in reason


def test_text_without_a_form_names_what_is_missing(tmp_path: Path):
    path = tmp_path / "会议纪要.txt"
    path.write_text("会议纪要\n\t时间：周一\t地点：三楼\n讨论了年度工作安排。\n", encoding="utf-8")
    assert "项目名称" in refused(path).reason


def test_file_over_the_size_limit(tmp_path: Path):
    path = tmp_path / "超大.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, written without filling the disk
    assert os.path.getsize(path) > max_file_bytes()
    assert "文件过大" in refused(path).reason


def test_upload_over_the_size_limit():
    with pytest.raises(IngestError, match="文件过大"):
        read_bytes(b"a" * (max_file_bytes() + 1), "upload.txt")


def test_corrupt_workbook(tmp_path: Path):
    path = tmp_path / "坏表.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00not really a zip" * 50)
    assert "Excel" in refused(path).reason


def test_corrupt_document(tmp_path: Path):
    path = tmp_path / "坏文档.docx"
    path.write_bytes(b"this is not a word document at all" * 20)
    assert "Word" in refused(path).reason


def test_unsupported_suffix(tmp_path: Path):
    path = tmp_path / "表.pages"
    path.write_text("项目名称\t测试", encoding="utf-8")
    assert "不支持的文件类型" in refused(path).reason


def test_missing_file(tmp_path: Path):
    assert "不存在" in refused(tmp_path / "没有这个文件.txt").reason
