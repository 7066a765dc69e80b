"""Drafting: a project description → a complete, measurable indicator table (a Draft).

Public API:
- `draft(request, ...)` → Draft: the LLM drafter when an endpoint is configured, else (or when
  it fails) the offline drafter, with a notice saying which ran;
- `refine(draft, message, request)` → Refinement: a follow-up message applied to a draft;
- `revise(draft, sheet)` → Draft: the draft after its table was edited (costs, goal, critique follow).
"""

from __future__ import annotations

from assistant.drafting.service import Refinement, draft, refine, revise

__all__ = ["Refinement", "draft", "refine", "revise"]
