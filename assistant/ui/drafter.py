"""编制助手 (drafter chat): handlers that turn a chat message or a table edit into a new view.

The drafting itself is `assistant.drafting.draft` / `refine`; this module keeps the per-session
conversation, reads edits made directly in the table back into the sheet (keeping the provenance
of untouched rows), re-critiques after every change and writes the download files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from assistant import taxonomy as tx
from assistant.critique import critique_sheet, default_hints
from assistant.drafting import draft, edit, redraft, revise
from assistant.drafting.edits import insert_at
from assistant.schema import (
    Critique,
    Draft,
    DraftRequest,
    Sheet,
    ValueBasis,
)
from assistant.ui.chat import (
    FACTS_QUESTION,
    Pending,
    is_no,
    is_yes,
    lacks_project_facts,
    new_project_question,
    not_understood_reply,
    other_project,
    proposal_reply,
    proposed_rows,
    wants_new_sheet,
    wants_redraft,
)
from assistant.ui.downloads import SHEET_SUFFIXES, export_files, session_dir
from assistant.ui.format import (
    Notice,
    categories_line,
    draft_rows,
    findings_summary_html,
    notices_html,
    score_card_html,
    score_text,
    sheet_header_html,
)
from assistant.ui.tables import sheet_from_rows
from assistant.values import money_label, normalize_text

log = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 20000
LEVEL1_ORDER = (tx.OUTPUT, tx.BENEFIT, tx.SATISFACTION, tx.COST)
FOLLOW_UP_HINT = (
    "可以接着说“删除第3行”“把第2行的指标值改为≥224次”“满意度改为≥95%”“把第5行移到质量指标”"
    "“增加一个关于……的数量指标”，也可以直接改右侧表格（左侧是行号）。"
)
EMPTY_HINT = "请先用一两句话描述项目：做什么、服务谁、数量多少、资金多少。"


@dataclass
class ProjectInfo:
    """The optional fields beside the chat; blank ones are left to the drafter."""

    project_name: str = ""
    year: int | None = None
    funds_wan: float | None = None  # 年度资金, 万元 (what budget staff write)
    implementing_unit: str = ""


MIN_YEAR, MAX_YEAR = 2000, 2100
_YEAR_TEXT = re.compile(r"^(\d{4})\s*年?度?$")
_WAN_TEXT = re.compile(r"^(\d+(?:\.\d+)?)\s*(万元|万)?$")


def parse_info(
    name: object = "", year: object = None, funds: object = None, unit: object = ""
) -> tuple[ProjectInfo, list[Notice]]:
    """The panel's fields as typed (text or numbers), and a Chinese notice for each one that is not
    understood (that field is then left out; nothing fails)."""
    notices: list[Notice] = []
    parsed_year: int | None = None
    year_text = normalize_text(_text(year))
    if year_text:
        match = _YEAR_TEXT.match(year_text)
        value = int(match.group(1)) if match else None
        if value is None or not MIN_YEAR <= value <= MAX_YEAR:
            notices.append(
                Notice("warning", f"预算年度“{_text(year)}”不是有效的年份，请填写四位年份，例如 2025。")
            )
        else:
            parsed_year = value
    parsed_funds: float | None = None
    funds_text = normalize_text(_text(funds)).replace(",", "")
    if funds_text:
        match = _WAN_TEXT.match(funds_text)
        if match is None or float(match.group(1)) <= 0:
            notices.append(
                Notice("warning", f"年度资金“{_text(funds)}”不是有效的金额，请填写以万元计的数字，例如 120。")
            )
        else:
            parsed_funds = float(match.group(1))
    info = ProjectInfo(_text(name), parsed_year, parsed_funds, _text(unit))
    return info, notices


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class DraftSession:
    request: DraftRequest | None = None
    draft: Draft | None = None
    chat: list[dict[str, str]] = field(default_factory=list)
    workdir: str | None = None
    pending: Pending | None = None  # a question the chat asked, waiting for an answer
    removed: tuple[str, ...] = ()  # rows the user deleted: a re-draft does not bring them back


@dataclass
class DraftView:
    session: DraftSession
    chat: list[dict[str, str]]
    rows: list[list[str]]
    header_html: str = ""
    score_html: str = ""
    findings_html: str = ""
    notice_html: str = ""
    files: dict[str, Path] = field(default_factory=dict)
    accepted: bool = True  # False: the message was not used (keep it in the input box)

    @property
    def has_draft(self) -> bool:
        return self.session.draft is not None


# --- handlers ----------------------------------------------------------------------------------


def new_session() -> DraftView:
    return _view(DraftSession())


def send_message(session: DraftSession, message: str, info: ProjectInfo | None = None) -> DraftView:
    """A chat message: the first one drafts (or asks for the project's facts); later ones are edit
    commands, answers to a question the chat asked, or information it offers to use. The table is
    only re-drafted when the user says so."""
    message = (message or "").strip()
    info = info or ProjectInfo()
    if not message and not (session.draft is not None and _info_changes(session.draft.sheet, info)):
        return _view(session, [Notice("warning", EMPTY_HINT)], accepted=False)
    if len(message) > MAX_DESCRIPTION_CHARS:
        return _view(
            session,
            [Notice("warning", f"内容太长（{len(message)} 字），请精简到 {MAX_DESCRIPTION_CHARS} 字以内。")],
            accepted=False,
        )
    if not _encodable(message):
        return _view(
            session,
            [Notice("warning", "内容中有无法识别的字符（可能来自复制的乱码），请删去后重试。")],
            accepted=False,
        )
    try:
        if session.draft is None or session.request is None:
            return _first_message(session, message, info)
        return _follow_up(session, message, info)
    except Exception as exc:  # the page shows a notice, never a traceback
        log.exception("drafting failed")
        return _view(session, [Notice("error", f"生成草稿时出错：{_reason(exc)}。请稍后重试或换个说法。")])


def _first_message(session: DraftSession, message: str, info: ProjectInfo) -> DraftView:
    if lacks_project_facts(message) and not info.project_name:
        chat = [*session.chat, _msg("user", message), _msg("assistant", FACTS_QUESTION)]
        return _view(replace(session, chat=chat, pending=None))
    return _new_draft(session, message, info, [*session.chat, _msg("user", message)])


def _new_draft(
    session: DraftSession, message: str, info: ProjectInfo, chat: list[dict[str, str]]
) -> DraftView:
    request = _request(message, info)
    result = draft(request)
    chat = [*chat, _msg("assistant", _first_reply(result))]
    updated = DraftSession(request=request, draft=result, chat=chat, workdir=session.workdir)
    return _view(updated, [Notice("info", n) for n in result.notices])


def _follow_up(session: DraftSession, message: str, info: ProjectInfo) -> DraftView:
    assert session.draft is not None and session.request is not None
    current, request = session.draft, _with_info(session.request, info)
    current, changes = _apply_info(current, info)
    said = [changes] if changes else []
    if not message:  # only the project fields changed
        updated = replace(session, request=request, draft=current)
        return _view(updated, [Notice("info", f"{changes}审核得分 {score_text(_critique(current))}。")])
    chat = [*session.chat, _msg("user", message)]
    pending = session.pending

    def answer(
        reply: str,
        draft_: Draft = current,
        pending: Pending | None = None,
        removed: tuple[str, ...] | None = None,
    ) -> DraftView:
        lines = [*said, reply]
        updated = replace(
            session,
            request=request,
            draft=draft_,
            chat=[*chat, _msg("assistant", "\n".join(lines))],
            pending=pending,
            removed=session.removed if removed is None else removed,
        )
        return _view(updated)

    if pending is not None and pending.kind == "new_sheet" and (wants_new_sheet(message) or is_yes(message)):
        return _new_draft(DraftSession(workdir=session.workdir), pending.text, info, chat)
    if pending is not None and wants_redraft(message):
        return _redraft(session, request, current, pending.text, chat, said)
    if pending is not None and pending.kind == "add_rows" and is_yes(message):
        sheet = current.sheet
        rows = list(sheet.indicators)
        added = []
        for row in pending.rows:
            at = insert_at(rows, row)
            rows.insert(at, row)
            added.append(f"第{at + 1}行「{row.name} {row.value.raw}」")
        revised = revise(current, sheet.model_copy(update={"indicators": rows}), hints=default_hints())
        return answer(f"已增加{'、'.join(added)}；{_score_change(current, revised)}", revised)
    if pending is not None and is_no(message):
        return answer("好的，表格保持不变。")
    if wants_redraft(message):
        return _redraft(session, request, current, "", chat, said)
    if wants_new_sheet(message):
        return answer(
            "要新建一张表，请直接描述新项目（做什么、为谁、做多少、资金多少），我会先确认再新建；"
            "也可以点左下方的“重新开始”。"
        )

    refinement = edit(current, message, hints=default_hints())
    if refinement is not None:
        if not refinement.edited:
            return answer(refinement.reply)
        removed = (*session.removed, *refinement.removed)
        reply = f"{refinement.reply}{_score_change(current, refinement.draft)}"
        return answer(reply, refinement.draft, removed=removed)

    if other := other_project(message, current.sheet):
        name, same = other
        return answer(new_project_question(name, same), pending=Pending("new_sheet", message))
    if rows := proposed_rows(message, current.sheet):
        return answer(proposal_reply(rows), pending=Pending("add_rows", message, tuple(rows)))
    return answer(not_understood_reply(message), pending=Pending("redraft", message))


def _redraft(
    session: DraftSession,
    request: DraftRequest,
    current: Draft,
    extra: str,
    chat: list[dict[str, str]],
    said: list[str],
) -> DraftView:
    if len(request.description) + len(extra) >= MAX_DESCRIPTION_CHARS:
        return _view(
            session, [Notice("warning", "对话累计内容太长，请点“重新开始”后再描述。")], accepted=False
        )
    result = redraft(current, request, extra, removed=session.removed)
    kept = sum(1 for i in result.sheet.indicators if i.provenance and i.provenance.basis is ValueBasis.USER)
    what = "把这条信息加入项目描述并" if extra else "按项目描述"
    keep = f"，保留了您改过的 {kept} 行" if kept else ""
    reply = "\n".join([*said, f"已{what}重新生成草稿{keep}。", "", _summary(result)])
    if extra:
        request = request.model_copy(update={"description": f"{request.description}\n{extra}"})
    chat = [*chat, _msg("assistant", reply)]
    updated = replace(session, request=request, draft=result, chat=chat, pending=None)
    return _view(updated, [Notice("info", n) for n in result.notices])


def _score_change(before: Draft, after: Draft) -> str:
    return f"审核得分 {_critique(before).score:.1f} → {score_text(_critique(after))}。"


def _info_changes(sheet: Sheet, info: ProjectInfo) -> dict[str, object]:
    """The project fields that differ from the sheet (only the ones the user filled in)."""
    changes: dict[str, object] = {}
    if info.project_name and info.project_name != sheet.project_name:
        changes["project_name"] = info.project_name
    if info.year and info.year != sheet.year:
        changes["year"] = info.year
    if info.funds_wan and round(info.funds_wan * 10000, 2) != sheet.funds.total:
        changes["funds"] = round(info.funds_wan * 10000, 2)
    if info.implementing_unit and info.implementing_unit != (sheet.implementing_unit or ""):
        changes["implementing_unit"] = info.implementing_unit
    return changes


def _apply_info(current: Draft, info: ProjectInfo) -> tuple[Draft, str]:
    """The draft with the project fields the user filled in, and what changed in one line ("" if nothing)."""
    sheet = current.sheet
    changes = _info_changes(sheet, info)
    if not changes:
        return current, ""
    update: dict[str, object] = {k: v for k, v in changes.items() if k != "funds"}
    said = []
    if "project_name" in changes:
        said.append(f"项目名称「{changes['project_name']}」")
    if "year" in changes:
        year = int(changes["year"])  # type: ignore[call-overload]
        said.append(f"预算年度 {year}")
        if sheet.start_date == date(sheet.year or year, 1, 1):
            update["start_date"] = date(year, 1, 1)
        if sheet.end_date == date(sheet.year or year, 12, 31):
            update["end_date"] = date(year, 12, 31)
    if "funds" in changes:
        funds = float(changes["funds"])  # type: ignore[arg-type]
        update["funds"] = sheet.funds.model_copy(
            update={"total": funds, "fiscal": funds, "unit_as_written": "万元"}
        )
        said.append(f"年度资金 {money_label(funds)}")
    if "implementing_unit" in changes:
        said.append(f"实施单位「{changes['implementing_unit']}」")
    revised = revise(current, sheet.model_copy(update=update), hints=default_hints())
    return revised, f"已按项目信息更新{'、'.join(said)}。"


def edit_table(session: DraftSession, rows: list[list[object]] | None) -> DraftView:
    """Edits made directly in the table: read them back, re-critique, keep the chat as it is."""
    if session.draft is None:
        return _view(session)
    try:
        sheet, changed = sheet_from_rows(session.draft.sheet, rows or [])
        if not changed:
            return _view(session)
        updated = revise(session.draft, sheet, hints=default_hints())
    except Exception as exc:
        log.exception("table edit failed")
        return _view(session, [Notice("error", f"读取表格修改时出错：{_reason(exc)}")])
    before = _critique(session.draft).score
    done = Notice(
        "info",
        f"已按表格中的修改（{changed} 处）重新审核：得分 {before:.1f} → {score_text(_critique(updated))}。",
    )
    names = {i.name for i in sheet.indicators}
    removed = tuple(i.name for i in session.draft.sheet.indicators if i.name not in names)
    return _view(replace(session, draft=updated, removed=(*session.removed, *removed)), [done])


# --- view --------------------------------------------------------------------------------------


def _view(session: DraftSession, notices: list[Notice] | None = None, accepted: bool = True) -> DraftView:
    notices = list(notices or [])
    if session.draft is None:
        return DraftView(
            session=session,
            chat=list(session.chat),
            rows=[],
            notice_html=notices_html(notices),
            accepted=accepted,
        )
    sheet = session.draft.sheet
    critique = _critique(session.draft)
    session.workdir = session_dir(session.workdir, "jixiao-draft-")
    files = export_files(sheet, session.workdir)
    if len(files) < len(SHEET_SUFFIXES):
        notices.append(Notice("warning", "部分下载格式生成失败，请使用其他格式。"))
    return DraftView(
        session=session,
        chat=list(session.chat),
        rows=draft_rows(sheet),
        header_html=sheet_header_html(sheet),
        score_html=score_card_html(critique),
        findings_html=findings_summary_html(critique, sheet),
        notice_html=notices_html(notices),
        files=files,
        accepted=accepted,
    )


def _critique(result: Draft) -> Critique:
    return result.critique or critique_sheet(result.sheet, default_hints())


def _msg(role: str, content: str) -> dict[str, str]:
    return {"role": role, "content": content}


def _request(message: str, info: ProjectInfo) -> DraftRequest:
    return _with_info(DraftRequest(description=message), info)


def _with_info(request: DraftRequest, info: ProjectInfo) -> DraftRequest:
    update: dict[str, object] = {}
    if info.project_name.strip():
        update["project_name"] = info.project_name.strip()
    if info.year:
        update["year"] = int(info.year)
    if info.funds_wan:
        update["funds"] = float(info.funds_wan) * 10000
    if info.implementing_unit.strip():
        update["implementing_unit"] = info.implementing_unit.strip()
    return request.model_copy(update=update)


def _summary(result: Draft) -> str:
    sheet = result.sheet
    counts: dict[str, int] = {}
    confirm = 0
    for indicator in sheet.indicators:
        p = indicator.provenance
        basis = p.basis if p and p.basis else None
        label = (
            {
                ValueBasis.DESCRIPTION: "取自描述",
                ValueBasis.SIMILAR: "参照相似项目",
                ValueBasis.FUNDS: "由资金测算",
                ValueBasis.DEFAULT: "采用标准默认值",
                ValueBasis.USER: "按您的要求设置",
                ValueBasis.LLM: "由大模型建议",
            }.get(basis, "其他")
            if basis
            else "其他"
        )
        counts[label] = counts.get(label, 0) + 1
        confirm += bool(p and p.needs_confirmation)
    parts = "，".join(f"{n} 项{label}" for label, n in counts.items())
    lines = [
        f"草稿共 {len(sheet.indicators)} 项指标，覆盖{categories_line(sheet, LEVEL1_ORDER)}。",
        f"其中 {parts}。",
    ]
    if confirm:
        lines.append(f"依据列标“请确认”的 {confirm} 项是估计值，请按实际情况核对。")
    lines.append(f"审核得分 {score_text(_critique(result))}。")
    return "\n".join(lines)


def _first_reply(result: Draft) -> str:
    return f"已根据您的描述草拟了绩效目标表（见右侧）。\n\n{_summary(result)}\n\n{FOLLOW_UP_HINT}"


def _encodable(text: str) -> bool:
    """False for text with lone surrogates (pasted mojibake): no model or file can carry it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason or exc or type(exc).__name__)
