"""COVID-QA: the 98 articles ingested as a literature corpus; for the report split, whether the
gold answer lies inside a top-k chunk, whether the answer's quotes overlap it, and SQuAD token F1.

The gold span is given in the raw article; ingestion cleans the text, so the span is found again
in the cleaned document: the occurrence of the answer text (any run of white space matching any
other) whose surroundings continue as the raw span's do, the nearest the same relative position
among equals. A question whose answer text does not survive
cleaning keeps no span (it counts as a miss). :mod:`rag.bench.covid_qa_pdf` runs the same
measures over the articles rendered as PDFs.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping, Sequence
from os.path import commonprefix

from rag.answering.engine import AnswerEngine
from rag.answering.types import Answer
from rag.answering.verifier import split_answer
from rag.assemble import make_engine
from rag.bench.corpus import build_index
from rag.bench.datasets import SpanQuestion, is_report_split, load_covid_qa
from rag.bench.ir import mean
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table, pct
from rag.bench.squad import exact_match, token_f1
from rag.corpus import Corpus
from rag.embeddings import Embedder
from rag.evaluation.matching import overlaps
from rag.evaluation.metrics import percentile
from rag.progress import progress_bar
from rag.settings import Settings
from rag.types import Chunk, ScoredChunk

KS = (1, 5, 10)
QUICK_ARTICLES = 12
#: Raw characters either side of a gold span that pick among repeated answers.
CONTEXT = 80
_NOT_LETTERS = re.compile(r"[^0-9a-z]+")


def letters(text: str) -> str:
    """``text``'s ASCII letters and digits, lower-cased after NFKC: what survives any cleaning or
    typesetting of it (white space, hyphens, quotes and unsettable characters do not)."""
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())


def agreement(before: str, after: str, text: str, span: tuple[int, int]) -> int:
    """How many letters and digits (:func:`letters`) before and after ``span`` in ``text``
    continue as those of ``before`` and ``after``, the raw text either side of the span."""
    # Cleaning may add white space and headings, so the text gets twice the room.
    around_before = letters(text[max(0, span[0] - 2 * len(before)) : span[0]])
    around_after = letters(text[span[1] : span[1] + 2 * len(after)])
    return len(commonprefix([letters(before)[::-1], around_before[::-1]])) + len(
        commonprefix([letters(after), around_after])
    )


def locate(
    answer: str, raw: str, raw_span: tuple[int, int], cleaned: str
) -> tuple[int, int] | None:
    """The span of ``answer``, given at ``raw_span`` of the raw article ``raw``, in the cleaned
    text: of its occurrences, the one whose surroundings continue as the raw span's do (letters
    and digits, :func:`letters`), the nearest the raw span's relative position among equals.
    White space in the answer matches any white space (a PDF's paragraph keeps its line breaks),
    and ``answer`` may be the raw span's text as a typesetter shows it."""
    words = answer.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    spans = [m.span() for m in re.finditer(pattern, cleaned)] if words else []
    if not spans:
        return None
    before = raw[max(0, raw_span[0] - CONTEXT) : raw_span[0]]
    after = raw[raw_span[1] : raw_span[1] + CONTEXT]
    target = raw_span[0] / max(len(raw), 1) * len(cleaned)
    return min(
        spans, key=lambda span: (-agreement(before, after, cleaned, span), abs(span[0] - target))
    )


def inside(span: tuple[int, int], chunk: Chunk, doc_id: str) -> bool:
    """Whether the gold span lies wholly inside ``chunk`` of the gold document."""
    return chunk.doc_id == doc_id and chunk.start <= span[0] and span[1] <= chunk.end


def cleaned_texts(corpus: Corpus, articles: Mapping[str, str]) -> dict[str, str]:
    """The cleaned text ingestion archived for each article ("" when it has none)."""
    return {doc: (d.text if (d := corpus.document(doc)) else "") for doc in articles}


def any_inside(span: tuple[int, int], hits: Sequence[ScoredChunk], doc_id: str) -> bool:
    """Whether the gold span lies inside one of the hits' chunks."""
    return any(inside(span, hit.chunk, doc_id) for hit in hits)


def answer_text(answer: str) -> str:
    """The answer's sentences without their citation markers."""
    return " ".join(text for text, _ in split_answer(answer))


def report_set(settings: Settings, quick: bool) -> tuple[dict[str, str], list[SpanQuestion], str]:
    """The articles, the report-split questions on them and the store name; ``quick`` keeps the
    first ``QUICK_ARTICLES`` articles that report questions ask about."""
    articles, questions = load_covid_qa(settings.bench.data_dir / "covid-qa")
    report = [q for q in questions if is_report_split(q.id)]
    if quick:
        kept = sorted({q.doc_id for q in report}, key=int)[:QUICK_ARTICLES]
        articles = {doc: articles[doc] for doc in kept}
        report = [q for q in report if q.doc_id in articles]
    return articles, report, "covid-qa-quick" if quick else "covid-qa"


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Ingest the articles, then retrieve for and answer every report-split question."""
    articles, report, name = report_set(settings, quick)
    documents = ((doc, "", text) for doc, text in articles.items())
    index = build_index(settings, name, documents, embedder, progress=progress)
    engine = make_engine(index.settings, corpus=index.corpus)
    cleaned = cleaned_texts(index.corpus, articles)
    rows = [_one(engine, q, articles[q.doc_id], cleaned[q.doc_id]) for q in
            progress_bar(report, desc="covid-qa", unit="q", enabled=progress)]  # fmt: skip
    metrics = summarise(rows) | {"chunks": float(index.report.chunks)}
    table = Table(
        title="COVID-QA report split (odd ids)",
        columns=["measure", "citeqa (hybrid retrieval, extractive answer)"],
        rows=[
            *[[f"gold span inside a top-{k} chunk", pct(metrics[f"recall_at_{k}"])] for k in KS],
            ["an answer quote overlaps the gold span", pct(metrics["quote_overlap"])],
            ["token F1 of the answer vs the gold span", pct(metrics["token_f1"])],
            ["exact match", pct(metrics["exact_match"])],
            ["refused", pct(metrics["refused"])],
            ["answer latency p50", f"{metrics['latency_p50_ms']:.0f} ms"],
        ],
        note=(
            f"{len(rows)} questions over {len(articles)} articles ({index.report.chunks:,} "
            f"chunks); the gold span was found again in {metrics['located']:.1%} of cleaned "
            "articles (the others count as misses)."
        ),
    )
    return BenchOutcome(metrics, [table])


def summarise(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The benchmark's measures over the questions' rows (see :func:`score`)."""
    metrics = {f"recall_at_{k}": mean(r[f"at_{k}"] for r in rows) for k in KS}
    return metrics | {
        "quote_overlap": mean(r["overlap"] for r in rows),
        "token_f1": mean(r["f1"] for r in rows),
        "exact_match": mean(r["em"] for r in rows),
        "refused": mean(r["refused"] for r in rows),
        "located": mean(r["located"] for r in rows),
        "latency_p50_ms": percentile([r["ms"] for r in rows], 50) or 0.0,
        "questions": float(len(rows)),
    }


def _one(engine: AnswerEngine, question: SpanQuestion, raw: str, cleaned: str) -> dict[str, float]:
    span = locate(question.answer, raw, (question.start, question.end), cleaned)
    return score(engine, question, span)[0]


def score(
    engine: AnswerEngine, question: SpanQuestion, span: tuple[int, int] | None
) -> tuple[dict[str, float], Answer]:
    """One question's row (retrieval at each k, quote overlap, token F1, exact match, refusal,
    latency) given its gold span in the cleaned document, and the answer."""
    hits = engine.search(question.question, k=max(KS))
    started = time.perf_counter()
    answer = engine.answer(question.question)
    elapsed = (time.perf_counter() - started) * 1000
    quotes = [(c.start, c.end) for c in answer.citations if c.doc_id == question.doc_id]
    text = "" if answer.refused else answer_text(answer.answer)
    row = {f"at_{k}": float(span is not None and any_inside(span, hits[:k], question.doc_id))
           for k in KS}  # fmt: skip
    row |= {
        "located": float(span is not None),
        "overlap": float(span is not None and overlaps(span, quotes)),
        "f1": token_f1(text, question.answer),
        "em": float(exact_match(text, question.answer)),
        "refused": float(answer.refused),
        "ms": elapsed,
    }
    return row, answer
