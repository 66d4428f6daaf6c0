"""The sentence evidence index: every quotable sentence of every stored chunk, embedded once.

Built at ingest from the vector store's own chunks, like the BM25 index, and stamped with the
corpus revision it was built from (:mod:`rag.corpus` decides when). Answering a question then
costs lookups and dot products, not a model call per candidate sentence. A sentence keeps its
document, chunk, section, language and exact span in the chunk (the chunk's ``start`` places it
in the cleaned document).

A build reuses the vectors of the previous one for sentences whose text it already embedded (by
content hash, with the same model), so adding one paper embeds only that paper's sentences.
Saved as a NumPy array plus a JSON sidecar into a folder of its own, written aside and renamed
into place (:func:`rag.stores.builds.write_build`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.embeddings import Embedder
from rag.stores.builds import write_build
from rag.text.units import quotable_units
from rag.types import Chunk

logger = logging.getLogger("citeqa.sentences")

_META = "sentences.json"
_VECTORS = "vectors.npy"
_BATCH = 256


def text_hash(text: str) -> str:
    """Content hash of a sentence's text (the key its vector is reused by)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ChunkSentences:
    """The indexed sentences of one chunk: spans relative to the chunk's text, and the row of
    each one's vector."""

    doc_id: str
    section: str
    language: str
    spans: tuple[tuple[int, int], ...]
    rows: tuple[int, ...]


class SentenceIndex:
    """Unit vectors of the quotable sentences of a corpus revision, by chunk."""

    def __init__(
        self,
        built_from: str,
        model_id: str,
        chunks: dict[str, ChunkSentences],
        hashes: list[str],
        vectors: np.ndarray,
    ) -> None:
        """Wrap built data; use ``build`` or ``load`` to make one."""
        self.built_from = built_from
        self.model_id = model_id
        self.chunks = chunks
        self.hashes = hashes
        self.vectors = vectors

    def __len__(self) -> int:
        """How many distinct sentences have a vector."""
        return len(self.hashes)

    def vector(self, chunk_id: str, span: tuple[int, int]) -> np.ndarray | None:
        """The vector of the sentence at ``span`` of ``chunk_id``; None when not indexed."""
        entry = self.chunks.get(chunk_id)
        if entry is None:
            return None
        try:
            row: np.ndarray = self.vectors[entry.rows[entry.spans.index(span)]]
        except ValueError:
            return None
        return row

    @classmethod
    def build(
        cls,
        records: list[tuple[Chunk, int | None]],
        built_from: str,
        embedder: Embedder,
        previous: SentenceIndex | None = None,
    ) -> SentenceIndex:
        """Index the sentences of ``records`` (corpus revision ``built_from``), embedding only
        those ``previous`` (built with the same model) does not hold.

        Raises:
            EmbeddingError: The model failed.
        """
        reusable: dict[str, np.ndarray] = {}
        if previous is not None and previous.model_id == embedder.model_id:
            reusable = {h: previous.vectors[i] for i, h in enumerate(previous.hashes)}
        rows: dict[str, int] = {}
        texts: list[str] = []
        chunks: dict[str, ChunkSentences] = {}
        for chunk, _ in records:
            spans = quotable_units(chunk.text, chunk.section_kind)
            chunk_rows = []
            for start, end in spans:
                text = chunk.text[start:end]
                key = text_hash(text)
                if key not in rows:
                    rows[key] = len(texts)
                    texts.append(text)
                chunk_rows.append(rows[key])
            chunks[chunk.id] = ChunkSentences(
                chunk.doc_id, chunk.section, chunk.language, spans, tuple(chunk_rows)
            )
        hashes = list(rows)
        missing = [i for i, key in enumerate(hashes) if key not in reusable]
        if missing:
            logger.info("embedding %d new sentences of %d", len(missing), len(hashes))
        embedded: list[list[float]] = []
        for begin in range(0, len(missing), _BATCH):
            embedded += embedder.embed_documents(
                [texts[i] for i in missing[begin : begin + _BATCH]]
            )
        width = len(embedded[0]) if embedded else len(next(iter(reusable.values()), ()))
        vectors = np.zeros((len(hashes), width), dtype=np.float32)
        for i, key in enumerate(hashes):
            if key in reusable:
                vectors[i] = reusable[key]
        if embedded:
            vectors[missing] = np.asarray(embedded, dtype=np.float32)
        return cls(built_from, embedder.model_id, chunks, hashes, vectors)

    def save(self, directory: Path) -> None:
        """Write the index into ``directory`` atomically.

        Raises:
            OSError: The folder could not be written.
        """
        write_build(directory, self._write, _META)

    def _write(self, directory: Path) -> None:
        np.save(directory / _VECTORS, self.vectors, allow_pickle=False)
        sidecar = {
            "built_from": self.built_from,
            "model_id": self.model_id,
            "hashes": self.hashes,
            "chunks": {
                chunk_id: [c.doc_id, c.section, c.language, [list(s) for s in c.spans], c.rows]
                for chunk_id, c in self.chunks.items()
            },
        }
        (directory / _META).write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> SentenceIndex | None:
        """Read an index saved by ``save``; None when there is none or it is unreadable."""
        path = directory / _META
        if not path.is_file():
            return None
        try:
            sidecar = json.loads(path.read_text(encoding="utf-8"))
            vectors = np.load(directory / _VECTORS, allow_pickle=False)
            chunks = {
                chunk_id: ChunkSentences(
                    doc_id, section, language, tuple((s, e) for s, e in spans), tuple(rows)
                )
                for chunk_id, (doc_id, section, language, spans, rows) in sidecar["chunks"].items()
            }
            hashes = sidecar["hashes"]
            if vectors.shape[0] != len(hashes):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(sidecar["built_from"], sidecar["model_id"], chunks, hashes, vectors)
