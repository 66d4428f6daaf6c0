"""BM25 over the stored chunks, persisted beside the vector store.

The index is always derived from the vector store's own chunks (never from files), and it records
the corpus revision it was built from (:mod:`rag.corpus` decides when to build one). It is saved
as bm25s arrays, not pickles, together with the abbreviation definitions and term statistics mined
from the same chunks, into a folder of its own that is written aside and renamed into place: a
reader finds one whole build or none.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.stores.builds import write_build
from rag.text.abbreviations import expand_query, vote_abbreviations
from rag.text.words import split_cjk, terms
from rag.types import Chunk

_META = "citeqa.json"
#: Bumped when tokenisation or mining changes, so that another build is rebuilt, not misread.
FORMAT = 4


def _tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s  # noqa: PLC0415 - heavy import

    tokens: list[list[str]] = bm25s.tokenize(
        [split_cjk(text) for text in texts], stopwords="en", return_ids=False, show_progress=False
    )
    return tokens


def ids_revision(chunk_ids: list[str]) -> str:
    """A revision for a store that records none (written before revisions were): a fingerprint
    of its chunk ids, equal sets giving equal revisions."""
    digest = hashlib.sha256("\n".join(sorted(chunk_ids)).encode()).hexdigest()[:16]
    return f"ids-{digest}"


@dataclass(frozen=True)
class TermStatistics:
    """How common each word is: across all chunks, and within each document.

    ``topics[doc_id][term]`` is the share of the document's chunks containing ``term``, kept only
    for terms in at least half of them: the words a document is about. ``leads[doc_id]`` are the
    words of the document's first chunk outside its front matter (its abstract or opening): what
    it introduces as its subject.
    """

    chunks: int
    doc_freq: dict[str, int]
    topics: dict[str, dict[str, float]]
    leads: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, records: list[tuple[Chunk, int | None]]) -> TermStatistics:
        """Count the terms of ``records`` (reference lists left out)."""
        doc_freq: dict[str, int] = {}
        per_doc: dict[str, dict[str, int]] = {}
        doc_chunks: dict[str, int] = {}
        first: dict[str, Chunk] = {}
        body = [chunk for chunk, _ in records if chunk.section_kind != "references"]
        for chunk in body:
            words = set(terms(chunk.text))
            doc_chunks[chunk.doc_id] = doc_chunks.get(chunk.doc_id, 0) + 1
            counts = per_doc.setdefault(chunk.doc_id, {})
            for word in words:
                doc_freq[word] = doc_freq.get(word, 0) + 1
                counts[word] = counts.get(word, 0) + 1
            lead = first.get(chunk.doc_id)
            if chunk.section_kind != "front" and (lead is None or chunk.start < lead.start):
                first[chunk.doc_id] = chunk
        topics = {
            doc_id: {
                w: c / doc_chunks[doc_id]
                for w, c in counts.items()
                if c / doc_chunks[doc_id] >= 0.5
            }
            for doc_id, counts in per_doc.items()
        }
        leads = {doc_id: sorted(set(terms(chunk.text))) for doc_id, chunk in first.items()}
        return cls(len(body), doc_freq, topics, leads)


@dataclass(frozen=True)
class ChunkInfo:
    """What BM25 filtering needs to know of each indexed chunk."""

    doc_id: str
    year: int | None
    section: str
    section_kind: str


class BM25Index:
    """A bm25s index over chunks, with the abbreviations mined from them."""

    def __init__(
        self,
        retriever: Any,
        ids: list[str],
        info: list[ChunkInfo],
        abbreviations: dict[str, str],
        built_from: str,
        statistics: TermStatistics,
    ) -> None:
        """Wrap a built bm25s retriever; use ``build`` or ``load`` to make one."""
        self._retriever = retriever
        self.ids = ids
        self.info = info
        self.abbreviations = abbreviations
        self.built_from = built_from
        self.statistics = statistics

    @classmethod
    def build(cls, records: list[tuple[Chunk, int | None]], built_from: str) -> BM25Index:
        """Index ``records`` (chunk and document year) of corpus revision ``built_from`` and mine
        their abbreviations, one vote per document (:func:`vote_abbreviations`)."""
        import bm25s  # noqa: PLC0415

        retriever = bm25s.BM25()
        ids = [chunk.id for chunk, _ in records]
        if records:
            retriever.index(_tokenize([chunk.text for chunk, _ in records]), show_progress=False)
        info = [ChunkInfo(c.doc_id, year, c.section, c.section_kind) for c, year in records]
        texts: dict[str, list[str]] = {}
        for chunk, _ in sorted(records, key=lambda r: (r[0].doc_id, r[0].start)):
            if chunk.section_kind != "references":
                texts.setdefault(chunk.doc_id, []).append(chunk.text)
        documents = {doc_id: "\n".join(parts) for doc_id, parts in texts.items()}
        statistics = TermStatistics.of(records)
        return cls(retriever, ids, info, vote_abbreviations(documents), built_from, statistics)

    def save(self, directory: Path) -> None:
        """Write the index as arrays plus a JSON sidecar into ``directory``, atomically (see
        :func:`rag.stores.builds.write_build`).

        Raises:
            OSError: The folder could not be written.
        """
        write_build(directory, self._write, _META)

    def _write(self, directory: Path) -> None:
        if self.ids:
            self._retriever.save(str(directory), show_progress=False)
        sidecar = {
            "format": FORMAT,
            "built_from": self.built_from,
            "ids": self.ids,
            "info": [vars(i) for i in self.info],
            "abbreviations": self.abbreviations,
            "statistics": vars(self.statistics),
        }
        (directory / _META).write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index | None:
        """Read an index saved by ``save``; None when there is none or it is unreadable."""
        import bm25s  # noqa: PLC0415

        path = directory / _META
        if not path.is_file():
            return None
        try:
            sidecar = json.loads(path.read_text(encoding="utf-8"))
            if sidecar.get("format") != FORMAT:
                return None
            retriever = (
                bm25s.BM25.load(str(directory), show_progress=False)
                if sidecar["ids"]
                else bm25s.BM25()
            )
            info = [ChunkInfo(**row) for row in sidecar["info"]]
            statistics = TermStatistics(**sidecar["statistics"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(
            retriever,
            sidecar["ids"],
            info,
            sidecar["abbreviations"],
            sidecar["built_from"],
            statistics,
        )

    def search(
        self, query: str, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` best ``(chunk id, score)`` pairs with a positive score.

        Args:
            query: The query; abbreviations it uses are expanded first.
            k: How many results at most.
            allowed: Optional 0/1 mask over ``ids`` of chunks that may be returned.
        """
        if not self.ids:
            return []
        tokens = _tokenize([expand_query(query, self.abbreviations)])
        if not tokens[0]:
            return []
        documents, scores = self._retriever.retrieve(
            tokens, k=min(k, len(self.ids)), show_progress=False, weight_mask=allowed
        )
        return [
            (self.ids[int(i)], float(s))
            for i, s in zip(documents[0], scores[0], strict=True)
            if s > 0
        ]
