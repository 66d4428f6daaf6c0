"""The sentence evidence index: every quotable sentence of every stored chunk, embedded once.

Built at ingest from the vector store's own chunks, like the BM25 index, and stamped with the
corpus revision it was built from (:mod:`rag.corpus` decides when). Answering a question then
costs lookups and dot products, not a model call per candidate sentence. A sentence keeps its
document, chunk, section, language and exact span in the chunk (the chunk's ``start`` places it
in the cleaned document), its embedding, and the contextual vectors of its tokens from the same
pass of the model (for :func:`rag.answering.features.token_match`), stored as 4-bit integers
with one scale per token (:func:`quantize`): 196 bytes a token of 384 dimensions rather than
1,536 (about 7 KB a sentence; the selection it feeds measured the same as with full precision).
A sentence is embedded with the endpoints it names only by a short form spelled out
(:func:`rag.text.endpoints.spelled_out`: "Median overall survival (OS) was ..."), as a question
is: the model reads "OS" as letters.

**Incremental.** :meth:`SentenceIndex.updated` adds the sentences of new chunks and forgets those
of removed ones, leaving the old index untouched for readers still using it. Vectors are rows
keyed by the content hash of the sentence's text, counted by how many indexed chunks use them:
a text already embedded (by this index, with this model) is never embedded again, and rows no
chunk uses are dropped by compaction when they pile up. New rows are appended as a segment of
their own.

**Files.** A JSON sidecar and four NumPy files per segment (vectors, token vectors, their
scales, and where each row's tokens start), written aside and renamed into place
(:func:`rag.stores.builds.write_build`); a segment an earlier build already holds is linked, not
written again, and segments are memory-mapped when loaded, so a large index costs page cache,
not process memory.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import numpy as np

from rag.embeddings import Embedded, Embedder
from rag.progress import progress_bar
from rag.stores.builds import (
    build_directory,
    read_sidecar,
    reuse_or_write,
    write_build,
    write_sidecar,
)
from rag.text.endpoints import spelled_out
from rag.text.units import quotable_units
from rag.types import Chunk

logger = logging.getLogger("citeqa.sentences")

_META = "sentences.json"
_BATCH = 256
#: From how many sentences to embed a build shows its progress on standard error (a line every
#: half minute in a log, :func:`rag.progress.progress_bar`): a whole corpus embedded again after
#: a change of this index's format or of the embedding model takes minutes to hours (COVID-QA's
#: 98 articles, 14,507 sentences: about 4 minutes on 2 cores), before the first answer.
PROGRESS_FROM = 2_000
#: Bumped when the files change, so that an old build is rebuilt, not misread (4: sentences
#: embedded with their endpoints spelled out).
FORMAT = 4
#: Bumped when the quotable units change (:mod:`rag.text.units`; 2: a table record spans the
#: lines its row is broken over): a build split by earlier rules is split again when the corpus
#: opens, and only the texts it holds no vector for are embedded (:meth:`rag.corpus.Corpus.
#: _sentences`). A build that names none was split by the first rules.
UNITS = 2
#: Compact when more than this share of the rows are unused, or past this many segments.
DEAD_SHARE = 0.25
MAX_SEGMENTS = 16


#: A segment's files: ``{name}{suffix}.npy`` for each of its arrays, in ``_Segment``'s order.
_FILES = ("", ".tokens", ".scales", ".starts")


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


@dataclass(frozen=True)
class SentenceHit:
    """A sentence found by :meth:`SentenceIndex.nearest`: its chunk, its span in the chunk and its
    cosine with the query."""

    chunk_id: str
    span: tuple[int, int]
    score: float


#: The largest 4-bit magnitude a component is stored as (-7 .. 7, so that 0 is exact).
_LEVELS = 7


def quantize(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``rows`` as 4-bit integers, two to a byte (an odd last column paired with a zero), and
    one float32 scale per row (its largest magnitude over 7): :func:`dequantize` restores each
    component to within half a step."""
    if rows.shape[1] % 2:
        rows = np.pad(rows, ((0, 0), (0, 1)))
    scales = np.abs(rows).max(axis=1) / _LEVELS if len(rows) else np.zeros(0)
    scales = np.where(scales > 0, scales, 1.0).astype(np.float32)
    levels = np.clip(np.round(rows / scales[:, None]), -_LEVELS, _LEVELS).astype(np.int16)
    nibbles = (levels + _LEVELS + 1).astype(np.uint8)  # 1 .. 15
    return (nibbles[:, 0::2] << 4) | nibbles[:, 1::2], scales


def dequantize(packed: np.ndarray, scales: np.ndarray, width: int) -> np.ndarray:
    """The float32 rows of ``width`` columns :func:`quantize` stored as ``packed``."""
    rows = np.empty((len(packed), 2 * packed.shape[1]), dtype=np.float32)
    rows[:, 0::2] = (packed >> 4).astype(np.float32) - (_LEVELS + 1)
    rows[:, 1::2] = (packed & 0x0F).astype(np.float32) - (_LEVELS + 1)
    out: np.ndarray = rows[:, :width] * np.asarray(scales, dtype=np.float32)[:, None]
    return out


@dataclass(frozen=True)
class _Segment:
    """Rows ``offset ..`` of the index's vectors, and their token vectors: row ``i``'s are
    ``tokens[starts[i]:starts[i + 1]]`` (4-bit, see :func:`quantize`)."""

    name: str
    offset: int
    vectors: np.ndarray
    tokens: np.ndarray
    scales: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, name: str, offset: int, embedded: Sequence[Embedded], width: int) -> _Segment:
        """A segment of ``embedded`` texts (``width``: the model's dimension)."""
        vectors = np.asarray([e.vector for e in embedded], dtype=np.float32).reshape(-1, width)
        lengths = [len(e.tokens) for e in embedded]
        rows = [e.tokens for e in embedded if len(e.tokens)]
        tokens, scales = quantize(
            np.concatenate(rows).astype(np.float32) if rows else np.zeros((0, width), np.float32)
        )
        return cls(name, offset, vectors, tokens, scales, _starts(lengths))

    def token_rows(self, row: int) -> np.ndarray:
        """The token vectors of the segment's row ``row`` (counted from its ``offset``)."""
        begin, end = int(self.starts[row]), int(self.starts[row + 1])
        width = self.vectors.shape[1]
        return dequantize(self.tokens[begin:end], self.scales[begin:end], width)


def _starts(lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """Where each row's tokens start, and after the last one where they end."""
    return np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64)


def _arrays(segment: _Segment) -> list[tuple[str, np.ndarray]]:
    arrays = (segment.vectors, segment.tokens, segment.scales, segment.starts)
    return list(zip(_FILES, arrays, strict=True))


class SentenceIndex:
    """Unit vectors of the quotable sentences of a corpus revision, by chunk."""

    def __init__(
        self,
        built_from: str,
        model_id: str,
        chunks: dict[str, ChunkSentences],
        hashes: list[str],
        refs: np.ndarray,
        segments: tuple[_Segment, ...],
        location: Path | None = None,
        units: int = UNITS,
    ) -> None:
        """Wrap built data; use ``build``, ``updated`` or ``load`` to make one (``units``: the
        version of the rules its chunks were split by)."""
        self.built_from = built_from
        self.units = units
        self.model_id = model_id
        self.chunks = chunks
        self.hashes = hashes
        self.refs = refs
        self.segments = segments
        self.location = location
        self._offsets = np.array([segment.offset for segment in segments], dtype=np.int64)

    @property
    def split_by_current_rules(self) -> bool:
        """Whether its chunks were split by the current rules of quotable units (``UNITS``)."""
        return self.units == UNITS

    def __len__(self) -> int:
        """How many distinct sentences of indexed chunks have a vector."""
        return int(np.count_nonzero(self.refs))

    def _segment(self, row: int) -> _Segment:
        return self.segments[int(np.searchsorted(self._offsets, row, side="right")) - 1]

    def _row(self, row: int) -> np.ndarray:
        segment = self._segment(row)
        vector: np.ndarray = segment.vectors[row - segment.offset]
        return vector

    def _rows_of(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of ``rows``, in their order, gathered segment by segment."""
        segment_of = np.searchsorted(self._offsets, rows, side="right") - 1
        width = self.segments[0].vectors.shape[1]
        out = np.empty((len(rows), width), dtype=np.float32)
        for number in np.unique(segment_of):
            segment = self.segments[int(number)]
            inside = segment_of == number
            out[inside] = segment.vectors[rows[inside] - segment.offset]
        return out

    def _row_of(self, chunk_id: str, span: tuple[int, int]) -> int | None:
        entry = self.chunks.get(chunk_id)
        if entry is None or span not in entry.spans:
            return None
        return entry.rows[entry.spans.index(span)]

    def vector(self, chunk_id: str, span: tuple[int, int]) -> np.ndarray | None:
        """The vector of the sentence at ``span`` of ``chunk_id``; None when not indexed."""
        row = self._row_of(chunk_id, span)
        return None if row is None else self._row(row)

    def tokens(self, chunk_id: str, span: tuple[int, int]) -> np.ndarray | None:
        """The token vectors (float32 rows) of the sentence at ``span`` of ``chunk_id``; None
        when not indexed."""
        row = self._row_of(chunk_id, span)
        if row is None:
            return None
        segment = self._segment(row)
        return segment.token_rows(row - segment.offset)

    @cached_property
    def _by_document(self) -> dict[str, list[str]]:
        by_document: dict[str, list[str]] = {}
        for chunk_id, entry in self.chunks.items():
            by_document.setdefault(entry.doc_id, []).append(chunk_id)
        return by_document

    def chunk_ids(self, doc_id: str) -> list[str]:
        """The indexed chunks of ``doc_id``."""
        return self._by_document.get(doc_id, [])

    def nearest(
        self, vector: Sequence[float], chunk_ids: Sequence[str], n: int
    ) -> list[SentenceHit]:
        """The ``n`` sentences of ``chunk_ids`` most similar to ``vector`` (cosine: the rows
        are unit vectors, as is a query embedding), best first; ties in ``chunk_ids``' order.
        Exact: the cost grows with the sentences of the chunks given, not with the corpus."""
        entries = [
            (chunk_id, span, row)
            for chunk_id in chunk_ids
            if (entry := self.chunks.get(chunk_id)) is not None
            for span, row in zip(entry.spans, entry.rows, strict=True)
        ]
        if not entries or n <= 0:
            return []
        scores = self._rows_of(np.asarray([row for _, _, row in entries])) @ np.asarray(
            vector, dtype=np.float32
        )
        order = np.argsort(-scores, kind="stable")[:n]
        return [SentenceHit(entries[i][0], entries[i][1], float(scores[i])) for i in order]

    @classmethod
    def empty(cls, model_id: str) -> SentenceIndex:
        """An index of no sentences."""
        return cls("", model_id, {}, [], np.zeros(0, np.int32), ())

    @classmethod
    def build(
        cls,
        records: Sequence[tuple[Chunk, int | None]],
        built_from: str,
        embedder: Embedder,
        previous: SentenceIndex | None = None,
    ) -> SentenceIndex:
        """Index the sentences of ``records`` (corpus revision ``built_from``), embedding only
        those ``previous`` (built with the same model) does not hold.

        Raises:
            EmbeddingError: The model failed.
        """
        chunks = [chunk for chunk, _ in records]
        if previous is None or previous.model_id != embedder.model_id:
            return cls.empty(embedder.model_id).updated(chunks, (), built_from, embedder)
        return previous.updated(chunks, list(previous.chunks), built_from, embedder)

    def updated(
        self,
        added: Sequence[Chunk],
        removed: Collection[str],
        built_from: str,
        embedder: Embedder,
    ) -> SentenceIndex:
        """The index of revision ``built_from``: this one with the sentences of ``added`` chunks
        (an id already indexed is replaced) and without those of ``removed`` ids.

        Raises:
            EmbeddingError: The model failed.
        """
        chunks = dict(self.chunks)
        refs = self.refs.copy()
        for chunk_id in {*removed, *(chunk.id for chunk in added)}:
            entry = chunks.pop(chunk_id, None)
            if entry is not None:
                np.subtract.at(refs, list(entry.rows), 1)
        rows = self._rows()
        hashes = list(self.hashes)
        texts: list[str] = []
        # Chunks of the same text (a document stored under two ids) are split and hashed once.
        split: dict[tuple[str, str], tuple[tuple[tuple[int, int], ...], tuple[int, ...]]] = {}
        for chunk in added:
            known = split.get((chunk.text, chunk.section_kind))
            if known is None:
                spans = quotable_units(chunk.text, chunk.section_kind)
                chunk_rows = []
                for start, end in spans:
                    text = chunk.text[start:end]
                    key = text_hash(text)
                    if key not in rows:
                        rows[key] = len(hashes)
                        hashes.append(key)
                        texts.append(text)
                    chunk_rows.append(rows[key])
                known = split[(chunk.text, chunk.section_kind)] = (spans, tuple(chunk_rows))
            chunks[chunk.id] = ChunkSentences(
                chunk.doc_id, chunk.section, chunk.language, known[0], known[1]
            )
        refs = np.concatenate([refs, np.zeros(len(texts), np.int32)])
        for chunk in added:
            np.add.at(refs, list(chunks[chunk.id].rows), 1)
        segments = self.segments
        if texts:
            logger.info("embedding %d new sentences of %d", len(texts), len(hashes))
            embedded: list[Embedded] = []
            shown = len(texts) >= PROGRESS_FROM
            with progress_bar(
                total=len(texts), desc="embedding sentences", unit="sentence", enabled=shown
            ) as bar:
                for begin in range(0, len(texts), _BATCH):
                    batch = texts[begin : begin + _BATCH]
                    embedded += embedder.embed_with_tokens([spelled_out(text) for text in batch])
                    bar.update(len(batch))
            width = len(embedded[0].vector)
            segment = _Segment.of(uuid.uuid4().hex[:16], len(self.hashes), embedded, width)
            segments = (*segments, segment)
        units = self.units  # the current rules' once every chunk is split again
        resplit = not self.split_by_current_rules
        if resplit and {chunk.id for chunk in added} | set(removed) >= set(self.chunks):
            units = UNITS
        index = SentenceIndex(
            built_from, self.model_id, chunks, hashes, refs, segments, self.location, units
        )
        unused = len(hashes) - len(index)
        if unused > DEAD_SHARE * len(hashes) or len(segments) > MAX_SEGMENTS:
            return index.compacted()
        return index

    def _rows(self) -> dict[str, int]:
        """Row of each embedded text's hash (rows no chunk uses included: they are reused)."""
        return {key: row for row, key in enumerate(self.hashes)}

    def compacted(self) -> SentenceIndex:
        """The same index without rows no chunk uses, in one segment."""
        keep = np.flatnonzero(self.refs)
        renumber = np.full(len(self.hashes), -1, dtype=np.int64)
        renumber[keep] = np.arange(len(keep))
        chunks = {
            chunk_id: ChunkSentences(
                c.doc_id, c.section, c.language, c.spans, tuple(int(renumber[r]) for r in c.rows)
            )
            for chunk_id, c in self.chunks.items()
        }
        width = self.segments[0].vectors.shape[1] if self.segments else 0
        vectors = np.zeros((len(keep), width), dtype=np.float32)
        lengths = np.zeros(len(keep), dtype=np.int64)
        tokens, scales = [], []
        for segment in self.segments:
            inside = keep[(keep >= segment.offset) & (keep < segment.offset + len(segment.vectors))]
            local = inside - segment.offset
            vectors[renumber[inside]] = segment.vectors[local]
            begins, counts = (
                segment.starts[local],
                segment.starts[local + 1] - segment.starts[local],
            )
            lengths[renumber[inside]] = counts
            # The token rows of every kept row, in order: concatenated ranges begin .. begin+count.
            at = np.repeat(begins - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
            tokens.append(segment.tokens[at])
            scales.append(segment.scales[at])
        segment = _Segment(
            uuid.uuid4().hex[:16],
            0,
            vectors,
            np.concatenate(tokens) if tokens else np.zeros((0, (width + 1) // 2), np.uint8),
            np.concatenate(scales) if scales else np.zeros(0, np.float32),
            _starts(lengths),
        )
        segments = (segment,) if len(keep) else ()
        return SentenceIndex(
            self.built_from, self.model_id, chunks, [self.hashes[r] for r in keep],
            self.refs[keep], segments, self.location, self.units,
        )  # fmt: skip

    def save(self, directory: Path) -> None:
        """Write the index into ``directory`` atomically; later builds link its segments.

        Raises:
            OSError: The folder could not be written.
        """
        write_build(directory, self._write, self._same_as)
        self.location = directory

    def _same_as(self, directory: Path) -> bool:
        """Whether ``directory`` holds a readable build of this index's revision and model."""
        other = SentenceIndex.load(directory)
        return (
            other is not None
            and other.built_from == self.built_from
            and other.model_id == self.model_id
            and other.units == self.units
        )

    def _write(self, directory: Path) -> None:
        for segment in self.segments:
            for suffix, array in _arrays(segment):
                save = partial(np.save, arr=array, allow_pickle=False)
                reuse_or_write(directory / f"{segment.name}{suffix}.npy", self.location, save)
        np.save(directory / "refs.npy", self.refs, allow_pickle=False)
        sidecar = {
            "format": FORMAT,
            "units": self.units,
            "built_from": self.built_from,
            "model_id": self.model_id,
            "hashes": self.hashes,
            "segments": [[segment.name, segment.offset] for segment in self.segments],
            "chunks": {
                chunk_id: (c.doc_id, c.section, c.language, c.spans, c.rows)
                for chunk_id, c in self.chunks.items()
            },
        }
        write_sidecar(directory / _META, sidecar)

    @staticmethod
    def directory(root: Path, revision: str) -> Path:
        """Where the build of revision ``revision`` lives under ``root``
        (:func:`rag.stores.builds.build_directory`, this format)."""
        return build_directory(root, revision, FORMAT)

    @classmethod
    def load(cls, directory: Path) -> SentenceIndex | None:
        """Read an index saved by ``save`` (vectors memory-mapped); None when there is none or
        it is unreadable."""
        path = directory / _META
        if not path.is_file():
            return None
        try:
            sidecar = read_sidecar(path)
            if sidecar.get("format") != FORMAT:
                return None
            segments = tuple(
                _Segment(
                    name,
                    offset,
                    *(
                        np.load(directory / f"{name}{suffix}.npy", mmap_mode="r")
                        for suffix in _FILES
                    ),
                )
                for name, offset in sidecar["segments"]
            )
            refs = np.load(directory / "refs.npy", allow_pickle=False)
            chunks = {
                chunk_id: ChunkSentences(
                    doc_id, section, language, tuple((s, e) for s, e in spans), tuple(rows)
                )
                for chunk_id, (doc_id, section, language, spans, rows) in sidecar["chunks"].items()
            }
            hashes = sidecar["hashes"]
            if len(refs) != len(hashes) or sum(len(s.vectors) for s in segments) != len(hashes):
                return None
            if any(
                len(s.starts) != len(s.vectors) + 1
                or len(s.tokens) != len(s.scales)
                or s.tokens.dtype != np.uint8
                or s.tokens.shape[1:] != ((s.vectors.shape[1] + 1) // 2,)
                or (len(s.starts) and int(s.starts[-1]) != len(s.tokens))
                for s in segments
            ):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(
            sidecar["built_from"], sidecar["model_id"], chunks, hashes, refs, segments, directory,
            int(sidecar.get("units", 1)),
        )  # fmt: skip
