"""Cost as the corpus grows: ingestion against the model's own speed, search latency and dense
recall, incremental updates, memory and disk, at about 1k to 1M chunks.

Chunks are SciFact text (title + abstract, chunked by citeqa). Ingestion is timed for real on
the first point, beside the model alone embedding the same texts (chunks and sentences). The
rest of SciFact's corpus (about 12k chunks from its 5,183 abstracts, less the documents kept for
the updates) is then ingested through the corpus as the pool of source chunks, its vectors saved
under the bench folder so that later runs do not embed it again (``--quick`` uses the first
point's chunks alone). Points are filled with the source chunks, then copies of them (new ids
and documents, the same text), so that search runs on a collection of the stated size: at 1M
about 80 copies of each source. A copy's vector is its source's plus two other chunks' vectors
at random weights below ``MIX`` and a little Gaussian noise, renormalised: about 0.9 cosine to
its source, distinct from the other copies and within the span of real embeddings. (Copies moved
by noise alone made clusters of near-identical vectors whose order was decided by the noise, a
corpus no library looks like, on which no approximate index finds the exact top 10; so do too
few sources: 1,000 copies of each of 991 chunks gave recall 0.79 at 1M.) Their derived indexes
are built by the real code, with the sentence vectors of the pool (a repeated text is embedded
once).
Search is measured over 100 SciFact test queries whose vectors are computed beforehand (the
query embedding is timed on its own), with the default filter (reference lists out) and with a
filter on 20 documents; dense recall@10 is measured against an exact search of every vector.
Each point then ingests 100 new chunks and removes a document through the corpus, as a user
would, and checks the updated BM25 index against a rebuild. The figures measured so far are
saved after each point (``scale/figures.json`` under the bench folder).
"""

from __future__ import annotations

import gc
import multiprocessing
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from rag.assemble import open_corpus
from rag.bench.cache import CachedEmbedder
from rag.bench.consistency import sparse_differences
from rag.bench.corpus import bench_settings, write_corpus
from rag.bench.datasets import load_beir
from rag.bench.ingestion import measure_ingest
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.corpus import Corpus, new_revision
from rag.embeddings import Embedder
from rag.errors import StoreError
from rag.evaluation.metrics import percentile
from rag.progress import progress_bar
from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever, SearchMode
from rag.retrieval.sentences import SentenceIndex
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings
from rag.stores.chroma_store import forget_embedded, make_store
from rag.stores.protocol import Write
from rag.types import Chunk, DocumentMeta

POINTS = (1_000, 10_000, 100_000, 1_000_000)
QUICK_POINTS = (1_000, 5_000)
QUERIES = 100
MODES: tuple[SearchMode, ...] = ("dense", "sparse", "hybrid")
#: Largest weight of each of the two other chunks' vectors mixed into a copy's vector.
MIX = 0.5
NOISE = 0.01
#: Chunks ingested into each point's corpus after it is filled (about 40 SciFact abstracts).
ADDED = 100
#: Largest point whose updated BM25 index is compared with a rebuild (the rebuild reads every
#: chunk back from the store).
COMPARED_UP_TO = 100_000
_FILL_BATCH = 4096


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


def variant(vectors: np.ndarray, source: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``vectors[source]``: plus two random rows at weights below ``MIX`` and
    Gaussian noise of ``NOISE`` per dimension, back on the unit sphere."""
    others = rng.integers(0, len(vectors), 2)
    weights = rng.uniform(0, MIX, 2)
    moved = vectors[source] + weights @ vectors[others] + rng.normal(0, NOISE, vectors.shape[1])
    unit: np.ndarray = moved / np.linalg.norm(moved)
    return unit


def recall_at(found: list[list[str]], exact: list[list[str]]) -> float:
    """Mean share of each exact top list that the approximate list found."""
    shares = [len(set(f) & set(e)) / len(e) for f, e in zip(found, exact, strict=True) if e]
    return float(np.mean(shares)) if shares else 0.0


@dataclass(frozen=True)
class Workload:
    """What every point searches and adds."""

    chunks: list[Chunk]
    vectors: np.ndarray
    queries: list[str]
    query_vectors: list[list[float]]
    added: list[tuple[str, str, str]]


def _fill(
    settings: Settings, size: int, base: list[Chunk], vectors: np.ndarray
) -> tuple[float, np.ndarray, list[str]]:
    """Store ``size`` chunks (the real ones first, then noisy copies); return the seconds it
    took, and every stored vector and id, in order."""
    store = make_store(settings)
    rng = np.random.default_rng(size)
    stored = np.zeros((size, vectors.shape[1]), dtype=np.float32)
    ids: list[str] = []
    started = time.perf_counter()
    for start in range(0, size, _FILL_BATCH):
        batch: list[Chunk] = []
        for i in range(start, min(size, start + _FILL_BATCH)):
            source, copy = base[i % len(base)], i // len(base)
            batch.append(source.model_copy(update={
                "id": f"{source.id}-v{copy}", "doc_id": f"{source.doc_id}-v{copy}",
            }))  # fmt: skip
            row = i % len(base)
            stored[i] = vectors[row] if copy == 0 else variant(vectors, row, rng)
        ids += [chunk.id for chunk in batch]
        rows = stored[start : start + len(batch)]
        store.upsert(
            [Write(batch, rows.tolist(), DocumentMeta(doc_id="scale"), "scale", time.time_ns())]
        )
    # Stamped as a write through the corpus would be: a store without a stamp cannot vouch that
    # no other process changed it, so the first update after opening it would be a rebuild.
    store.set_revision(new_revision())
    return time.perf_counter() - started, stored, ids


def _latency(samples: list[float]) -> tuple[float, float]:
    return percentile(samples, 50) or 0.0, percentile(samples, 95) or 0.0


def _search(
    retriever: HybridRetriever, work: Workload, mode: SearchMode, filters: Filters | None = None
) -> tuple[list[float], list[list[str]]]:
    """Latencies (ms) and the ids found, for every query (its vector given)."""
    samples, found = [], []
    for query, vector in zip(work.queries, work.query_vectors, strict=True):
        clock = time.perf_counter()
        hits = retriever.search(query, k=10, filters=filters, mode=mode, vector=vector)
        samples.append((time.perf_counter() - clock) * 1000)
        found.append([hit.chunk.id for hit in hits])
    return samples, found


def _exact(stored: np.ndarray, ids: list[str], work: Workload) -> list[list[str]]:
    """The true 10 nearest chunks of every query (all chunks are body text: nothing filtered)."""
    out = []
    for vector in work.query_vectors:
        scores = stored @ np.asarray(vector, dtype=np.float32)
        top = np.argpartition(-scores, 10)[:10]
        out.append([ids[int(i)] for i in top])
    return out


def _updates(corpus: Corpus, folder: Path, work: Workload, size: int) -> dict[str, float]:
    """Ingest ``ADDED`` new chunks and remove one document, as a user would; check both show
    at once and (up to ``COMPARED_UP_TO``) that the updated BM25 index equals a rebuild."""
    write_corpus(work.added, folder)
    clock = time.perf_counter()
    report = corpus.ingest([folder], progress=False)
    metrics = {"add_s": time.perf_counter() - clock, "added_chunks": float(report.chunks)}
    doc_id, _, text = work.added[0]
    probe = " ".join(text.split()[:30])
    _, hits = corpus.retrieve(probe, k=10, mode="sparse")
    added = any(hit.chunk.doc_id == doc_id for hit in hits)
    clock = time.perf_counter()
    corpus.remove(doc_id)
    metrics["remove_s"] = time.perf_counter() - clock
    _, hits = corpus.retrieve(probe, k=10, mode="sparse")
    removed = not any(hit.chunk.doc_id == doc_id for hit in hits)
    metrics["update_visible"] = float(added and removed)
    if size <= COMPARED_UP_TO:
        snapshot = corpus.snapshot()
        rebuilt = BM25Index.build(snapshot.store.records(), snapshot.revision)
        metrics["update_equals_rebuild"] = float(not sparse_differences(snapshot.sparse, rebuilt))
    return metrics


def _parts_resident(settings: Settings, revision: str, vector: list[float]) -> dict[str, float]:
    """In a fresh interpreter: resident memory (MiB) before and after loading each part."""
    before = resident_mib()
    store = make_store(settings, fresh=True)
    store.query(vector, 10)
    chroma = resident_mib()
    sparse = BM25Index.load(BM25Index.directory(settings.sparse_index_dir(), revision))
    bm25 = resident_mib()
    sentences = SentenceIndex.load(SentenceIndex.directory(settings.sentence_index_dir(), revision))
    loaded = resident_mib()
    if sparse is None or sentences is None:
        raise StoreError(f"{settings.store.data_dir}: no saved build of revision {revision}")
    return {
        "rss_chroma_mib": chroma - before,
        "rss_bm25_mib": bm25 - chroma,
        "rss_sentences_mib": loaded - bm25,
        "rss_corpus_mib": loaded,
    }


def _memory(settings: Settings, revision: str, work: Workload) -> dict[str, float]:
    """Memory each part takes, loaded alone in a fresh process (no model: a serving process
    adds the model's own), and disk per part."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        measured: dict[str, float] = pool.apply(
            _parts_resident, (settings, revision, work.query_vectors[0])
        )
    return {
        **measured,
        "disk_chroma_mib": disk_mib(settings.store.data_dir / "chroma"),
        "disk_bm25_mib": disk_mib(BM25Index.directory(settings.sparse_index_dir(), revision)),
        "disk_sentences_mib": disk_mib(
            SentenceIndex.directory(settings.sentence_index_dir(), revision)
        ),
        "disk_archive_mib": disk_mib(settings.documents_dir()),
    }


def _point(
    settings: Settings, size: int, work: Workload, embedder: Embedder, progress: bool
) -> dict[str, float]:
    """Fill a store of ``size`` chunks and measure everything at that size."""
    local = bench_settings(settings, f"scale/n{size}")
    shutil.rmtree(local.store.data_dir, ignore_errors=True)
    write_seconds, stored, ids = _fill(local, size, work.chunks, work.vectors)
    clock = time.perf_counter()
    corpus = open_corpus(local, embedder)
    snapshot = corpus.snapshot()
    metrics = {"write_s": write_seconds, "rebuild_s": time.perf_counter() - clock}
    for mode in progress_bar(MODES, desc=f"{size:,} chunks", enabled=progress):
        samples, found = _search(snapshot.retriever, work, mode)
        metrics[f"{mode}_p50_ms"], metrics[f"{mode}_p95_ms"] = _latency(samples)
        if mode == "dense":
            metrics["dense_recall_at_10"] = recall_at(found, _exact(stored, ids, work))
    documents = sorted({chunk.doc_id for chunk in work.chunks[:size]})[:20]
    some = Filters(doc_ids=[f"{doc_id}-v0" for doc_id in documents])
    samples, _ = _search(snapshot.retriever, work, "hybrid", some)
    metrics["filtered_hybrid_p50_ms"], metrics["filtered_hybrid_p95_ms"] = _latency(samples)
    del stored, snapshot
    metrics.update(_updates(corpus, local.store.data_dir / "added", work, size))
    metrics["rss_mib"] = resident_mib()
    revision = corpus.revision
    # Released before a second process loads the same corpus: at 1M both held at once were
    # about 25 GiB, and the benchmark was killed for memory.
    del corpus
    forget_embedded(local)
    gc.collect()
    metrics.update(_memory(local, revision, work))
    return metrics


def _ingestion(
    settings: Settings, embedder: Embedder, sample: list[tuple[str, str, str]], progress: bool
) -> tuple[dict[str, float], list[Chunk], CachedEmbedder]:
    """Ingest ``sample`` for real beside the model alone on the same texts
    (:func:`rag.bench.ingestion.measure_ingest`); return the figures, the stored chunks and an
    embedder that now serves their chunk and sentence vectors without the model."""
    local = bench_settings(settings, "scale/ingest")
    shutil.rmtree(settings.bench.work_dir / "scale", ignore_errors=True)
    folder = local.store.data_dir.parent / "ingest-files"
    write_corpus(sample, folder)
    cached = CachedEmbedder(embedder)
    rate = measure_ingest(local, cached, [folder], progress=progress)
    cached.reuse = True
    chunks = [chunk for chunk, _ in open_corpus(local, cached).snapshot().store.records()]
    tokens = sum(len(c.text.split()) for c in chunks) * 1.3
    metrics = {
        "chunks": float(rate.chunks),
        "sentences": float(rate.sentences),
        "embed_chunks_per_s": rate.model_chunks_per_s,
        "embed_tokens_per_s": tokens / rate.seconds_model_chunks,
        "model_alone_s": rate.seconds_model_alone,
        "ingest_end_to_end_s": rate.seconds_end_to_end,
        "ingest_end_to_end_chunks_per_s": rate.chunks_per_s,
        "ingest_share_of_model_speed": rate.ratio,
    }
    return metrics, chunks, cached


def _pool(
    settings: Settings,
    cached: CachedEmbedder,
    documents: list[tuple[str, str, str]],
    progress: bool,
) -> list[Chunk]:
    """Ingest ``documents`` through the corpus into a scratch store, with the vectors saved by
    earlier runs (the model embeds only texts none has seen), save the vectors, and return the
    stored chunks."""
    name = re.sub(r"[^\w.-]", "_", cached.model_id)
    cache = settings.bench.work_dir / "scale-vectors" / f"{name}.npz"
    cached.load(cache)
    local = bench_settings(settings, "scale/pool")
    folder = local.store.data_dir.parent / "pool-files"
    write_corpus(documents, folder)
    corpus = open_corpus(local, cached)
    corpus.ingest([folder], progress=progress)
    chunks = [chunk for chunk, _ in corpus.snapshot().store.records()]
    cached.save(cache)
    del corpus
    forget_embedded(local)
    shutil.rmtree(local.store.data_dir, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return chunks


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Measure ingestion at the first point and everything else at every point."""
    data = load_beir(settings.bench.data_dir / "scifact", splits=("test",))
    points = QUICK_POINTS if quick else POINTS
    docs = sorted(data.corpus.items())
    random.Random(5).shuffle(docs)
    rows = [(doc, title, text) for doc, (title, text) in docs]
    # SciFact abstracts make about 2.4 chunks each.
    sample = rows[: int(points[0] / 2.4)]
    added = rows[len(sample) :][: int(ADDED / 2.4)]
    metrics, chunks, cached = _ingestion(settings, embedder, sample, progress)
    if not quick:
        chunks += _pool(settings, cached, rows[len(sample) + len(added) :], progress)
    metrics["source_chunks"] = float(len(chunks))
    queries = [data.queries[q] for q in sorted(data.qrels["test"], key=int)[:QUERIES]]
    samples, vectors = [], []
    for query in queries:
        clock = time.perf_counter()
        vectors.append(embedder.embed_query(query))
        samples.append((time.perf_counter() - clock) * 1000)
    metrics["query_embedding_p50_ms"], metrics["query_embedding_p95_ms"] = _latency(samples)
    base = np.asarray(cached.embed_documents([chunk.text for chunk in chunks]), dtype=np.float32)
    work = Workload(chunks, base, queries, vectors, added)
    for size in points:
        measured = _point(settings, size, work, cached, progress)
        metrics.update({f"n{size}_{name}": value for name, value in measured.items()})
        # A long run keeps what it measured if a later point fails.
        (settings.bench.work_dir / "scale" / "figures.json").write_bytes(orjson.dumps(metrics))
    return BenchOutcome(metrics, _tables(metrics, points))


def _pair(metrics: dict[str, float], key: str) -> str:
    return f"{metrics[f'{key}_p50_ms']:.1f} / {metrics[f'{key}_p95_ms']:.1f}"


def _tables(metrics: dict[str, float], points: tuple[int, ...]) -> list[Table]:
    ingest = Table(
        title="Ingestion against the model's own speed (real SciFact text)",
        columns=["chunks", "sentences", "model alone s", "end to end s", "share of model speed",
                 "embedding chunks/s", "end to end chunks/s"],
        rows=[[f"{metrics['chunks']:,.0f}", f"{metrics['sentences']:,.0f}",
               f"{metrics['model_alone_s']:.1f}", f"{metrics['ingest_end_to_end_s']:.1f}",
               f"{metrics['ingest_share_of_model_speed']:.0%}",
               f"{metrics['embed_chunks_per_s']:.1f}",
               f"{metrics['ingest_end_to_end_chunks_per_s']:.1f}"]],
        note="Model alone: the same model embedding every stored chunk and every distinct "
        "quotable sentence (the sentence index), in the ingest's batches. End to end: write "
        "files, clean, chunk, embed chunks, store in Chroma, build BM25, embed sentences, save.",
    )  # fmt: skip
    search = Table(
        title="Search by corpus size (k = 10; 100 SciFact test queries; p50 / p95 ms)",
        columns=["chunks", "dense", "BM25", "hybrid", "hybrid, 20 documents", "dense recall@10",
                 "store write s", "index build s"],
        rows=[[f"{n:,}", _pair(metrics, f"n{n}_dense"), _pair(metrics, f"n{n}_sparse"),
               _pair(metrics, f"n{n}_hybrid"), _pair(metrics, f"n{n}_filtered_hybrid"),
               f"{metrics[f'n{n}_dense_recall_at_10']:.3f}", f"{metrics[f'n{n}_write_s']:,.0f}",
               f"{metrics[f'n{n}_rebuild_s']:,.1f}"] for n in points],
        note=f"Filled with {metrics['source_chunks']:,.0f} SciFact chunks, then copies of them. "
        "Query vectors computed beforehand (embedding a query: "
        f"{_pair(metrics, 'query_embedding')} ms). Default filter (reference lists out) except "
        "the 20-document column. Recall: the dense leg's top 10 against an exact search of "
        "every stored vector. Index build: BM25 and the sentence index from every stored chunk "
        "(what a process does for a revision it finds no saved build of).",
    )  # fmt: skip
    updates = Table(
        title="Updates: 100 new chunks ingested and a document removed through the corpus",
        columns=["chunks", "ingest 100 chunks s", "remove a document s", "visible at once",
                 "BM25 equals a rebuild"],
        rows=[[f"{n:,}", f"{metrics[f'n{n}_add_s']:.1f}", f"{metrics[f'n{n}_remove_s']:.1f}",
               "yes" if metrics[f"n{n}_update_visible"] else "NO",
               {1.0: "yes", 0.0: "NO"}.get(metrics.get(f"n{n}_update_equals_rebuild", -1.0),
                                           "not compared")] for n in points],
        note="Ingest: clean, chunk, embed the new chunks and sentences, store, update BM25 and "
        "the sentence index, save both.",
    )  # fmt: skip
    memory = Table(
        title="Memory and disk by part (MiB)",
        columns=["chunks", "RSS: corpus loaded", "RSS: Chroma", "RSS: BM25", "RSS: sentences",
                 "disk: Chroma", "disk: BM25", "disk: sentences", "disk: archive"],
        rows=[[f"{n:,}"] + [f"{metrics[f'n{n}_{key}']:,.0f}" for key in (
            "rss_corpus_mib", "rss_chroma_mib", "rss_bm25_mib", "rss_sentences_mib",
            "disk_chroma_mib", "disk_bm25_mib", "disk_sentences_mib", "disk_archive_mib")]
              for n in points],
        note="Resident memory of a fresh process loading the saved corpus (Python and citeqa "
        "imported, no embedding model: a serving process adds the model's, about 0.5 GiB), "
        "and what each part adds. Sentence vectors are memory-mapped: they cost page cache, "
        "not RSS. The larger points repeat the pool's texts, so their sentence index holds only "
        "the pool's distinct sentences: disk and page cache for a corpus of distinct text grow "
        "as the pool's do.",
    )  # fmt: skip
    return [ingest, search, updates, memory]
