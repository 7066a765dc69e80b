"""`assistant index` and `assistant search` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus import write_jsonl
from assistant.retrieval.index import RetrievalIndex
from assistant.schema import Sheet

runner = CliRunner()


def test_search_prints_json_hits_filtered_by_level2(seed_index: RetrievalIndex) -> None:
    result = runner.invoke(
        app, ["search", "法律援助", "--store", str(seed_index.path), "--level2", "时效", "-k", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert 0 < len(hits) <= 5
    assert {hit["indicator"]["level2"] for hit in hits} == {"时效指标"}


def test_search_prints_a_table_by_default(seed_index: RetrievalIndex) -> None:
    result = runner.invoke(app, ["search", "社区矫正", "--store", str(seed_index.path), "-k", "3"])
    assert result.exit_code == 0, result.output
    assert "三级指标" in result.stdout


def test_an_unknown_level2_is_refused_in_chinese(seed_index: RetrievalIndex) -> None:
    result = runner.invoke(
        app, ["search", "社区矫正", "--store", str(seed_index.path), "--level2", "速度指标"]
    )
    assert result.exit_code != 0
    assert "未知的二级指标" in result.stderr


def test_index_reads_jsonl_and_reports_counts(tmp_path: Path, seed_sheets: list[Sheet]) -> None:
    corpus = tmp_path / "few.jsonl"
    write_jsonl(seed_sheets[:2], corpus)
    store = tmp_path / "chroma"
    first = runner.invoke(app, ["index", str(corpus), "--store", str(store), "-q", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["sheets_added"] == 2
    again = runner.invoke(app, ["index", str(corpus), "--store", str(store), "-q", "--json"])
    report = json.loads(again.stdout)
    assert report["sheets_added"] == 0 and report["duplicates_skipped"] == 2


def test_a_bad_line_is_named_and_the_good_files_are_still_indexed(
    tmp_path: Path, seed_sheets: list[Sheet]
) -> None:
    good = tmp_path / "good.jsonl"
    write_jsonl(seed_sheets[:1], good)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(seed_sheets[1].model_dump_json() + "\n" + '{"project_name": 5}\n', encoding="utf-8")
    store = tmp_path / "chroma"
    result = runner.invoke(
        app, ["index", str(good), str(bad), str(tmp_path / "missing.jsonl"), "--store", str(store), "-q"]
    )
    assert result.exit_code == 1
    assert "bad.jsonl" in result.stderr and "第 2 行" in result.stderr
    assert "missing.jsonl" in result.stderr and "不存在" in result.stderr
    assert "Traceback" not in result.output
    assert RetrievalIndex.open(store, progress=False).counts()[0] == 1


def test_search_builds_the_corpus_index_on_first_use_and_reuses_it(
    tmp_path: Path, seed_sheets: list[Sheet], monkeypatch
) -> None:
    corpus = tmp_path / "sheets.jsonl"
    write_jsonl(seed_sheets[:3], corpus)
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    store = tmp_path / "chroma"
    first = runner.invoke(app, ["search", "法律顾问", "--store", str(store), "--json"])
    assert first.exit_code == 0, first.output
    assert "首次使用" in first.stderr
    second = runner.invoke(app, ["search", "法律顾问", "--store", str(store), "--json"])
    assert second.exit_code == 0
    assert "首次使用" not in second.stderr and "检索索引已更新" not in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_search_without_corpus_or_index_explains_what_to_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS", str(tmp_path / "none.jsonl"))
    result = runner.invoke(app, ["search", "法律顾问", "--store", str(tmp_path / "chroma")])
    assert result.exit_code == 1
    assert "assistant ingest" in result.stderr
