"""The indicator library by project type: which expected rows fit a project."""

from __future__ import annotations

from assistant.knowledge.loader import load_knowledge
from assistant.knowledge.models import LibraryIndicator
from assistant.values import normalize_text


def library_for(project_type: str, *, sector: str | None = None, text: str = "") -> list[LibraryIndicator]:
    """The library rows of a project type that fit a project of `sector` described by `text`, in order.

    Rows conditioned on a sector (生态效益 for forestry and environment, 经济效益 for agriculture …) or on
    words of the project (灌溉, 抽检 …) are kept only when the project meets the condition.
    Raises KeyError for an unknown project type.
    """
    entries = load_knowledge().library.types[project_type]
    folded = normalize_text(text)
    return [e for e in entries if e.applies(sector, folded)]


def library_entry(entry_id: str) -> LibraryIndicator:
    """One library row by id (e.g. "工程.06"). Raises KeyError."""
    for entries in load_knowledge().library.types.values():
        for entry in entries:
            if entry.id == entry_id:
                return entry
    raise KeyError(entry_id)
