"""SciFact under the BEIR protocol: BM25 alone, dense alone and citeqa's hybrid, against the
published numbers; fusion tuned on the train split only."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rag.bench.corpus import BenchIndex, build_index
from rag.bench.datasets import load_beir
from rag.bench.ir import first_occurrences, mean, mrr_at_k, ndcg_at_k, recall_at_k
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table, pct
from rag.embeddings import Embedder
from rag.progress import progress_bar
from rag.retrieval.fusion import reciprocal_rank_fusion
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import RetrievalSettings, Settings

#: Rows of the data folder's README: (system, nDCG@10, R@100).
PUBLISHED: list[tuple[str, float, float | None]] = [
    ("BM25, BEIR paper (Elasticsearch)", 0.665, 0.908),
    ("BM25 flat, Anserini", 0.679, 0.925),
    ("all-MiniLM-L6-v2, MTEB listing", 0.645, None),
    ("Contriever-msmarco", 0.677, 0.947),
    ("BM25 top-100 + MiniLM-L-6 cross-encoder", 0.682, None),
    ("BGE-base-en-v1.5", 0.741, 0.967),
]
#: Chunks ranked per query: enough distinct documents for R@100 (abstracts make 1-3 chunks).
DEPTH = 400
RRF_KS = (10, 30, 60, 100)
DENSE_WEIGHTS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
QUICK_QUERIES = 100
QUICK_DISTRACTORS = 1000


@dataclass(frozen=True)
class Scores:
    """Mean metrics of one system over a query set."""

    ndcg_at_10: float
    recall_at_100: float
    mrr_at_10: float


def score(rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]) -> Scores:
    """Mean nDCG@10, R@100 and MRR@10 of document rankings over the judged queries."""
    judged = [q for q in qrels if q in rankings]
    return Scores(
        mean(ndcg_at_k(rankings[q], qrels[q], 10) for q in judged),
        mean(recall_at_k(rankings[q], qrels[q], 100) for q in judged),
        mean(mrr_at_k(rankings[q], qrels[q], 10) for q in judged),
    )


def quick_corpus(
    corpus: Mapping[str, tuple[str, str]], qrels: Mapping[str, Mapping[str, int]], seed: int = 13
) -> tuple[dict[str, tuple[str, str]], dict[str, dict[str, int]]]:
    """A reproducible subset for ``--quick``: the first ``QUICK_QUERIES`` judged queries, their
    relevant documents and ``QUICK_DISTRACTORS`` other documents drawn at random."""
    chosen = {q: dict(qrels[q]) for q in sorted(qrels, key=int)[:QUICK_QUERIES]}
    needed = {doc for judged in chosen.values() for doc in judged}
    others = sorted(doc for doc in corpus if doc not in needed)
    picked = needed | set(random.Random(seed).sample(others, QUICK_DISTRACTORS))
    return {doc: corpus[doc] for doc in sorted(picked)}, chosen


class ChunkRankings:
    """Dense and BM25 chunk rankings per query, computed once, fused as often as wanted."""

    def __init__(self, index: BenchIndex, retriever: HybridRetriever) -> None:
        """Map chunk ids to documents from the BM25 index; keep the retriever."""
        self.retriever = retriever
        pairs = zip(index.sparse.ids, index.sparse.info, strict=True)
        self.doc_of = {chunk_id: info.doc_id for chunk_id, info in pairs}

    def compute(
        self, queries: Mapping[str, str], progress: bool
    ) -> dict[str, tuple[list[str], list[str]]]:
        """Per query, the dense and the BM25 chunk ids, ``DEPTH`` each, best first."""
        out = {}
        for qid, text in progress_bar(queries.items(), desc="rank", unit="q", enabled=progress):
            dense = self.retriever.search(text, k=DEPTH, mode="dense")
            sparse = self.retriever.search(text, k=DEPTH, mode="sparse")
            out[qid] = ([h.chunk.id for h in dense], [h.chunk.id for h in sparse])
        return out

    def documents(self, chunk_ids: Sequence[str]) -> list[str]:
        """Chunk ids to a document ranking (each document at its best chunk)."""
        return first_occurrences(self.doc_of[c] for c in chunk_ids if c in self.doc_of)


def fused(
    pairs: Mapping[str, tuple[list[str], list[str]]],
    to_docs: Callable[[Sequence[str]], list[str]],
    retrieval: RetrievalSettings,
) -> dict[str, list[str]]:
    """Document rankings from RRF of each query's dense and BM25 chunk rankings, with the RRF
    constant and weights of ``retrieval`` (as ``HybridRetriever`` fuses them)."""
    weights = [retrieval.dense_weight, retrieval.sparse_weight]
    return {
        qid: to_docs([cid for cid, _ in reciprocal_rank_fusion([d, s], weights, retrieval.rrf_k)])
        for qid, (d, s) in pairs.items()
    }


def tune(
    pairs: Mapping[str, tuple[list[str], list[str]]],
    to_docs: Callable[[Sequence[str]], list[str]],
    qrels: Mapping[str, Mapping[str, int]],
    defaults: RetrievalSettings,
) -> tuple[RetrievalSettings, float]:
    """``defaults`` with the RRF constant and dense weight of the best mean nDCG@10 on ``qrels``
    (train), and that nDCG@10."""
    best, best_value = defaults, -1.0
    for rrf_k in RRF_KS:
        for weight in DENSE_WEIGHTS:
            candidate = defaults.model_copy(update={"rrf_k": rrf_k, "dense_weight": weight})
            value = score(fused(pairs, to_docs, candidate), qrels).ndcg_at_10
            if value > best_value:
                best, best_value = candidate, value
    return best, best_value


def comparison_table(rows: list[tuple[str, Scores]], note: str) -> Table:
    """Our systems and the published ones side by side."""
    ours = [[name, pct(s.ndcg_at_10), pct(s.recall_at_100), pct(s.mrr_at_10)] for name, s in rows]
    published = [
        [f"{name} (published)", f"{ndcg:.3f}", pct(recall), "–"] for name, ndcg, recall in PUBLISHED
    ]
    return Table(
        title="SciFact test split, BEIR protocol",
        columns=["system", "nDCG@10", "R@100", "MRR@10"],
        rows=ours + published,
        note=note,
    )


@dataclass
class Prepared:
    """SciFact indexed for the test split: its queries, judgements, corpus and chunk rankings."""

    queries: dict[str, str]
    corpus: dict[str, tuple[str, str]]
    test: dict[str, dict[str, int]]
    train: dict[str, dict[str, int]]
    index: BenchIndex
    rankings: ChunkRankings


def prepare(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> Prepared:
    """Load SciFact (the quick subset with ``quick``), index title + text through ingestion, and
    set up chunk rankings with citeqa's retriever; train judgements kept only for indexed
    documents."""
    data = load_beir(settings.bench.data_dir / "scifact")
    corpus, test = data.corpus, data.qrels["test"]
    train = data.qrels["train"]
    if quick:
        corpus, test = quick_corpus(corpus, test)
        indexed = corpus.keys()
        train = {q: judged for q, judged in train.items() if judged.keys() <= indexed}
    name = "scifact-quick" if quick else "scifact"
    documents = ((doc, title, text) for doc, (title, text) in corpus.items())
    index = build_index(settings, name, documents, embedder, progress=progress, evidence=False)
    retriever = HybridRetriever(embedder, index.store, index.sparse, index.settings.retrieval)
    return Prepared(data.queries, corpus, test, train, index, ChunkRankings(index, retriever))


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Index SciFact (title + text) through ingestion, rank the test queries with BM25, dense and
    hybrid retrieval, tune the fusion on the train queries, and compare with published rows."""
    prepared = prepare(settings, embedder, quick=quick, progress=progress)
    corpus, test, train = prepared.corpus, prepared.test, prepared.train
    index, rankings, queries = prepared.index, prepared.rankings, prepared.queries
    test_pairs = rankings.compute({q: queries[q] for q in test}, progress)
    train_pairs = rankings.compute({q: queries[q] for q in train}, progress)
    defaults = index.settings.retrieval
    to_docs = rankings.documents
    tuned_settings, train_ndcg = tune(train_pairs, to_docs, train, defaults)
    rrf_k, weight = tuned_settings.rrf_k, tuned_settings.dense_weight
    systems = [
        ("citeqa BM25 (bm25s over chunks)", {q: to_docs(s) for q, (_, s) in test_pairs.items()}),
        ("citeqa dense (MiniLM over chunks)", {q: to_docs(d) for q, (d, _) in test_pairs.items()}),
        (
            "citeqa hybrid (RRF, default settings)",
            fused(test_pairs, to_docs, defaults),
        ),
        (
            f"citeqa hybrid (RRF k={rrf_k}, dense weight {weight:g}, tuned on train)",
            fused(test_pairs, to_docs, tuned_settings),
        ),
    ]
    scored = [(label, score(ranked, test)) for label, ranked in systems]
    note = (
        f"{len(test)} test queries, {len(corpus):,} documents ({index.report.chunks:,} chunks); "
        f"fusion tuned on {len(train)} train queries (best train nDCG@10 {train_ndcg:.3f}). "
        "A document's rank is that of its best chunk."
        + (
            " Quick subset: far fewer distractors, so not comparable with the published rows."
            if quick
            else ""
        )
    )
    bm25, dense, hybrid, tuned = (s for _, s in scored)
    metrics = {
        "bm25_ndcg_at_10": bm25.ndcg_at_10,
        "dense_ndcg_at_10": dense.ndcg_at_10,
        "hybrid_ndcg_at_10": hybrid.ndcg_at_10,
        "hybrid_recall_at_100": hybrid.recall_at_100,
        "tuned_ndcg_at_10": tuned.ndcg_at_10,
        "tuned_rrf_k": float(rrf_k),
        "tuned_dense_weight": weight,
        "chunks": float(index.report.chunks),
    }
    return BenchOutcome(metrics, [comparison_table(scored, note)])
