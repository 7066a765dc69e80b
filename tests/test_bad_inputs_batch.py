"""Batch integrity and safe outputs (issue 16, items 2, 3, 5, 6, 8, 9 and the "also" list).

A reviewer's folder as it really is — legacy formats, no extensions, dangling links, lock files,
last week's report, names in GBK bytes — must come out as one report in which every file found has
a row (scored, or why not), every reading notice is visible, no cell is a live formula, nothing is
written over an input, and neither two runs at once nor Ctrl-C corrupts anything.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.batch import is_batch_report, score_paths
from assistant.corpus import load_corpus, write_jsonl
from assistant.ingest import read_path, scan_files
from tests.bad_inputs import office, sample_sheet
from tests.bad_inputs.cli import flat, invoke

pytestmark = pytest.mark.timeout(300)
ROOT = Path(__file__).resolve().parent.parent
# The sheets the committed corpus holds: what `ingest corpus/raw` reads (seeds and the realworld pages).
RAW_SHEETS = len(load_corpus(ROOT / "corpus" / "sheets.jsonl"))
SEED = ROOT / "corpus" / "raw" / "004_ff8c4036d3e2f11b.txt"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def cli_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}


def run_cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    code = "from assistant.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**cli_env(tmp_path), **env},
        timeout=240,
    )


# --- item 2: a folder scan reads or names every file ------------------------------------------------


@pytest.fixture
def office_folder(tmp_path: Path) -> Path:
    """14 entries an office folder really holds: 9 submissions in 8 formats and 5 that are not."""
    folder = tmp_path / "收件箱"
    folder.mkdir()
    (folder / "一科.xlsx").write_bytes(office.xlsx_plain())
    (folder / "二科.xls").write_bytes(office.xls_legacy())
    (folder / "三科.et").write_bytes(
        office.xls_legacy("社区养老三科补助")
    )  # WPS 表格, the .xls format inside
    (folder / "四科.docx").write_bytes(office.docx_tracked_changes())
    (folder / "五科.html").write_bytes(office.html_page())
    (folder / "六科.pdf").write_bytes(office.pdf_rotated(90))
    (folder / "七科无扩展名").write_bytes(office.docx_plain())
    (folder / "八科.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "九科.xlsx").write_bytes(office.xlsx_side_by_side())
    (folder / "~$一科.xlsx").write_bytes(b"\x00" * 162)  # Word/Excel's lock file of an open document
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    (folder / "失效链接.xlsx").symlink_to(folder / "已删除.xlsx")
    (folder / "说明.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return folder


def test_every_file_in_the_folder_has_a_row_with_its_reason(office_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "报告.xlsx"
    result = invoke(["score", str(office_folder), "--out", str(out), "--workers", "1"])
    rows = list(load_workbook(out)["评分"].iter_rows(min_row=1, values_only=True))
    header, rows = rows[0], rows[1:]
    by_file: dict[str, list[tuple]] = {}
    for row in rows:
        by_file.setdefault(Path(str(row[0])).name, []).append(row)
    assert len(by_file) == 14, sorted(by_file)  # 14 entries in, 14 files in the report
    status = header.index("状态")
    reason = header.index("未评分的原因")
    scored = {name for name, rs in by_file.items() if all(r[status] == "已评分" for r in rs)}
    assert scored == {
        "一科.xlsx",
        "二科.xls",
        "三科.et",
        "四科.docx",
        "五科.html",
        "六科.pdf",
        "七科无扩展名",
        "八科.txt",
        "九科.xlsx",
    }
    assert len(by_file["九科.xlsx"]) == 2  # two forms side by side: two sheets
    for name, words in (
        ("~$一科.xlsx", "锁文件"),
        (".DS_Store", "隐藏文件"),
        ("照片.png", "不支持的文件类型"),
        ("说明.zip", "不支持的文件类型"),
        ("失效链接.xlsx", "链接"),
    ):
        [row] = by_file[name]
        assert row[status] != "已评分" and words in row[reason], (name, row)
    for name in ("~$一科.xlsx", ".DS_Store", "照片.png", "失效链接.xlsx"):
        assert flat(name) in flat(result.stderr), name  # the CLI lists them too
    assert result.exit_code == 1  # the dangling link could not be read


def test_the_report_has_a_notices_column_with_every_reading_notice(
    office_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "报告.csv"
    invoke(["score", str(office_folder), "--out", str(out), "--workers", "1"])
    with out.open(encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    notes = {Path(row["文件"]).name: row["提示"] for row in table}
    assert "修订" in notes["四科.docx"]
    assert "转正" in notes["六科.pdf"]
    assert "隐藏行" in notes["二科.xls"] and "隐藏的工作表" in notes["二科.xls"]


def test_ingest_lists_the_files_it_skipped(office_folder: Path, tmp_path: Path) -> None:
    result = invoke(["ingest", str(office_folder), "-o", str(tmp_path / "c.jsonl")])
    assert "未读取" in result.stderr and "照片.png" in flat(result.stderr)
    assert (
        len(load_corpus(tmp_path / "c.jsonl")) == 12
    )  # 7 files of one form, 3 forms in the .txt, 2 side by side


def test_scan_files_is_typed_and_misses_nothing(office_folder: Path) -> None:
    scan = scan_files([office_folder])
    assert len(scan.files) + len(scan.skipped) == 14
    assert all(item.reason for item in scan.skipped)


# --- item 3: names that cannot be encoded -----------------------------------------------------------


def test_a_gbk_or_control_character_file_name_is_shown_escaped_never_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "解压"
    folder.mkdir()
    gbk = os.path.join(
        os.fsencode(folder), "中文申报表.xlsx".encode("gbk")
    )  # a Windows zip unpacked on Linux
    with open(gbk, "wb") as handle:
        handle.write(office.xlsx_plain())
    (folder / "表\x07\x1b[31m.docx").write_bytes(office.docx_plain())
    for suffix in (".xlsx", ".csv", ".json"):
        out = tmp_path / f"报告{suffix}"
        result = invoke(["score", str(folder), "--out", str(out), "--workers", "1"])
        assert result.exit_code == 0, result.output
        if suffix == ".xlsx":
            names = [r[0] for r in load_workbook(out)["评分"].iter_rows(min_row=2, values_only=True)]
        elif suffix == ".csv":
            with out.open(encoding="utf-8-sig") as handle:
                names = [row["文件"] for row in csv.DictReader(handle)]
        else:
            names = [row["file"] for row in json.loads(out.read_text(encoding="utf-8"))["rows"]]
        assert len(names) == 2, names
        text = "\n".join(names)
        assert "\\xd6\\xd0" in text  # the GBK bytes, escaped
        assert "\\x07" in text and "\x07" not in text and "\x1b" not in text
    result = invoke(["ingest", str(folder), "-o", str(tmp_path / "c.jsonl")])
    assert result.exit_code == 0 and len(load_corpus(tmp_path / "c.jsonl")) == 2


# --- item 5: not submissions, duplicates ------------------------------------------------------------


def test_a_previous_report_in_the_folder_is_recognised_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "申报"
    folder.mkdir()
    (folder / "表.xlsx").write_bytes(office.xlsx_plain())
    for suffix in (".xlsx", ".csv", ".json"):
        invoke(["score", str(folder), "--out", str(folder / f"上次报告{suffix}"), "--workers", "1"])
    report = score_paths([folder], workers=1)
    statuses = {Path(r.file).name: (r.status, r.error) for r in report.rows}
    for suffix in (".xlsx", ".csv", ".json"):
        status, why = statuses[f"上次报告{suffix}"]
        assert status == "skipped" and "评分报告" in (why or "")
    assert [r.score for r in report.scored] == [
        report.scored[0].score
    ]  # one sheet scored, the mean unchanged


def test_a_byte_identical_copy_is_a_duplicate_row_not_a_second_score(tmp_path: Path) -> None:
    folder = tmp_path / "申报"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(office.xlsx_plain())
    (folder / "b（副本）.xlsx").write_bytes(office.xlsx_plain())
    (folder / "c.docx").write_bytes(office.docx_plain())  # the same sheet in another format
    report = score_paths([folder], workers=1)
    by_name = {Path(r.file).name: r for r in report.rows}
    assert by_name["b（副本）.xlsx"].status == "duplicate" and "a.xlsx" in (
        by_name["b（副本）.xlsx"].error or ""
    )
    assert by_name["c.docx"].status == "ok" and any("内容完全相同" in n for n in by_name["c.docx"].notices)


def test_is_batch_report_does_not_take_a_submission_for_a_report() -> None:
    assert not is_batch_report(office.xlsx_plain(), "表.xlsx")
    assert not is_batch_report(SEED.read_bytes(), SEED.name)


# --- item 6: formula and CSV injection --------------------------------------------------------------


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "注入"
    folder.mkdir()
    sheet = sample_sheet()
    for n, name in enumerate(
        ('=HYPERLINK("http://x","点我")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1")
    ):
        hostile = sheet.model_copy(update={"project_name": name, "id": f"h{n}"})
        (folder / f"{n}.json").write_text(hostile.model_dump_json(), encoding="utf-8")
    (folder / "=cmd.json").write_text(
        sheet.model_copy(update={"id": "f"}).model_dump_json(), encoding="utf-8"
    )
    (folder / "@坏文件.txt").write_bytes(b"")
    return folder


def test_no_cell_of_an_xlsx_report_is_a_live_formula(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "报告.xlsx"
    invoke(["score", str(hostile_folder), "--out", str(out), "--workers", "1"])
    book = load_workbook(out)
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                seen += isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEADS)
    assert seen >= 6  # the hostile names are there, as text


def test_no_cell_of_a_csv_report_starts_a_formula(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "报告.csv"
    invoke(["score", str(hostile_folder), "--out", str(out), "--workers", "1"])
    with out.open(encoding="utf-8-sig") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_LEADS)]
    assert '\'=HYPERLINK("http://x","点我")' in cells  # kept, behind the quote Excel hides


# --- item 8: never over an input ---------------------------------------------------------------------


def test_score_refuses_to_write_the_report_over_a_submission(tmp_path: Path) -> None:
    path = tmp_path / "申报.xlsx"
    path.write_bytes(office.xlsx_plain())
    before = path.read_bytes()
    result = invoke(["score", str(path), "--out", str(path)])
    assert result.exit_code == 2 and "输入文件" in result.stderr
    assert path.read_bytes() == before


def test_ingest_refuses_to_write_over_an_input_or_a_non_corpus_file(tmp_path: Path) -> None:
    path = tmp_path / "申报.xlsx"
    path.write_bytes(office.xlsx_plain())
    before = path.read_bytes()
    result = invoke(["ingest", str(path), "-o", str(path)])
    assert result.exit_code == 2 and path.read_bytes() == before


def test_ingest_into_an_existing_corpus_asks_for_append_or_force(tmp_path: Path) -> None:
    corpus = tmp_path / "sheets.jsonl"
    invoke(["ingest", str(ROOT / "corpus" / "raw"), "-o", str(corpus)])
    assert len(load_corpus(corpus)) == RAW_SHEETS
    one = tmp_path / "one.xlsx"
    one.write_bytes(office.xlsx_plain())
    refused = invoke(["ingest", str(one), "-o", str(corpus)])
    assert refused.exit_code == 2 and "--append" in refused.stderr and "--force" in refused.stderr
    assert len(load_corpus(corpus)) == RAW_SHEETS
    appended = invoke(["ingest", str(one), "-o", str(corpus), "--append"])
    assert appended.exit_code == 0 and len(load_corpus(corpus)) == RAW_SHEETS + 1
    again = invoke(["ingest", str(one), "-o", str(corpus), "--append"])
    assert again.exit_code == 0 and len(load_corpus(corpus)) == RAW_SHEETS + 1  # the same sheet is not added twice
    forced = invoke(["ingest", str(one), "-o", str(corpus), "--force"])
    assert forced.exit_code == 0 and len(load_corpus(corpus)) == 1


# --- item 9: temp files, folders, full disks, concurrency, Ctrl-C -------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_output_that_is_a_folder_is_a_chinese_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "报告.xlsx"
    folder.mkdir()
    result = invoke(["score", str(SEED), "--out", str(folder)])
    assert result.exit_code == 2 and "文件夹" in result.stderr
    assert not leftovers(tmp_path) and not list(folder.iterdir())
    result = invoke(["ingest", str(SEED), "-o", str(tmp_path / "x.jsonl" / ".."), "--force"])
    assert result.exit_code == 2 and not leftovers(tmp_path)
    result = invoke(["draft", "全年培训200人次，资金10万元", "--offline", "--out", str(folder)])
    assert result.exit_code != 0 and "文件夹" in flat(result.stderr) and not leftovers(tmp_path)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (tmpfs, 64 KB) that fills up: needs root (as here and in CI)."""
    mount = tmp_path / "小盘"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_is_a_chinese_error_and_leaves_no_temp_file(full_disk: Path, tmp_path: Path) -> None:
    corpus = full_disk / "sheets.jsonl"
    result = invoke(["ingest", str(ROOT / "corpus" / "raw"), "-o", str(corpus)])
    assert result.exit_code == 1 and "磁盘空间不足" in flat(result.stderr)
    assert not corpus.exists() and not leftovers(full_disk)
    report = full_disk / "报告.json"
    result = invoke(["score", str(ROOT / "corpus" / "raw"), "--out", str(report), "--workers", "1"])
    assert "磁盘空间不足" in flat(result.stderr) and not report.exists() and not leftovers(full_disk)


def test_concurrent_runs_writing_the_same_outputs_never_collide(tmp_path: Path) -> None:
    raw = ROOT / "corpus" / "raw"
    corpus, report = tmp_path / "sheets.jsonl", tmp_path / "报告.xlsx"
    code = "from assistant.cli import main; main()"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=tmp_path,
            env=cli_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in (
            *(["ingest", str(raw), "-o", str(corpus), "--force"] for _ in range(3)),
            *(["score", str(raw), "--out", str(report), "--workers", "1"] for _ in range(3)),
        )
    ]
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (_stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert len(load_corpus(corpus)) == RAW_SHEETS
    assert len(list(load_workbook(report)["评分"].iter_rows(min_row=2))) == RAW_SHEETS
    assert not leftovers(tmp_path)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_ctrl_c_during_score_writes_the_partial_report_marked_unfinished(tmp_path: Path) -> None:
    folder = tmp_path / "很多"
    folder.mkdir()
    sheet = sample_sheet()
    for n in range(6000):
        (folder / f"{n:04d}.json").write_text(
            sheet.model_copy(update={"id": f"s{n}", "project_name": f"项目{n}"}).model_dump_json(),
            encoding="utf-8",
        )
    report = tmp_path / "报告.json"
    code = "from assistant.cli import main; main()"
    run = subprocess.Popen(
        [sys.executable, "-c", code, "score", str(folder), "--out", str(report), "--workers", "2"],
        cwd=tmp_path,
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background job inherits SIGINT ignored; the user's terminal delivers it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(children(run.pid)) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)  # until the worker pool is up: scoring has begun
    time.sleep(1.0)
    run.send_signal(signal.SIGINT)
    try:
        stdout, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:  # hung: end it rather than leave it running after the test
            run.kill()
            run.communicate()
    assert run.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["complete"] is False and 0 < data["summary"]["unfinished"] < 6000
    assert len(data["rows"]) == 6000  # the files done, and the rest as 未处理
    assert "未完成" in flat(stderr)
    assert not leftovers(tmp_path)


def test_ctrl_c_before_anything_is_written_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    import assistant.cli
    from assistant.cli import ingest_cmd

    def interrupted(path: Path) -> list:
        raise KeyboardInterrupt  # Ctrl-C while the files are being read (injected here)

    monkeypatch.setattr(ingest_cmd, "read_path", interrupted)
    out = tmp_path / "c.jsonl"
    monkeypatch.setattr(sys, "argv", ["assistant", "ingest", str(SEED), "-o", str(out)])
    with pytest.raises(SystemExit) as stopped:
        assistant.cli.main()
    assert stopped.value.code == 130
    assert "没有写入任何文件" in capsys.readouterr().err
    assert not out.exists() and not leftovers(tmp_path)


# --- the "also" list: FIFOs, devices, settings --------------------------------------------------------


def test_a_fifo_is_refused_at_once_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run_cli(["critique", str(fifo), "--json"], tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 1 and "命名管道" in result.stderr


def test_a_link_to_dev_zero_is_refused_before_reading(tmp_path: Path) -> None:
    link = tmp_path / "无穷.txt"
    link.symlink_to("/dev/zero")
    result = run_cli(["critique", str(link), "--json"], tmp_path)
    assert result.returncode == 1 and "设备文件" in result.stderr


def test_the_size_cap_counts_the_bytes_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_MAX_FILE_BYTES", "1KB")
    path = tmp_path / "大.txt"
    path.write_text("项目名称" * 1000, encoding="utf-8")
    with pytest.raises(Exception, match="文件过大"):
        read_path(path)


@pytest.mark.parametrize("value", ["20MB", "20 mb", "20971520"])
def test_a_size_with_a_unit_is_accepted(value: str, tmp_path: Path) -> None:
    result = run_cli(["rules"], tmp_path, ASSISTANT_MAX_FILE_BYTES=value)
    assert result.returncode == 0 and "R01" in result.stdout


@pytest.mark.parametrize(
    "name", ["ASSISTANT_MAX_FILE_BYTES", "ASSISTANT_LLM_TIMEOUT", "ASSISTANT_INDEX_LOCK_TIMEOUT"]
)
def test_a_malformed_setting_is_named_in_chinese_not_a_traceback(name: str, tmp_path: Path) -> None:
    result = run_cli(["rules"], tmp_path, **{name: "二十兆"})
    assert result.returncode == 2
    assert name in result.stderr and "无法识别" in result.stderr and "Traceback" not in result.stderr


def test_write_jsonl_is_atomic_under_a_unique_name(tmp_path: Path) -> None:
    target = tmp_path / "c.jsonl"
    write_jsonl([sample_sheet()], target)
    assert len(load_corpus(target)) == 1 and not leftovers(tmp_path)
