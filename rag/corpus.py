"""The stored literature, owned in one place.

A :class:`Corpus` is the only reader-of-record and the only writer of everything derived from the
literature: the vector store (Chroma), the indexes derived from it (BM25 with the corpus
statistics and abbreviations mined from the same chunks, and the sentence evidence index of
:mod:`rag.retrieval.sentences`) and the archive of cleaned documents.

**Revision.** Every write stamps a new revision into the store itself (the collection's metadata),
so every process, uvicorn worker and host using the same store sees it. Derived indexes are files
named by the revision they were built from (``<index dir>/<revision>/``).

**Write protocol** (:meth:`Corpus.ingest`, :meth:`Corpus.remove`):

1. take the writer lock (:mod:`rag.stores.lock`), refused at once while another process holds it;
2. if another process wrote since this one last looked (the store's revision differs from the
   snapshot's), reopen the store, so that an embedded store's in-memory vector index is current
   before anything is added to it;
3. before the first change to the store, stamp a new revision: *a write began*;
4. upsert each document's new chunks, then delete every chunk of the document that is not of the
   version to keep (a version is a content hash): this run's, unless another was written since it
   started, then the newest (:func:`rag.ingest.pipeline.winning_version`), so concurrent writers
   of the same document on a Chroma server leave exactly one version;
5. archive each new, changed, missing or mismatched cleaned document (atomic file replace);
6. stamp a new revision: *the write ended*; derive the indexes for it, save them aside and rename
   them into place; release the lock.

**Derived indexes follow writes.** The chunks a write stored and the ids it deleted (recorded by
:class:`rag.stores.recording.RecordingStore`) update the previous revision's indexes
(:meth:`BM25Index.updated`, :meth:`SentenceIndex.updated`): adding one paper to a large library
costs that paper, not a rebuild. They are rebuilt from every stored chunk only when no previous
indexes can vouch for the store: the first read of a store, another process's revision without a
saved build, a write that failed part-way, or another writer's revision stamped during this one.

**Invariants**, whichever step a crash or SIGKILL interrupts:

- a change to the store is always followed by a revision other than the one any reader built its
  indexes from (step 3 comes first), so no reader keeps an index of a store that changed under it;
- a reader finds a whole derived build for a revision or none, never a mix of two builds;
- a document's chunks are deleted only after the chunks of its replacement are stored;
- the next write repairs what a crash left: missing chunks embedded, stale versions deleted, an
  archived document whose content hash differs from the stored one rewritten, the derived indexes
  of the current revision built.

**Readers** check the store's revision at most every ``store.refresh_s`` seconds (on the request
path, without waiting on each other) and, when it changed, build a new :class:`Snapshot` aside (a
fresh client for an embedded store, the derived indexes loaded or rebuilt) and swap it in as one
reference. Chunk ids are resolved through the store, so a chunk a concurrent write removed is left
out; a search whose embedded client trips over another process's deletion is repeated once on a
fresh snapshot (:meth:`Corpus.retrieve`), so no such error reaches a caller.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.embeddings import Embedder
from rag.errors import RagError, StaleStoreError, StoreUnavailableError
from rag.ingest.pipeline import Ingestor
from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever, SearchMode
from rag.retrieval.sentences import SentenceIndex
from rag.retrieval.sparse import BM25Index, ids_revision
from rag.settings import Settings
from rag.stores.archive import DocumentArchive
from rag.stores.lock import WriterLock
from rag.stores.protocol import VectorStore
from rag.stores.recording import RecordingStore
from rag.types import Chunk, CleanDocument, DocumentSummary, IngestReport, ScoredChunk

logger = logging.getLogger("citeqa.corpus")

#: Derived builds kept beside the current one, for readers still loading an older revision.
KEEP_BUILDS = 2

#: Opens the store; ``fresh`` asks for a new client rather than a cached one.
StoreOpener = Callable[[bool], VectorStore]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def new_revision() -> str:
    """A new revision token: milliseconds since the epoch and a random suffix, file-name safe."""
    return f"{time.time_ns() // 1_000_000:013d}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Snapshot:
    """One consistent read view of the corpus: a store and the indexes derived from it."""

    revision: str
    store: VectorStore
    sparse: BM25Index
    sentences: SentenceIndex
    retriever: HybridRetriever

    def chunks_before(self, chunks: Sequence[Chunk]) -> dict[str, Chunk]:
        """For each of ``chunks`` that has one, by its id, the chunk of its document and
        section that holds the text right before it: the one starting last before it, if it
        overlaps it or ends at most one character (no paragraph break) before it. One read of
        the store (the index knows each document's chunks and where they start)."""
        sparse = self.sparse
        earlier: dict[str, str] = {}
        for chunk in chunks:
            starts = [
                chunk_id
                for chunk_id in sparse.chunk_ids(chunk.doc_id)
                if sparse.info[sparse.rows[chunk_id]].start < chunk.start
            ]
            if starts:
                earlier[chunk.id] = starts[-1]
        found = {c.id: c for c in self.store.get(sorted(set(earlier.values())))} if earlier else {}
        return {
            chunk.id: before
            for chunk in chunks
            if (before := found.get(earlier.get(chunk.id, ""))) is not None
            and before.section == chunk.section
            and chunk.start - before.end <= 1
        }


class _Stamping:
    """Stamps a new revision into a store before its first change (step 3 of the protocol), and
    remembers it."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store
        self.stamped = ""

    @property
    def changed(self) -> bool:
        return bool(self.stamped)

    def before_change(self) -> None:
        if not self.stamped:
            self.stamped = new_revision()
            self.store.set_revision(self.stamped)


@dataclass(frozen=True)
class _Delta:
    """What one write changed, over the snapshot it started from."""

    base: Snapshot
    added: list[tuple[Chunk, int | None]]
    removed: set[str]


class Corpus:
    """The stored literature: build it once per process, share it between threads."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        open_store: StoreOpener,
        *,
        evidence: bool = True,
    ) -> None:
        """Describe the corpus; the store is opened on first use.

        Args:
            settings: The settings (store, chunking, retrieval).
            embedder: Embeds chunks at ingest and queries at search.
            open_store: Opens the vector store (see :func:`rag.assemble.store_opener`).
            evidence: Keep the sentence evidence index that answers are composed from. A
                consumer of retrieval alone (the retrieval benchmarks) leaves it out, and its
                snapshots carry an empty one: the sentences cost more to embed than the chunks.
        """
        self.settings = settings
        self.embedder = embedder
        self.evidence = evidence
        self.archive = DocumentArchive(settings.documents_dir())
        self._open_store = open_store
        self._lock = WriterLock(settings.writer_lock_path())
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._reading = threading.Lock()
        self._writing = threading.Lock()

    # -- reading -------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current read view, following the store's revision.

        Raises:
            StoreUnavailableError: The store cannot be reached.
        """
        snapshot = self._snapshot
        if snapshot is None:
            # Requests do not queue behind one that waits for an unreachable store.
            if not self._reading.acquire(timeout=self.settings.store.timeout_s):
                raise StoreUnavailableError("the store is still being opened")
            try:
                return self._snapshot or self._install(self._open_store(False))
            finally:
                self._reading.release()
        if time.monotonic() - self._checked < self.settings.store.refresh_s:
            return snapshot
        if not self._reading.acquire(blocking=False):
            return snapshot  # another thread is looking; this query uses what is there
        try:
            self._checked = time.monotonic()
            if snapshot.store.revision() == snapshot.revision:
                return snapshot
            try:
                fresh = self._install(self._open_store(True))
            except RagError as exc:  # keep serving the previous snapshot; try again next time
                logger.warning("could not follow the corpus to a new revision: %s", exc)
                return snapshot
            logger.info("corpus revision %s -> %s", snapshot.revision, fresh.revision)
            return fresh
        finally:
            self._reading.release()

    def refresh(self) -> Snapshot:
        """Reopen the store and rebuild the snapshot now (after a :class:`StaleStoreError`)."""
        with self._reading:
            return self._install(self._open_store(True))

    def _install(self, store: VectorStore, delta: _Delta | None = None) -> Snapshot:
        """Build a snapshot of ``store`` (from ``delta`` when given) and make it the current one
        (hold ``_reading``)."""
        self._snapshot = self._build(store) if delta is None else self._follow(store, delta)
        self._checked = time.monotonic()
        return self._snapshot

    def retrieve(
        self,
        query: str,
        *,
        k: int,
        filters: Filters | None = None,
        mode: SearchMode = "hybrid",
        vector: list[float] | None = None,
    ) -> tuple[Snapshot, list[ScoredChunk]]:
        """Search the current snapshot; return it with the hits. A search that trips over a
        store another process changed is repeated once on a fresh snapshot. ``vector`` is the
        query's embedding, when the caller has it.

        Raises:
            InputError: An empty query or a bad ``k``.
            StoreError: The store failed.
        """
        snapshot = self.snapshot()
        try:
            hits = snapshot.retriever.search(query, k=k, filters=filters, mode=mode, vector=vector)
        except StaleStoreError:
            snapshot = self.refresh()
            hits = snapshot.retriever.search(query, k=k, filters=filters, mode=mode, vector=vector)
        return snapshot, hits

    @property
    def revision(self) -> str:
        """The revision of the current snapshot."""
        return self.snapshot().revision

    def documents(self) -> list[DocumentSummary]:
        """Every stored document with its chunk count."""
        return self.snapshot().store.documents()

    def chunk_count(self, doc_id: str) -> int:
        """How many chunks of ``doc_id`` are stored (0: no such document)."""
        return len(self.snapshot().store.chunk_ids(doc_id))

    def document(self, doc_id: str) -> CleanDocument | None:
        """The archived cleaned document, if there is one and it matches its content hash."""
        return self.archive.load(doc_id)

    def _build(self, store: VectorStore) -> Snapshot:
        """A snapshot of ``store``: its derived indexes loaded when built for its revision, else
        built from its chunks (revision read first) and saved aside for other processes."""
        revision = store.revision() or ids_revision(store.ids())
        records: list[tuple[Chunk, int | None]] | None = None

        def chunks() -> list[tuple[Chunk, int | None]]:
            nonlocal records
            if records is None:
                records = store.records()
            return records

        directory = BM25Index.directory(self.settings.sparse_index_dir(), revision)
        sparse = BM25Index.load(directory)
        if sparse is None or sparse.built_from != revision:
            sparse = BM25Index.build(chunks(), revision)
            self._save(sparse.save, directory)
        sentences = self._sentences(revision, chunks)
        retriever = HybridRetriever(self.embedder, store, sparse, self.settings.retrieval)
        return Snapshot(revision, store, sparse, sentences, retriever)

    def _sentences(
        self, revision: str, chunks: Callable[[], list[tuple[Chunk, int | None]]]
    ) -> SentenceIndex:
        """The sentence index of ``revision``: loaded when built for it and for this embedding
        model by the current rules of quotable units, else built and saved; empty when the
        corpus keeps no evidence. A build split by earlier rules (``sentences.UNITS``) is split
        again, reusing its vectors: only the texts it holds none for are embedded."""
        if not self.evidence:
            return SentenceIndex.empty(self.embedder.model_id)
        directory = SentenceIndex.directory(self.settings.sentence_index_dir(), revision)
        sentences = SentenceIndex.load(directory)
        if (
            sentences is None
            or sentences.built_from != revision
            or sentences.model_id != self.embedder.model_id
            or not sentences.split_by_current_rules
        ):
            previous = self._snapshot.sentences if self._snapshot else None
            if sentences is not None and sentences.model_id == self.embedder.model_id:
                previous = sentences
            sentences = SentenceIndex.build(chunks(), revision, self.embedder, previous)
            self._save(sentences.save, directory)
        return sentences

    def _follow(self, store: VectorStore, delta: _Delta) -> Snapshot:
        """The snapshot of the revision a write just stamped: the indexes of the one it started
        from, updated with what it changed, and saved for other processes."""
        revision = store.revision()
        base = delta.base
        sparse = base.sparse.updated(delta.added, delta.removed, revision, store.get)
        self._save(sparse.save, BM25Index.directory(self.settings.sparse_index_dir(), revision))
        if self.evidence:
            chunks = [chunk for chunk, _ in delta.added]
            sentences = base.sentences.updated(chunks, delta.removed, revision, self.embedder)
            directory = SentenceIndex.directory(self.settings.sentence_index_dir(), revision)
            self._save(sentences.save, directory)
        else:
            sentences = SentenceIndex.empty(self.embedder.model_id)
        retriever = HybridRetriever(self.embedder, store, sparse, self.settings.retrieval)
        return Snapshot(revision, store, sparse, sentences, retriever)

    def _save(self, save: Callable[[Path], None], directory: Path) -> None:
        """Save a derived build; a full disk costs other processes a rebuild, not answers."""
        try:
            save(directory)
        except OSError as exc:
            logger.warning("could not save a derived index to %s: %s", directory, exc)
        self._prune_builds(directory)

    @staticmethod
    def _prune_builds(current: Path) -> None:
        """Remove all but the newest builds, and folders left half-written by dead processes."""
        builds: list[Path] = []
        for entry in current.parent.iterdir():
            if entry.name.startswith("."):
                owner = entry.name.rsplit(".tmp-", 1)[-1].split("-")[0]
                if owner.isdigit() and not _alive(int(owner)):
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_dir() and entry != current:
                builds.append(entry)
        builds.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in builds[KEEP_BUILDS:]:
            shutil.rmtree(old, ignore_errors=True)

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def writing(self, what: str) -> Iterator[Ingestor]:
        """Steps 1-3 and 6 of the write protocol around the block's changes: the block holds the
        writer lock and changes the corpus through the ingestor it is given.

        Raises:
            WriteConflictError: Another process is changing the corpus.
        """
        with self._writing, self._lock.hold(what):
            store = self._current_store()
            base = self._snapshot if self._snapshot and self._snapshot.store is store else None
            stamping = _Stamping(store)
            recording = RecordingStore(store)
            ingestor = Ingestor(
                self.settings, self.embedder, recording, self.archive, stamping.before_change
            )
            try:
                yield ingestor
            finally:
                delta: _Delta | None = None
                if stamping.changed:
                    # Every writer stamps before its first change: another one's stamp since
                    # ours means changes this write did not record.
                    alone = store.revision() == stamping.stamped
                    store.set_revision(new_revision())
                    if base is not None and alone and not recording.failed:
                        added = list(recording.added.values())
                        delta = _Delta(base, added, recording.removed)
                if stamping.changed or base is None:
                    with self._reading:
                        self._install(store, delta)

    def _current_store(self) -> VectorStore:
        """The store to write to: the snapshot's, unless another process wrote since."""
        snapshot = self._snapshot
        if snapshot is not None and snapshot.store.revision() == snapshot.revision:
            return snapshot.store
        return self._open_store(snapshot is not None)

    def ingest(
        self, paths: list[Path], *, prune: bool = False, progress: bool = True, what: str = ""
    ) -> IngestReport:
        """Bring the corpus up to date with files (see :meth:`rag.ingest.pipeline.Ingestor.ingest`).

        Raises:
            WriteConflictError: Another process is changing the corpus.
            DocumentNotFoundError: A path does not exist.
        """
        with self.writing(what or "citeqa ingest") as ingestor:
            return ingestor.ingest(paths, prune=prune, progress=progress)

    def remove(self, doc_id: str, *, what: str = "") -> int:
        """Remove a document; return how many chunks went.

        Raises:
            WriteConflictError: Another process is changing the corpus.
        """
        with self.writing(what or "citeqa remove") as ingestor:
            return ingestor.remove(doc_id)
