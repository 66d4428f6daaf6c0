"""Ingestion: discover -> load -> clean -> chunk -> embed new -> upsert -> delete stale -> archive.

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

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TypeVar

from rag.embeddings import Embedder
from rag.errors import DocumentLoadError, DocumentTooLargeError, InputError
from rag.ingest.chunking import chunk_document
from rag.ingest.clean import clean_document
from rag.ingest.limits import DocumentBudget
from rag.ingest.loaders import discover, doc_id_for, load_file
from rag.ingest.manifest import load_manifest
from rag.progress import progress_bar
from rag.settings import IngestSettings, Settings
from rag.stores.archive import DocumentArchive
from rag.stores.protocol import VectorStore
from rag.types import Chunk, CleanDocument, DocumentMeta, FileError, IngestReport

T = TypeVar("T")


@dataclass(frozen=True)
class _Planned:
    document: CleanDocument
    chunks: list[Chunk]
    missing: list[Chunk]
    stale: list[str]


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
    manifests: dict[Path, dict[str, DocumentMeta]] = {}
    seen: dict[str, Path] = {}
    for path in discover(paths):
        try:
            budget = DocumentBudget(path, limits or IngestSettings())
            raw = load_file(path, budget)
            if raw.doc_id in seen:
                raise DocumentLoadError(
                    f"{path}: document id {raw.doc_id!r} already used by {seen[raw.doc_id]}"
                )
            folder = path.parent
            if folder not in manifests:
                manifests[folder] = load_manifest(folder)
            meta = manifests[folder].get(raw.doc_id, DocumentMeta(doc_id=raw.doc_id))
            document = clean_document(raw.text, meta, raw.headings, budget.check_time)
            if document.withheld and (limits or IngestSettings()).instructions == "reject":
                raise DocumentLoadError(
                    f"{path}: {len(document.withheld)} sentence(s) address AI systems rather than "
                    f"report findings, e.g. {document.withheld[0][:120]!r}; not ingested (set "
                    "CITEQA_INGEST__INSTRUCTIONS=withhold to ingest it without them)"
                )
            if all(block.kind == "heading" for block in document.blocks):
                # Headings are carried by chunks, never chunked: such a file would store nothing.
                raise DocumentLoadError(f"{path}: nothing left to quote after cleaning")
        except InputError as exc:
            try:
                doc_id: str | None = doc_id_for(path)
            except InputError:
                doc_id = None
            too_large = isinstance(exc, DocumentTooLargeError)
            errors.append(
                FileError(path=str(path), error=str(exc), doc_id=doc_id, too_large=too_large)
            )
            continue
        seen[raw.doc_id] = path
        documents.append(document)
    return documents, errors


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of ``items``: chunks of many small documents share a batch."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
        return _Planned(document, chunks, missing, sorted(stored - wanted))

    def ingest(
        self, paths: list[Path], *, prune: bool = False, progress: bool = True
    ) -> IngestReport:
        """Ingest ``paths`` (files or directories).

        Args:
            paths: Files or directories to ingest.
            prune: Also delete stored documents that are not among ``paths``' files.
            progress: Show a progress bar while embedding (on a terminal).

        Returns:
            What the run did, including one error per file that could not be ingested.
        """
        started = time.perf_counter()
        documents, errors = load_documents(paths, self.settings.ingest)
        report = IngestReport(errors=errors, documents=len(documents))
        report.withheld = {d.doc_id: len(d.withheld) for d in documents if d.withheld}
        plans = [self._plan(document) for document in documents]
        report.chunks = sum(len(plan.chunks) for plan in plans)
        report.unchanged = sum(1 for plan in plans if not plan.missing and not plan.stale)
        todo = sum(len(plan.missing) for plan in plans)
        batch_size = self.settings.store.batch_size
        pending = [(index, chunk) for index, plan in enumerate(plans) for chunk in plan.missing]
        written_at = time.time_ns()
        with progress_bar(total=todo, unit="chunk", desc="embedding", enabled=progress) as bar:
            for batch in _batches(pending, batch_size):
                vectors = self.embedder.embed_documents([chunk.text for _, chunk in batch])
                for index, rows in groupby(zip(batch, vectors, strict=True), lambda r: r[0][0]):
                    stored = list(rows)
                    document = plans[index].document
                    self.before_change()
                    self.store.upsert(
                        [chunk for (_, chunk), _ in stored],
                        [vector for _, vector in stored],
                        document.meta,
                        document.content_hash,
                        written_at,
                    )
                report.embedded += len(batch)
                bar.update(len(batch))
            for plan in plans:
                report.removed += self._settle(plan, written_at)
        if prune:
            self._prune(documents, errors, report)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

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
        if newest == plan.document.content_hash and not self.archive.holds(plan.document):
            self.archive.save(plan.document)
        return len(stale)

    def _prune(
        self, documents: list[CleanDocument], errors: list[FileError], report: IngestReport
    ) -> None:
        """Delete stored documents absent from this run; files that failed to load are kept."""
        present = {document.doc_id for document in documents}
        failed = {error.doc_id for error in errors}
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
