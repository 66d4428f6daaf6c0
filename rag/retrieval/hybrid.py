"""Hybrid retrieval: dense and BM25 candidates fused by reciprocal rank fusion, optionally MMR."""

from __future__ import annotations

from typing import Literal

import numpy as np

from rag.embeddings import Embedder
from rag.errors import InputError
from rag.retrieval.filters import Filters, allows, chroma_where
from rag.retrieval.fusion import maximal_marginal_relevance, reciprocal_rank_fusion
from rag.retrieval.sparse import BM25Index
from rag.settings import RetrievalSettings
from rag.stores.protocol import VectorStore
from rag.types import ScoredChunk

SearchMode = Literal["hybrid", "dense", "sparse"]
MAX_K = 1000
_MASK_CACHE = 64


class HybridRetriever:
    """Dense + BM25 retrieval over one store, with shared filters."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        sparse: BM25Index,
        settings: RetrievalSettings,
    ) -> None:
        """Store the collaborators; ``sparse`` must be built from ``store`` (a corpus snapshot)."""
        self.embedder = embedder
        self.store = store
        self.sparse = sparse
        self.settings = settings
        self._masks: dict[tuple[str, str], np.ndarray] = {}

    def _mask(self, filters: Filters) -> np.ndarray:
        """The 0/1 BM25 mask of ``filters``, built once per index and filter set: building it
        walks every indexed chunk, too much to repeat on every query of a large corpus."""
        key = (self.sparse.built_from, filters.model_dump_json())
        if key not in self._masks:
            if len(self._masks) >= _MASK_CACHE:
                self._masks.clear()
            self._masks[key] = np.array(
                [allows(filters, info) for info in self.sparse.info], dtype=np.float32
            )
        return self._masks[key]

    def _sparse_ranking(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        return self.sparse.search(query, n, allowed=self._mask(filters))

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        mode: SearchMode = "hybrid",
        vector: list[float] | None = None,
    ) -> list[ScoredChunk]:
        """The ``k`` best chunks for ``query``.

        Args:
            query: The question or keywords.
            k: How many chunks (1..100).
            filters: Restrictions; by default reference-list chunks are excluded.
            mode: ``hybrid`` (fused), ``dense`` or ``sparse`` alone.
            vector: The query's embedding, when the caller has it already.

        Returns:
            Chunks best first. Scores are cosine similarity (dense), BM25 (sparse) or the RRF
            score (hybrid).

        Raises:
            InputError: An empty query or ``k`` outside 1..100.
        """
        if not query.strip():
            raise InputError("the query is empty")
        if not 1 <= k <= MAX_K:
            raise InputError(f"k must be between 1 and {MAX_K}, got {k}")
        filters = filters or Filters()
        n = max(self.settings.candidates, k)
        if mode == "sparse":
            ranked = self._sparse_ranking(query, k, filters)
            found = {chunk.id: chunk for chunk in self.store.get([i for i, _ in ranked])}
            # A chunk deleted since the index was built (by another process) is left out.
            return [ScoredChunk(chunk=found[i], score=s) for i, s in ranked if i in found]
        query_vector = vector if vector is not None else self.embedder.embed_query(query.strip())
        dense = self.store.query(query_vector, n, chroma_where(filters)) if self.sparse.ids else []
        if mode == "dense":
            return dense[:k]
        sparse = self._sparse_ranking(query, n, filters)
        fused = reciprocal_rank_fusion(
            [[hit.chunk.id for hit in dense], [chunk_id for chunk_id, _ in sparse]],
            [self.settings.dense_weight, self.settings.sparse_weight],
            self.settings.rrf_k,
        )
        if self.settings.mmr:
            fused = self._diversify(query_vector, fused, k)
        top = fused[:k]
        known = {hit.chunk.id: hit.chunk for hit in dense}
        missing = [chunk_id for chunk_id, _ in top if chunk_id not in known]
        known.update({chunk.id: chunk for chunk in self.store.get(missing)})
        return [ScoredChunk(chunk=known[i], score=s) for i, s in top if i in known]

    def _diversify(
        self, query_vector: list[float], fused: list[tuple[str, float]], k: int
    ) -> list[tuple[str, float]]:
        vectors = self.store.embeddings([chunk_id for chunk_id, _ in fused])
        pool = [pair for pair in fused if pair[0] in vectors]
        order = maximal_marginal_relevance(
            query_vector, [vectors[i] for i, _ in pool], k, self.settings.mmr_lambda
        )
        return [pool[i] for i in order]
