"""COVID-QA over PDFs: what reading the literature from PDFs costs, against clean text.

The report split's articles are rendered as two-column journal PDFs with LaTeX
(:mod:`rag.bench.pdf_render`: running heads, page numbers, hyphenation, ligatures) at benchmark
time, from the data, never committed. They are ingested through the PDF path, and every
question is asked of them and of the same articles ingested as clean text (the ``covid-qa``
benchmark's corpus), with the same measures (:mod:`rag.bench.covid_qa`). The gold span is found
again in the PDF's cleaned text as the PDF shows the answer (characters LaTeX cannot set become
``?`` in both).

The page a gold answer stands on is read from the PDF by another library than ingestion's
(pypdf, against ingestion's PDFium), letters and digits only, so it does not depend on how citeqa
repairs the text; ``page_correct`` is the share of answers quoting a gold span whose citations
name the page where the part of the span they quote starts (a span may run over a page break).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

from rag.answering.engine import AnswerEngine
from rag.assemble import make_engine, open_corpus
from rag.bench import covid_qa
from rag.bench.corpus import bench_settings, build_index
from rag.bench.datasets import SpanQuestion
from rag.bench.ir import mean
from rag.bench.outcome import BenchOutcome
from rag.bench.pdf_render import render_pdf, rendered_text
from rag.bench.report import Table, pct
from rag.embeddings import Embedder
from rag.errors import InputError
from rag.evaluation.matching import overlaps
from rag.progress import progress_bar
from rag.settings import Settings

JOURNAL = "Journal of Benchmark Studies"
#: Letters of the answer's start that find its page.
_PAGE_KEY_CHARS = 60


def gold_page(page_texts: Sequence[str], raw: str, raw_span: tuple[int, int]) -> int | None:
    """The page (from 1) the raw span's answer starts on: where its first letters and digits occur
    in the pages' letters and digits, the occurrence that follows the raw text before the span the
    furthest, the nearest its relative position in the article among equals; None where they
    occur nowhere."""
    key = covid_qa.letters(rendered_text(raw[raw_span[0] : raw_span[1]]))[:_PAGE_KEY_CHARS]
    pages = [covid_qa.letters(text) for text in page_texts]
    joined = "".join(pages)
    found = [m.start() for m in re.finditer(re.escape(key), joined)] if key else []
    if not found:
        return None
    before = rendered_text(raw[max(0, raw_span[0] - covid_qa.CONTEXT) : raw_span[0]])
    target = raw_span[0] / max(len(raw), 1) * len(joined)
    position = min(
        found,
        key=lambda at: (-covid_qa.agreement(before, "", joined, (at, at)), abs(at - target)),
    )
    end = 0
    for number, letters in enumerate(pages, 1):
        end += len(letters)
        if position < end:
            return number
    return None


def quoted_part(
    span: tuple[int, int], quote: tuple[int, int], raw_span: tuple[int, int]
) -> tuple[int, int]:
    """The raw article's offsets of the part of the gold span (``span`` in the cleaned text,
    ``raw_span`` in the raw article) that ``quote`` covers, at the same distances from the span's
    start; never empty. A span may run over a page break while a quote covers one side of it."""
    start = raw_span[0] + max(quote[0] - span[0], 0)
    end = min(raw_span[0] + quote[1] - span[0], raw_span[1])
    return start, max(end, start + 1)


def render_corpus(articles: dict[str, str], folder: Path, *, progress: bool) -> float:
    """Render every article (its first line the title) as ``folder/DOC_ID.pdf``, removing PDFs of
    other articles; unchanged articles are not rendered again. Returns the seconds it took."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in progress_bar(
        articles.items(), desc="rendering PDFs", unit="doc", enabled=progress
    ):
        title, _, body = text.partition("\n\n")
        render_pdf(title.strip(), body, JOURNAL, folder / f"{doc_id}.pdf")
    wanted = {f"{doc_id}.pdf" for doc_id in articles}
    for path in folder.glob("*.pdf"):
        if path.name not in wanted:
            path.unlink()
            path.with_suffix(".sha256").unlink(missing_ok=True)
    return time.perf_counter() - started


def _page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader  # noqa: PLC0415

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Ask every report-split question of the clean-text and of the PDF corpus."""
    articles, report, name = covid_qa.report_set(settings, quick)
    text_index = build_index(
        settings, name, ((doc, "", text) for doc, text in articles.items()), embedder,
        progress=progress,
    )  # fmt: skip
    local = bench_settings(settings, f"{name}-pdf")
    folder = local.store.data_dir / "corpus"
    render_seconds = render_corpus(articles, folder, progress=progress)
    corpus = open_corpus(local, embedder)
    ingest = corpus.ingest([folder], prune=True, progress=progress)
    if ingest.errors:
        raise InputError(f"{name}-pdf: {len(ingest.errors)} PDFs failed: {ingest.errors[0].error}")
    engines = {
        "text": make_engine(text_index.settings, corpus=text_index.corpus),
        "pdf": make_engine(corpus.settings, corpus=corpus),
    }
    cleaned = {
        "text": covid_qa.cleaned_texts(text_index.corpus, articles),
        "pdf": covid_qa.cleaned_texts(corpus, articles),
    }
    pages = {doc: _page_texts(folder / f"{doc}.pdf") for doc in {q.doc_id for q in report}}
    rows: dict[str, list[dict[str, float]]] = {"text": [], "pdf": []}
    page_checks: list[float] = []
    for question in progress_bar(report, desc="covid-qa-pdf", unit="q", enabled=progress):
        raw = articles[question.doc_id]
        span = covid_qa.locate(
            question.answer, raw, (question.start, question.end), cleaned["text"][question.doc_id]
        )
        rows["text"].append(covid_qa.score(engines["text"], question, span)[0])
        page_checks.extend(
            _pdf_row(engines["pdf"], question, raw, cleaned["pdf"], pages, rows["pdf"])
        )
    text, pdf = covid_qa.summarise(rows["text"]), covid_qa.summarise(rows["pdf"])
    metrics = {f"text_{k}": v for k, v in text.items()} | {f"pdf_{k}": v for k, v in pdf.items()}
    metrics |= {
        "recall_at_5_loss": text["recall_at_5"] - pdf["recall_at_5"],
        "quote_overlap_loss": text["quote_overlap"] - pdf["quote_overlap"],
        "page_correct": mean(page_checks) if page_checks else 1.0,
        "page_checked": float(len(page_checks)),
        "render_seconds": render_seconds,
        "pdf_ingest_seconds": ingest.seconds,
        "pdf_pages": float(sum(len(texts) for texts in pages.values())),
    }
    return BenchOutcome(metrics, [_table(metrics, len(articles), len(report))])


def _pdf_row(
    engine: AnswerEngine,
    question: SpanQuestion,
    raw: str,
    cleaned: dict[str, str],
    pages: dict[str, list[str]],
    rows: list[dict[str, float]],
) -> list[float]:
    """Score one question on the PDF corpus (appended to ``rows``); return the page check (1.0
    when every citation quoting the gold span names the page its quoted part of the span starts
    on, 0.0 when one does not), if any citation quotes it."""
    shown = rendered_text(question.answer)
    span = covid_qa.locate(shown, raw, (question.start, question.end), cleaned[question.doc_id])
    row, answer = covid_qa.score(engine, question, span)
    rows.append(row)
    if span is None:
        return []
    quoting = [
        c for c in answer.citations
        if c.doc_id == question.doc_id and overlaps(span, [(c.start, c.end)])
    ]  # fmt: skip
    checks = []
    for citation in quoting:
        quoted = quoted_part(span, (citation.start, citation.end), (question.start, question.end))
        page = gold_page(pages[question.doc_id], raw, quoted)
        if page is not None:
            checks.append(page in citation.pages)
    return [float(all(checks))] if checks else []


def _table(metrics: dict[str, float], articles: int, questions: int) -> Table:
    def row(label: str, key: str) -> list[str]:
        text, pdf = metrics[f"text_{key}"], metrics[f"pdf_{key}"]
        return [label, pct(text), pct(pdf), f"{(pdf - text) * 100:+.1f}"]

    return Table(
        title="COVID-QA report split: clean text against journal-style PDFs",
        columns=["measure", "clean text", "PDF", "PDF − text (points)"],
        rows=[
            row("gold span inside a top-1 chunk", "recall_at_1"),
            row("gold span inside a top-5 chunk", "recall_at_5"),
            row("an answer quote overlaps the gold span", "quote_overlap"),
            row("token F1 of the answer vs the gold span", "token_f1"),
            row("refused", "refused"),
            row("gold span found in the cleaned text", "located"),
            ["quotes of a gold span naming its page", "", pct(metrics["page_correct"]), ""],
        ],
        note=(
            f"{questions} questions over {articles} articles, {metrics['pdf_pages']:.0f} PDF "
            f"pages (rendered in {metrics['render_seconds']:.0f} s, ingested in "
            f"{metrics['pdf_ingest_seconds']:.0f} s); {metrics['page_checked']:.0f} answers quoted "
            "a gold span whose page was found."
        ),
    )
