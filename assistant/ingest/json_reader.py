"""Our own Sheet JSON: one Sheet object, a list of them, or JSON Lines (the corpus format)."""

from __future__ import annotations

import json

from pydantic import ValidationError

from assistant.ingest.errors import IngestError
from assistant.schema import Sheet


def looks_like_sheet_json(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith(("{", "[")) and '"project_name"' in head


def read_sheet_json(text: str, source: str) -> list[Sheet]:
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            items = json.loads(stripped)
        elif "\n" in stripped and stripped.startswith("{") and not _single_object(stripped):
            items = [json.loads(line) for line in stripped.splitlines() if line.strip()]
        else:
            items = [json.loads(stripped)]
    except json.JSONDecodeError as exc:
        raise IngestError(source, f"JSON 格式错误（第 {exc.lineno} 行）：{exc.msg}") from None
    except RecursionError:  # thousands of nested brackets: no sheet looks like that
        raise IngestError(source, "JSON 嵌套层数过深，不是绩效目标表") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise IngestError(source, "JSON 内容不是绩效目标表对象或对象列表")
    sheets = []
    for position, item in enumerate(items, start=1):
        try:
            sheet = Sheet.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise IngestError(
                source, f"第 {position} 张表字段不符合格式：{where}（{first['msg']}）"
            ) from None
        if sheet.source_file is None:
            sheet.source_file = source
            sheet.source_index = position
        sheets.append(sheet)
    return sheets


def _single_object(text: str) -> bool:
    try:
        json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True
