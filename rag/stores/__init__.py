"""Vector stores: the ``VectorStore`` Protocol and its Chroma implementation."""

from rag.stores.protocol import VectorStore

__all__ = ["VectorStore"]
