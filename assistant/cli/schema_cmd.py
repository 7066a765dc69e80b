"""`assistant schema`: print the JSON Schema of the public models."""

from __future__ import annotations

import json

import typer

from assistant.cli.app import app
from assistant.schema import PUBLIC_MODELS


@app.command("schema")
def schema(
    model: str = typer.Argument("all", help="模型名（Sheet、Critique、DraftRequest、Draft）或 all"),
) -> None:
    """打印公共数据模型的 JSON Schema。"""
    by_name = {m.__name__: m for m in PUBLIC_MODELS}
    if model != "all" and model not in by_name:
        raise typer.BadParameter(f"未知模型 {model}，可选：{', '.join(by_name)}")
    chosen = by_name.values() if model == "all" else [by_name[model]]
    schemas = {m.__name__: m.model_json_schema() for m in chosen}
    payload = schemas if model == "all" else schemas[model]
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
