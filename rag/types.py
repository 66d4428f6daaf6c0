"""The data types shared across citeqa: documents, sections, chunks, search hits, ingest reports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SectionKind = Literal["front", "body", "table", "figure", "references"]
BlockKind = Literal["heading", "paragraph", "row", "reference"]


class DocumentMeta(BaseModel):
    """Bibliographic facts about a document, as stated by the document itself (or its manifest)."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    title: str = ""
    source: str = Field("", description="The journal or venue it was published in.")
    year: int | None = Field(None, description="The year it was published.")
    authors: list[str] = Field(default_factory=list)
    identifiers: list[str] = Field(
        default_factory=list,
        description="Identifiers, a DOI as ``doi:10.…`` and trial registrations as written "
        "(``NCT04401449``).",
    )

    @property
    def display_title(self) -> str:
        """The title, or the document id where the document states none."""
        return self.title or self.doc_id

    @property
    def doi(self) -> str:
        """The first DOI among the identifiers (without its ``doi:`` prefix), or ""."""
        return next(
            (i[4:] for i in self.identifiers if i[:4].lower() == "doi:" and i[4:].strip()), ""
        )


class Section(BaseModel):
    """A contiguous span ``[start, end)`` of a cleaned document under one heading and language."""

    title: str
    kind: SectionKind
    language: str
    start: int
    end: int


class PageSpan(BaseModel):
    """The part ``[start, end)`` of a cleaned document that stands on one page of its file."""

    number: int = Field(description="The page's position in the file, from 1.")
    start: int
    end: int


class Block(BaseModel):
    """One structural unit of a cleaned document: a heading, paragraph, table row or reference."""

    kind: BlockKind
    start: int
    end: int
    section: int = Field(description="Index into CleanDocument.sections.")


class CleanDocument(BaseModel):
    """A document after cleaning: plain text plus the sections and blocks that structure it."""

    meta: DocumentMeta
    text: str
    sections: list[Section]
    blocks: list[Block]
    content_hash: str
    pages: list[PageSpan] = Field(
        default_factory=list,
        description="Where each page's text stands, in order; empty for files without pages.",
    )
    withheld: list[str] = Field(
        default_factory=list,
        description="Sentences addressed to AI systems, left out of the text (prompt injection).",
    )

    @property
    def doc_id(self) -> str:
        """The document's id."""
        return self.meta.doc_id


class Chunk(BaseModel):
    """A quotable span of a cleaned document: ``document.text[start:end] == text``."""

    id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: str
    section_kind: SectionKind
    language: str
    title: str = Field("", description="The document's display title, where the store knows it.")
    pages: list[PageSpan] = Field(
        default_factory=list,
        description="The pages the chunk's text stands on, clipped to the chunk; empty for files "
        "without pages.",
    )


class ScoredChunk(BaseModel):
    """A chunk returned by retrieval, with its score (higher is better)."""

    chunk: Chunk
    score: float


class DocumentSummary(BaseModel):
    """A stored document as listed by ``citeqa docs``."""

    doc_id: str
    title: str
    chunks: int
    content_hash: str


class FileError(BaseModel):
    """A file that could not be ingested, and why."""

    path: str
    error: str
    doc_id: str | None = Field(None, description="The id the file would have, where derivable.")
    too_large: bool = Field(False, description="Over a size, page or character limit.")


class IngestReport(BaseModel):
    """What one ingestion run did."""

    documents: int = Field(0, description="Documents read and cleaned successfully.")
    chunks: int = Field(0, description="Chunks those documents consist of.")
    embedded: int = Field(0, description="Chunks embedded and written in this run.")
    unchanged: int = Field(0, description="Documents already fully stored, costing no embedding.")
    removed: int = Field(0, description="Stale chunks deleted (changed or pruned documents).")
    pruned_documents: list[str] = Field(default_factory=list)
    withheld: dict[str, int] = Field(
        default_factory=dict,
        description="Per document id, sentences addressed to AI systems that were left out.",
    )
    errors: list[FileError] = Field(default_factory=list)
    seconds: float = 0.0
