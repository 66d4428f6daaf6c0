"""Small deterministic stand-ins behind citeqa's Protocols, for fast tests of logic.

Tests of behaviour that depends on what a real model returns use the real parts (the slow and
integration tiers); these stand-ins only serve tests whose subject is citeqa's own logic.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np

from rag.embeddings import Embedded

_WORD = re.compile(r"[a-z0-9]+")

#: A few common words, standing in for a real model's vocabulary.
LEXICON = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "with",
        "patients",
        "trial",
        "study",
        "rate",
        "response",
        "survival",
        "median",
        "months",
        "dose",
    ]
)


class HashingEmbedder:
    """Embeds text as normalised counts of hashed words: texts sharing words are similar."""

    model_id = "hashing-64"

    def __init__(self, dimension: int = 64) -> None:
        """Use ``dimension`` buckets."""
        self.dimension = dimension
        self.calls = 0

    def _bucket(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
        return int.from_bytes(digest, "big") % self.dimension

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for word in _WORD.findall(text.lower()):
            vector[self._bucket(word)] += 1.0
        norm = math.sqrt(sum(x * x for x in vector)) or 1.0
        return [x / norm for x in vector]

    def _tokens(self, text: str) -> np.ndarray:
        """One row per word: the unit vector of its bucket."""
        words = _WORD.findall(text.lower())
        rows = np.zeros((len(words), self.dimension), dtype=np.float32)
        for i, word in enumerate(words):
            rows[i, self._bucket(word)] = 1.0
        return rows

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""
        self.calls += 1
        return [self._embed(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        """The query's vector."""
        return self._embed(text)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Each query's vector."""
        return [self._embed(text) for text in texts]

    def embed_with_tokens(self, texts: list[str], *, query: bool = False) -> list[Embedded]:
        """Each text's vector, and one row per word."""
        if not query:
            self.calls += 1
        return [Embedded(self._embed(text), self._tokens(text)) for text in texts]

    def vocabulary(self) -> frozenset[str]:
        """A small fixed lexicon."""
        return LEXICON


class RecordingEmbedder(HashingEmbedder):
    """A hashing embedder that remembers the texts of every ``embed_documents`` call and every
    ``embed_with_tokens`` call for documents."""

    def __init__(self) -> None:
        """Start with no calls."""
        super().__init__()
        self.batches: list[list[str]] = []

    @property
    def embedded(self) -> list[str]:
        """Every text embedded, in order."""
        return [text for batch in self.batches for text in batch]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Remember ``texts``, then embed them."""
        self.batches.append(list(texts))
        return super().embed_documents(texts)

    def embed_with_tokens(self, texts: list[str], *, query: bool = False) -> list[Embedded]:
        """Remember ``texts`` (unless queries), then embed them."""
        if not query:
            self.batches.append(list(texts))
        return super().embed_with_tokens(texts, query=query)
