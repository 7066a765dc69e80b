"""Quirks of published pages applied to a rendered text (the ones that live in the form itself —
header aliases, extra columns, glued weights, template placeholders — are `Style` options).

- chrome: a disclosure page's furniture before the sheet (an index block, a notice letter naming an
  attachment) and after it (a signature line, page widgets);
- broken-labels: category labels printed one or two characters per line (one cell per line only);
- truncated: the stored copy ends inside the last form's indicator table, in the middle of a row's
  name; what was written is then only the rows before it.

All the text here is made up for the generator; none of it comes from a dev-set page.
"""

from __future__ import annotations

import dataclasses
import random

from assistant import taxonomy as tx
from evals.layouts.written import WrittenSheet

_NOTICES = (
    "关于下达{year}年度项目支出预算及绩效目标的通知",
    "关于批复{year}年度部门项目绩效目标的函",
    "{year}年项目支出绩效目标公开",
)
_LETTER = (
    "各有关单位：根据预算绩效管理工作要求，现将{year}年度项目支出绩效目标予以下达（公开），"
    "请严格按照批复的绩效目标组织实施，加强绩效运行监控，年度结束后及时开展绩效自评。"
)
_AFTER = (
    ("填报人：", "联系电话："),
    ("单位负责人：", "填报日期：    年  月  日"),
    ("扫一扫在手机打开当前页",),
    ("打印本页", "关闭窗口"),
)


def chrome(text: str, year: int | None, rng: random.Random) -> str:
    """The sheet as a disclosure page shows it: an index block and a notice before, widgets after."""
    year_text = str(year or 2024)
    head = [
        f"索引号：{rng.randint(10**9, 10**10 - 1)}/{year_text}-{rng.randint(1, 999):05d}",
        f"发布日期：{year_text}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}　　浏览次数：{rng.randint(10, 9999)}",
        rng.choice(_NOTICES).format(year=year_text),
        _LETTER.format(year=year_text),
        f"附件：{year_text}年度项目支出绩效目标表",
        "",
    ]
    tail = ["", *rng.choice(_AFTER)]
    return "\n".join([*head, text.rstrip("\n"), *tail]) + "\n"


def broken_labels(text: str, rng: random.Random) -> str:
    """Category labels on lines of their own broken into pieces of one or two characters."""
    out = []
    for line in text.split("\n"):
        if line.strip() and tx.is_category_label(line.strip()) and rng.random() < 0.5:
            word = line.strip()
            pieces, k = [], 0
            while k < len(word):
                size = rng.choice([1, 1, 2])
                pieces.append(word[k : k + size])
                k += size
            out.extend(pieces)
        else:
            out.append(line)
    return "\n".join(out)


def truncated(text: str, forms: list[WrittenSheet], rng: random.Random) -> tuple[str, list[WrittenSheet]]:
    """The text cut inside the name of a row of the last form (not its first row); the forms as far
    as they were written before the cut."""
    last = forms[-1]
    rows = last.rows
    if len(rows) < 2:
        return text, forms
    k = rng.randint(1, len(rows) - 1)
    # Walk the last form's rows in order, so that a name printed again later (in a description, in
    # another row) is not taken for the cut row's.
    cursor = max(text.rfind("一级指标"), 0)
    for row in rows[:k]:
        at = text.find(row.name, cursor)
        if at < 0:
            return text, forms
        cursor = at + len(row.name)
    name = rows[k].name
    half = max(1, len(name) // 2)
    anchor = text.find(name[:half], cursor)
    if anchor < 0 or len(name[:half]) < 2:
        return text, forms
    kept_rows = rows[:k]
    blocks = []
    remaining = len(kept_rows)
    for block in last.blocks:
        groups = []
        for group in block.groups:
            take = group.rows[: max(0, remaining)]
            remaining -= len(take)
            if take:
                groups.append(dataclasses.replace(group, rows=take))
        if groups:
            blocks.append(dataclasses.replace(block, groups=groups))
    cut_form = dataclasses.replace(last, blocks=blocks)
    return text[: anchor + half], [*forms[:-1], cut_form]


QUIRKS = ("chrome", "broken-labels", "truncated")
