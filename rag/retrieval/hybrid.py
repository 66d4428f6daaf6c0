"""Hybrid retrieval: dense and BM25 candidates fused by reciprocal rank fusion, optionally MMR.

**Filters on the dense leg.** A vector store given a metadata filter resolves it to an allow-list
of ids before the vector search (Chroma: in SQLite), which costs time in proportion to the ids it
allows: a filter that allows most of a 100k-chunk corpus (the default one, reference lists out)
made a dense query ~100x slower than the same query unfiltered. So a filter that allows at least
``SELECTIVE`` of the corpus is applied here instead, to an unfiltered search over-fetched in
proportion (the BM25 index knows every chunk's facts), and the store's filter is only used for
selective filters, or when the over-fetch did not yield enough chunks. The results are the same
chunks either way, up to the approximate search's own recall (``citeqa bench scale`` measures it).
"""

from __future__ import annotations

import math
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
#: A filter allowing at least this share of the chunks is applied after an unfiltered search.
SELECTIVE = 0.2
#: How much more an unfiltered search fetches than the filtered share requires.
OVERFETCH = 1.5


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
        self._masks: dict[tuple[str, str], tuple[np.ndarray, int]] = {}

    def _mask(self, filters: Filters) -> tuple[np.ndarray, int]:
        """The 0/1 mask over the BM25 index's rows of the live chunks ``filters`` allows, and how
        many it allows, built once per index and filter set: building it walks every indexed
        chunk, too much to repeat on every query of a large corpus."""
        key = (self.sparse.built_from, filters.model_dump_json())
        if key not in self._masks:
            if len(self._masks) >= _MASK_CACHE:
                self._masks.clear()
            if filters.doc_ids or filters.years or filters.sections:
                allowed = np.array([allows(filters, info) for info in self.sparse.info], dtype=bool)
                allowed &= self.sparse.alive
            else:
                allowed = self.sparse.alive if filters.include_references else self.sparse.body
            self._masks[key] = (allowed.astype(np.float32), int(allowed.sum()))
        return self._masks[key]

    def _sparse_ranking(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        return self.sparse.search(query, n, allowed=self._mask(filters)[0])

    def _dense_ranking(
        self, vector: list[float], n: int, filters: Filters
    ) -> list[tuple[str, float]]:
        """The ``n`` nearest chunks ``filters`` allows (see the module docstring)."""
        mask, allowed = self._mask(filters)
        if not allowed:
            return []
        where = chroma_where(filters)
        share = allowed / self.sparse.live
        if where is None or share < SELECTIVE:
            return self.store.query(vector, n, where)
        fetch = math.ceil(n / share * OVERFETCH)
        hits = self.store.query(vector, fetch, None)
        rows = self.sparse.rows
        kept = [(i, s) for i, s in hits if i in rows and mask[rows[i]]]
        if len(kept) >= n or len(hits) < fetch:
            return kept[:n]
        return self.store.query(vector, n, where)

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
            return self._chunks(self._sparse_ranking(query, k, filters))
        query_vector = vector if vector is not None else self.embedder.embed_query(query.strip())
        dense = self._dense_ranking(query_vector, n, filters) if self.sparse.live else []
        if mode == "dense":
            return self._chunks(dense[:k])
        sparse = self._sparse_ranking(query, n, filters)
        fused = reciprocal_rank_fusion(
            [[chunk_id for chunk_id, _ in dense], [chunk_id for chunk_id, _ in sparse]],
            [self.settings.dense_weight, self.settings.sparse_weight],
            self.settings.rrf_k,
        )
        if self.settings.mmr:
            fused = self._diversify(query_vector, fused, k)
        return self._chunks(fused[:k])

    def _chunks(self, ranked: list[tuple[str, float]]) -> list[ScoredChunk]:
        """The stored chunks of a ranking; one deleted since the index was built (by another
        process) is left out."""
        found = {chunk.id: chunk for chunk in self.store.get([i for i, _ in ranked])}
        return [ScoredChunk(chunk=found[i], score=s) for i, s in ranked if i in found]

    def _diversify(
        self, query_vector: list[float], fused: list[tuple[str, float]], k: int
    ) -> list[tuple[str, float]]:
        vectors = self.store.embeddings([chunk_id for chunk_id, _ in fused])
        pool = [pair for pair in fused if pair[0] in vectors]
        order = maximal_marginal_relevance(
            query_vector, [vectors[i] for i, _ in pool], k, self.settings.mmr_lambda
        )
        return [pool[i] for i in order]
