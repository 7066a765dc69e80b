"""The web UI (Gradio): one module of plain handler functions per tab, shared formatting, and the layout.

- `drafter` (编制助手), `reviewer` (审核), `batch` (批量评分): handlers that take and return plain
  view models, testable without a browser or a running server;
- `format`: Chinese labels and the HTML fragments the tabs share (score card, findings, tables);
- `suggestions`: applying a critique suggestion to a sheet; `uploads`: safe upload and .zip handling;
- `blocks`: the Gradio layout that wires the handlers to components (`build_app()`, `launch()`).
"""
