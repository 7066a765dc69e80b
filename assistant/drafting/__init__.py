"""Drafting: a project description → a complete, measurable indicator table (a Draft).

Public API:
- `draft(request, ...)` → Draft: the LLM drafter when an endpoint is configured, else (or when
  it fails) the offline drafter, with a notice saying which ran;
- `edit(draft, message)` → Refinement | None: a follow-up message that is an edit command, applied;
- `redraft(draft, request, extra)` → Draft: drafted again with more information, the user's rows kept;
- `refine(draft, message, request, options=DraftOptions(...))` → Refinement: an edit command, else a
  re-draft with the message, made with the draft's own options;
- `revise(draft, sheet)` → Draft: the draft after its table was edited (costs, goal, critique follow).
"""

from __future__ import annotations

from assistant.drafting.service import DraftOptions, Refinement, draft, edit, redraft, refine, revise

__all__ = ["DraftOptions", "Refinement", "draft", "edit", "redraft", "refine", "revise"]
