"""The baseline a user would build from LangChain's RAG tutorial, run beside citeqa in one process:
``RecursiveCharacterTextSplitter`` (1,000 characters, 200 overlap), Chroma through
``langchain-chroma`` with the same embedding model, dense top-k similarity search; no BM25, no
fusion, no verification. Compared on retrieval, where both can be scored the same way: SciFact
(nDCG@10, R@100), COVID-QA (gold span inside a top-k chunk) and citeqa's own evaluation set (gold
document and gold quote recall@5)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.assemble import make_engine, open_corpus
from rag.bench import covid_qa, scifact
from rag.bench.corpus import bench_settings, build_index
from rag.bench.ir import first_occurrences, mean
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table, pct
from rag.embeddings import Embedder
from rag.errors import ConfigurationError
from rag.evaluation.dataset import load_eval_set
from rag.evaluation.matching import contains
from rag.progress import progress_bar
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import Settings

CHUNK_SIZE, CHUNK_OVERLAP = 1000, 200
#: One compared measure: its label, citeqa's value, the tutorial pipeline's value.
Measure = tuple[str, float, float]


class TutorialRAG:
    """Split, embed into Chroma, search by similarity: the tutorial's indexing and retrieval."""

    def __init__(self, embedder: Embeddings, directory: Path, name: str) -> None:
        """Open (or create) a persistent Chroma collection ``name`` under ``directory``."""
        from langchain_chroma import Chroma  # noqa: PLC0415 - heavy

        self.store = Chroma(
            collection_name=name,
            embedding_function=embedder,
            persist_directory=str(directory),
        )
        self.splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )

    def index(self, documents: Iterable[tuple[str, str]], progress: bool) -> int:
        """Split and add ``(doc_id, text)`` documents unless the collection already holds them;
        returns the number of chunks stored."""
        existing = len(self.store.get(include=[])["ids"])
        if existing:
            return existing
        splits = self.splitter.split_documents(
            [Document(page_content=text, metadata={"doc_id": doc}) for doc, text in documents]
        )
        for start in progress_bar(range(0, len(splits), 256), desc="baseline", enabled=progress):
            self.store.add_documents(splits[start : start + 256])
        return len(splits)

    def search(self, query: str, k: int) -> list[Document]:
        """The ``k`` most similar chunks."""
        return self.store.similarity_search(query, k=k)

    def documents(self, query: str, k: int) -> list[str]:
        """Document ranking from the top ``k`` chunks (each document at its best chunk)."""
        return first_occurrences(str(d.metadata["doc_id"]) for d in self.search(query, k))


def span_recall(chunks: list[Document], doc_id: str, start: int, end: int) -> bool:
    """Whether a raw-text gold span lies inside one of the chunks (tutorial chunks carry
    ``start_index`` into the raw text)."""
    return any(
        str(c.metadata["doc_id"]) == doc_id
        and int(c.metadata["start_index"]) <= start
        and end <= int(c.metadata["start_index"]) + len(c.page_content)
        for c in chunks
    )


def ratio(ours: float, theirs: float) -> str:
    """``ours / theirs`` as a table cell."""
    return "–" if theirs == 0 else f"{ours / theirs:.2f}×"


def _home(settings: Settings, name: str) -> Path:
    return settings.bench.work_dir / "baseline" / name


def _scifact(settings: Settings, embedder: Embedder, quick: bool, progress: bool) -> list[Measure]:
    prepared = scifact.prepare(settings, embedder, quick=quick, progress=progress)
    test, queries, rankings = prepared.test, prepared.queries, prepared.rankings
    pairs = rankings.compute({q: queries[q] for q in test}, progress)
    ours = scifact.score(
        scifact.fused(pairs, rankings.documents, prepared.index.settings.retrieval), test
    )
    name = "scifact-quick" if quick else "scifact"
    documents = [(doc, title, text) for doc, (title, text) in prepared.corpus.items()]
    tutorial = _tutorial(embedder, settings, name)
    tutorial.index(((doc, f"{title}\n\n{text}") for doc, title, text in documents), progress)
    theirs = scifact.score({q: tutorial.documents(queries[q], scifact.DEPTH) for q in test}, test)
    return [
        ("SciFact test: nDCG@10", ours.ndcg_at_10, theirs.ndcg_at_10),
        ("SciFact test: R@100", ours.recall_at_100, theirs.recall_at_100),
    ]


def _covid(settings: Settings, embedder: Embedder, quick: bool, progress: bool) -> list[Measure]:
    articles, report, name = covid_qa.report_set(settings, quick)
    index = build_index(
        settings, name, ((d, "", t) for d, t in articles.items()), embedder, progress=progress
    )
    retriever = HybridRetriever(embedder, index.store, index.sparse, index.settings.retrieval)
    cleaned = covid_qa.cleaned_texts(index.corpus, articles)
    tutorial = _tutorial(embedder, settings, name)
    tutorial.index(articles.items(), progress)
    depth = max(covid_qa.KS)
    ours: dict[int, list[float]] = {k: [] for k in covid_qa.KS}
    theirs: dict[int, list[float]] = {k: [] for k in covid_qa.KS}
    for q in progress_bar(report, desc="baseline covid-qa", unit="q", enabled=progress):
        span = covid_qa.locate(q.answer, articles[q.doc_id], (q.start, q.end), cleaned[q.doc_id])
        hits = retriever.search(q.question, k=depth)
        chunks = tutorial.search(q.question, depth)
        for k in covid_qa.KS:
            ours[k].append(
                float(span is not None and covid_qa.any_inside(span, hits[:k], q.doc_id))
            )
            theirs[k].append(float(span_recall(chunks[:k], q.doc_id, q.start, q.end)))
    return [
        (f"COVID-QA report: gold span in top-{k} chunk", mean(ours[k]), mean(theirs[k]))
        for k in covid_qa.KS
    ]


def _own_set(settings: Settings, embedder: Embedder, progress: bool) -> list[Measure]:
    questions = [q for q in load_eval_set(settings.evaluation.set_path).select("test")
                 if q.answerable]  # fmt: skip
    local = bench_settings(settings, "seeds")
    corpus = open_corpus(local, embedder)
    corpus.ingest([settings.seeds_dir], progress=progress)
    engine = make_engine(local, corpus=corpus)
    tutorial = _tutorial(embedder, settings, "seeds")
    tutorial.index(
        ((p.stem, p.read_text(encoding="utf-8")) for p in sorted(settings.seeds_dir.glob("*.txt"))),
        progress,
    )
    k = 5
    ours_docs, theirs_docs, ours_quotes, theirs_quotes = [], [], [], []
    for q in progress_bar(questions, desc="baseline eval set", unit="q", enabled=progress):
        standalone, _ = engine.standalone(q.question, q.history, use_llm=False)
        mine = [hit.chunk for hit in engine.search(standalone, k=k)]
        theirs = tutorial.search(standalone, k)
        gold = set(q.gold_docs)
        ours_docs.append(len(gold & {c.doc_id for c in mine}) / len(gold))
        theirs_docs.append(len(gold & {str(d.metadata["doc_id"]) for d in theirs}) / len(gold))
        if q.gold_quotes:
            ours_quotes.append(mean(float(any(contains(c.text, g) for c in mine))
                                    for g in q.gold_quotes))  # fmt: skip
            theirs_quotes.append(mean(float(any(contains(d.page_content, g) for d in theirs))
                                      for g in q.gold_quotes))  # fmt: skip
    return [
        (f"citeqa eval set (test): gold document recall@{k}", mean(ours_docs), mean(theirs_docs)),
        (f"citeqa eval set (test): gold quote recall@{k}", mean(ours_quotes), mean(theirs_quotes)),
    ]


def _tutorial(embedder: Embedder, settings: Settings, name: str) -> TutorialRAG:
    if not isinstance(embedder, Embeddings):
        raise ConfigurationError("the baseline needs a LangChain Embeddings model")
    return TutorialRAG(embedder, _home(settings, name), "tutorial")


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """citeqa's retrieval and the tutorial pipeline's on the same data, side by side."""
    measures = _scifact(settings, embedder, quick, progress)
    measures += _covid(settings, embedder, quick, progress)
    measures += _own_set(settings, embedder, progress)
    metrics: dict[str, float] = {}
    for label, ours, theirs in measures:
        metrics |= {f"{_slug(label)}_citeqa": ours, f"{_slug(label)}_baseline": theirs}
    rows = [
        [label, pct(ours), pct(theirs), ratio(ours, theirs)] for label, ours, theirs in measures
    ]
    table = Table(
        title="citeqa vs the LangChain RAG tutorial pipeline (same embedding model, same process)",
        columns=["measure", "citeqa", "LangChain tutorial", "ratio"],
        rows=rows,
        note=(
            "Tutorial pipeline: RecursiveCharacterTextSplitter(1000, 200), Chroma via "
            "langchain-chroma, dense similarity search. citeqa: its chunker, hybrid dense + BM25 "
            "with RRF at default settings. Both retrieve for the same question text."
            + (" Quick subsets." if quick else "")
        ),
    )
    return BenchOutcome(metrics, [table])
