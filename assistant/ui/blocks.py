"""The Gradio layout: three tabs wired to the handlers in drafter / reviewer / batch.

Only glue lives here: each `_on_*` function calls one handler and maps its view model onto the
tab's output components. Per-session data is in gr.State (never in module globals).
"""

from __future__ import annotations

import logging
import os
from html import escape
from typing import Any

import gradio as gr
import pandas as pd

from assistant.config import llm_settings, max_file_bytes, setting
from assistant.ui import batch, drafter, reviewer
from assistant.ui.format import REVIEW_HEADERS, TABLE_HEADERS, Notice, chat_for_display, notices_html
from assistant.ui.gradio_labels import PAGE_JS, translations
from assistant.ui.style import CSS, theme

log = logging.getLogger(__name__)

TITLE = "绩效目标助手"
# Gradio's own upload cap is only a last guard for the server's disk (its message is in English):
# the limits users meet are ingestion's per-file limit and the .zip limits, both with Chinese notices.
UPLOAD_LIMIT = os.environ.get("ASSISTANT_UI_MAX_UPLOAD", "500mb")
DRAFT_EXAMPLES = [
    "本项目为人民调解工作经费，全年调解矛盾纠纷1000件，调解成功率不低于95%，培训人民调解员200人次，年度资金120万元。",
    "本项目为居家养老上门服务，为辖区60岁以上老人提供上门服务3000人次，每月回访一次，资金80万元。",
    "本项目为社区法律顾问服务，为全区120个村居配备法律顾问，全年开展法治讲座240场，资金60万元。",
]
FAILED = "操作没有完成，请重试；如果问题持续，请联系管理员。"

# Gradio hides an event from its API with api_name=False, though its annotation says str | None.
HIDDEN: Any = False


def _failed_notice(exc: Exception) -> str:
    log.exception("ui handler failed", exc_info=exc)
    return notices_html([Notice("error", FAILED)])


def _file_update(path) -> dict:
    return gr.update(value=str(path) if path else None, visible=bool(path))


# --- header ------------------------------------------------------------------------------------


def _header() -> None:
    backend = escape(llm_settings().describe())
    gr.HTML(
        f'<div class="jx-header"><div class="jx-title"><h1>{TITLE}</h1>'
        "<p>编制、审核财政项目支出绩效目标表 · 依据财预〔2021〕101号指引</p></div>"
        f'<div class="jx-backend" id="jx-backend">当前模式：{backend}</div></div>'
    )


# --- 编制助手 --------------------------------------------------------------------------------------


def _draft_tab() -> None:
    state = gr.State(drafter.DraftSession())
    gr.HTML(
        '<div class="jx-intro">在左侧用几句话描述项目，助手会草拟一张完整的绩效目标表；'
        "可以继续对话修改，也可以<b>直接改右侧表格</b>，每次修改后自动重新审核。</div>"
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=360):
            chat = gr.Chatbot(
                label="对话",
                show_label=False,
                height=460,
                elem_id="draft-chat",
                placeholder="<b>描述您的项目</b><br>例如：做什么、服务谁、数量多少、资金多少",
                feedback_options=None,
                buttons=["copy"],
                sanitize_html=True,
            )
            with gr.Row():
                message = gr.Textbox(
                    label="项目描述或修改要求",
                    show_label=False,
                    placeholder="描述项目，或提出修改，例如“满意度改为≥95%”",
                    lines=2,
                    max_lines=6,
                    scale=5,
                    elem_id="draft-input",
                )
                send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="draft-send")
            gr.Examples(examples=[[e] for e in DRAFT_EXAMPLES], inputs=[message], label="示例（点击填入）")
            with gr.Accordion("项目信息（选填，填写后草稿更准确）", open=False):
                # Plain text boxes, read by drafter.parse_info: empty until the user types, and a value
                # that is not a year or an amount is a Chinese notice (never a bare "Error").
                with gr.Row():
                    name = gr.Textbox(label="项目名称", scale=2, elem_id="draft-name")
                    year = gr.Textbox(
                        label="预算年度", placeholder="例如 2025", scale=1, elem_id="draft-year"
                    )
                with gr.Row():
                    funds = gr.Textbox(
                        label="年度资金（万元）", placeholder="例如 120", scale=1, elem_id="draft-funds"
                    )
                    unit = gr.Textbox(label="实施单位", scale=2, elem_id="draft-unit")
            reset = gr.Button("重新开始", variant="secondary", size="sm", elem_id="draft-reset")
        with gr.Column(scale=7, min_width=480):
            notice = gr.HTML(elem_id="draft-notice")
            empty = gr.HTML(
                '<div class="jx-placeholder"><b>这里将显示草拟的绩效目标表</b><br>'
                "覆盖产出（数量、质量、时效）、效益、满意度和成本指标，并给出审核得分和修改建议。</div>"
            )
            with gr.Column(visible=False) as result:
                header = gr.HTML()
                table = gr.Dataframe(
                    headers=list(TABLE_HEADERS),
                    datatype="str",
                    type="array",
                    interactive=True,
                    wrap=True,
                    static_columns=[4],
                    # Widths in px: on a phone the table keeps readable columns and scrolls inside its box.
                    column_widths=["80px", "100px", "190px", "96px", "160px"],
                    label="绩效目标表",
                    show_label=False,
                    show_row_numbers=True,
                    elem_id="draft-table",
                    max_height=520,
                )
                gr.HTML(
                    '<div class="jx-hint">双击单元格即可修改；左侧是行号，对话中可以说“删除第3行”；'
                    "“依据”列说明数值来源，标“请确认”的请核对。</div>"
                )
                score = gr.HTML(elem_id="draft-score")
                findings = gr.HTML(elem_id="draft-findings")
                with gr.Row(elem_classes="jx-downloads"):
                    xlsx = gr.DownloadButton("下载 Excel", visible=False, size="md", elem_id="draft-dl-xlsx")
                    docx = gr.DownloadButton("下载 Word", visible=False, size="md", elem_id="draft-dl-docx")
                    json = gr.DownloadButton("下载 JSON", visible=False, size="md", elem_id="draft-dl-json")

    outputs = [state, chat, message, notice, empty, result, header, table, score, findings, xlsx, docx, json]

    def show(view: drafter.DraftView) -> tuple:
        has = view.has_draft
        return (
            view.session,
            chat_for_display(view.chat),
            "" if view.accepted else gr.skip(),
            view.notice_html,
            gr.update(visible=not has),
            gr.update(visible=has),
            view.header_html,
            view.rows if has else gr.skip(),
            view.score_html,
            '<div class="jx-section-title">主要修改建议</div>' + view.findings_html if has else "",
            _file_update(view.files.get(".xlsx")),
            _file_update(view.files.get(".docx")),
            _file_update(view.files.get(".json")),
        )

    def on_send(text, session, project_name, project_year, project_funds, project_unit):
        try:
            info, problems = drafter.parse_info(project_name, project_year, project_funds, project_unit)
            if problems:  # the message stays in the box; nothing is drafted from a wrong field
                return (
                    (gr.skip(),) * 2 + (gr.skip(), notices_html(problems)) + (gr.skip(),) * (len(outputs) - 4)
                )
            return show(drafter.send_message(session, text, info))
        except Exception as exc:
            return (gr.skip(),) * 3 + (_failed_notice(exc),) + (gr.skip(),) * (len(outputs) - 4)

    def on_edit(session, rows):
        try:
            return show(drafter.edit_table(session, rows))
        except Exception as exc:
            return (gr.skip(),) * 3 + (_failed_notice(exc),) + (gr.skip(),) * (len(outputs) - 4)

    def on_reset():
        return (*show(drafter.new_session()), "", "", "", "")

    inputs = [message, state, name, year, funds, unit]
    send.click(on_send, inputs, outputs, api_name="draft")
    message.submit(on_send, inputs, outputs, api_name=HIDDEN)
    table.input(on_edit, [state, table], outputs, api_name=HIDDEN)
    reset.click(on_reset, None, [*outputs, name, year, funds, unit], api_name=HIDDEN)


# --- 审核 ----------------------------------------------------------------------------------------


def _review_tab() -> None:
    state = gr.State(reviewer.ReviewSession())
    items = gr.State([])
    gr.HTML(
        '<div class="jx-intro">上传或粘贴一张绩效目标表，逐条指出模糊、不可衡量、归类错误、缺失或前后不一致的指标，'
        "并给出可直接替换的改写；点<b>“采纳”</b>即可修改并重新评分，也可以<b>直接改表格</b>。</div>"
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            upload = gr.File(
                label=f"上传目标表文件（不超过 {max_file_bytes() // 1024 // 1024} MB）",
                type="filepath",
                elem_id="review-upload",
                height=150,
            )
            paste = gr.Textbox(
                label="或粘贴表格内容",
                lines=6,
                max_lines=14,
                placeholder="从 Excel / Word / PDF 中复制整张表格，粘贴到这里",
                elem_id="review-paste",
            )
            previous = gr.File(
                label="上年的目标表（可选）：比较目标是否下调、指标是否删去、是否照抄、资金与产出是否相称",
                type="filepath",
                elem_id="review-previous",
                height=90,
            )
            llm_ready = llm_settings().configured
            use_llm = gr.Checkbox(
                value=llm_ready,
                interactive=llm_ready,
                label="加上大模型语义审核（意见列在规则问题旁，不计入评分）"
                if llm_ready
                else "大模型语义审核：未配置大模型，仅做规则审核",
                elem_id="review-llm",
            )
            with gr.Row(elem_classes="jx-downloads"):
                run = gr.Button("开始审核", variant="primary", elem_id="review-run", scale=3)
                reset = gr.Button(
                    "重新开始", variant="secondary", elem_id="review-reset", scale=1, min_width=90
                )
            pick = gr.Dropdown(
                label="文件中有多张表，选择要审核的一张", choices=[], visible=False, elem_id="review-pick"
            )
            with gr.Row(elem_classes="jx-downloads"):
                undo = gr.Button("撤销上一步", size="sm", visible=False, elem_id="review-undo")
            with gr.Row(elem_classes="jx-downloads"):
                xlsx = gr.DownloadButton(
                    "下载修改后的 Excel", visible=False, size="sm", elem_id="review-dl-xlsx"
                )
                docx = gr.DownloadButton(
                    "下载修改后的 Word", visible=False, size="sm", elem_id="review-dl-docx"
                )
        with gr.Column(scale=8, min_width=300):
            notice = gr.HTML(elem_id="review-notice")
            empty = gr.HTML(
                '<div class="jx-placeholder"><b>审核结果将显示在这里</b><br>'
                "总分与等级、四个维度的分项得分、标出问题的指标表，以及每条问题的改写建议。</div>"
            )
            with gr.Column(visible=False) as result:
                score = gr.HTML(elem_id="review-score")
                header = gr.HTML()
                table = gr.Dataframe(
                    headers=list(REVIEW_HEADERS),
                    datatype="str",
                    type="array",
                    interactive=True,
                    wrap=True,
                    static_columns=[4],
                    column_widths=["84px", "116px", "240px", "140px", "64px"],
                    label="审核的目标表",
                    show_label=False,
                    show_row_numbers=True,
                    elem_id="review-table",
                    max_height=560,
                )
                legend = gr.HTML(elem_id="review-legend")
                gr.HTML('<div class="jx-section-title">问题与改写建议</div>')

                with gr.Column(elem_id="review-findings"):

                    @gr.render(inputs=[items])
                    def _findings(current: list[reviewer.FindingItem]) -> None:
                        if not current:
                            gr.HTML('<div class="jx-empty">没有发现问题。</div>')
                            return
                        for item in current:
                            with gr.Row(elem_classes="jx-finding-row", equal_height=False):
                                gr.HTML(item.html, elem_classes="jx-finding-html", scale=1)
                                if item.blocked is None:
                                    button = gr.Button(
                                        "采纳",
                                        size="sm",
                                        variant="primary",
                                        elem_classes="jx-apply",
                                        scale=0,
                                        min_width=88,
                                    )
                                    button.click(
                                        lambda session, p=item.position, k=item.key: on_apply(session, p, k),
                                        [state],
                                        outputs,
                                        api_name=HIDDEN,
                                    )
                                else:
                                    gr.HTML(
                                        item.manual_html, elem_classes="jx-side-note", scale=0, min_width=120
                                    )

    outputs = [state, items, notice, empty, result, score, header, table, legend, pick, undo, xlsx, docx]

    def show(view: reviewer.ReviewView, pick_update=None) -> tuple:
        has = view.has_sheet
        if pick_update is None:
            pick_update = gr.update(
                choices=view.choices,
                value=view.session.chosen if view.choices else None,
                visible=bool(view.choices),
            )
        return (
            view.session,
            view.findings,
            view.notice_html,
            gr.update(visible=not has),
            gr.update(visible=has),
            view.score_html,
            view.header_html,
            _styled_review_table(view.rows, view.styles) if has else gr.skip(),
            view.table_html,
            pick_update,
            gr.update(visible=view.can_undo),
            _file_update(view.files.get(".xlsx")),
            _file_update(view.files.get(".docx")),
        )

    def failed(exc: Exception) -> tuple:
        return (gr.skip(),) * 2 + (_failed_notice(exc),) + (gr.skip(),) * (len(outputs) - 3)

    def on_load(path, text, session, last_year=None, llm=None):
        try:
            return show(reviewer.load(path, text, session, last_year, llm))
        except Exception as exc:
            return failed(exc)

    def on_pick(choice, session):
        try:
            view = reviewer.choose_sheet(session, choice)
            if view.unchanged:
                return (gr.skip(),) * len(outputs)
            return show(view, pick_update=gr.skip())
        except Exception as exc:
            return failed(exc)

    def on_apply(session, position, key):
        try:
            return show(reviewer.apply_finding(session, position, key), pick_update=gr.skip())
        except Exception as exc:
            return failed(exc)

    def on_edit(session, rows):
        try:
            return show(reviewer.edit_table(session, rows), pick_update=gr.skip())
        except Exception as exc:
            return failed(exc)

    def on_undo(session):
        try:
            return show(reviewer.undo(session), pick_update=gr.skip())
        except Exception as exc:
            return failed(exc)

    def on_reset():
        return (*show(reviewer.reset()), None, "", None)

    inputs = [upload, paste, state, previous, use_llm]
    run.click(on_load, inputs, outputs, api_name="review")
    upload.upload(on_load, inputs, outputs, api_name=HIDDEN)
    # A sheet already shown is reviewed again when last year's sheet is given, replaced or removed.
    previous.upload(on_load, inputs, outputs, api_name=HIDDEN)
    previous.clear(on_load, inputs, outputs, api_name=HIDDEN)
    # The dropdown can report one choice twice at once; one at a time, the second finds it done.
    pick.input(
        on_pick, [pick, state], outputs, api_name=HIDDEN, concurrency_limit=1, concurrency_id="review-pick"
    )
    table.input(on_edit, [state, table], outputs, api_name=HIDDEN)
    undo.click(on_undo, [state], outputs, api_name=HIDDEN)
    reset.click(on_reset, None, [*outputs, upload, paste, previous], api_name=HIDDEN)


def _styled_review_table(rows: list[list[str]], styles: list[list[str]]):
    """The review table with each problem cell coloured by its worst severity."""
    frame = pd.DataFrame(rows, columns=list(REVIEW_HEADERS))
    css = pd.DataFrame(styles, columns=list(REVIEW_HEADERS)) if styles else frame.map(lambda _: "")
    return frame.style.apply(lambda _: css, axis=None)


# --- 批量评分 ------------------------------------------------------------------------------------


def _batch_tab() -> None:
    workdir = gr.State(None)
    details = gr.State([])
    gr.HTML(
        '<div class="jx-intro">一次上传多份申报表（可多选，或打包成 <b>.zip</b>），逐份审核评分，'
        "按得分排序，并统计分数分布和最常见的问题；无法读取的文件会列出原因，不影响其他文件。</div>"
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            files = gr.File(
                label=f"上传文件或 .zip（每个 ≤ {max_file_bytes() // 1024 // 1024} MB）",
                file_count="multiple",
                type="filepath",
                elem_id="batch-upload",
                height=180,
            )
            run = gr.Button("开始评分", variant="primary", elem_id="batch-run")
            with gr.Row(elem_classes="jx-downloads"):
                xlsx = gr.DownloadButton("下载报告 Excel", visible=False, size="sm", elem_id="batch-dl-xlsx")
                csv = gr.DownloadButton("下载报告 CSV", visible=False, size="sm", elem_id="batch-dl-csv")
        with gr.Column(scale=9, min_width=520):
            notice = gr.HTML(elem_id="batch-notice")
            empty = gr.HTML(
                '<div class="jx-placeholder"><b>评分结果将显示在这里</b><br>'
                "每份表的总分、等级和分项得分，分数分布图和最常见问题统计，可下载 Excel / CSV 报告。</div>"
            )
            with gr.Column(visible=False) as result:
                summary = gr.HTML(elem_id="batch-summary")
                with gr.Row():
                    bands = gr.BarPlot(
                        x="分数段",
                        y="表数",
                        title="分数分布",
                        height=240,
                        sort=batch.BAND_ORDER,  # lowest band first, whatever the labels' collation
                        y_title="表数",
                        x_title="",
                        elem_id="batch-bands",
                    )
                    top = gr.HTML(elem_id="batch-top")
    hint = gr.HTML(
        '<div class="jx-hint">点击表中任一行，在下方查看这份表的审核结果（得分、问题和改写建议）。</div>',
        visible=False,
        elem_id="batch-hint",
    )
    table = gr.Dataframe(
        headers=list(batch.TABLE_HEADERS),
        interactive=False,
        wrap=True,
        visible=False,
        elem_id="batch-table",
        max_height=560,
        label="评分结果",
        show_label=False,
        column_widths=[52, 190, 220, 60, 52, 64, 76, 64, 84, 104, 220],
    )
    detail = gr.HTML(elem_id="batch-detail")
    outputs = [workdir, details, notice, empty, result, summary, bands, top, hint, table, detail, xlsx, csv]

    def on_run(paths, current_dir, progress=gr.Progress()):  # noqa: B008 (gradio injects it)
        def report(done: int, total: int) -> None:
            progress(done / total if total else 0.0, desc=f"已评分 {done} / {total} 个文件")

        def llm_report(done: int, total: int) -> None:
            progress(done / total if total else 0.0, desc=f"大模型审核 {done} / {total} 张表")

        try:
            view = batch.run_batch(paths, current_dir, report, llm_report)
        except Exception as exc:
            return (gr.skip(), gr.skip(), _failed_notice(exc)) + (gr.skip(),) * (len(outputs) - 3)
        has = bool(view.rows)
        return (
            view.workdir,
            view.details,
            view.notice_html,
            gr.update(visible=not has),
            gr.update(visible=has),
            view.summary_html,
            pd.DataFrame(
                [{"分数段": batch.band_label(b["分数段"]), "表数": b["表数"]} for b in view.bands],
                columns=["分数段", "表数"],
            ),
            view.top_html,
            gr.update(visible=has),
            gr.update(value=_styled_batch_table(view.rows), visible=has),
            "",
            _file_update(view.files.get(".xlsx")),
            _file_update(view.files.get(".csv")),
        )

    def on_select(current: list[batch.SheetDetail], evt: gr.SelectData):
        try:
            row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            return batch.detail_html(current, int(row))
        except Exception as exc:
            return _failed_notice(exc)

    # One progress bar, on whichever of the placeholder and the results is showing.
    # Each batch spreads over every core: a few at once, the rest wait their turn in the queue.
    run.click(
        on_run,
        [files, workdir],
        outputs,
        api_name="batch",
        show_progress_on=[empty, result],
        concurrency_limit=int(setting("ASSISTANT_UI_BATCH_CONCURRENCY")),
        concurrency_id="batch",
    )
    table.select(on_select, [details], [detail], api_name=HIDDEN)


def _styled_batch_table(rows: list[list[object]]):
    """The ranked rows, with unreadable files tinted red and each grade in its colour."""
    frame = pd.DataFrame(rows, columns=list(batch.TABLE_HEADERS))
    grade_colour = {"优": "#15803d", "良": "#2563eb", "中": "#d97706", "差": "#dc2626"}

    def tint(row: pd.Series) -> list[str]:
        if row["排名"] == "—":
            return ["background-color: #fdecec; color: #8a1c1c"] * len(row)
        return [
            f"color: {grade_colour[row['等级']]}; font-weight: 600" if c == "等级" else "" for c in row.index
        ]

    return frame.style.apply(tint, axis=1).format(precision=1, na_rep="")


# --- app ---------------------------------------------------------------------------------------


def build_app() -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 24 * 3600)) as app:
        _header()
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("编制助手", id="draft", elem_id="tab-draft"):
                _draft_tab()
            with gr.Tab("审核", id="review", elem_id="tab-review"):
                _review_tab()
            with gr.Tab("批量评分", id="batch", elem_id="tab-batch"):
                _batch_tab()
    # Chosen and measured with scripts/bench_load.py (README "Many users"): drafting and review are
    # short CPU work (tens of ms), so 8 run at once; batches have their own, smaller limit.
    app.queue(
        max_size=int(setting("ASSISTANT_UI_QUEUE_SIZE")),
        default_concurrency_limit=int(setting("ASSISTANT_UI_CONCURRENCY")),
    )
    return app


def launch(host: str = "127.0.0.1", port: int = 7860, quiet: bool = True) -> None:
    """Serve the page and block until interrupted; OSError when the address is taken."""
    app = build_app()
    app.launch(
        server_name=host,
        server_port=port,
        show_error=False,  # handlers show Chinese notices; an unexpected error never shows a traceback
        max_file_size=UPLOAD_LIMIT,
        ssr_mode=False,
        footer_links=[],
        quiet=quiet,
        theme=theme(),
        css=CSS,
        i18n=gr.I18n(**translations()),
        js=PAGE_JS,
        prevent_thread_lock=True,
    )
    print(f"绩效目标助手已启动：http://{host}:{port}  （在浏览器中打开；按 Ctrl+C 停止）", flush=True)
    app.block_thread()
