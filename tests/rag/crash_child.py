"""Run ``citeqa ingest`` in this process and SIGKILL it at one point of the write protocol.

``python -m tests.rag.crash_child POINT FOLDER`` with the store's settings in the environment;
POINT is one of :data:`POINTS`. The real functions run up to the point, then the process kills
itself, as a crash or an out-of-memory kill would.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from rag.assemble import open_corpus
from rag.embeddings import SentenceTransformerEmbedder
from rag.settings import Settings
from rag.stores.chroma_store import ChromaStore

POINTS = ("embedding", "after-upsert", "archive-write", "sparse-write")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(point: str) -> None:
    if point == "embedding":
        real_embed = SentenceTransformerEmbedder.embed_documents
        calls = {"n": 0}

        def embed(self: SentenceTransformerEmbedder, texts: list[str]) -> list[list[float]]:
            calls["n"] += 1
            if calls["n"] == 3:
                _die()
            return real_embed(self, texts)

        SentenceTransformerEmbedder.embed_documents = embed  # type: ignore[method-assign]
    elif point == "after-upsert":
        real_delete = ChromaStore.delete

        def delete(self: ChromaStore, chunk_ids: list[str]) -> None:
            if chunk_ids:
                _die()
            real_delete(self, chunk_ids)

        ChromaStore.delete = delete  # type: ignore[method-assign]
    else:
        marker = "documents" if point == "archive-write" else "bm25"
        real_replace = Path.replace
        real_rename = Path.rename

        def replace(self: Path, target: Any) -> Path:
            if marker in str(target):
                _die()
            return real_replace(self, target)

        def rename(self: Path, target: Any) -> Path:
            if marker in str(target):
                _die()
            return real_rename(self, target)

        Path.replace = replace  # type: ignore[method-assign,assignment]
        Path.rename = rename  # type: ignore[method-assign,assignment]


def main() -> None:
    """Arm the point, then ingest the folder."""
    point, folder = sys.argv[1], Path(sys.argv[2])
    _arm(point)
    open_corpus(Settings()).ingest([folder], progress=False)
    sys.exit(3)  # the point was never reached


if __name__ == "__main__":
    main()
