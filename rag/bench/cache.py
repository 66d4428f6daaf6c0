"""Reuse vectors already computed for the same chunk text in other benchmark stores, so that a
mixed corpus (PubMedQA with SciFact and COVID-QA) embeds only what is new."""

from __future__ import annotations

from collections.abc import Iterable

from rag.embeddings import Embedder
from rag.stores.chroma_store import ChromaStore

_PAGE = 2000


def stored_vectors(stores: Iterable[ChromaStore]) -> dict[str, list[float]]:
    """Chunk text to vector, over every chunk of ``stores``."""
    known: dict[str, list[float]] = {}
    for store in stores:
        records = store.records()
        for start in range(0, len(records), _PAGE):
            page = [chunk for chunk, _ in records[start : start + _PAGE]]
            vectors = store.embeddings([chunk.id for chunk in page])
            known.update({c.text: vectors[c.id] for c in page if c.id in vectors})
    return known


class ReusingEmbedder:
    """An embedder that looks a passage up before encoding it; queries always go to the model.

    Vectors are only reused for the same model: build the lookup from stores of the same
    collection settings (``bench_settings`` keeps them).
    """

    def __init__(self, inner: Embedder, known: dict[str, list[float]]) -> None:
        """Wrap ``inner``; ``known`` maps chunk text to its vector."""
        self.inner = inner
        self.known = known
        self.model_id = inner.model_id
        self.reused = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Stored vectors where known; the rest encoded in one call."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        if missing:
            self.known.update(zip(missing, self.inner.embed_documents(missing), strict=True))
        self.reused += len(texts) - len(missing)
        return [self.known[text] for text in texts]

    def embed_query(self, text: str) -> list[float]:
        """The model's query vector."""
        return self.inner.embed_query(text)

    def vocabulary(self) -> frozenset[str]:
        """The model's lexicon."""
        return self.inner.vocabulary()
