"""审核 (review): a pasted or uploaded sheet → score, an editable highlighted table, findings with
one-click rewrites.

Reading is `assistant.ingest`, judging is `assistant.critique`; this module keeps which sheet of
the file is shown, applies suggestions and table edits (with undo), and builds the view. What the
user did (the chosen sheet, applied edits) is kept until the user resets or gives new input:
开始审核 again on the same file and text changes nothing; new pasted text or a new file is read.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from assistant.config import llm_settings
from assistant.critique import critique_sheet, default_hints
from assistant.critique.engine import NO_HINTS_NOTICE
from assistant.critique.history import PreviousSheets
from assistant.ingest import IngestError, read_path, read_text
from assistant.schema import Critique, Finding, Sheet
from assistant.ui.downloads import export_files, session_dir
from assistant.ui.format import (
    Notice,
    checklist_html,
    field_highlights,
    finding_html,
    legend_html,
    notices_html,
    ordered_findings,
    review_table,
    score_card_html,
    score_text,
    sheet_header_html,
    stamp,
)
from assistant.ui.suggestions import NotApplicable, apply_suggestion, why_not
from assistant.ui.tables import sheet_from_rows

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
    # The inputs present when the sheet was read: 开始审核 again with the same inputs keeps the
    # chosen sheet and the edits; a changed input is read afresh.
    seen_file: str | None = None  # content hash of the upload
    seen_paste: str = ""
    shown_from: str = ""  # "file" or "paste"
    # Edits of the other sheets of the file (sheet index → (edited sheet, its undo history)), so
    # switching sheets and back keeps them.
    edited: dict[int, tuple[Sheet, list[Sheet]]] = field(default_factory=dict)
    # Last year's sheet (the optional second upload): rules H01–H04 compare with it. Without it the
    # corpus is searched for the same unit's project of an earlier year.
    previous: PreviousSheets | None = None
    previous_name: str = ""
    seen_previous: str | None = None  # content hash of that upload
    # The LLM critic's advice beside the rule findings (only when an endpoint is configured).
    llm: bool = False


@dataclass(frozen=True)
class FindingItem:
    position: int  # index in critique.findings (what apply_finding takes)
    number: int  # the number shown in the list and in the table's 问题 column
    html: str
    blocked: str | None  # why the suggestion cannot be applied with one click; None = it can
    key: str = ""  # what the finding says, so a click on a list that is already stale is refused
    row: int | None = None  # the table row (1-based) the finding points at

    @property
    def manual_html(self) -> str:
        """For a finding without a one-click rewrite: why, and where to edit instead."""
        where = f"请在上方表格第 {self.row} 行直接修改" if self.row else "请在上方表格中直接修改"
        return f'<div class="jx-manual"><b>需手工修改</b>{escape(self.blocked or "")}；{where}</div>'


@dataclass
class ReviewView:
    session: ReviewSession
    score_html: str = ""
    header_html: str = ""
    table_html: str = ""  # the legend under the table (it carries the sheet's stamp)
    notice_html: str = ""
    rows: list[list[str]] = field(default_factory=list)  # the editable table: 一级/二级/三级/指标值/问题
    styles: list[list[str]] = field(default_factory=list)  # CSS of each cell (problem cells coloured)
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


def load(
    upload: str | Path | None,
    pasted: str | None,
    session: ReviewSession | None = None,
    previous_upload: str | Path | None = None,
    llm: bool | None = None,
) -> ReviewView:
    """Read the input the user gave last (a new upload, or newly pasted text) and critique its
    first sheet. The same inputs again keep what is shown: the chosen sheet and the applied edits.

    `previous_upload`: last year's sheet of the project (optional); `llm`: add the LLM critic's
    advice when an endpoint is configured (None: keep the session's choice)."""
    session = session or ReviewSession()
    llm_before = session.llm
    pasted = (pasted or "").strip()
    if not upload and not pasted:
        return _view(session, [Notice("warning", "请上传一个目标表文件，或把表格文字粘贴到文本框中。")])
    notices: list[Notice] = []
    try:
        file_key = _file_key(Path(upload)) if upload else None
        new_file = bool(upload) and file_key != session.seen_file
        new_paste = bool(pasted) and pasted != session.seen_paste
        gone = (session.shown_from == "file" and not upload) or (session.shown_from == "paste" and not pasted)
        notices += _read_previous(session, previous_upload)
        if llm is not None:
            session = replace(session, llm=bool(llm))
        if session.sheet is not None and not (new_file or new_paste or gone):
            if notices or session.llm != llm_before:  # last year's sheet or the LLM choice changed
                updated = replace(session, critique=critique_of(session, session.sheet))
                return _view(
                    updated, [*notices, Notice("info", "已按新的设置重新审核当前的表，保留了已采纳的修改。")]
                )
            return _view(
                session,
                [
                    Notice(
                        "info",
                        "这份内容已经审核过：保留了所选的表和已采纳的修改。要从头审核，请点“重新开始”。",
                    )
                ],
            )
        use_file = bool(upload) and (new_file or not (new_paste or (gone and pasted)))
        if use_file and pasted and new_paste:
            notices.append(
                Notice(
                    "warning",
                    "同时有上传的文件和新粘贴的内容：已审核上传的文件。要审核粘贴的内容，请先点文件框右上角的 × 移除文件。",
                )
            )
        if use_file:
            path = Path(upload)  # type: ignore[arg-type]
            name = path.name
            sheets = read_path(path)  # the size limit is checked before the file is read
        else:
            if len(pasted) > MAX_PASTE_CHARS:
                return _view(
                    session, [Notice("warning", f"粘贴的内容太长（{len(pasted)} 字），请改为上传文件。")]
                )
            name = PASTED_NAME
            sheets = [as_typed(s) for s in read_text(protect_markup(pasted), name)]
    except IngestError as exc:
        return _view(session, [Notice("error", f"无法读取{exc.source}：{exc.reason}")])
    except OSError as exc:
        return _view(session, [Notice("error", f"无法读取上传的文件：{exc.strerror or exc}")])
    except Exception as exc:  # a reader bug: a notice, never a traceback
        log.exception("review: reading failed")
        return _view(session, [Notice("error", f"读取文件时出错：{exc}")])
    fresh = ReviewSession(
        source=name,
        sheets=sheets,
        workdir=session.workdir,
        seen_file=file_key,
        seen_paste=pasted,
        shown_from="file" if use_file else "paste",
        previous=session.previous,
        previous_name=session.previous_name,
        seen_previous=session.seen_previous,
        llm=session.llm,
    )
    if len(sheets) > 1:
        notices.append(
            Notice(
                "info",
                f"{name} 中有 {len(sheets)} 张目标表，已显示第 1 张，可在左侧“选择要审核的一张”中切换。",
            )
        )
    return _choose(fresh, 0, notices)


# Pasted text is what the user typed or copied from a sheet, not a web page: "<script>…" or "<img …>"
# in a cell is that cell's text. Ingestion removes tags (files copied from web pages carry them), so
# the "<" that would open a tag is kept aside while the text is read and put back afterwards. Text
# that really is an HTML table (copied page source) is left to the HTML reader.
_HTML_TABLE = re.compile(r"<\s*(?:table|tr|td|th|tbody|thead)\b", re.IGNORECASE)
_TAG_OPEN = re.compile(r"<(?=[/a-zA-Z!?])")
_KEPT_LT = "\ue000"  # a private-use character: never in a real sheet


def protect_markup(text: str) -> str:
    return text if _HTML_TABLE.search(text) else _TAG_OPEN.sub(_KEPT_LT, text)


def as_typed(sheet: Sheet) -> Sheet:
    """The sheet with every "<" that `protect_markup` kept aside put back (values parsed again)."""
    if _KEPT_LT not in sheet.model_dump_json():
        return sheet

    def restore(value: object) -> object:
        if isinstance(value, str):
            return value.replace(_KEPT_LT, "<")
        if isinstance(value, list):
            return [restore(v) for v in value]
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        return value

    data = restore(sheet.model_dump(mode="json"))
    assert isinstance(data, dict)
    for indicator in data["indicators"]:
        indicator["value"] = indicator["value"]["raw"]  # parsed again from the text as typed
    return Sheet.model_validate(data)


def _read_previous(session: ReviewSession, upload: str | Path | None) -> list[Notice]:
    """Take in last year's sheet when the second upload changed (given, replaced or removed); the
    session is updated in place. A file that cannot be read is a notice, and the review goes on."""
    key = _file_key(Path(upload)) if upload else None
    if key == session.seen_previous:
        return []
    session.seen_previous = key
    session.previous, session.previous_name = None, ""
    if upload is None:
        return [Notice("info", "已移除上年表：与语料库中同一单位同一项目的上年表比较（如有）。")]
    path = Path(upload)
    try:
        sheets = read_path(path)
    except IngestError as exc:
        return [Notice("error", f"无法读取上年表：{exc.reason}；本次审核不与上年比较。")]
    except OSError as exc:
        return [Notice("error", f"无法读取上年表：{exc.strerror or exc}；本次审核不与上年比较。")]
    except Exception as exc:  # a reader bug: a notice, never a traceback
        log.exception("review: reading last year's sheet failed")
        return [Notice("error", f"读取上年表时出错：{exc}；本次审核不与上年比较。")]
    session.previous, session.previous_name = PreviousSheets.named(sheets), path.name
    return [
        Notice("info", f"已读入上年表 {path.name}（{len(sheets)} 张），将与之比较目标、指标和资金的变化。")
    ]


def critique_of(session: ReviewSession, sheet: Sheet) -> Critique:
    """The critique the tab shows: the rules (with last year's sheet, when known) and, when chosen and
    configured, the LLM critic's advice beside them (not in the score)."""
    last_year = session.previous.previous_of(sheet) if session.previous else None
    result = critique_sheet(sheet, default_hints(), previous=last_year)
    if session.llm:
        settings = llm_settings()
        if settings.configured:
            from assistant.critique.llm_critic import with_llm

            result = with_llm(sheet, result, settings)
    return result


def _file_key(path: Path) -> str:
    """What identifies an upload: its content (the same file uploaded again has a new temp path)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def reset() -> ReviewView:
    return _view(ReviewSession())


def choose_sheet(session: ReviewSession, index: int | None) -> ReviewView:
    """Show another sheet of the file, with the edits made on it before. Choosing the sheet already
    shown changes nothing (`unchanged`), so a repeated selection event does not redraw the page."""
    if not session.sheets or index is None or not 0 <= int(index) < len(session.sheets):
        return _view(session)
    if int(index) == session.chosen and session.sheet is not None:
        view = _view(session)
        view.unchanged = True
        return view
    edited = dict(session.edited)
    if session.sheet is not None and session.history:
        edited[session.chosen] = (session.sheet, session.history)
    kept = edited.pop(int(index), None)
    session = replace(session, edited=edited)
    if kept is not None:
        sheet, history = kept
        critique = critique_of(session, sheet)
        restored = replace(session, chosen=int(index), sheet=sheet, critique=critique, history=history)
        return _view(
            restored, [Notice("info", f"已切换到第 {int(index) + 1} 张，保留了之前在这张表上的修改。")]
        )
    return _choose(session, int(index), [])


def edit_table(session: ReviewSession, rows: list[list[object]] | None) -> ReviewView:
    """Cells edited in the review table: the sheet as the table shows it, scored again (undo keeps
    the version before)."""
    if session.sheet is None or session.critique is None:
        return _view(session)
    try:
        sheet, changed = sheet_from_rows(session.sheet, rows or [], mark_user=False)
        if not changed:
            return _view(session)
        critique = critique_of(session, sheet)
    except Exception as exc:
        log.exception("review: table edit failed")
        return _view(session, [Notice("error", f"读取表格修改时出错：{exc}")])
    before = session.critique.score
    updated = replace(
        session, sheet=sheet, critique=critique, history=[*session.history, session.sheet][-MAX_UNDO:]
    )
    return _view(
        updated,
        [
            Notice(
                "info",
                f"已按表格中的修改（{changed} 处）重新评分：得分 {before:.1f} → {score_text(critique)}。",
            )
        ],
    )


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
        critique = critique_of(session, sheet)
    except NotApplicable as exc:
        return _view(session, [Notice("warning", str(exc))])
    except Exception as exc:
        log.exception("review: applying a suggestion failed")
        return _view(session, [Notice("error", f"采纳建议时出错：{exc}")])
    history = [*session.history, session.sheet][-MAX_UNDO:]
    updated = replace(session, sheet=sheet, critique=critique, history=history)
    change = f"得分 {before:.1f} → {score_text(critique)}"
    return _view(updated, [Notice("info", f"{done}{change}。")])


def undo(session: ReviewSession) -> ReviewView:
    if not session.history:
        return _view(session, [Notice("info", "没有可以撤销的修改。")])
    sheet = session.history[-1]
    critique = critique_of(session, sheet)
    updated = replace(session, sheet=sheet, critique=critique, history=session.history[:-1])
    return _view(updated, [Notice("info", f"已撤销上一次修改，得分 {score_text(critique)}。")])


# --- view --------------------------------------------------------------------------------------


def _choose(session: ReviewSession, index: int, notices: list[Notice]) -> ReviewView:
    sheet = session.sheets[index]
    try:
        critique = critique_of(session, sheet)
    except Exception as exc:
        log.exception("review: critique failed")
        return _view(session, [Notice("error", f"审核这张表时出错：{exc}")])
    updated = replace(session, chosen=index, sheet=sheet, critique=critique, history=[])
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
    # What the critique itself says (compared with last year's sheet, the LLM's advice or its failure),
    # beyond the reading notices the sheet already carries.
    notices += [Notice("info", n) for n in critique.notices[len(sheet.notices) :] if n != NO_HINTS_NOTICE]
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
            f.indicator_index + 1
            if f.indicator_index is not None and 0 <= f.indicator_index < len(sheet.indicators)
            else None,
        )
        for position, f in ordered[:MAX_LISTED_FINDINGS]
    ]
    rows, styles = review_table(sheet, critique, numbers)
    session.workdir = session_dir(session.workdir, "jixiao-review-")
    return ReviewView(
        session=session,
        score_html=score_card_html(critique) + checklist_html(critique),
        header_html=sheet_header_html(sheet, field_highlights(critique)),
        table_html=legend_html(sheet),
        rows=rows,
        styles=styles,
        notice_html=notices_html(notices),
        findings=items,
        choices=choices,
        files=export_files(sheet, session.workdir),
    )
