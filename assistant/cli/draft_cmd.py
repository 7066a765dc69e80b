"""`assistant draft "描述…" [--name --funds --year] --out draft.json|.xlsx|.docx|.md`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from assistant.cli.app import EXIT_USAGE, app, console, err_console, said_if_interrupted
from assistant.schema import Draft, DraftRequest, ValueBasis

BASIS_LABEL = {
    ValueBasis.DESCRIPTION: "取自描述",
    ValueBasis.SIMILAR: "参照相似项目",
    ValueBasis.FUNDS: "由资金测算",
    ValueBasis.DEFAULT: "标准默认值",
    ValueBasis.USER: "用户修改",
    ValueBasis.LLM: "大模型起草",
}


def basis_text(draft: Draft, index: int) -> str:
    """The 依据 of one drafted row, in plain Chinese."""
    provenance = draft.sheet.indicators[index].provenance
    if provenance is None or provenance.basis is None:
        return ""
    text = BASIS_LABEL[provenance.basis]
    if provenance.basis is ValueBasis.SIMILAR and provenance.project_name:
        text = f"参照：{provenance.project_name}"
    if provenance.needs_confirmation:
        text += "（请确认）"
    return text


def render_draft(draft: Draft) -> Table:
    sheet = draft.sheet
    title = f"{sheet.project_name}（{sheet.year}年度）"
    if draft.critique:
        title += f"  审核得分 {draft.critique.score:.1f} {draft.critique.grade}"
    table = Table(title=escape(title), show_lines=False)
    for column in ("一级指标", "二级指标", "三级指标", "指标值", "依据"):
        table.add_column(column, overflow="fold")
    for index, indicator in enumerate(sheet.indicators):
        table.add_row(
            indicator.level1,
            indicator.level2,
            escape(indicator.name),
            escape(indicator.value.raw),
            escape(basis_text(draft, index)),
        )
    return table


OPTION_LABEL = {
    "description": "项目描述",
    "project_name": "项目名称",
    "funds": "年度资金",
    "year": "预算年度",
}


def _invalid(exc: ValidationError) -> str:
    """The first problem with the arguments, in Chinese (pydantic's own messages are English)."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    label = OPTION_LABEL.get(field, field)
    if error["type"] == "string_too_long":
        return f"{label}太长（上限 {error['ctx']['max_length']} 字），请精简后再试。"
    if error["type"] == "string_unicode":
        return f"{label}中有无法识别的字符（可能来自复制的乱码），请删去后重试。"
    return f"{label}的值不符合要求（{error['msg']}）"


@app.command("draft")
def draft_command(
    description: Annotated[str, typer.Argument(help="项目描述：做什么、为谁、多少钱、关键数字")],
    name: Annotated[str | None, typer.Option("--name", help="项目名称")] = None,
    funds: Annotated[float | None, typer.Option("--funds", help="年度资金（元）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="预算年度")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="实施单位")] = None,
    department: Annotated[str | None, typer.Option("--department", help="主管部门")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="导出文件：.json / .xlsx / .docx / .md")
    ] = None,
    offline: Annotated[bool, typer.Option("--offline", help="即使配置了大模型也只用离线草拟")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="在终端输出 Draft JSON")] = False,
) -> None:
    """根据项目描述草拟完整、可衡量的绩效指标表，并给出每条指标的依据。"""
    from assistant.drafting import draft
    from assistant.export import FORMATS, write_sheets

    if not description.strip():
        err_console.print("[red]项目描述为空[/red]：请用几句话说明项目做什么、为谁、多少钱、关键数字。")
        raise typer.Exit(EXIT_USAGE)
    if out is not None and out.suffix.lower() not in FORMATS:
        err_console.print(f"[red]不支持的导出格式 {escape(out.suffix)}[/red]（支持：{'、'.join(FORMATS)}）")
        raise typer.Exit(EXIT_USAGE)
    try:
        request = DraftRequest(
            description=description,
            project_name=name,
            funds=funds,
            year=year,
            implementing_unit=unit,
            department=department,
        )
    except ValidationError as exc:
        err_console.print(f"[red]参数不正确[/red]：{escape(_invalid(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    if not offline:
        from assistant.llm.redact import install_log_redaction

        install_log_redaction()
    with said_if_interrupted():  # Ctrl-C: said plainly, nothing written (the export is atomic, at the end)
        try:
            result = draft(request, backend="offline" if offline else "auto")
        except Exception as exc:  # a drafter bug: a Chinese message and exit 1, never a traceback
            err_console.print(f"[red]草拟时出错[/red]（{escape(type(exc).__name__)}），请换个说法或稍后重试。")
            raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        console.print(render_draft(result))
        console.print(f"[bold]年度目标[/bold]：{escape(result.sheet.annual_goal or '')}")
    for notice in result.notices:
        err_console.print(f"[dim]注：{escape(notice)}[/dim]")
    if out is not None:
        with said_if_interrupted():
            try:
                written = write_sheets([result.sheet], out)
            except OSError as exc:
                err_console.print(f"[red]无法写入 {escape(str(out))}[/red]：{escape(str(exc.strerror or exc))}")
                raise typer.Exit(1) from None
            except Exception as exc:  # an exporter bug: the draft above is still shown
                err_console.print(f"[red]导出 {escape(str(out))} 失败[/red]（{escape(type(exc).__name__)}）")
                raise typer.Exit(1) from None
            err_console.print(f"已导出到 {escape(str(written))}")
