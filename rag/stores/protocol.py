"""The interface citeqa needs from a vector store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.types import Chunk, DocumentMeta, DocumentSummary

#: A metadata filter in Chroma's ``where`` syntax, e.g. ``{"doc_id": {"$in": ["a", "b"]}}``.
Where = dict[str, object]


@dataclass(frozen=True)
class Write:
    """Chunks of one version of a document with their vectors, written at ``written_at``
    (nanoseconds since the epoch: the newest version of a document wins)."""

    chunks: list[Chunk]
    embeddings: list[list[float]]
    meta: DocumentMeta
    content_hash: str
    written_at: int


class VectorStore(Protocol):
    """Chunks with their vectors, addressable by chunk id and document id."""

    def upsert(self, writes: Sequence[Write]) -> None:
        """Insert or replace the chunks of every write, in one request where the store allows
        (a request per document cost Chroma ~40 ms each, most of an ingest's time outside the
        model)."""
        ...

    def versions(self, doc_id: str) -> dict[str, tuple[str, int]]:
        """Each stored chunk of one document: its version's content hash and write time."""
        ...

    def revision(self) -> str:
        """The corpus revision recorded in the store; empty when none was ever recorded."""
        ...

    def set_revision(self, revision: str) -> None:
        """Record a new corpus revision in the store."""
        ...

    def delete(self, chunk_ids: list[str]) -> None:
        """Delete chunks by id; unknown ids are ignored."""
        ...

    def chunk_ids(self, doc_id: str) -> set[str]:
        """Ids of the stored chunks of one document."""
        ...

    def ids(self) -> list[str]:
        """Every stored chunk id."""
        ...

    def records(self) -> list[tuple[Chunk, int | None]]:
        """Every stored chunk with its document's year."""
        ...

    def get(self, chunk_ids: list[str]) -> list[Chunk]:
        """The stored chunks with these ids, in the order asked."""
        ...

    def embeddings(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """The stored vectors of these chunks by id."""
        ...

    def documents(self) -> list[DocumentSummary]:
        """Every stored document with its chunk count, sorted by id."""
        ...

    def query(
        self, embedding: list[float], k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """The ids of the ``k`` chunks nearest to ``embedding`` with their cosine similarity,
        best first."""
        ...

    def count(self) -> int:
        """Number of stored chunks."""
        ...
