"""Uploads and .zip archives: safe extraction (no path traversal, links, nested archives or zip bombs)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from assistant.ui import uploads
from assistant.ui.uploads import expand_uploads
from tests.ui_files import single_sheet_files


@pytest.fixture
def sheets(tmp_path: Path) -> list[Path]:
    return single_sheet_files(tmp_path / "src", count=2)


def make_zip(path: Path, entries: dict[str, bytes], **kwargs) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **kwargs) as book:
        for name, data in entries.items():
            book.writestr(name, data)
    return path


def test_plain_files_pass_through_with_their_names(sheets, tmp_path):
    out = expand_uploads([str(p) for p in sheets], tmp_path / "work")
    assert [u.path for u in out.files] == sheets
    assert [u.display for u in out.files] == [p.name for p in sheets]
    assert out.notices == []


def test_a_zip_is_extracted_inside_the_work_folder_with_readable_names(sheets, tmp_path):
    archive = make_zip(tmp_path / "申报.zip", {f"一科/{p.name}": p.read_bytes() for p in sheets})
    work = tmp_path / "work"
    out = expand_uploads([str(archive)], work)
    assert [u.display for u in out.files] == [f"申报.zip › 一科/{p.name}" for p in sheets]
    for upload, source in zip(out.files, sheets, strict=True):
        assert upload.path.read_bytes() == source.read_bytes()
        assert work in upload.path.parents


def test_entries_that_would_leave_the_folder_are_skipped(sheets, tmp_path):
    data = sheets[0].read_bytes()
    archive = make_zip(
        tmp_path / "evil.zip", {"../../escape.xlsx": data, "/abs/escape.xlsx": data, "ok.xlsx": data}
    )
    work = tmp_path / "deep" / "work"
    out = expand_uploads([str(archive)], work)
    assert [u.display for u in out.files] == ["evil.zip › ok.xlsx"]
    assert not list(tmp_path.rglob("escape.xlsx"))
    assert any("路径不安全" in n for n in out.notices)


def test_links_are_skipped(tmp_path):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as book:
        info = zipfile.ZipInfo("passwd.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        book.writestr(info, "/etc/passwd")
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert out.files == [] and any("链接" in n for n in out.notices)


def test_nested_archives_are_not_expanded(sheets, tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {"a.xlsx": sheets[0].read_bytes()})
    archive = make_zip(
        tmp_path / "outer.zip", {"inner.zip": inner.read_bytes(), "b.xlsx": sheets[1].read_bytes()}
    )
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert [u.display for u in out.files] == ["outer.zip › b.xlsx"]
    assert any("压缩包内的压缩包" in n and "inner.zip" in n for n in out.notices)


def test_an_entry_that_expands_far_beyond_its_compressed_size_is_refused(tmp_path):
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * (8 * 1024 * 1024)})
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert out.files == [] and any("压缩炸弹" in n for n in out.notices)
    assert not any(p.is_file() for p in (tmp_path / "work").rglob("*"))


def test_extraction_stops_at_the_total_size_limit(sheets, tmp_path, monkeypatch):
    data = sheets[0].read_bytes()
    monkeypatch.setattr(uploads, "MAX_ZIP_TOTAL_BYTES", int(len(data) * 2.5))
    archive = make_zip(tmp_path / "many.zip", {f"{n}.xlsx": data for n in range(5)})
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert len(out.files) == 2 and any("其余文件未读取" in n for n in out.notices)


def test_an_entry_larger_than_the_file_limit_is_skipped(sheets, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_BYTES", "10")
    archive = make_zip(tmp_path / "big.zip", {"big.xlsx": sheets[0].read_bytes()})
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert out.files == [] and any("超过" in n for n in out.notices)


class _WindowsZipInfo(zipfile.ZipInfo):
    """An entry whose name is stored as GBK bytes without the UTF-8 flag, as Windows zip tools do."""

    def _encodeFilenameFlags(self):  # zipfile's own (private) name
        return self.filename.encode("gbk"), self.flag_bits


def test_gbk_names_from_chinese_windows_are_decoded(sheets, tmp_path):
    archive = tmp_path / "gbk.zip"
    with zipfile.ZipFile(archive, "w") as book:
        book.writestr(_WindowsZipInfo("二科/申报表.xlsx"), sheets[0].read_bytes())
    with zipfile.ZipFile(archive) as book:
        assert book.infolist()[0].filename != "二科/申报表.xlsx"  # what zipfile alone would show
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert [u.display for u in out.files] == ["gbk.zip › 二科/申报表.xlsx"]


def test_hidden_and_macos_metadata_files_are_ignored(sheets, tmp_path):
    data = sheets[0].read_bytes()
    archive = make_zip(
        tmp_path / "mac.zip", {"__MACOSX/._a.xlsx": b"junk", ".DS_Store": b"junk", "a.xlsx": data}
    )
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert [u.display for u in out.files] == ["mac.zip › a.xlsx"] and out.notices == []


def test_a_damaged_zip_is_a_notice(tmp_path):
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 not a zip")
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert out.files == [] and "broken.zip" in out.notices[0] and "不是有效" in out.notices[0]


def test_other_archive_formats_are_named_as_unsupported(tmp_path):
    archive = tmp_path / "files.rar"
    archive.write_bytes(b"Rar!")
    out = expand_uploads([str(archive)], tmp_path / "work")
    assert out.files == [] and ".rar" in out.notices[0]


def test_two_uploads_of_the_same_name_are_told_apart(sheets, tmp_path):
    twin = tmp_path / "other" / sheets[0].name
    twin.parent.mkdir()
    twin.write_bytes(sheets[1].read_bytes())
    out = expand_uploads([str(sheets[0]), str(twin)], tmp_path / "work")
    assert [u.display for u in out.files] == [sheets[0].name, f"{sheets[0].name}（2）"]
    assert [u.path for u in out.files] == [sheets[0], twin]
