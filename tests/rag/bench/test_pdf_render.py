"""The LaTeX renderer of the PDF benchmark: escaping (fast), and real pdflatex PDFs read back
through citeqa's PDF path (slow)."""

import os
import shutil
from pathlib import Path

import pytest

from rag.bench.pdf_render import latex_source, render_pdf, rendered_text, settable
from rag.ingest.pipeline import load_documents

ARTICLE = (
    "Results\n\n"
    + " ".join(
        f"In cohort {n}, the complete remission rate with ziftomenib was {30 + n}% and the "
        "efficacy of the drug was significant, affecting the overall survival of the patients."
        for n in range(40)
    )
    + "\n\nDiscussion\n\nThe final sentence stands alone."
)


def test_special_and_unsettable_characters() -> None:
    assert rendered_text("CR 35% ≥ 2 α 中位") == "CR 35% ≥ 2 α ??"
    assert settable("é") and settable("–") and not settable("中")
    source = latex_source("A & B", "50% of $5 #1 a_b ≤ 3 λ\n\nMethods", "J")
    assert r"50\% of \$5 \#1 a\_b \ensuremath{\leq} 3 \ensuremath{\lambda}" in source
    assert r"\section*{Methods}" in source and r"A \& B" in source


needs_latex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="needs pdflatex (apt-get install texlive-latex-base texlive-latex-recommended "
    "texlive-fonts-recommended lmodern)",
)


@pytest.mark.slow
@pytest.mark.integration
@needs_latex
def test_a_rendered_article_reads_back_whole_with_its_pages(tmp_path: Path) -> None:
    path = render_pdf("Ziftomenib in AML", ARTICLE, "Journal of Tests", tmp_path / "zif.pdf")
    stamp = path.stat().st_mtime_ns
    assert render_pdf("Ziftomenib in AML", ARTICLE, "Journal of Tests", path) == path
    assert path.stat().st_mtime_ns == stamp  # unchanged source: not rendered again
    (document,), errors = load_documents([path])
    assert errors == []
    text = document.text
    assert "Journal of Tests" not in text  # the running head is dropped on every page
    assert len(document.pages) >= 2
    for n in range(40):  # every sentence whole: hyphenation and line ends repaired
        sentence = f"In cohort {n}, the complete remission rate with ziftomenib was {30 + n}%"
        assert sentence in text, sentence
    assert "efficacy" in text and "significant" in text  # ligatures become letters
    assert "The final sentence stands alone." in text
    last = document.pages[-1]
    assert text[last.start : last.end].endswith("The final sentence stands alone.")


def test_rendered_text_is_what_tex_typesets() -> None:
    assert rendered_text("Peyer's ''Rule'' 10--20 35\u2009000") == "Peyer’s ”Rule” 10–20 35 000"
