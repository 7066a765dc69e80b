"""Retrieval over past sheets: a persistent Chroma store plus a lexical index, searched by hybrid fusion.

Public API:
- `search(query, k, level2=…, measurable_only=…, year=…)` → list[SearchHit] (builds the index on first use);
- `get_index()` → RetrievalIndex (add_sheets, search, get_sheet);
- `IndicatorRetriever` (LangChain `BaseRetriever`) in `assistant.retrieval.retriever`.
"""

from __future__ import annotations

from assistant.retrieval.api import get_index, search
from assistant.retrieval.index import RetrievalIndex
from assistant.retrieval.models import IndexReport, SearchFilters, SearchHit

__all__ = ["IndexReport", "RetrievalIndex", "SearchFilters", "SearchHit", "get_index", "search"]
