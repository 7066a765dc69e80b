"""Domain knowledge that spans sectors: sectors (支出功能分类 类), project types, indicator library.

The knowledge is data (assistant/data/*.yaml, each entry with its sources); this package loads and
validates it and classifies a project's sector and type from its words.
"""

from assistant.knowledge.classify import (
    Match,
    ProjectText,
    SheetTags,
    classify_project_type,
    classify_sector,
    explain_project_type,
    explain_sector,
    tag_sheet,
)
from assistant.knowledge.library import library_entry, library_for
from assistant.knowledge.loader import KnowledgeError, load_from, load_knowledge
from assistant.knowledge.models import (
    Knowledge,
    LibraryIndicator,
    ProjectType,
    RenderedIndicator,
    Sector,
    Source,
)

__all__ = [
    "Knowledge",
    "KnowledgeError",
    "LibraryIndicator",
    "Match",
    "ProjectText",
    "ProjectType",
    "RenderedIndicator",
    "Sector",
    "SheetTags",
    "Source",
    "classify_project_type",
    "classify_sector",
    "explain_project_type",
    "explain_sector",
    "library_entry",
    "library_for",
    "load_from",
    "load_knowledge",
    "tag_sheet",
]
