"""The seeds as two-column journal PDFs (pdflatex), ingested with the real embedding model and
asked with the real extractive answerer: the same facts are answered, each citation names the
pages its quote stands on, and the quote stands there."""

import json
import os
import shutil
from pathlib import Path

import pytest

from rag.assemble import make_engine, open_corpus
from rag.bench.pdf_render import render_pdf
from rag.embeddings import SentenceTransformerEmbedder
from tests.conftest import SEEDS, make_settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pdflatex") is None and not os.environ.get("CI"),
        reason="needs pdflatex (apt-get install texlive-latex-base texlive-latex-recommended "
        "texlive-fonts-recommended lmodern)",
    ),
]

QUESTIONS = [
    ("What CR rate did ziftomenib reach in NPM1-mutant AML?", "35%", "ziftomenib-komet-001"),
    ("How many patients were enrolled in the KOMET-001 trial?", "83", "ziftomenib-komet-001"),
    (
        "What was the 2-year survival rate in the gilteritinib arm in the extended follow-up?",
        "20.6%",
        "rr-aml-how-i-treat",
    ),
    ("What was the median PFS with milademetan?", "3.5 months", "milademetan-mantra-2"),
]


def test_the_seeds_as_pdfs_answer_with_pages(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    folder = tmp_path / "pdfs"
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    titles = {entry["doc_id"]: entry["title"] for entry in manifest["documents"]}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = titles.get(path.stem) or text.split("\n", 1)[0]
        render_pdf(title, text, "Journal of Seeds", folder / f"{path.stem}.pdf")
    corpus = open_corpus(make_settings(tmp_path / "data"), embedder)
    report = corpus.ingest([folder], progress=False)
    assert report.errors == [] and report.documents == 5
    pages = {doc_id: corpus.document(doc_id) for doc_id in titles}
    assert max(len(document.pages) for document in pages.values() if document) >= 4
    cited_pages = set()
    engine = make_engine(corpus.settings, corpus=corpus)
    for question, fact, doc_id in QUESTIONS:
        answer = engine.answer(question)
        assert not answer.refused and fact in answer.answer, (question, answer.answer)
        assert answer.citations[0].doc_id == doc_id
        for citation in answer.citations:
            document = pages[citation.doc_id]
            assert citation.pages and document is not None, citation
            spans = [p for p in document.pages if p.number in citation.pages]
            assert spans[0].start <= citation.start and citation.end <= spans[-1].end
            cited_pages.update(citation.pages)
    assert max(cited_pages) > 1  # a quote from a later page of the long review
