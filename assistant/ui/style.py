"""The page's look: a theme with local (system) fonts only — no web-font downloads — and the CSS
of the HTML fragments in format.py."""

from __future__ import annotations

# System CJK fonts, most common first; nothing is fetched from the network.
FONTS: tuple[str, ...] = (
    "PingFang SC",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
)
MONO_FONTS: tuple[str, ...] = ("SFMono-Regular", "Consolas", "WenQuanYi Micro Hei Mono", "monospace")


def theme():
    import gradio as gr

    page = gr.themes.Soft(
        primary_hue="blue",
        secondary_hue="slate",
        neutral_hue="slate",
        radius_size="md",
        text_size="md",
        font=list(FONTS),
        font_mono=list(MONO_FONTS),
    ).set(
        body_background_fill="#f5f7fb",
        block_border_width="1px",
        block_shadow="none",
        button_primary_shadow="none",
    )
    # One look whatever the system's colour scheme: the page's own cards and colours are light,
    # so the theme's dark variant is made the same as its light one.
    for name in list(vars(page)):
        light = name.removesuffix("_dark")
        if name.endswith("_dark") and hasattr(page, light):
            setattr(page, name, getattr(page, light))
    return page


CSS = """
.gradio-container { max-width: 1400px !important; margin: 0 auto !important; min-width: 0 !important;
  width: 100% !important; }
/* Flex items grow to fit their content unless told not to: a wide table then widened the page. */
.main, .contain, .tabs, .tabitem, .column, .block { min-width: 0 !important; max-width: 100%; }
footer { display: none !important; }

/* header */
.jx-header { display: flex; align-items: center; justify-content: space-between; gap: 16px;
  padding: 14px 20px; border-radius: 10px; background: linear-gradient(90deg, #1e4fa3, #2f6fd0);
  color: #fff; }
.jx-header h1 { margin: 0; font-size: 24px; font-weight: 700; color: #fff; letter-spacing: 1px; white-space: nowrap; }
.jx-title { min-width: 0; }
.jx-header p { margin: 4px 0 0; font-size: 14px; opacity: .9; color: #fff; }
.jx-backend { background: rgba(255,255,255,.16); border: 1px solid rgba(255,255,255,.35);
  padding: 6px 12px; border-radius: 999px; font-size: 13px; white-space: nowrap; color: #fff; }

/* intro line under each tab title */
.jx-intro { color: #4a5568; font-size: 14px; margin: 2px 0 6px; }
.jx-intro b { color: #1e4fa3; }
.jx-section-title { font-size: 15px; font-weight: 600; color: #1f2937; margin: 6px 0 2px; }

/* notices */
.jx-notice { padding: 8px 12px; border-radius: 8px; margin: 4px 0; font-size: 14px; line-height: 1.6;
  border: 1px solid; }
.jx-notice-info { background: #eef5ff; border-color: #c7dcfb; color: #1e3a6b; }
.jx-notice-warning { background: #fff7e6; border-color: #f6d58e; color: #7a4b00; }
.jx-notice-error { background: #fdecec; border-color: #f3b4b4; color: #8a1c1c; }

/* empty state */
.jx-placeholder { border: 2px dashed #cbd5e1; border-radius: 12px; padding: 48px 24px; text-align: center;
  color: #64748b; background: #fff; font-size: 15px; line-height: 1.9; }
.jx-placeholder b { color: #1e4fa3; font-size: 17px; }

/* score card */
.jx-score-card { display: flex; gap: 18px; align-items: stretch; background: #fff; border: 1px solid #e2e8f0;
  border-radius: 10px; padding: 12px 16px; }
.jx-score { min-width: 112px; border-radius: 10px; display: flex; flex-direction: column; align-items: center;
  justify-content: center; padding: 8px 12px; color: #fff; }
.jx-score .jx-score-num { font-size: 34px; font-weight: 700; line-height: 1.1; color: #fff !important; }
.jx-score .jx-score-grade { font-size: 14px; margin-top: 2px; color: #fff !important; }
.jx-grade-good { background: #15803d; } .jx-grade-fair { background: #2563eb; }
.jx-grade-mid { background: #d97706; } .jx-grade-poor { background: #dc2626; }
.jx-subs { flex: 1; display: flex; flex-direction: column; justify-content: center; gap: 5px; }
.jx-sub { display: grid; grid-template-columns: 104px 1fr 36px; align-items: center; gap: 8px; font-size: 13px;
  color: #334155; }
.jx-bar { height: 8px; background: #e5e7eb; border-radius: 999px; overflow: hidden; }
.jx-bar i { display: block; height: 100%; background: #3b82f6; border-radius: 999px; }
.jx-sub-val { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.jx-counts { margin-top: 4px; display: flex; gap: 8px; }
.jx-count { font-size: 12px; padding: 1px 8px; border-radius: 999px; }

/* the reviewer's checklist */
.jx-checklist { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 8px 16px 10px;
  margin-top: 8px; }
.jx-checklist table { width: 100%; border-collapse: collapse; font-size: 13px; }
.jx-checklist th, .jx-checklist td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef2f7;
  vertical-align: top; line-height: 1.5; }
.jx-checklist thead th { color: #64748b; font-weight: 600; }
.jx-checklist tbody th { white-space: nowrap; color: #1f2937; }
.jx-check-verdict, .jx-check-grade { white-space: nowrap; font-weight: 600; }
.jx-check-pass .jx-check-verdict { color: #15803d; } .jx-check-fail .jx-check-verdict { color: #b91c1c; }
.jx-grade-text-good { color: #15803d; } .jx-grade-text-fair { color: #2563eb; }
.jx-grade-text-mid { color: #d97706; } .jx-grade-text-poor { color: #dc2626; }
.jx-check-rules { color: #94a3b8; margin-left: 6px; font-size: 12px; }

/* severity colours */
.jx-badge, .jx-count, .jx-ref { font-weight: 600; }
.jx-error { background: #fde2e2; color: #b91c1c; }
.jx-warning { background: #fef0c7; color: #92400e; }
.jx-info { background: #e0ecff; color: #1d4ed8; }
.jx-badge { font-size: 12px; padding: 1px 8px; border-radius: 999px; white-space: nowrap; }

/* findings */
.jx-findings { display: flex; flex-direction: column; gap: 6px; }
.jx-finding { background: #fff; border: 1px solid #e2e8f0; border-left: 4px solid; border-radius: 8px;
  padding: 8px 12px; font-size: 14px; line-height: 1.6; }
.jx-border-error { border-left-color: #dc2626; } .jx-border-warning { border-left-color: #f59e0b; }
.jx-border-info { border-left-color: #3b82f6; }
.jx-finding-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.jx-num { display: inline-flex; min-width: 22px; height: 22px; align-items: center; justify-content: center;
  border-radius: 999px; background: #334155; color: #fff; font-size: 12px; font-weight: 600; padding: 0 6px; }
.jx-where { font-weight: 600; color: #1f2937; }
.jx-dim { margin-left: auto; color: #94a3b8; font-size: 12px; }
.jx-message { color: #374151; margin-top: 2px; }
.jx-suggest { color: #166534; background: #f0fdf4; border-radius: 6px; padding: 3px 8px; margin-top: 4px; }
.jx-more, .jx-empty { color: #64748b; font-size: 13px; padding: 4px 2px; }
.jx-manual { color: #475569; font-size: 12px; line-height: 1.5; background: #f1f5f9; border-radius: 6px;
  padding: 4px 6px; }
.jx-manual b { display: block; color: #334155; font-weight: 600; }
.jx-rule { color: #64748b; font-size: 12px; margin-top: 4px; line-height: 1.5; }
.jx-rule b { color: #1e4fa3; margin-right: 6px; font-weight: 600; }
.jx-finding-row { flex-wrap: nowrap !important; align-items: center !important; gap: 10px !important; }
.jx-finding-row > .jx-finding-html { flex: 1 1 0% !important; min-width: 0 !important; }
.jx-finding-row > .jx-apply { flex: 0 0 88px !important; }
.jx-finding-row > .jx-side-note { flex: 0 0 150px !important; }
.jx-side-note { text-align: center; }
#review-findings, #review-findings .column { gap: 8px !important; }
.html-container { padding: 0 !important; }
.jx-finding-html .prose { margin: 0 !important; }

/* sheet header */
.jx-sheet-head { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 10px 14px; }
.jx-project { font-size: 17px; font-weight: 700; color: #111827; }
.jx-facts { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; }
.jx-fact { font-size: 13px; background: #f1f5f9; border-radius: 6px; padding: 2px 8px; color: #334155; }
.jx-fact em, .jx-goal em { font-style: normal; color: #64748b; margin-right: 6px; }
.jx-goal { font-size: 13px; color: #374151; line-height: 1.7; border-radius: 6px; padding: 2px 4px; }

/* review table */
.jx-table-wrap { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 6px; overflow-x: auto; }
.jx-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.jx-table th { background: #f1f5f9; color: #334155; font-weight: 600; text-align: left; padding: 8px 10px;
  border-bottom: 1px solid #e2e8f0; white-space: nowrap; }
.jx-table td { padding: 7px 10px; border-bottom: 1px solid #eef2f7; vertical-align: top; color: #1f2937; }
.jx-table tr:last-child td { border-bottom: none; }
.jx-idx { color: #94a3b8; width: 36px; text-align: center; }
.jx-refs { white-space: nowrap; width: 1%; }
.jx-ref { display: inline-block; min-width: 20px; text-align: center; border-radius: 999px; font-size: 12px;
  margin: 1px; padding: 0 5px; cursor: help; }
.jx-cell-error { background: #fdecec; box-shadow: inset 3px 0 0 #dc2626; }
.jx-cell-warning { background: #fff6dd; box-shadow: inset 3px 0 0 #f59e0b; }
.jx-cell-info { background: #eaf2ff; box-shadow: inset 3px 0 0 #3b82f6; }
.jx-blank { color: #b91c1c; font-style: italic; }
.jx-legend-row { font-size: 12px; color: #64748b; padding: 6px 4px 2px; }
.jx-legend { padding: 1px 8px; border-radius: 4px; margin-right: 6px; color: #1f2937; }

/* batch */
.jx-stats { display: flex; gap: 10px; flex-wrap: wrap; }
.jx-stat { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 10px 14px; min-width: 96px; }
.jx-stat-wide { flex: 1; min-width: 200px; }
.jx-stat-val { font-size: 22px; font-weight: 700; color: #111827; font-variant-numeric: tabular-nums; }
.jx-stat-label { font-size: 12px; color: #64748b; margin-top: 2px; }
.jx-stat-bad .jx-stat-val { color: #dc2626; }
.jx-grades { display: flex; gap: 6px; flex-wrap: wrap; font-size: 14px; padding-top: 4px; }
.jx-grade-chip { color: #fff; border-radius: 999px; padding: 2px 10px; font-weight: 600; }

/* horizontal bars (most frequent findings) */
.jx-chart { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 10px 14px; height: 100%; }
.jx-chart-title { font-size: 14px; font-weight: 600; color: #1f2937; margin-bottom: 8px; text-align: center; }
.jx-hbar { display: grid; grid-template-columns: minmax(0, 1fr) 22% 88px; gap: 8px; align-items: center;
  font-size: 13px; color: #334155; padding: 3px 0; }
.jx-hbar-label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.jx-hbar-label b { color: #1e4fa3; margin-right: 4px; font-weight: 600; }
.jx-hbar-track { height: 10px; background: #eef2f7; border-radius: 999px; overflow: hidden; }
.jx-hbar-track i { display: block; height: 100%; background: #f59e0b; border-radius: 999px; }
.jx-hbar-val { color: #64748b; font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; }
#batch-table [role=gridcell] *, #draft-table [role=gridcell] * { font-family: var(--font) !important; }

#batch-bands { flex: 4 1 0% !important; min-width: 280px !important; }
#batch-top { flex: 5 1 0% !important; min-width: 320px !important; }

/* batch: the critique of a clicked row */
.jx-detail { background: #fff; border: 1px solid #c7dcfb; border-radius: 10px; padding: 10px 14px; margin-top: 8px;
  display: flex; flex-direction: column; gap: 8px; }
.jx-detail-title { font-size: 16px; font-weight: 700; color: #111827; display: flex; flex-wrap: wrap; gap: 8px;
  align-items: baseline; }
.jx-detail-file { font-size: 13px; font-weight: 400; color: #64748b; }

/* tidy buttons and the chat */
.jx-downloads button, .jx-downloads a { min-width: 0 !important; }
.jx-hint { color: #64748b; font-size: 12px; margin: 0 2px; }
#review-reset, #draft-reset { white-space: nowrap; }

/* phones (390 px): one column, nothing wider than the screen; wide tables scroll inside their box */
#draft-table, #review-table, #batch-table { max-width: 100%; overflow-x: auto; }
/* (Gradio puts its own container selector before every rule here, so none names it.) */
@media (max-width: 720px) {
  .row { flex-wrap: wrap !important; }
  .column { min-width: 0 !important; flex: 1 1 100% !important; }
  .jx-header { padding: 10px 12px; gap: 8px; flex-wrap: wrap; }
  .jx-header h1 { font-size: 20px; white-space: nowrap; letter-spacing: 0; }
  .jx-header p { font-size: 12px; }
  .jx-backend { font-size: 12px; white-space: normal; }
  .jx-score-card { flex-direction: column; gap: 10px; }
  .jx-sub { grid-template-columns: 88px 1fr 32px; }
  .jx-finding-row { flex-wrap: wrap !important; }
  .jx-finding-row > .jx-apply, .jx-finding-row > .jx-side-note { flex: 1 1 100% !important; }
  .jx-hbar { grid-template-columns: minmax(0, 1fr) 18% 76px; }
  #batch-bands, #batch-top { min-width: 0 !important; flex: 1 1 100% !important; }
  .jx-dim { margin-left: 0; }
}
"""
