import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rag.ingest.pdf import _page_text
from rag.ingest.pipeline import load_documents


def test_pdfium_text_is_repaired_for_cleaning() -> None:
    raw = "The ﬁrst ﬂow was treat\ufffement of HIV\ufffe1 cases.\r\nNext line"
    assert _page_text(raw) == "The first flow was treat-\nment of HIV-\n1 cases.\nNext line"


LATEX = r"""\documentclass[twocolumn,10pt]{article}
\usepackage[T1]{fontenc}\usepackage{lmodern}
\begin{document}
The complete remission rate was 35\% in the trial.\footnote{Data cut-off 1 March 2023; responses
assessed by the investigators.} The drug was well tolerated by most of the patients in the study.
\end{document}
"""


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"), reason="needs pdflatex"
)
def test_a_latex_footnote_becomes_its_own_section(tmp_path: Path) -> None:
    (tmp_path / "note.tex").write_text(LATEX)
    subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "note.tex"], cwd=tmp_path, capture_output=True,
        check=True, timeout=120,
    )  # fmt: skip
    (document,), errors = load_documents([tmp_path / "note.pdf"])
    assert errors == []
    note = next(s for s in document.sections if s.title == "Footnotes")
    assert document.text[note.start : note.end].endswith("assessed by the investigators.")
    assert "in the trial.1 The drug was well tolerated" in document.text
