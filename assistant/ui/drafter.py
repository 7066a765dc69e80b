"""编制助手 (drafter chat): handlers that turn a chat message or a table edit into a new view.

The drafting itself is `assistant.drafting.draft` / `refine`; this module keeps the per-session
conversation, reads edits made directly in the table back into the sheet (keeping the provenance
of untouched rows), re-critiques after every change and writes the download files.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant import taxonomy as tx
from assistant.critique import critique_sheet, default_hints
from assistant.drafting import draft, refine, revise
from assistant.schema import (
    Critique,
    Draft,
    DraftRequest,
    Indicator,
    Provenance,
    Sheet,
    TargetValue,
    ValueBasis,
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

log = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 20000
LEVEL1_ORDER = (tx.OUTPUT, tx.BENEFIT, tx.SATISFACTION, tx.COST)
FOLLOW_UP_HINT = "可以接着说“满意度改为≥95%”“增加一个成本指标”“删除××指标”，也可以直接在右侧表格里修改。"
EMPTY_HINT = "请先用一两句话描述项目：做什么、服务谁、数量多少、资金多少。"


@dataclass
class ProjectInfo:
    """The optional fields beside the chat; blank ones are left to the drafter."""

    project_name: str = ""
    year: int | None = None
    funds_wan: float | None = None  # 年度资金, 万元 (what budget staff write)
    implementing_unit: str = ""


@dataclass
class DraftSession:
    request: DraftRequest | None = None
    draft: Draft | None = None
    chat: list[dict[str, str]] = field(default_factory=list)
    workdir: str | None = None


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
    """A chat message: the first one drafts, later ones refine the current draft."""
    message = (message or "").strip()
    if not message:
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
    info = info or ProjectInfo()
    try:
        if session.draft is None or session.request is None:
            request = _request(message, info)
            result = draft(request)
            reply = _first_reply(result)
        else:
            request = _with_info(session.request, info)
            if len(request.description) + len(message) >= MAX_DESCRIPTION_CHARS:
                return _view(
                    session, [Notice("warning", "对话累计内容太长，请点“重新开始”后再描述。")], accepted=False
                )
            refinement = refine(session.draft, message, request)
            result = refinement.draft
            if not refinement.edited:
                request = request.model_copy(update={"description": f"{request.description}\n{message}"})
                reply = f"{refinement.reply}\n\n{_summary(result)}"
            else:
                reply = f"{refinement.reply}\n\n当前审核得分 {score_text(_critique(result))}。"
    except Exception as exc:  # the page shows a notice, never a traceback
        log.exception("drafting failed")
        return _view(session, [Notice("error", f"生成草稿时出错：{_reason(exc)}。请稍后重试或换个说法。")])
    chat = [*session.chat, _msg("user", message), _msg("assistant", reply)]
    updated = DraftSession(request=request, draft=result, chat=chat, workdir=session.workdir)
    return _view(updated, [Notice("info", n) for n in result.notices])


def edit_table(session: DraftSession, rows: list[list[object]] | None) -> DraftView:
    """Edits made directly in the table: read them back, re-critique, keep the chat as it is."""
    if session.draft is None:
        return _view(session)
    try:
        sheet, changed = sheet_from_rows(session.draft.sheet, rows or [])
        if not changed:
            return _view(session)
        updated = revise(session.draft, sheet)
    except Exception as exc:
        log.exception("table edit failed")
        return _view(session, [Notice("error", f"读取表格修改时出错：{_reason(exc)}")])
    before = _critique(session.draft).score
    done = Notice(
        "info",
        f"已按表格中的修改（{changed} 处）重新审核：得分 {before:.1f} → {score_text(_critique(updated))}。",
    )
    return _view(DraftSession(session.request, updated, session.chat, session.workdir), [done])


# --- the table ---------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def sheet_from_rows(sheet: Sheet, rows: list[list[object]]) -> tuple[Sheet, int]:
    """The sheet as the table now shows it, and how many rows changed.

    Unchanged rows keep their indicator (provenance included), wherever they moved; a changed row
    is matched to the row that was at its position and marked as the user's; blank rows are dropped.
    """
    cleaned = [[_cell(c) for c in (list(row) + [""] * 4)[:4]] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    previous = sheet.indicators
    taken: set[int] = set()
    result: list[Indicator | None] = [None] * len(cleaned)

    def key(ind: Indicator) -> list[str]:
        return [ind.level1, ind.level2, ind.name, ind.value.raw]

    for i, row in enumerate(cleaned):
        j = next((j for j, ind in enumerate(previous) if j not in taken and key(ind) == row), None)
        if j is not None:
            taken.add(j)
            result[i] = previous[j]
    changed = 0
    for i, row in enumerate(cleaned):
        if result[i] is not None:
            continue
        changed += 1
        level1, level2, name, value = row
        fields = {"level1": level1, "level2": level2, "name": name, "value": TargetValue.parse(value)}
        if i < len(previous) and i not in taken:
            taken.add(i)
            base = previous[i]
            note = "用户在表格中修改"
        else:
            base, note = None, "用户在表格中添加"
        provenance = ((base.provenance if base else None) or Provenance()).model_copy(
            update={"basis": ValueBasis.USER, "needs_confirmation": False, "note": note}
        )
        result[i] = (
            base.model_copy(update={**fields, "provenance": provenance})
            if base
            else Indicator(**fields, provenance=provenance)
        )
    changed += len(previous) - len(taken)  # rows deleted from the table
    indicators = [ind for ind in result if ind is not None]
    return sheet.model_copy(update={"indicators": indicators}), changed


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
