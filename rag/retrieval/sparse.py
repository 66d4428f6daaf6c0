"""BM25 over the stored chunks, updated with each write instead of rebuilt.

The index is always derived from the vector store's own chunks (never from files), and it records
the corpus revision it was built from (:mod:`rag.corpus` decides when to build or update one).

**Incremental.** :meth:`BM25Index.updated` takes the chunks a write added and the ids it removed
and returns the index of the new revision, leaving the old one untouched for readers still using
it. Rows (chunks) are appended in segments (:mod:`rag.retrieval.postings`); a removed row is
masked at once and dropped by compaction, which runs when removed rows or segments pile up. BM25
weights are computed at query time from the live rows' counts (Lucene's BM25, as bm25s computes
it: ``k1 = 1.5``, ``b = 0.75``), and ties are broken by chunk id, so an updated index ranks
exactly as a rebuild of the same chunks does. The corpus facts of :mod:`rag.retrieval.statistics`
(term statistics, abbreviations voted one document one vote) are updated with it, recomputed only
for the documents a write touched.

**Files.** Saved into a folder of its own, written aside and renamed into place (a reader finds
one whole build or none): a JSON sidecar, the per-row arrays, and one file per segment, linked
(not copied) from the previous build where it already holds that segment.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.retrieval.postings import Postings
from rag.retrieval.statistics import (
    DocumentFacts,
    TermStatistics,
    body_text,
    disputed,
    document_facts,
    term_statistics,
    vote,
    writes_out,
)
from rag.stores.builds import (
    build_directory,
    read_arrays,
    read_sidecar,
    write_build,
    write_sidecar,
)
from rag.text.abbreviations import expand_query
from rag.text.words import split_cjk, terms
from rag.types import Chunk

_META = "citeqa.json"
_ROWS = "rows.npz"
#: Bumped when tokenisation, scoring, the corpus facts (abbreviations mined) or the files change,
#: so that an old build is rebuilt.
FORMAT = 9
K1 = 1.5
B = 0.75
#: Compact when more than this share of the rows are removed ones, or past this many segments.
DEAD_SHARE = 0.25
MAX_SEGMENTS = 16

#: Reads stored chunks by id (the store's ``get``): an update needs the unchanged chunks of the
#: documents it touches.
Fetch = Callable[[list[str]], list[Chunk]]

Record = tuple[Chunk, int | None]


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """BM25 tokens: bm25s's English tokenizer over text with CJK runs as character pairs."""
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
class ChunkInfo:
    """What filtering and the corpus facts need to know of each indexed chunk."""

    doc_id: str
    year: int | None
    section: str
    section_kind: str
    start: int = 0


def _nothing_stored(chunk_ids: list[str]) -> list[Chunk]:
    """The fetch of a build: every chunk is new, none is read from the store."""
    del chunk_ids
    return []


def _info(chunk: Chunk, year: int | None) -> ChunkInfo:
    return ChunkInfo(chunk.doc_id, year, chunk.section, chunk.section_kind, chunk.start)


class BM25Index:
    """BM25 and the corpus facts over the chunks of one corpus revision."""

    def __init__(
        self,
        built_from: str,
        ids: list[str],
        info: list[ChunkInfo],
        alive: np.ndarray,
        lengths: np.ndarray,
        tokens: Postings,
        words: Postings,
        doc_freq: np.ndarray,
        documents: dict[str, DocumentFacts],
        abbreviations: dict[str, str],
        location: Path | None = None,
        mentions: dict[str, frozenset[str]] | None = None,
    ) -> None:
        """Wrap built data; use ``build``, ``updated`` or ``load`` to make one."""
        self.built_from = built_from
        self.ids = ids
        self.info = info
        self.alive = alive
        self.lengths = lengths
        self.tokens = tokens
        self.words = words
        self.doc_freq = doc_freq
        self.documents = documents
        self.abbreviations = abbreviations
        self.location = location
        #: For each disputed long form, the documents that write it out (abbreviation votes).
        self.mentions = mentions or {}
        self.rows = {chunk_id: row for row, chunk_id in enumerate(ids) if alive[row]}
        self.live = len(self.rows)
        self.body = alive & np.array([i.section_kind != "references" for i in info], dtype=bool)
        self._using: dict[str, int] = {}
        self.statistics: TermStatistics = term_statistics(
            int(self.body.sum()), doc_freq, words.terms, documents, self.documents_using
        )

    @classmethod
    def empty(cls, built_from: str = "") -> BM25Index:
        """An index of no chunks."""
        none = np.zeros(0, dtype=bool)
        return cls(
            built_from, [], [], none, np.zeros(0, np.int32), Postings.empty(), Postings.empty(),
            np.zeros(0, np.int64), {}, {},
        )  # fmt: skip

    @classmethod
    def build(cls, records: Sequence[Record], built_from: str) -> BM25Index:
        """Index ``records`` (chunk and document year) of corpus revision ``built_from``."""
        return cls.empty().updated(records, (), built_from, _nothing_stored)

    # -- updating ------------------------------------------------------------------------------

    def updated(
        self, added: Sequence[Record], removed: Collection[str], built_from: str, fetch: Fetch
    ) -> BM25Index:
        """The index of revision ``built_from``: this one with ``added`` chunks (an id already
        indexed replaces its row) and without the ``removed`` ids; this one is left as it was.

        Args:
            added: New chunks with their document's year.
            removed: Ids of deleted chunks (unknown ids are ignored).
            built_from: The revision the result describes.
            fetch: Reads stored chunks by id, for the unchanged chunks of touched documents.
        """
        gone = sorted(self.rows[i] for i in {*removed, *(c.id for c, _ in added)} if i in self.rows)
        alive = np.concatenate([self.alive, np.ones(len(added), dtype=bool)])
        alive[gone] = False
        doc_freq = self.doc_freq.copy()
        for row in gone:
            if self.info[row].section_kind != "references":
                doc_freq[self.words.row(row)[0]] -= 1
        texts = [chunk.text for chunk, _ in added]
        words = [sorted(set(terms(text))) for text in texts]
        token_lists = tokenize(texts) if texts else []
        tokens = self.tokens.appended(token_lists)
        word_postings = self.words.appended(words)
        doc_freq = np.concatenate([doc_freq, np.zeros(len(word_postings.terms) - len(doc_freq))])
        doc_freq = doc_freq.astype(np.int64)
        for (chunk, _), own in zip(added, words, strict=True):
            if chunk.section_kind != "references":
                doc_freq[[word_postings.vocabulary[w] for w in own]] += 1
        ids = self.ids + [chunk.id for chunk, _ in added]
        info = self.info + [_info(chunk, year) for chunk, year in added]
        lengths = np.concatenate([self.lengths, np.array([len(t) for t in token_lists], np.int32)])
        touched = {self.info[row].doc_id for row in gone} | {c.doc_id for c, _ in added}
        documents, bodies = self._documents(touched, ids, info, alive, word_postings, added, fetch)
        index = BM25Index(
            built_from, ids, info, alive, lengths, tokens, word_postings, doc_freq, documents, {},
            self.location,
        )  # fmt: skip
        if len(ids) - index.live > DEAD_SHARE * len(ids) or len(tokens.segments) > MAX_SEGMENTS:
            index = index.compacted()
        index.mentions = self._mentions(index, bodies, fetch)
        index.abbreviations = vote(index.documents, lambda form: len(index.mentions[form]))
        return index

    def _mentions(
        self, index: BM25Index, bodies: dict[str, list[Chunk]], fetch: Fetch
    ) -> dict[str, frozenset[str]]:
        """For each disputed long form, the documents of ``index`` that write it out: those this
        index found, with the touched documents (``bodies``) looked at again; a newly disputed
        form is looked for in every document holding all its words."""
        lowered: dict[str, str] = {}

        def text(doc_id: str) -> str:
            if doc_id not in lowered:
                lowered[doc_id] = body_text(bodies[doc_id]).lower()
            return lowered[doc_id]

        mentions: dict[str, frozenset[str]] = {}
        for form in sorted(disputed(index.documents)):
            known = self.mentions.get(form)
            if known is None:
                candidates = index.candidates(form)
                found = {d for d in candidates & bodies.keys() if writes_out(form, text(d))}
                others = index.bodies(candidates - bodies.keys(), fetch)
                found |= {d for d, other in others.items() if writes_out(form, other)}
            else:
                found = {d for d in known if d not in bodies}
                found |= {d for d in bodies if writes_out(form, text(d))}
            mentions[form] = frozenset(found & index.documents.keys())
        return mentions

    def candidates(self, form: str) -> set[str]:
        """The documents whose body chunks hold every word of ``form`` (all that can write it
        out)."""
        documents: set[str] | None = None
        for term in dict.fromkeys(terms(form)):
            rows, _ = self.words.column(term)
            holding = {self.info[r].doc_id for r in rows[self.body[rows]]}
            documents = holding if documents is None else documents & holding
            if not documents:
                return set()
        return documents or set()

    def bodies(self, doc_ids: Collection[str], fetch: Fetch) -> dict[str, str]:
        """The lower-cased body text of each of ``doc_ids``, read through ``fetch``."""
        if not doc_ids:
            return {}
        wanted = set(doc_ids)
        ids = [self.ids[r] for r in np.flatnonzero(self.body) if self.info[r].doc_id in wanted]
        chunks: dict[str, list[Chunk]] = {}
        for chunk in fetch(ids):
            chunks.setdefault(chunk.doc_id, []).append(chunk)
        return {doc_id: body_text(own).lower() for doc_id, own in chunks.items()}

    def _documents(
        self,
        touched: set[str],
        ids: list[str],
        info: list[ChunkInfo],
        alive: np.ndarray,
        words: Postings,
        added: Sequence[Record],
        fetch: Fetch,
    ) -> tuple[dict[str, DocumentFacts], dict[str, list[Chunk]]]:
        """The per-document facts with those of the ``touched`` documents recomputed, and the
        body chunks of each touched document still indexed."""
        documents = {d: facts for d, facts in self.documents.items() if d not in touched}
        rows: dict[str, list[int]] = {}
        for row in np.flatnonzero(alive):
            entry = info[row]
            if entry.doc_id in touched and entry.section_kind != "references":
                rows.setdefault(entry.doc_id, []).append(int(row))
        new = {chunk.id: chunk for chunk, _ in added}
        wanted = [ids[r] for own in rows.values() for r in own if ids[r] not in new]
        stored = {chunk.id: chunk for chunk in fetch(wanted)} if wanted else {}
        bodies: dict[str, list[Chunk]] = {}
        for doc_id in sorted(rows):
            body = [new.get(ids[r]) or stored.get(ids[r]) for r in rows[doc_id]]
            present = [(c, r) for c, r in zip(body, rows[doc_id], strict=True) if c is not None]
            if not present:
                continue
            own_words = [[words.terms[int(w)] for w in words.row(r)[0]] for _, r in present]
            documents[doc_id] = document_facts([c for c, _ in present], own_words)
            bodies[doc_id] = [c for c, _ in present]
        return documents, bodies

    # -- reading -------------------------------------------------------------------------------

    def documents_using(self, term: str) -> int:
        """How many documents use ``term`` outside their reference lists; counted from the
        postings when first asked and kept (the index never changes)."""
        count = self._using.get(term)
        if count is None:
            rows, _ = self.words.column(term)
            codes = self._document_codes[rows]
            count = self._using[term] = int(np.unique(codes[codes >= 0]).size)
        return count

    def chunk_ids(self, doc_id: str) -> list[str]:
        """The live chunks of ``doc_id``, in document order (by where they start)."""
        return [self.ids[row] for row in self._document_rows.get(doc_id, ())]

    @cached_property
    def _document_rows(self) -> dict[str, list[int]]:
        """Each document's live rows, by where their chunks start (then by chunk id)."""
        rows: dict[str, list[int]] = {}
        order = sorted(self.rows.values(), key=lambda r: (self.info[r].start, self.ids[r]))
        for row in order:
            rows.setdefault(self.info[row].doc_id, []).append(row)
        return rows

    @cached_property
    def _document_codes(self) -> np.ndarray:
        """Each row's document as a number; -1 for a deleted row or a reference-list chunk."""
        numbers: dict[str, int] = {}
        codes = np.array([numbers.setdefault(i.doc_id, len(numbers)) for i in self.info], np.int64)
        return np.where(self.body, codes, -1)

    def compacted(self) -> BM25Index:
        """The same index with removed rows dropped (rows renumbered, one segment each)."""
        keep = self.alive
        rows = np.flatnonzero(keep)
        words = self.words.compacted(keep)
        column = {t: i for i, t in enumerate(words.terms)}
        doc_freq = np.zeros(len(words.terms), np.int64)
        for term, count in zip(self.words.terms, self.doc_freq, strict=True):
            if term in column:
                doc_freq[column[term]] = count
        return BM25Index(
            self.built_from, [self.ids[r] for r in rows], [self.info[r] for r in rows],
            np.ones(len(rows), dtype=bool), self.lengths[rows], self.tokens.compacted(keep),
            words, doc_freq, self.documents, self.abbreviations, self.location, self.mentions,
        )  # fmt: skip

    # -- searching -----------------------------------------------------------------------------

    def search(
        self, query: str, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` best ``(chunk id, score)`` pairs with a positive score, ties by id.

        Args:
            query: The query; abbreviations it uses are expanded first.
            k: How many results at most.
            allowed: Optional 0/1 mask over the index's rows of chunks that may be returned.
        """
        if not self.live:
            return []
        average = float(self.lengths[self.alive].sum()) / self.live
        scores = np.zeros(len(self.ids))
        for token in tokenize(
            [expand_query(query, self.abbreviations, self.statistics.short_forms)]
        )[0]:
            rows, counts = self.tokens.column(token)
            live = self.alive[rows]
            rows, counts = rows[live], counts[live].astype(np.float64)
            if not len(rows):
                continue
            idf = math.log(1 + (self.live - len(rows) + 0.5) / (len(rows) + 0.5))
            norm = K1 * (1 - B + B * self.lengths[rows] / average)
            scores[rows] += idf * counts / (counts + norm)
        if allowed is not None:
            scores *= allowed
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            floor = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
            hits = hits[scores[hits] >= floor]
        ranked = sorted((-scores[r], self.ids[r]) for r in hits)[:k]
        return [(chunk_id, -score) for score, chunk_id in ranked]

    def postings(self) -> dict[tuple[str, str], int]:
        """Every ``(term, chunk id) -> count`` of the live rows (for comparing two indexes)."""
        return {
            (term, self.ids[row]): count
            for row, term, count in self.tokens.items()
            if self.alive[row]
        }

    # -- files ---------------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write the index into ``directory`` atomically (see
        :func:`rag.stores.builds.write_build`); later builds link its segments.

        Raises:
            OSError: The folder could not be written.
        """
        write_build(directory, self._write, self._same_as)
        self.location = directory

    def _same_as(self, directory: Path) -> bool:
        """Whether ``directory`` holds a readable build of this index's revision."""
        other = BM25Index.load(directory)
        return other is not None and other.built_from == self.built_from

    def _write(self, directory: Path) -> None:
        np.savez(directory / _ROWS, alive=self.alive, lengths=self.lengths, doc_freq=self.doc_freq)
        sidecar = {
            "format": FORMAT,
            "built_from": self.built_from,
            "ids": self.ids,
            "info": [list(vars(i).values()) for i in self.info],
            "tokens": self.tokens.terms,
            "token_segments": self.tokens.save(directory, self.location),
            "words": self.words.terms,
            "word_segments": self.words.save(directory, self.location),
            "documents": {d: list(vars(f).values()) for d, f in self.documents.items()},
            "abbreviations": self.abbreviations,
            "mentions": {form: sorted(docs) for form, docs in self.mentions.items()},
        }
        write_sidecar(directory / _META, sidecar)

    @staticmethod
    def directory(root: Path, revision: str) -> Path:
        """Where the build of revision ``revision`` lives under ``root``
        (:func:`rag.stores.builds.build_directory`, this format)."""
        return build_directory(root, revision, FORMAT)

    @classmethod
    def load(cls, directory: Path) -> BM25Index | None:
        """Read an index saved by ``save``; None when there is none or it is unreadable."""
        path = directory / _META
        if not path.is_file():
            return None
        try:
            sidecar = read_sidecar(path)
            if sidecar.get("format") != FORMAT:
                return None
            rows = read_arrays(directory / _ROWS)
            alive, lengths, doc_freq = rows["alive"], rows["lengths"], rows["doc_freq"]
            tokens = Postings.load(directory, sidecar["tokens"], sidecar["token_segments"])
            words = Postings.load(directory, sidecar["words"], sidecar["word_segments"])
            return cls(
                sidecar["built_from"], sidecar["ids"], [ChunkInfo(*row) for row in sidecar["info"]],
                alive, lengths, tokens, words, doc_freq,
                {d: DocumentFacts(*facts) for d, facts in sidecar["documents"].items()},
                sidecar["abbreviations"], directory,
                {form: frozenset(docs) for form, docs in sidecar["mentions"].items()},
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            return None
