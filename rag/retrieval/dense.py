"""Dense retrieval: embed the query, ask the vector store for its nearest chunks."""

from __future__ import annotations

from rag.embeddings import Embedder
from rag.errors import InputError
from rag.stores.protocol import VectorStore, Where
from rag.types import ScoredChunk

MAX_K = 100


class DenseRetriever:
    """Nearest chunks by cosine similarity of embeddings."""

    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        """Store the collaborators."""
        self.embedder = embedder
        self.store = store

    def search(self, query: str, k: int = 5, where: Where | None = None) -> list[ScoredChunk]:
        """The ``k`` chunks most similar to ``query``, best first.

        Raises:
            InputError: An empty query or ``k`` outside 1..100.
        """
        if not query.strip():
            raise InputError("the query is empty")
        if not 1 <= k <= MAX_K:
            raise InputError(f"k must be between 1 and {MAX_K}, got {k}")
        if self.store.count() == 0:
            return []
        return self.store.query(self.embedder.embed_query(query.strip()), k, where)
