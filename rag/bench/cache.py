"""Benchmark vectors computed once: an embedder that remembers each text's vector by content
hash, filled from other benchmark stores (so that a mixed corpus embeds only what is new) or
from a file an earlier run saved (so that the scale benchmark's pool is embedded once)."""

from __future__ import annotations

from collections.abc import Container, Iterable
from pathlib import Path

import numpy as np

from rag.embeddings import Embedded, Embedder
from rag.ids import content_hash
from rag.stores.chroma_store import ChromaStore

_PAGE = 2000


def stored_vectors(stores: Iterable[ChromaStore]) -> dict[str, list[float]]:
    """Content hash of the chunk text to its vector, over every chunk of ``stores``."""
    known: dict[str, list[float]] = {}
    for store in stores:
        records = store.records()
        for start in range(0, len(records), _PAGE):
            page = [chunk for chunk, _ in records[start : start + _PAGE]]
            vectors = store.embeddings([chunk.id for chunk in page])
            known.update({content_hash(c.text): vectors[c.id] for c in page if c.id in vectors})
    return known


class CachedEmbedder:
    """An ``Embedder`` that remembers every passage vector it computes or is given, keyed by the
    text's content hash; queries always go to the model.

    Until ``reuse`` is set it embeds every text it is given (so that timings through it are the
    model's); then only texts it has not seen, counting the others in ``reused``. Vectors are
    only reused for the same model: take ``known`` from stores of the same collection settings
    (``bench_settings`` keeps them) and files saved under the model's id.
    """

    def __init__(
        self,
        embedder: Embedder,
        known: dict[str, list[float]] | None = None,
        *,
        reuse: bool = False,
    ) -> None:
        """Wrap ``embedder``; ``known`` maps content hashes of texts to their vectors."""
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.reuse = reuse
        self.reused = 0
        self._vectors: dict[str, list[float]] = dict(known or {})
        #: Texts embedded with their token vectors (kept as float16: half the memory).
        self._embedded: dict[str, Embedded] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """The vector of each text, embedding those not seen before (every one until
        ``reuse``) in one call."""
        keys, missing = self._to_embed(texts, self._vectors)
        if missing:
            vectors = self.embedder.embed_documents(list(missing.values()))
            self._vectors.update(zip(missing, vectors, strict=True))
        self.reused += len(keys) - len(missing)
        return [self._vectors[key] for key in keys]

    def _to_embed(self, texts: list[str], held: Container[str]) -> tuple[list[str], dict[str, str]]:
        """The content hash of each text, and the texts the model must embed by hash: every
        distinct one until ``reuse``, then those ``held`` lacks."""
        keys = [content_hash(text) for text in texts]
        unique = dict(zip(keys, texts, strict=True))
        return keys, {key: t for key, t in unique.items() if not self.reuse or key not in held}

    def embed_query(self, text: str) -> list[float]:
        """The query's vector (never cached)."""
        return self.embedder.embed_query(text)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """The queries' vectors (never cached)."""
        return self.embedder.embed_queries(texts)

    def embed_with_tokens(self, texts: list[str], *, query: bool = False) -> list[Embedded]:
        """The texts' vectors and token vectors, as :meth:`embed_documents` serves vectors:
        those embedded with tokens before are reused once ``reuse`` is set (a text known only
        by its vector is embedded again, for its tokens); queries always go to the model."""
        if query:
            return self.embedder.embed_with_tokens(texts, query=True)
        keys, missing = self._to_embed(texts, self._embedded)
        if missing:
            embedded = self.embedder.embed_with_tokens(list(missing.values()))
            for key, item in zip(missing, embedded, strict=True):
                self._embedded[key] = Embedded(item.vector, item.tokens.astype(np.float16))
                self._vectors[key] = item.vector
        self.reused += len(keys) - len(missing)
        return [
            Embedded(self._embedded[key].vector, self._embedded[key].tokens.astype(np.float32))
            for key in keys
        ]

    def vocabulary(self) -> frozenset[str]:
        """The wrapped model's lexicon."""
        return self.embedder.vocabulary()

    def save(self, path: Path) -> None:
        """Write every vector held to ``path`` (``.npz``), replacing it whole or not at all."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.partial.npz")
        keys = np.array(list(self._vectors), dtype="U64")
        vectors = np.asarray(list(self._vectors.values()), dtype=np.float32)
        np.savez(partial, keys=keys, vectors=vectors)
        partial.replace(path)

    def load(self, path: Path) -> int:
        """Add the vectors :meth:`save` wrote to ``path``, if it exists; return how many."""
        if not path.is_file():
            return 0
        with np.load(path) as saved:
            keys, vectors = saved["keys"].tolist(), saved["vectors"].tolist()
        self._vectors.update(zip(keys, vectors, strict=True))
        return len(keys)
