"""`assistant index` and `assistant search`: build the retrieval index and query it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    app,
    console,
    err_console,
)
from assistant.config import corpus_path
from assistant.corpus import CorpusMissingError
from assistant.ingest import IngestError
from assistant.retrieval.models import Method
from assistant.taxonomy import LEVEL2, level2_of

STORE_HELP = "检索库目录（默认：数据目录下的 chroma/，可用 ASSISTANT_DATA_DIR 指定数据目录）"


def _fail(message: str, code: int = EXIT_SOME_FAILED) -> typer.Exit:
    err_console.print(f"[red]错误：[/red]{message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _waiting(message: str) -> None:
    err_console.print(f"[yellow]{escape(message)}[/yellow]", highlight=False, soft_wrap=True)


def _looks_like_store(path: Path) -> bool:
    return (path / "chroma.sqlite3").exists() or (path / "lexical").exists()


def _clear_shared_store(store_path: Path) -> None:
    """Empty the shared store's collections, whatever embedding built them."""
    from assistant.config import chroma_server
    from assistant.retrieval.embeddings import embedding_from_settings
    from assistant.retrieval.store import VectorStore

    VectorStore(store_path, embedding_from_settings(), chroma_server()).recreate()


@app.command("index")
def index_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="要加入检索库的 JSONL 语料或表格文件/文件夹；省略则使用语料库")
    ] = None,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    rebuild: bool = typer.Option(False, "--rebuild", help="清空检索库后重建"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度条"),
) -> None:
    """建立或更新检索库（增量：只向量化新增的表，内容相同的表不会重复加入）。"""
    from assistant.retrieval.api import forget_open_indexes, sync_corpus
    from assistant.retrieval.embeddings import EmbeddingError
    from assistant.retrieval.index import RetrievalIndex, resolve_store
    from assistant.retrieval.lock import IndexBusy, write_lock
    from assistant.retrieval.sources import read_sources
    from assistant.retrieval.store import StoreError

    store_path, server = resolve_store(store)
    errors: list[str] = []
    try:
        if rebuild and server is None and store_path.exists():
            if not _looks_like_store(store_path):
                raise _fail(f"{store_path} 不像检索库目录，拒绝清空", EXIT_USAGE)
            with write_lock(store_path, notify=_waiting):  # never under another process's feet
                shutil.rmtree(store_path)
            forget_open_indexes()
        if rebuild and server is not None:  # a shared store: its collections are emptied on the server
            with write_lock(store_path, notify=_waiting):
                shutil.rmtree(store_path, ignore_errors=True)
            forget_open_indexes()
            _clear_shared_store(store_path)
        index = RetrievalIndex.open(store, progress=not quiet, notify=_waiting)
        if paths:
            read = read_sources(paths)
            errors = read.errors
            for message in errors:
                err_console.print(f"[red]错误：[/red]{message}", highlight=False, soft_wrap=True)
            report = index.add_sheets(read.sheets, progress=not quiet)
        else:
            corpus = corpus_path()
            synced = sync_corpus(index, corpus, progress=not quiet, force=True)
            assert synced is not None  # force=True always syncs
            report = synced
    except (CorpusMissingError, IngestError, EmbeddingError, IndexBusy, StoreError) as exc:
        raise _fail(escape(str(exc))) from None
    except OSError as exc:  # the store's folder cannot be written (permissions, a full disk)
        raise _fail(escape(f"无法写入检索库 {store_path}（{exc.strerror or exc}）")) from None
    except KeyboardInterrupt:
        raise _fail(
            "已中断：已写入的部分保留在检索库中，下次检索时会自动补全（也可重新运行 assistant index）",
            EXIT_INTERRUPTED,
        ) from None
    assert report is not None
    if as_json:
        typer.echo(json.dumps({**report.model_dump(), "errors": errors}, ensure_ascii=False, indent=2))
    else:
        console.print(
            f"检索库 {escape(index.store.describe())}：新增 {report.sheets_added} 张表（{report.indicators_added} 条指标），"
            f"替换 {report.sheets_replaced} 张，跳过重复 {report.duplicates_skipped} 张；"
            f"共 {report.sheets_total} 张表、{report.indicators_total} 条指标。用时 {report.seconds:.1f} 秒。",
            highlight=False,
        )
    raise typer.Exit(EXIT_SOME_FAILED if errors else EXIT_OK)


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help="查询：项目名称、目标描述或指标名称"),
    level2: str = typer.Option(None, "--level2", help="只看某个二级指标，如 时效指标"),
    measurable: bool = typer.Option(False, "--measurable", help="只看指标值可衡量的指标"),
    year: int = typer.Option(None, "--year", help="只看某个预算年度"),
    k: int = typer.Option(20, "-k", "--top", min=1, max=500, help="返回条数"),
    method: str = typer.Option("hybrid", "--method", help="hybrid（默认）、lexical 或 dense"),
    all_names: bool = typer.Option(False, "--all", help="保留同名指标（默认同名只显示一次）"),
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
) -> None:
    """在历年绩效目标表中检索相关指标（混合检索：字符 n-gram BM25 + 向量）。"""
    from assistant.retrieval.api import get_index
    from assistant.retrieval.embeddings import EmbeddingError
    from assistant.retrieval.lock import IndexBusy
    from assistant.retrieval.models import SearchFilters
    from assistant.retrieval.store import REBUILD, StoreError

    methods: dict[str, tuple[Method, ...]] = {
        "hybrid": ("lexical", "dense"),
        "lexical": ("lexical",),
        "dense": ("dense",),
    }
    if method not in methods:
        raise _fail(f"未知的检索方式 {method}，可选：hybrid、lexical、dense", EXIT_USAGE)
    canonical_level2 = None
    if level2:
        canonical_level2 = level2_of(level2)
        if canonical_level2 is None:
            raise _fail(f"未知的二级指标 {level2}，可选：{'、'.join(LEVEL2)}", EXIT_USAGE)
    if not query.strip():
        raise _fail("查询内容为空", EXIT_USAGE)
    try:
        index = get_index(store, progress=True)
        if index.counts()[0] == 0:
            raise _fail(f"检索库为空，无法检索：请先运行 assistant index（或 {REBUILD}）")
        hits = index.search(
            query,
            k=k,
            filters=SearchFilters(level2=canonical_level2, measurable_only=measurable, year=year),
            methods=methods[method],
            distinct=not all_names,
        )
    except (CorpusMissingError, IngestError, EmbeddingError, IndexBusy, StoreError) as exc:
        raise _fail(escape(str(exc))) from None
    if as_json:
        typer.echo(json.dumps([hit.model_dump(mode="json") for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        console.print("没有找到符合条件的指标。")
        return
    table = Table(title=f"与“{query[:30]}”相关的历年指标", show_lines=False)
    for column in ("#", "三级指标", "指标值", "二级指标", "来源项目", "年度", "方法"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        name = hit.indicator.name + (f"（另有 {hit.same_name_hits} 处同名）" if hit.same_name_hits else "")
        table.add_row(
            str(rank),
            name,
            hit.indicator.value.raw,
            hit.indicator.level2,
            hit.project_name,
            str(hit.year or ""),
            "+".join({"lexical": "字面", "dense": "语义"}[m] for m in hit.methods),
        )
    console.print(table)
