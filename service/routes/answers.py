"""Answers and retrieval: ``/v1/ask`` and ``/v1/search``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from rag.retrieval.filters import Filters as RetrievalFilters
from service.deps import ReadAccess, ResourcesDep
from service.links import base_url, link_answer
from service.schemas import AskRequest, Filters, LinkedAnswer, SearchHit, SearchRequest

router = APIRouter(prefix="/v1", tags=["answers"], dependencies=[ReadAccess])


def to_retrieval_filters(filters: Filters | None, references: bool = False) -> RetrievalFilters:
    """HTTP filters as the retriever's filters."""
    filters = filters or Filters()
    return RetrievalFilters(
        doc_ids=filters.doc_ids, years=filters.years, include_references=references
    )


@router.post("/ask")
def ask(body: AskRequest, resources: ResourcesDep, request: Request) -> LinkedAnswer:
    """Answer a question with cited passages, or refuse; each citation's ``url`` opens the
    document viewer at its quote."""
    answer = resources.engine.answer(
        body.question,
        history=body.history,
        mode=body.mode,
        k=body.k,
        filters=to_retrieval_filters(body.filters),
        explain=body.explain,
    )
    resources.metrics.observe_answer(answer)
    return link_answer(base_url(request), answer)


@router.post("/search")
def search(body: SearchRequest, resources: ResourcesDep) -> list[SearchHit]:
    """Ranked chunks for a query, as ``citeqa search --json``."""
    hits = resources.engine.search(
        body.query,
        k=body.k,
        filters=to_retrieval_filters(body.filters, body.include_references),
        mode=body.mode,
    )
    return [
        SearchHit(
            doc_id=h.chunk.doc_id,
            chunk_id=h.chunk.id,
            section=h.chunk.section,
            text=h.chunk.text,
            start=h.chunk.start,
            end=h.chunk.end,
            score=h.score,
        )
        for h in hits
    ]
