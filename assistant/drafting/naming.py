"""Project name and core activity from a description, when the drafter did not give them."""

from __future__ import annotations

import re

from assistant.drafting.vocabulary import ADMIN_AREAS, DELIVERY, PLANNING, REGION, TIME_FRAME, words

# "本项目为X", "项目名称：X", or a description that starts with the name ("X项目，……").
_NAME_IN_TEXT = re.compile(
    r"^(?:本项目|该项目|项目名称|项目)\s*(?:[:：]|为|是|系)\s*([^，。,；;\n“”\"]{2,40})"
    r"|^([^，。,；;：:\n“”\"]{2,30}?(?:项目|经费|工程|补贴|补助|专项资金|专项))(?:[，,。；;：:（(]|$)"
)
_NOT_A_NAME = re.compile(r"^(项目)?(资金|经费|预算|总投资|金额)")
_FRAMING = re.compile(
    rf"^(本项目|该项目|项目)?(主要)?(用于|计划|拟|将|为|对|向|在)?({words(TIME_FRAME)})?({words(PLANNING)})?"
    rf"({REGION})?(内|范围内)?({words(DELIVERY)})?"
)
_NUMBERS = re.compile(r"[\d,.]+\s*[个名家所部台套件场次项人户处条篇]?")
_SUFFIXES = re.compile(
    r"(专项工作经费|工作专项经费|业务工作经费|工作经费|业务经费|专项经费|专项资金|运行维护费|运维经费|运维费"
    r"|项目经费|补助经费|补贴经费|经费|资金|项目|工程|补贴|补助|费用|费)$"
)
_REGION = re.compile(rf"^(全?[{ADMIN_AREAS}]|本[{ADMIN_AREAS}]|本单位|本局|{REGION})")


def project_name_from(description: str) -> str:
    """ "本项目为区人民调解工作经费，…" → "区人民调解工作经费"; else the first clause's activity + 项目."""
    first = re.split(r"[。；;\n]", description.strip(), maxsplit=1)[0].strip()
    match = _NAME_IN_TEXT.search(first)
    if match:
        name = (match.group(1) or match.group(2)).strip()
        if not _NOT_A_NAME.match(name):
            return name
    clause = re.split(r"[，,]", first, maxsplit=1)[0].strip()
    activity = _NUMBERS.sub("", _FRAMING.sub("", clause)).strip()
    if len(activity) < 2:
        return "新建项目"
    return activity[:24] if re.search(r"(项目|经费|工程)$", activity) else f"{activity[:22]}项目"


_YEAR = re.compile(r"(20\d{2})\s*年")


def year_from(description: str) -> int | None:
    """The budget year a description names ("2025年度…", "2025年计划…"), if any."""
    match = _YEAR.search(description)
    return int(match.group(1)) if match else None


def core_activity(project_name: str) -> str:
    """ "区人民调解工作经费" → "人民调解": the activity a project's defaults are phrased around."""
    core = project_name.strip()
    core = re.sub(r"[（(][^）)]*[）)]", "", core)
    core = re.sub(r"^\d{4}年(度)?", "", core)
    for _ in range(3):
        stripped = _SUFFIXES.sub("", core)
        if stripped == core:
            break
        core = stripped
    core = _REGION.sub("", core)
    return core[:12] or project_name[:12]
