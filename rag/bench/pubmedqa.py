"""PubMedQA retrieval: the 1,000 PQA-L abstracts mixed into one corpus with the SciFact abstracts
and the COVID-QA articles; R@1, R@5 and MRR@10 of each test question's own abstract."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rag.bench.cache import CachedEmbedder, stored_vectors
from rag.bench.corpus import bench_settings, build_index
from rag.bench.datasets import PubMedQAItem, load_beir, load_covid_qa, load_pubmedqa
from rag.bench.ir import first_occurrences, mean, mrr_at_k, recall_at_k
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table, pct
from rag.bench.scifact import quick_corpus
from rag.embeddings import Embedder
from rag.progress import progress_bar
from rag.retrieval.hybrid import HybridRetriever, SearchMode
from rag.settings import Settings
from rag.stores.chroma_store import make_store

MODES: tuple[SearchMode, ...] = ("sparse", "dense", "hybrid")
QUICK_QUESTIONS = 100
#: ``--quick``: PQA-L abstracts kept beside the quick questions' own, and SciFact abstracts.
QUICK_OTHER_ABSTRACTS = 200
QUICK_DISTRACTORS = 500
DEPTH = 50


def quick_abstracts(abstracts: Sequence[PubMedQAItem]) -> list[PubMedQAItem]:
    """The ``--quick`` abstracts: those of the first ``QUICK_QUESTIONS`` test questions and the
    first ``QUICK_OTHER_ABSTRACTS`` others, in the data's order."""
    asked = {item.pmid for item in [a for a in abstracts if a.test][:QUICK_QUESTIONS]}
    others = [item for item in abstracts if item.pmid not in asked][:QUICK_OTHER_ABSTRACTS]
    kept = asked | {item.pmid for item in others}
    return [item for item in abstracts if item.pmid in kept]


def mixed_corpus(
    settings: Settings, abstracts: Iterable[PubMedQAItem], quick: bool
) -> Iterator[tuple[str, str, str]]:
    """Every document of the mixed corpus as ``(doc_id, title, text)``, ids prefixed by source:
    the PubMedQA ``abstracts``, then SciFact and COVID-QA; ``quick`` keeps ``QUICK_DISTRACTORS``
    SciFact abstracts of the SciFact quick run's corpus (whose vectors are then reused) and no
    COVID-QA article."""
    data = settings.bench.data_dir
    for item in abstracts:
        yield f"pubmedqa-{item.pmid}", "", item.context
    if quick:
        scifact = load_beir(data / "scifact", splits=("test",))
        subset = quick_corpus(scifact.corpus, scifact.qrels["test"])[0]
        distractors = sorted(subset.items())[:QUICK_DISTRACTORS]
    else:
        distractors = sorted(load_beir(data / "scifact", splits=()).corpus.items())
    for doc, (title, text) in distractors:
        yield f"scifact-{doc}", title, text
    if not quick:
        articles, _ = load_covid_qa(data / "covid-qa")
        for doc, text in articles.items():
            yield f"covid-{doc}", "", text


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Index the mixed corpus and rank it for every test question, in each retrieval mode."""
    abstracts = load_pubmedqa(settings.bench.data_dir / "pubmedqa")
    items = [item for item in abstracts if item.test]
    if quick:
        items = items[:QUICK_QUESTIONS]
        abstracts = quick_abstracts(abstracts)
    name = "mixed-quick" if quick else "mixed"
    donors = [
        make_store(bench_settings(settings, donor))
        for donor in (("scifact-quick",) if quick else ("scifact", "covid-qa"))
        if (settings.bench.work_dir / donor).is_dir()
    ]
    reusing = CachedEmbedder(embedder, stored_vectors(donors), reuse=True)
    documents = mixed_corpus(settings, abstracts, quick)
    index = build_index(settings, name, documents, reusing, progress=progress, evidence=False)
    retriever = HybridRetriever(embedder, index.store, index.sparse, index.settings.retrieval)
    rows: list[list[str]] = []
    metrics: dict[str, float] = {}
    gold = [{f"pubmedqa-{item.pmid}": 1} for item in items]
    for mode in MODES:
        found = []
        for item in progress_bar(items, desc=f"pubmedqa {mode}", unit="q", enabled=progress):
            hits = retriever.search(item.question, k=DEPTH, mode=mode)
            ranking = first_occurrences(hit.chunk.doc_id for hit in hits)
            found.append(ranking)
        r1 = mean(recall_at_k(r, g, 1) for r, g in zip(found, gold, strict=True))
        r5 = mean(recall_at_k(r, g, 5) for r, g in zip(found, gold, strict=True))
        mrr = mean(mrr_at_k(r, g, 10) for r, g in zip(found, gold, strict=True))
        metrics |= {f"{mode}_recall_at_1": r1, f"{mode}_recall_at_5": r5, f"{mode}_mrr_at_10": mrr}
        rows.append([{"sparse": "BM25", "dense": "dense", "hybrid": "hybrid"}[mode],
                     pct(r1), pct(r5), pct(mrr)])  # fmt: skip
    metrics["reused_vectors"] = float(reusing.reused)
    metrics["documents"] = float(index.report.documents)
    metrics["chunks"] = float(index.report.chunks)
    table = Table(
        title="PubMedQA test questions, source abstract in a mixed corpus",
        columns=["citeqa retrieval", "R@1", "R@5", "MRR@10"],
        rows=rows,
        note=(
            f"{len(items)} questions; corpus of {index.report.documents:,} documents "
            f"({index.report.chunks:,} chunks): "
            + (
                f"{len(abstracts):,} PQA-L abstracts (conclusions withheld), the questions' own "
                f"among them, and {QUICK_DISTRACTORS} SciFact abstracts."
                if quick
                else "the 1,000 PQA-L abstracts (conclusions withheld), the SciFact abstracts and "
                "the COVID-QA articles."
            )
        ),
    )
    return BenchOutcome(metrics, [table])
