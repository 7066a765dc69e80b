"""`assistant ingest`: per-file summary, partial failure, exit codes, nothing lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.corpus import load_corpus

runner = CliRunner()


def test_ingesting_the_corpus_folder_writes_every_sheet(raw_dir: Path, tmp_path: Path):
    # The five seed files (56 sheets) and, in realworld/, the 18 published pages (one sheet each).
    out = tmp_path / "sheets.jsonl"
    result = runner.invoke(app, ["ingest", str(raw_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheets = load_corpus(out)
    assert len(sheets) == 56 + 18
    assert sheets[0].id == "000_fbcba3a06dc44e97#1"
    assert sorted(s.source_file for s in sheets if s.source_file.startswith("rw")) == [
        f"rw{n:02d}.txt" for n in range(1, 19)
    ]
    assert "合计 23 个文件（失败 0 个）" in result.output
    assert "已写入 74 张表" in result.output


def test_a_bad_file_is_reported_by_name_and_the_good_ones_are_still_written(raw_dir: Path, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(raw_dir / "004_ff8c4036d3e2f11b.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["ingest", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt：文件为空" in result.output
    assert "binary.txt：这是二进制文件" in result.output
    assert "Traceback" not in result.output
    assert [s.project_name for s in load_corpus(out)] == ["法律援助费", "人民调解", "安置帮教和社区矫正"]


def test_when_nothing_could_be_read_the_previous_output_is_kept(tmp_path: Path):
    out = tmp_path / "corpus.jsonl"
    out.write_text("previous content\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(empty), "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert "未写入" in result.output
    assert out.read_text(encoding="utf-8") == "previous content\n"


def test_a_missing_path_fails_with_its_name(tmp_path: Path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 1
    assert "nowhere.txt：文件不存在" in result.output


def test_notices_can_be_listed(raw_dir: Path):
    result = runner.invoke(app, ["ingest", str(raw_dir / "002_33e3c13fb73fd403.txt"), "--notices"])
    assert result.exit_code == 0
    assert "推定为 2024 年" in result.output


def test_the_installed_command_reports_an_oversized_file_without_a_traceback(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    completed = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(big)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 1
    assert "big.txt：文件过大" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
