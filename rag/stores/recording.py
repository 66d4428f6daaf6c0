"""A vector store that remembers what a write changed, so derived indexes can follow it.

:class:`rag.corpus.Corpus` hands the ingestor a :class:`RecordingStore` over the real store; once
the write ends, the chunks it stored and the ids it deleted update the BM25 and sentence indexes
of the previous revision instead of rebuilding them from every chunk. A store call that failed
leaves the store in a state the record cannot vouch for (``failed``): then the corpus rebuilds.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.stores.protocol import VectorStore, Where, Write
from rag.types import Chunk, DocumentSummary


class RecordingStore:
    """A ``VectorStore`` passing every call to ``store`` and recording upserts and deletions."""

    def __init__(self, store: VectorStore) -> None:
        """Record the changes made through this object to ``store``."""
        self.store = store
        #: Chunks stored by this write (and not deleted since), with their document's year.
        self.added: dict[str, tuple[Chunk, int | None]] = {}
        #: Ids deleted by this write (and not stored again since).
        self.removed: set[str] = set()
        #: Whether a change failed part-way (what it left in the store is unknown).
        self.failed = False

    def upsert(self, writes: Sequence[Write]) -> None:
        """Store chunks (see :meth:`VectorStore.upsert`) and record them."""
        try:
            self.store.upsert(writes)
        except BaseException:
            self.failed = True
            raise
        for write in writes:
            for chunk in write.chunks:
                self.added[chunk.id] = (chunk, write.meta.year)
                self.removed.discard(chunk.id)

    def delete(self, chunk_ids: list[str]) -> None:
        """Delete chunks (see :meth:`VectorStore.delete`) and record it."""
        try:
            self.store.delete(chunk_ids)
        except BaseException:
            self.failed = True
            raise
        for chunk_id in chunk_ids:
            self.added.pop(chunk_id, None)
            self.removed.add(chunk_id)

    def versions(self, doc_id: str) -> dict[str, tuple[str, int]]:
        """See :meth:`VectorStore.versions`."""
        return self.store.versions(doc_id)

    def revision(self) -> str:
        """See :meth:`VectorStore.revision`."""
        return self.store.revision()

    def set_revision(self, revision: str) -> None:
        """See :meth:`VectorStore.set_revision`."""
        self.store.set_revision(revision)

    def chunk_ids(self, doc_id: str) -> set[str]:
        """See :meth:`VectorStore.chunk_ids`."""
        return self.store.chunk_ids(doc_id)

    def ids(self) -> list[str]:
        """See :meth:`VectorStore.ids`."""
        return self.store.ids()

    def records(self) -> list[tuple[Chunk, int | None]]:
        """See :meth:`VectorStore.records`."""
        return self.store.records()

    def get(self, chunk_ids: list[str]) -> list[Chunk]:
        """See :meth:`VectorStore.get`."""
        return self.store.get(chunk_ids)

    def embeddings(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """See :meth:`VectorStore.embeddings`."""
        return self.store.embeddings(chunk_ids)

    def documents(self) -> list[DocumentSummary]:
        """See :meth:`VectorStore.documents`."""
        return self.store.documents()

    def query(
        self, embedding: list[float], k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """See :meth:`VectorStore.query`."""
        return self.store.query(embedding, k, where)

    def count(self) -> int:
        """See :meth:`VectorStore.count`."""
        return self.store.count()
