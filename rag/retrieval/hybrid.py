"""Hybrid retrieval: dense and BM25 candidates fused by reciprocal rank fusion, optionally MMR.

**Filters on the dense leg.** A vector store given a metadata filter resolves it to an allow-list
of ids before the vector search, which costs time in proportion to the corpus, not to what the
filter allows: on 100k chunks Chroma took ~70 ms for any filtered query (the default filter,
reference lists out, or 20 documents' 49 chunks alike, or the ids given outright) against ~4 ms
unfiltered, and ~700 ms for the default filter at 100k random vectors. So the filter is applied
here, from the BM25 index's facts about every chunk:

- a filter allowing at most ``EXACT`` chunks is searched exactly, over those chunks' stored
  vectors (reading one vector by id costs ~0.04 ms);
- otherwise an unfiltered search is over-fetched in proportion to the share the filter allows,
  up to ``MAX_FETCH`` results (~2,000 results cost ~20 ms at 100k), and the filter applied to it;
- only a filter between the two, or an over-fetch that did not yield enough chunks, goes to the
  store's own filter.

The results are the same chunks either way, up to the approximate search's own recall
(``citeqa bench scale`` measures it).
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
#: A filter allowing at most this many chunks is searched exactly over their stored vectors.
EXACT = 512
#: How much more an unfiltered search fetches than the filtered share requires.
OVERFETCH = 1.5
#: The most results an unfiltered search fetches to apply a filter to them afterwards.
MAX_FETCH = 2048


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
        if where is None:
            return self.store.query(vector, n, None)
        if allowed <= EXACT:
            return self._exact(vector, n, mask)
        fetch = math.ceil(n * self.sparse.live / allowed * OVERFETCH)
        if fetch <= MAX_FETCH:
            hits = self.store.query(vector, fetch, None)
            rows = self.sparse.rows
            kept = [(i, s) for i, s in hits if i in rows and mask[rows[i]]]
            if len(kept) >= n or len(hits) < fetch:
                return kept[:n]
        return self.store.query(vector, n, where)

    def _exact(self, vector: list[float], n: int, mask: np.ndarray) -> list[tuple[str, float]]:
        """The ``n`` chunks of ``mask`` most similar to ``vector`` by cosine, from their stored
        vectors; ties by id."""
        vectors = self.store.embeddings([self.sparse.ids[row] for row in np.flatnonzero(mask)])
        if not vectors:
            return []
        ids = sorted(vectors)
        matrix = np.asarray([vectors[i] for i in ids], dtype=np.float32)
        query = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query)
        scores = matrix @ query / np.where(norms > 0, norms, 1.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(ids[i], float(scores[i])) for i in order]

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
