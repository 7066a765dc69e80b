"""`assistant critique FILE...` (a scored critique per sheet) and `assistant rules` (the rule table)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from assistant.cli.app import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, app, console, err_console
from assistant.critique import critique_sheet, default_hints, rule_table
from assistant.critique.hints import CorpusHints
from assistant.critique.history import PreviousSheets
from assistant.ingest.file_safety import shown_name
from assistant.schema import FIELD_LABELS, SEVERITY_LABELS, Critique, Dimension, Severity, Sheet

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SEVERITY_LABEL = {s: (SEVERITY_LABELS[s], style) for s, style in _SEVERITY_STYLE.items()}
GRADE_STYLE = {"优": "bold green", "良": "green", "中": "yellow", "差": "bold red"}


@app.command("critique")
def critique(
    files: Annotated[list[Path], typer.Argument(help="要审核的绩效目标表文件（可多个）")],
    as_json: Annotated[
        bool, typer.Option("--json", help="输出 JSON（Critique 模型；多张表时为列表）")
    ] = False,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="语料库 JSONL，用于给出参考数值（默认 corpus/sheets.jsonl，如存在）"),
    ] = None,
    llm: Annotated[
        bool, typer.Option("--llm", help="加上大模型语义审核（需配置 ASSISTANT_LLM_BASE_URL 等）")
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="上年的绩效目标表：比较目标是否下调、指标是否删去、是否照抄、资金变化与产出是否相称"
            "（不给时在语料库中找同一单位同一项目的上年表）",
        ),
    ] = None,
) -> None:
    """逐条审核绩效目标表：评分、等级、审核清单、各维度得分，以及每个问题的改写建议。"""
    from assistant.config import llm_settings
    from assistant.ingest import IngestError, read_path

    hints = _hints(corpus)
    last_year = _previous_sheets(previous)
    settings = llm_settings()
    if llm and not settings.configured:
        err_console.print(
            "[yellow]未配置大模型（ASSISTANT_LLM_BASE_URL / ASSISTANT_LLM_MODEL），仅做规则审核。[/yellow]"
        )
        llm = False
    if llm:
        from assistant.critique.llm_critic import with_llm
        from assistant.llm.redact import install_log_redaction

        install_log_redaction()
    results: list[tuple[Sheet, Critique]] = []
    failed = 0
    for path in files:
        try:
            sheets = read_path(path)
        except IngestError as exc:
            _cannot(path, "无法读取", exc.reason)
            failed += 1
            continue
        except OSError as exc:
            _cannot(path, "无法读取", str(exc.strerror or exc))
            failed += 1
            continue
        except Exception as exc:  # a reader bug must not end the run with a traceback
            _cannot(path, "无法读取", f"读取时出错（{type(exc).__name__}）")
            failed += 1
            continue
        for sheet in sheets:
            try:
                result = critique_sheet(
                    sheet, hints=hints, previous=last_year.previous_of(sheet) if last_year else None
                )
                if llm:
                    result = with_llm(sheet, result, settings)
            except Exception as exc:  # one sheet that breaks the critic must not lose the others
                _cannot(path, f"无法审核「{sheet.project_name}」", f"审核时出错（{type(exc).__name__}）")
                failed += 1
                continue
            results.append((sheet, result))
            if not as_json:
                console.print(render_critique(sheet, result))
    if as_json:
        payload = [c.model_dump(mode="json") for _, c in results]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _previous_sheets(path: Path | None) -> PreviousSheets | None:
    """Last year's sheets from --previous; a file that cannot be read ends the command with exit 2."""
    if path is None:
        return None
    from assistant.ingest import IngestError, read_path

    try:
        sheets = read_path(path)
    except (IngestError, OSError) as exc:
        reason = exc.reason if isinstance(exc, IngestError) else str(exc.strerror or exc)
        _cannot(path, "无法读取上年表", reason)
        raise typer.Exit(EXIT_USAGE) from None
    if len(sheets) == 1:
        # One sheet given as last year's: compare with it whatever its name or year says.
        return PreviousSheets(sheets, always=sheets[0])
    return PreviousSheets(sheets)


def _cannot(path: Path, what: str, reason: str) -> None:
    # File names and reasons are data, not rich markup: "[表1].xlsx" must print as it is.
    err_console.print(f"[red]{what}[/red] {escape(shown_name(path))}：{escape(reason)}", soft_wrap=True)


def _hints(corpus: Path | None) -> CorpusHints | None:
    if corpus is None:
        return default_hints()
    hints = default_hints(corpus)
    if hints is None:
        err_console.print(f"[yellow]语料库 {escape(str(corpus))} 不可用，改写建议中的数值将留空。[/yellow]")
    return hints


def render_critique(sheet: Sheet, result: Critique) -> Panel:
    """A readable report: score and grade, sub-scores, then findings grouped by dimension."""
    head = Table.grid(padding=(0, 2))
    head.add_column(justify="right", style="bold")
    head.add_column()
    grade_style = GRADE_STYLE.get(result.grade, "")
    head.add_row("总分", Text(f"{result.score:.1f}  {result.grade}", style=grade_style))
    for dimension in Dimension:
        score = result.sub_scores.get(dimension)
        if score is not None:
            head.add_row(dimension.value, f"{score:.1f}")
    counts = {s: sum(f.severity is s for f in result.findings) for s in Severity}
    head.add_row("问题", "  ".join(f"{SEVERITY_LABEL[s][0]} {n}" for s, n in counts.items()))
    if sheet.source_file:
        head.add_row(
            "来源", f"{sheet.source_file}" + (f" 第{sheet.source_index}张" if sheet.source_index else "")
        )

    parts: list = [head, _checklist_table(sheet, result)]
    for dimension in Dimension:
        findings = [f for f in result.findings if f.dimension is dimension]
        if not findings:
            continue
        parts.append(Text(f"\n{dimension.value}（{len(findings)}）", style="bold underline"))
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for finding in sorted(findings, key=lambda f: (order[f.severity], f.indicator_index or -1, f.code)):
            label, style = SEVERITY_LABEL[finding.severity]
            line = Text()
            line.append(f"[{label}] ", style=style)
            line.append(f"{finding.code}{'（大模型）' if finding.source == 'llm' else ''} ", style="bold")
            line.append(f"{_where(sheet, finding.indicator_index, finding.field)}：", style="dim")
            line.append(finding.message)
            parts.append(line)
            if finding.suggestion:
                s = finding.suggestion
                fix = Text("      建议：", style="green")
                fix.append(s.text)
                rewrite = " ".join(x for x in (s.level2 and f"[{s.level2}]", s.name, s.value) if x)
                if rewrite and s.action in ("rewrite", "move", "add", "fill"):
                    fix.append(f"\n      改写：{rewrite}", style="bold green")
                parts.append(fix)
    for notice in result.notices:
        parts.append(Text(f"\n注：{notice}", style="dim"))
    return Panel(Group(*parts), title=f"[bold]{result.project_name}[/bold]", title_align="left", expand=True)


def _checklist_table(sheet: Sheet, result: Critique) -> Table:
    """The reviewer's checklist: per check passed or not, its grade and the rows that fail it."""
    view = Table(title="审核清单", title_justify="left", show_lines=False, expand=True)
    view.add_column("检查项", style="bold", no_wrap=True)
    view.add_column("结果", no_wrap=True)
    view.add_column("等级", no_wrap=True)
    view.add_column("未通过的指标 / 问题", ratio=1)
    for check in result.checklist:
        verdict = Text("通过", style="green") if check.passed else Text("未通过", style="bold red")
        rows = [
            f"第{i + 1}行 {name}"
            for i, name in zip(check.failing_indicators, check.failing_names, strict=True)
        ]
        listed = "；".join([*rows[:6], *check.sheet_problems[:2]])
        if len(rows) > 6:
            listed += f" 等 {len(rows)} 行"
        view.add_row(
            check.check, verdict, Text(check.grade, style=GRADE_STYLE.get(check.grade, "")), escape(listed)
        )
    return view


def _where(sheet: Sheet, index: int | None, field: str | None) -> str:
    if index is not None and 0 <= index < len(sheet.indicators):
        indicator = sheet.indicators[index]
        return f"第{index + 1}行 {indicator.level2.strip()}/{indicator.name.strip()[:24]}"
    return FIELD_LABELS.get(field or "", "整表")


@app.command("rules")
def rules(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """列出审核规则：代码、严重程度、维度、检查内容、是否执行。"""
    table = rule_table()
    if as_json:
        payload = [
            {
                "code": r.code,
                "severity": r.severity.value,
                "dimension": r.dimension.value,
                "title": r.title,
                "status": r.status,
                "reference": r.reference,
            }
            for r in table
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    view = Table(title="审核规则（STANDARD.md §2.2）", show_lines=False)
    view.add_column("代码", style="bold", no_wrap=True)
    view.add_column("严重程度", no_wrap=True)
    view.add_column("维度", no_wrap=True)
    view.add_column("检查内容", ratio=3)
    view.add_column("状态", ratio=2)
    for r in table:
        label, style = SEVERITY_LABEL[r.severity]
        status_style = "yellow" if r.condition else "green"
        view.add_row(
            r.code, Text(label, style=style), r.dimension.value, r.title, Text(r.status, style=status_style)
        )
    console.print(view)
