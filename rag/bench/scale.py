"""Cost as the corpus grows: embedding and end-to-end ingestion throughput, and dense, BM25 and
hybrid search latency, memory and disk at about 1k, 10k and 100k chunks.

Chunks are SciFact text (title + abstract, chunked by citeqa). Ingestion is timed for real on the
first point (clean, chunk, embed, store, BM25); the embedding rate measured there prices the
larger points. Their stores are filled with real chunk texts repeated with a perturbation (a
variant tag in the text, Gaussian noise of 0.01 on the unit vector, renormalised), reusing the
vectors computed once, so that search runs on a collection of the stated size.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import numpy as np

from rag.assemble import open_corpus
from rag.bench.corpus import bench_settings, build_index
from rag.bench.datasets import load_beir
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.embeddings import Embedder
from rag.evaluation.metrics import percentile
from rag.progress import progress_bar
from rag.retrieval.hybrid import SearchMode
from rag.settings import Settings
from rag.stores.chroma_store import make_store
from rag.types import Chunk, DocumentMeta

POINTS = (1_000, 10_000, 100_000)
QUICK_POINTS = (1_000, 5_000)
QUERIES = 100
MODES: tuple[SearchMode, ...] = ("dense", "sparse", "hybrid")
NOISE = 0.01


def resident_mib() -> float:
    """This process's resident memory now, in MiB (Linux ``/proc``; 0 elsewhere)."""
    status = Path("/proc/self/status")
    if not status.is_file():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def disk_mib(path: Path) -> float:
    """Bytes under ``path``, in MiB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def perturbed(vector: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``vector`` plus Gaussian noise of ``NOISE`` per dimension, back on the unit sphere."""
    moved = vector + rng.normal(0, NOISE, vector.shape)
    return moved / np.linalg.norm(moved)


def _fill(settings: Settings, size: int, base: list[Chunk], vectors: np.ndarray) -> float:
    """Store ``size`` chunks (real ones first, then perturbed copies); seconds to write them."""
    store = make_store(settings)
    rng = np.random.default_rng(size)
    started = time.perf_counter()
    for start in range(0, size, 512):
        batch: list[Chunk] = []
        batch_vectors: list[list[float]] = []
        for i in range(start, min(size, start + 512)):
            source, variant = base[i % len(base)], i // len(base)
            text = source.text if variant == 0 else f"[variant {variant}] {source.text}"
            batch.append(source.model_copy(update={
                "id": f"{source.id}-v{variant}", "doc_id": f"{source.doc_id}-v{variant}",
                "text": text,
            }))  # fmt: skip
            vector = vectors[i % len(base)]
            batch_vectors.append((vector if variant == 0 else perturbed(vector, rng)).tolist())
        store.upsert(batch, batch_vectors, DocumentMeta(doc_id="scale"), "scale", time.time_ns())
    return time.perf_counter() - started


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Measure ingestion at the first point and search at every point."""
    data = load_beir(settings.bench.data_dir / "scifact", splits=("test",))
    points = QUICK_POINTS if quick else POINTS
    docs = sorted(data.corpus.items())
    random.Random(5).shuffle(docs)
    first = points[0]
    # Real ingestion of about `first` chunks: SciFact abstracts make about 2.5 chunks each.
    sample = [(doc, title, text) for doc, (title, text) in docs[: int(first / 2.4)]]
    work = settings.bench.work_dir / "scale"
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    index = build_index(settings, "scale/ingest", sample, embedder, progress=progress)
    end_to_end = time.perf_counter() - started
    chunks = [chunk for chunk, _ in index.store.records()]
    clock = time.perf_counter()
    vectors = np.array(embedder.embed_documents([c.text for c in chunks]))
    embed_seconds = time.perf_counter() - clock
    tokens = sum(len(c.text.split()) for c in chunks) * 1.3
    rate = len(chunks) / embed_seconds
    queries = [data.queries[q] for q in sorted(data.qrels["test"], key=int)[:QUERIES]]
    rows: list[list[str]] = []
    metrics = {"embed_chunks_per_s": rate, "embed_tokens_per_s": tokens / embed_seconds}
    metrics["ingest_end_to_end_chunks_per_s"] = len(chunks) / end_to_end
    for size in points:
        local = bench_settings(settings, f"scale/n{size}")
        write_seconds = _fill(local, size, chunks, vectors)
        clock = time.perf_counter()
        retriever = open_corpus(local, embedder).snapshot().retriever
        bm25_seconds = time.perf_counter() - clock
        row = [f"{size:,}", f"{size / rate + write_seconds + bm25_seconds:,.0f}",
               f"{write_seconds:,.0f}", f"{bm25_seconds:,.1f}"]  # fmt: skip
        for mode in MODES:
            latencies = []
            for query in progress_bar(queries, desc=f"{size} {mode}", enabled=progress):
                clock = time.perf_counter()
                retriever.search(query, k=10, mode=mode)
                latencies.append((time.perf_counter() - clock) * 1000)
            p50, p95 = percentile(latencies, 50) or 0.0, percentile(latencies, 95) or 0.0
            metrics[f"n{size}_{mode}_p50_ms"], metrics[f"n{size}_{mode}_p95_ms"] = p50, p95
            row.append(f"{p50:.0f} / {p95:.0f}")
        memory, disk = resident_mib(), disk_mib(local.store.data_dir)
        metrics[f"n{size}_rss_mib"], metrics[f"n{size}_disk_mib"] = memory, disk
        rows.append([*row, f"{memory:,.0f}", f"{disk:,.0f}"])
    ingest = Table(
        title="Ingestion (measured on real SciFact text)",
        columns=["chunks", "embedding chunks/s", "embedding tokens/s", "end to end chunks/s"],
        rows=[
            [
                f"{len(chunks):,}",
                f"{rate:.1f}",
                f"{tokens / embed_seconds:,.0f}",
                f"{len(chunks) / end_to_end:.1f}",
            ]
        ],  # fmt: skip
        note="End to end: write files, clean, chunk, embed, store in Chroma, build BM25. Tokens "
        "estimated as 1.3 per word.",
    )
    search = Table(
        title="Search latency by corpus size (k = 10; 100 SciFact test queries)",
        columns=[
            "chunks",
            "ingest estimate s",
            "store write s",
            "BM25 build s",
            "dense p50 / p95 ms",
            "BM25 p50 / p95 ms",
            "hybrid p50 / p95 ms",
            "RSS MiB",
            "disk MiB",
        ],  # fmt: skip
        rows=rows,
        note="Ingest estimate: embedding at the measured rate plus the measured store write and "
        "BM25 build. RSS is the benchmark process (model and indexes loaded).",
    )
    return BenchOutcome(metrics, [ingest, search])
