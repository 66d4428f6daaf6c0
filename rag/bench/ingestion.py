"""Ingestion throughput against the embedding model's own, measured in the same run.

An ingest through the corpus (:meth:`rag.corpus.Corpus.ingest`: read, clean, chunk, embed, store,
archive, then the derived indexes) embeds two sets of texts: the new chunks, and every distinct
quotable sentence of them, for the sentence evidence index (:mod:`rag.retrieval.sentences`). The
fair yardstick is the model alone embedding exactly those texts, in the same batches: what the
ingest spends beyond that is the pipeline's own cost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rag.assemble import open_corpus
from rag.embeddings import Embedder
from rag.errors import InputError
from rag.settings import Settings
from rag.text.endpoints import spelled_out
from rag.text.units import quotable_units
from rag.types import Chunk, IngestReport

#: Sentences per model call when the sentence index is built (as in ``SentenceIndex.build``).
SENTENCE_BATCH = 256


@dataclass(frozen=True)
class IngestRate:
    """One timed ingest, and the model alone embedding the same texts."""

    chunks: int
    """Chunks the ingest stored (all embedded: the store started empty)."""
    sentences: int
    """Distinct quotable sentences of those chunks, embedded for the sentence index."""
    seconds_end_to_end: float
    """The ingest through the corpus, derived indexes included."""
    seconds_model_chunks: float
    """The model alone embedding the chunk texts, in the ingest's batches."""
    seconds_model_alone: float
    """The model alone embedding everything the ingest embeds: chunks and sentences."""
    report: IngestReport
    """What the ingest reported."""

    @property
    def chunks_per_s(self) -> float:
        """End-to-end throughput: chunks stored per second of the whole ingest."""
        return self.chunks / self.seconds_end_to_end

    @property
    def model_chunks_per_s(self) -> float:
        """The model's own throughput on the chunks alone (no sentences)."""
        return self.chunks / self.seconds_model_chunks

    @property
    def ratio(self) -> float:
        """End-to-end throughput as a share of the model's on the same work (chunks and
        sentences): model-alone seconds over end-to-end seconds."""
        return self.seconds_model_alone / self.seconds_end_to_end

    @property
    def chunk_ratio(self) -> float:
        """End-to-end chunks per second over the model's chunks per second, as if the ingest
        embedded no sentences (a lower bound on :attr:`ratio`)."""
        return self.seconds_model_chunks / self.seconds_end_to_end


def sentence_texts(chunks: list[Chunk]) -> list[str]:
    """The distinct quotable sentences of ``chunks``, first occurrence first, as the sentence
    index embeds them (endpoints spelled out, :func:`rag.text.endpoints.spelled_out`)."""
    seen: dict[str, None] = {}
    for chunk in chunks:
        for start, end in quotable_units(chunk.text, chunk.section_kind):
            seen.setdefault(chunk.text[start:end], None)
    return [spelled_out(text) for text in seen]


def _embed_seconds(embedder: Embedder, texts: list[str], batch: int) -> float:
    """Seconds the model takes to embed ``texts``, ``batch`` per call."""
    started = time.perf_counter()
    for begin in range(0, len(texts), batch):
        embedder.embed_documents(texts[begin : begin + batch])
    return time.perf_counter() - started


def measure_ingest(
    settings: Settings, embedder: Embedder, paths: list[Path], *, progress: bool = False
) -> IngestRate:
    """Ingest ``paths`` into the settings' (empty) store, then time the model alone on the texts
    the ingest embedded.

    The store is opened and the model called once before the clock starts, so neither the
    Chroma client's start nor the model's first call is counted. The end-to-end time is
    :meth:`rag.corpus.Corpus.ingest` as a whole, including the BM25 and sentence index builds.
    The model-alone times embed the stored chunk texts, in document order and in batches of
    ``store.batch_size`` as the ingestor does, then their distinct sentences in the store's
    order and in batches of :data:`SENTENCE_BATCH`, as the sentence index does.

    Args:
        settings: The settings; their store must hold no chunks (e.g. ``bench_settings`` on a
            folder just removed).
        embedder: The embedding model, used for both timings.
        paths: Files or directories to ingest.
        progress: Show the ingest's progress bar.

    Returns:
        The counts and the three times.

    Raises:
        InputError: The store already holds chunks, a file could not be ingested, or nothing was
            stored.
    """
    corpus = open_corpus(settings, embedder)
    if corpus.snapshot().store.count():
        raise InputError(f"measure_ingest needs an empty store; {settings.store.data_dir} has one")
    embedder.embed_documents(["warm up"])
    started = time.perf_counter()
    report = corpus.ingest(paths, progress=progress)
    end_to_end = time.perf_counter() - started
    if report.errors:
        raise InputError(f"{len(report.errors)} files failed: {report.errors[0].error}")
    stored = [chunk for chunk, _ in corpus.snapshot().store.records()]
    if not stored:
        raise InputError("nothing was stored: no throughput to measure")
    texts = [chunk.text for chunk in sorted(stored, key=lambda c: (c.doc_id, c.start))]
    sentences = sentence_texts(stored)
    model_chunks = _embed_seconds(embedder, texts, settings.store.batch_size)
    model_sentences = _embed_seconds(embedder, sentences, SENTENCE_BATCH)
    return IngestRate(
        chunks=len(stored),
        sentences=len(sentences),
        seconds_end_to_end=end_to_end,
        seconds_model_chunks=model_chunks,
        seconds_model_alone=model_chunks + model_sentences,
        report=report,
    )
