"""Ingestion: discover -> load -> clean -> chunk -> embed new -> upsert -> delete stale -> archive.

Streaming: a reader thread loads, cleans, chunks and plans (looks up what is stored) one document
after another, at most ``store.batch_size`` documents ahead, while the calling thread embeds and
writes, so reading and cleaning overlap embedding (the model releases the GIL while it encodes).
Chunks of consecutive documents share batches of ``store.batch_size``, the same batches as if every
document had been read first; a document is settled (stale versions deleted, archived) as soon as
its last new chunk is stored. The reader looks documents up in the store while the caller writes
others, so a store must serve two threads at once (Chroma does). An error in the reader reaches the
caller; an error in the writer stops the reader (after the document it is reading).

Idempotent by content hash: a chunk already stored under its id costs no embedding work, so a
second run embeds nothing, and a run killed mid-way is completed by the next one. A changed
document gets new chunk ids; its new chunks are written before its old ones are deleted, so the
document is never missing from the index. Of several versions of a document in the store (a
crash, or two writers on one Chroma server), one is kept (:func:`winning_version`) and the others
deleted.
Only :class:`rag.corpus.Corpus` runs an ingestor: it holds the writer lock, records revisions
and rebuilds the derived indexes.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from types import TracebackType

from rag.embeddings import Embedder
from rag.errors import DocumentLoadError, DocumentTooLargeError, InputError
from rag.ingest.chunking import chunk_document
from rag.ingest.clean import clean_document
from rag.ingest.limits import DocumentBudget
from rag.ingest.loaders import discover, doc_id_for, load_file
from rag.ingest.manifest import load_manifest, merge_meta
from rag.progress import progress_bar
from rag.settings import IngestSettings, Settings
from rag.stores.archive import DocumentArchive
from rag.stores.protocol import VectorStore, Write
from rag.types import Chunk, CleanDocument, DocumentMeta, FileError, IngestReport


@dataclass(frozen=True, eq=False)
class _Planned:
    """A document, its chunks, what the store lacks or holds beyond them, and whether the archive
    holds this version already. Equal only to itself."""

    document: CleanDocument
    chunks: list[Chunk]
    missing: list[Chunk]
    stale: list[str]
    archived: bool


def _read(
    path: Path,
    limits: IngestSettings,
    manifests: dict[Path, dict[str, DocumentMeta]],
    seen: dict[str, Path],
) -> CleanDocument:
    """Load and clean one file within ``limits``; ``manifests`` caches each folder's manifest and
    ``seen`` maps the document ids read so far to their files.

    Raises:
        InputError: The file cannot be read, is over a limit, addresses AI systems (refused by
            ``limits.instructions``), leaves nothing to quote, or repeats a document id.
    """
    budget = DocumentBudget(path, limits)
    raw = load_file(path, budget)
    if raw.doc_id in seen:
        raise DocumentLoadError(
            f"{path}: document id {raw.doc_id!r} already used by {seen[raw.doc_id]}"
        )
    folder = path.parent
    if folder not in manifests:
        manifests[folder] = load_manifest(folder)
    meta = merge_meta(raw.found, manifests[folder].get(raw.doc_id), raw.doc_id)
    document = clean_document(
        raw.pages or raw.text, meta, raw.headings, budget.check_time, footnotes=raw.footnotes
    )
    if document.withheld and limits.instructions == "reject":
        raise DocumentLoadError(
            f"{path}: {len(document.withheld)} sentence(s) address AI systems rather than "
            f"report findings, e.g. {document.withheld[0][:120]!r}; not ingested (set "
            "CITEQA_INGEST__INSTRUCTIONS=withhold to ingest it without them)"
        )
    if all(block.kind == "heading" for block in document.blocks):
        # Headings are carried by chunks, never chunked: such a file would store nothing.
        raise DocumentLoadError(f"{path}: nothing left to quote after cleaning")
    seen[raw.doc_id] = path
    return document


def _file_error(path: Path, exc: InputError) -> FileError:
    """The report's entry for a file that could not be ingested."""
    try:
        doc_id: str | None = doc_id_for(path)
    except InputError:
        doc_id = None
    too_large = isinstance(exc, DocumentTooLargeError)
    return FileError(path=str(path), error=str(exc), doc_id=doc_id, too_large=too_large)


def _cleaned(files: list[Path], limits: IngestSettings) -> Iterator[CleanDocument | FileError]:
    """Each file's cleaned document, or its error, in the order of ``files``."""
    manifests: dict[Path, dict[str, DocumentMeta]] = {}
    seen: dict[str, Path] = {}
    for path in files:
        try:
            yield _read(path, limits, manifests, seen)
        except InputError as exc:
            yield _file_error(path, exc)


def load_documents(
    paths: list[Path], limits: IngestSettings | None = None
) -> tuple[list[CleanDocument], list[FileError]]:
    """Load and clean every supported file under ``paths``.

    Args:
        paths: Files or directories.
        limits: The work one document may cost, and what to do with one that addresses AI
            systems (``instructions``, see :mod:`rag.text.instructions`): refuse the file, or
            keep it without those sentences. The defaults when None.

    Returns:
        The cleaned documents, and one error per file that could not be read, was over a limit or
        failed to clean. Two files with the same document id are an error for the second.

    Raises:
        DocumentNotFoundError: A path does not exist.
    """
    documents: list[CleanDocument] = []
    errors: list[FileError] = []
    for item in _cleaned(discover(paths), limits or IngestSettings()):
        if isinstance(item, FileError):
            errors.append(item)
        else:
            documents.append(item)
    return documents, errors


def winning_version(versions: dict[str, tuple[str, int]], mine: str, started: int) -> str:
    """Which stored version of a document to keep, as every writer decides alike.

    Args:
        versions: The document's stored chunks: version (content hash) and write time of each.
        mine: The version this run ingests.
        started: When this run started writing (nanoseconds since the epoch).

    Returns:
        ``mine``, unless another version was written since ``started`` (a concurrent writer):
        then the newest version (the larger hash breaking a tie), which the other writer picks too.
    """
    written: dict[str, int] = {}
    for doc_hash, written_at in versions.values():
        written[doc_hash] = max(written.get(doc_hash, 0), written_at)
    if all(t < started for h, t in written.items() if h != mine):
        return mine
    return max(written, key=lambda doc_hash: (written[doc_hash], doc_hash))


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class _Failed:
    """What the reader thread raised, carried to the calling thread."""

    error: BaseException


class _Reader:
    """Runs an iterator in a thread of its own, at most ``ahead`` items ahead of the consumer.

    Use as a context manager and iterate it: items arrive in order, and what the iterator raises
    is raised to the consumer. Leaving the block early stops the thread before it starts another
    item and waits for the one it is making, so nothing runs on after the block.
    """

    def __init__(self, work: Iterator[_Planned | FileError], ahead: int) -> None:
        """Prepare the thread; it starts on entering the block."""
        self._work = work
        # None: the work is done.
        self._queue: queue.Queue[_Planned | FileError | _Failed | None] = queue.Queue(ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="citeqa-ingest-reader", daemon=True)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                item = next(self._work, None)
                self._queue.put(item)
                if item is None:
                    return
        except BaseException as exc:  # every error, whatever its kind, is the consumer's
            if not self._stop.is_set():
                self._queue.put(_Failed(exc))

    def __enter__(self) -> _Reader:
        """Start reading."""
        self._thread.start()
        return self

    def __iter__(self) -> Iterator[_Planned | FileError]:
        """The items in order; the reader's error, if it failed, is raised here."""
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the thread and wait for it. After the flag is set the reader makes at most one
        more ``put``, and emptying the queue leaves room for it, so the wait ends."""
        self._stop.set()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._thread.join()


class Ingestor:
    """Brings a vector store and the document archive up to date with a set of files."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: VectorStore,
        archive: DocumentArchive,
        before_change: Callable[[], None] = _nothing,
    ) -> None:
        """Store the collaborators; nothing heavy happens here.

        Args:
            settings: The settings (chunking, batch size).
            embedder: Embeds new chunks.
            store: The vector store to write to.
            archive: The archive of cleaned documents.
            before_change: Called before each change to the store (the corpus records that a
                write began).
        """
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.archive = archive
        self.before_change = before_change

    def _plan(self, document: CleanDocument) -> _Planned:
        chunks = chunk_document(
            document, self.settings.chunking.size, self.settings.chunking.overlap
        )
        stored = self.store.chunk_ids(document.doc_id)
        wanted = {chunk.id for chunk in chunks}
        missing = [chunk for chunk in chunks if chunk.id not in stored]
        return _Planned(
            document, chunks, missing, sorted(stored - wanted), self.archive.holds(document)
        )

    def _plans(self, files: list[Path]) -> Iterator[_Planned | FileError]:
        """Each file's plan, or its error, in order (the reader thread's work)."""
        for item in _cleaned(files, self.settings.ingest):
            yield item if isinstance(item, FileError) else self._plan(item)

    def ingest(
        self, paths: list[Path], *, prune: bool = False, progress: bool = True
    ) -> IngestReport:
        """Ingest ``paths`` (files or directories).

        Args:
            paths: Files or directories to ingest.
            prune: Also delete stored documents that are not among ``paths``' files.
            progress: Show a progress bar while embedding (on a terminal); its total grows as
                documents are read.

        Returns:
            What the run did, including one error per file that could not be ingested.

        Raises:
            DocumentNotFoundError: A path does not exist (before anything is read or written).
        """
        started = time.perf_counter()
        files = discover(paths)
        report = IngestReport()
        present: list[str] = []
        batch_size = self.settings.store.batch_size
        pending: list[tuple[_Planned, Chunk]] = []
        written_at = time.time_ns()
        with (
            progress_bar(total=0, unit="chunk", desc="embedding", enabled=progress) as bar,
            _Reader(self._plans(files), ahead=batch_size) as reader,
        ):
            for item in reader:
                if isinstance(item, FileError):
                    report.errors.append(item)
                    continue
                self._count(item, report)
                present.append(item.document.doc_id)
                if not item.missing:
                    report.removed += self._settle(item, written_at)
                    continue
                bar.total += len(item.missing)
                bar.refresh()
                pending.extend((item, chunk) for chunk in item.missing)
                while len(pending) >= batch_size:
                    self._write(pending[:batch_size], written_at, report)
                    bar.update(batch_size)
                    del pending[:batch_size]
            if pending:
                self._write(pending, written_at, report)
                bar.update(len(pending))
        if prune:
            self._prune(set(present), report)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    @staticmethod
    def _count(plan: _Planned, report: IngestReport) -> None:
        """Add a read document to the report's counts."""
        report.documents += 1
        report.chunks += len(plan.chunks)
        if not plan.missing and not plan.stale:
            report.unchanged += 1
        if plan.document.withheld:
            report.withheld[plan.document.doc_id] = len(plan.document.withheld)

    def _write(
        self, batch: list[tuple[_Planned, Chunk]], written_at: int, report: IngestReport
    ) -> None:
        """Embed a batch of chunks, upsert them in one request, then settle each document whose
        last new chunk was in the batch."""
        vectors = self.embedder.embed_documents([chunk.text for _, chunk in batch])
        writes: list[Write] = []
        complete: list[_Planned] = []
        for plan, rows in groupby(zip(batch, vectors, strict=True), lambda row: row[0][0]):
            stored = list(rows)
            document = plan.document
            chunks = [chunk for (_, chunk), _ in stored]
            vectors_of = [vector for _, vector in stored]
            writes.append(
                Write(chunks, vectors_of, document.meta, document.content_hash, written_at)
            )
            if stored[-1][0][1] is plan.missing[-1]:
                complete.append(plan)
        self.before_change()
        self.store.upsert(writes)
        report.embedded += len(batch)
        for plan in complete:
            report.removed += self._settle(plan, written_at)

    def _settle(self, plan: _Planned, started: int) -> int:
        """Keep one stored version of the plan's document (see :func:`winning_version`) and
        archive it when it is this one; return how many chunks were deleted."""
        mine = plan.document.content_hash
        if not plan.missing and not plan.stale:
            stale: list[str] = []
            newest = mine
        else:
            versions = self.store.versions(plan.document.doc_id)
            newest = winning_version(versions, mine, started)
            stale = sorted(i for i, (doc_hash, _) in versions.items() if doc_hash != newest)
        if stale:
            self.before_change()
            self.store.delete(stale)
        if newest == mine and not plan.archived:
            self.archive.save(plan.document)
        return len(stale)

    def _prune(self, present: set[str], report: IngestReport) -> None:
        """Delete stored documents absent from this run; files that failed to load are kept."""
        failed = {error.doc_id for error in report.errors}
        for summary in self.store.documents():
            if summary.doc_id in present or summary.doc_id in failed:
                continue
            report.removed += self.remove(summary.doc_id)
            report.pruned_documents.append(summary.doc_id)

    def remove(self, doc_id: str) -> int:
        """Delete a document's chunks and archived text; return how many chunks went."""
        stale = sorted(self.store.chunk_ids(doc_id))
        if stale:
            self.before_change()
        self.store.delete(stale)
        self.archive.delete(doc_id)
        return len(stale)
