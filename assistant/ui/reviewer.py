"""审核 (review): a pasted or uploaded sheet → score, highlighted table, findings with one-click rewrites.

Reading is `assistant.ingest`, judging is `assistant.critique`; this module keeps which sheet of
the file is shown, applies suggestions (with undo) and builds the view.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.critique import critique_sheet, default_hints
from assistant.ingest import IngestError, read_path, read_text
from assistant.schema import Critique, Finding, Sheet
from assistant.ui.downloads import export_files, session_dir
from assistant.ui.format import (
    Notice,
    field_highlights,
    finding_html,
    highlighted_table_html,
    notices_html,
    ordered_findings,
    score_card_html,
    score_text,
    sheet_header_html,
    stamp,
)
from assistant.ui.suggestions import NotApplicable, apply_suggestion, why_not

log = logging.getLogger(__name__)

PASTED_NAME = "粘贴的内容"
MAX_PASTE_CHARS = 200_000
MAX_UNDO = 50
# Each listed finding is a card with its own button: a page of thousands would not load.
MAX_LISTED_FINDINGS = 300


@dataclass
class ReviewSession:
    source: str = ""
    sheets: list[Sheet] = field(default_factory=list)  # every sheet of the file, as read
    chosen: int = 0
    sheet: Sheet | None = None  # the chosen sheet with the suggestions applied so far
    critique: Critique | None = None
    history: list[Sheet] = field(default_factory=list)  # for 撤销
    workdir: str | None = None


@dataclass(frozen=True)
class FindingItem:
    position: int  # index in critique.findings (what apply_finding takes)
    number: int  # the number shown in the list and in the table's 问题 column
    html: str
    blocked: str | None  # why the suggestion cannot be applied with one click; None = it can
    key: str = ""  # what the finding says, so a click on a list that is already stale is refused


@dataclass
class ReviewView:
    session: ReviewSession
    score_html: str = ""
    header_html: str = ""
    table_html: str = ""
    notice_html: str = ""
    findings: list[FindingItem] = field(default_factory=list)
    choices: list[tuple[str, int]] = field(default_factory=list)  # (label, index) of a multi-sheet file
    files: dict[str, Path] = field(default_factory=dict)
    unchanged: bool = False  # nothing to redraw

    @property
    def has_sheet(self) -> bool:
        return self.session.sheet is not None

    @property
    def can_undo(self) -> bool:
        return bool(self.session.history)


# --- handlers ----------------------------------------------------------------------------------


def load(upload: str | Path | None, pasted: str | None, session: ReviewSession | None = None) -> ReviewView:
    """Read an uploaded file (preferred) or the pasted text, and critique its first sheet."""
    session = session or ReviewSession()
    pasted = (pasted or "").strip()
    try:
        if upload:
            path = Path(upload)
            name = path.name
            sheets = read_path(path)  # the size limit is checked before the file is read
        elif pasted:
            if len(pasted) > MAX_PASTE_CHARS:
                return _view(
                    session, [Notice("warning", f"粘贴的内容太长（{len(pasted)} 字），请改为上传文件。")]
                )
            name = PASTED_NAME
            sheets = read_text(pasted, name)
        else:
            return _view(session, [Notice("warning", "请上传一个目标表文件，或把表格文字粘贴到文本框中。")])
    except IngestError as exc:
        return _view(session, [Notice("error", f"无法读取{exc.source}：{exc.reason}")])
    except OSError as exc:
        return _view(session, [Notice("error", f"无法读取上传的文件：{exc.strerror or exc}")])
    except Exception as exc:  # a reader bug: a notice, never a traceback
        log.exception("review: reading failed")
        return _view(session, [Notice("error", f"读取文件时出错：{exc}")])
    fresh = ReviewSession(source=name, sheets=sheets, workdir=session.workdir)
    notices = []
    if len(sheets) > 1:
        notices.append(
            Notice(
                "info",
                f"{name} 中有 {len(sheets)} 张目标表，已显示第 1 张，可在左侧“选择要审核的一张”中切换。",
            )
        )
    return _choose(fresh, 0, notices)


def choose_sheet(session: ReviewSession, index: int | None) -> ReviewView:
    """Show another sheet of the file. Choosing the sheet already shown, untouched, changes nothing
    (`unchanged`), so a repeated selection event does not redraw the page."""
    if not session.sheets or index is None or not 0 <= int(index) < len(session.sheets):
        return _view(session)
    if int(index) == session.chosen and session.sheet is not None and not session.history:
        view = _view(session)
        view.unchanged = True
        return view
    return _choose(session, int(index), [])


def finding_key(finding: Finding) -> str:
    return f"{finding.code}|{finding.indicator_index}|{finding.message}"


def apply_finding(session: ReviewSession, position: int, key: str | None = None) -> ReviewView:
    """Apply the suggestion of one finding (by its position in the critique) and re-score.

    `key` (from the FindingItem that was clicked) guards against a click on a list that no longer
    matches the sheet, e.g. a quick second click while the page is still updating.
    """
    if session.sheet is None or session.critique is None:
        return _view(session)
    findings = session.critique.findings
    if not 0 <= position < len(findings) or (key is not None and finding_key(findings[position]) != key):
        return _view(
            session, [Notice("warning", "这条建议已过期（表格已更新），请在最新的问题清单中重新选择。")]
        )
    finding = findings[position]
    before = session.critique.score
    try:
        sheet, done = apply_suggestion(session.sheet, finding)
        critique = critique_sheet(sheet, default_hints())
    except NotApplicable as exc:
        return _view(session, [Notice("warning", str(exc))])
    except Exception as exc:
        log.exception("review: applying a suggestion failed")
        return _view(session, [Notice("error", f"采纳建议时出错：{exc}")])
    history = [*session.history, session.sheet][-MAX_UNDO:]
    updated = ReviewSession(
        session.source, session.sheets, session.chosen, sheet, critique, history, session.workdir
    )
    change = f"得分 {before:.1f} → {score_text(critique)}"
    return _view(updated, [Notice("info", f"{done}{change}。")])


def undo(session: ReviewSession) -> ReviewView:
    if not session.history:
        return _view(session, [Notice("info", "没有可以撤销的修改。")])
    sheet = session.history[-1]
    critique = critique_sheet(sheet, default_hints())
    updated = ReviewSession(
        session.source, session.sheets, session.chosen, sheet, critique, session.history[:-1], session.workdir
    )
    return _view(updated, [Notice("info", f"已撤销上一次修改，得分 {score_text(critique)}。")])


# --- view --------------------------------------------------------------------------------------


def _choose(session: ReviewSession, index: int, notices: list[Notice]) -> ReviewView:
    sheet = session.sheets[index]
    try:
        critique = critique_sheet(sheet, default_hints())
    except Exception as exc:
        log.exception("review: critique failed")
        return _view(session, [Notice("error", f"审核这张表时出错：{exc}")])
    updated = ReviewSession(session.source, session.sheets, index, sheet, critique, [], session.workdir)
    notices = [*notices, *(Notice("info", f"读取提示：{n}") for n in sheet.notices)]
    return _view(updated, notices)


def sheet_label(number: int, sheet: Sheet) -> str:
    return f"第 {number} 张：{sheet.project_name}"


def _view(session: ReviewSession, notices: list[Notice] | None = None) -> ReviewView:
    notices = list(notices or [])
    choices = (
        [(sheet_label(i + 1, s), i) for i, s in enumerate(session.sheets)] if len(session.sheets) > 1 else []
    )
    if session.sheet is None or session.critique is None:
        return ReviewView(session=session, notice_html=notices_html(notices), choices=choices)
    sheet, critique = session.sheet, session.critique
    ordered = ordered_findings(critique)
    numbers = {position: number for number, (position, _) in enumerate(ordered, start=1)}
    if len(ordered) > MAX_LISTED_FINDINGS:
        notices.append(
            Notice(
                "info",
                f"共 {len(ordered)} 条问题，下方列出最重要的前 {MAX_LISTED_FINDINGS} 条；"
                "完整清单可用“批量评分”导出报告。",
            )
        )
    mark = stamp(sheet)
    items = [
        FindingItem(
            position,
            numbers[position],
            finding_html(numbers[position], f, sheet, mark),
            why_not(f, sheet),
            finding_key(f),
        )
        for position, f in ordered[:MAX_LISTED_FINDINGS]
    ]
    session.workdir = session_dir(session.workdir, "jixiao-review-")
    return ReviewView(
        session=session,
        score_html=score_card_html(critique),
        header_html=sheet_header_html(sheet, field_highlights(critique)),
        table_html=highlighted_table_html(sheet, critique, numbers),
        notice_html=notices_html(notices),
        findings=items,
        choices=choices,
        files=export_files(sheet, session.workdir),
    )
