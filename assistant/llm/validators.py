"""Validators for `structured_call`: checks a schema cannot express, such as "this field is Chinese".

A validator takes the parsed model and returns a Chinese error message (sent back to the model in
the re-ask) or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from assistant.llm.structured import Validator

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def chinese_share(text: str) -> float:
    """Share of CJK characters among CJK characters and Latin letters (1.0 when there are neither)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return 1.0 if cjk + latin == 0 else cjk / (cjk + latin)


def _values_at(obj: object, parts: list[str], where: str) -> Iterator[tuple[str, object]]:
    """Follow a dotted path through models, dicts and lists (a list fans out over its items)."""
    if isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _values_at(item, parts, f"{where}[{i}]")
        return
    if not parts:
        yield where, obj
        return
    head, rest = parts[0], parts[1:]
    if isinstance(obj, BaseModel):
        if head not in type(obj).model_fields:
            raise KeyError(f"{type(obj).__name__} has no field {head!r}")
        child = getattr(obj, head)
    elif isinstance(obj, dict):
        child = obj.get(head)
    elif obj is None:
        return
    else:
        raise KeyError(f"cannot follow {head!r} into {type(obj).__name__}")
    yield from _values_at(child, rest, f"{where}.{head}" if where else head)


def require_chinese(*paths: str, min_share: float = 0.3) -> Validator:
    """Fields at `paths` (dotted, lists fan out: "indicators.name") must be written in Chinese.

    A non-empty text fails when it has no CJK character, or when CJK characters are less than
    `min_share` of its letters (so "PM2.5浓度" and "APP下载量" pass, "Number of trainees" fails).
    Texts with no letters at all ("≥95%", "2025") pass. An unknown field is a programming error.
    """
    if not paths:
        raise ValueError("require_chinese needs at least one field path")

    def check(value: BaseModel) -> str | None:
        bad = []
        for path in paths:
            for where, text in _values_at(value, path.split("."), ""):
                if not isinstance(text, str) or not text.strip():
                    continue
                letters = _CJK.search(text) or _LATIN.search(text)
                if letters and (not _CJK.search(text) or chinese_share(text) < min_share):
                    bad.append(f"{where}（{text[:40]}）")
        if bad:
            return "以下字段必须使用中文填写：" + "、".join(bad[:8])
        return None

    return check
