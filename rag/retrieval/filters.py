"""Metadata filters for retrieval, applied the same way to dense and BM25 results."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from rag.retrieval.sparse import ChunkInfo
from rag.stores.protocol import Where


class Filters(BaseModel):
    """Which chunks retrieval may return. Empty lists and None mean no restriction."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] | None = Field(None, description="Only these documents.")
    years: list[int] | None = Field(None, description="Only documents of these years.")
    sections: list[str] | None = Field(None, description="Only these section titles.")
    include_references: bool = Field(False, description="Also return reference-list chunks.")


def chroma_where(filters: Filters) -> Where | None:
    """The filters in Chroma's ``where`` syntax, or None when nothing is restricted."""
    clauses: list[Where] = []
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": filters.doc_ids}})
    if filters.years:
        clauses.append({"year": {"$in": filters.years}})
    if filters.sections:
        clauses.append({"section": {"$in": filters.sections}})
    if not filters.include_references:
        clauses.append({"section_kind": {"$ne": "references"}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def allows(filters: Filters, info: ChunkInfo) -> bool:
    """Whether a chunk described by ``info`` passes ``filters``; the test ``chroma_where`` makes."""
    return (
        (not filters.doc_ids or info.doc_id in filters.doc_ids)
        and (not filters.years or info.year in filters.years)
        and (not filters.sections or info.section in filters.sections)
        and (filters.include_references or info.section_kind != "references")
    )
