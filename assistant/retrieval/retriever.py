"""The retrieval index as a LangChain retriever, for chains that want `Document`s."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.documents import indicator_fields
from assistant.retrieval.models import Method, SearchFilters, SearchHit


def hit_to_document(hit: SearchHit) -> Document:
    indicator = hit.indicator
    text = f"{indicator.name}：{indicator.value.raw}（{indicator.level1}/{indicator.level2}；项目：{hit.project_name}）"
    metadata: dict[str, Any] = {
        "key": hit.key,
        "sheet_id": hit.sheet_id,
        "project_name": hit.project_name,
        "year": hit.year,
        "department": hit.department,
        **indicator_fields(indicator),
        "score": hit.score,
        "methods": list(hit.methods),
    }
    return Document(page_content=text, metadata={k: v for k, v in metadata.items() if v is not None})


class IndicatorRetriever(BaseRetriever):
    """Past indicators relevant to a query (hybrid search), one `Document` per indicator."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any = None  # a RetrievalIndex; None = the default index (built on first use)
    k: int = 10
    level2: str | None = None
    measurable_only: bool = False
    year: int | None = None
    methods: tuple[Method, ...] = ("lexical", "dense")
    distinct: bool = True

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        from assistant.retrieval.api import get_index

        index = self.index if self.index is not None else get_index()
        filters = SearchFilters(level2=self.level2, measurable_only=self.measurable_only, year=self.year)
        hits = index.search(query, k=self.k, filters=filters, methods=self.methods, distinct=self.distinct)
        return [hit_to_document(hit) for hit in hits]
