"""Render plain-text articles into journal-like PDFs with LaTeX, for the PDF benchmark.

The pages look like a journal's: two justified columns (so LaTeX hyphenates words at line ends),
a running head with the journal's name and the article's short title, a page number in the foot,
Latin Modern fonts whose ``fi``/``fl``/``ff`` ligatures are single glyphs, and headings set as
headings. Nothing here knows citeqa's cleaning: the PDFs are made the way a publisher's are, and
ingestion must read them back.

pdflatex sets Latin, Greek and common symbols; a character it cannot set (CJK, rare symbols) is
replaced by ``?`` in the PDF and in :func:`rendered_text`, so a benchmark compares each answer
with the text the PDF really holds.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from rag.errors import ConfigurationError

#: Characters pdflatex sets as they are (T1 and TS1 encodings with utf8 input).
_DIRECT = set(
    "\u00a0¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷–—‘’‚“”„†‡•…‰‹›€™"
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"
    "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİıĲĳĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž"
)
_MATH = {
    "≤": r"\leq", "≥": r"\geq", "≈": r"\approx", "≠": r"\neq", "→": r"\rightarrow",
    "←": r"\leftarrow", "↑": r"\uparrow", "↓": r"\downarrow", "∞": r"\infty", "−": "-",
    "∼": r"\sim", "·": r"\cdot", "′": "'", "″": "''", "∙": r"\cdot", "⋅": r"\cdot",
}  # fmt: skip
_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}  # fmt: skip
_UNSET = "?"
_SPACE = re.compile(r"[^\S\n]")
#: What TeX typesets for these inputs, longest first.
_TYPOGRAPHIC = (("---", "—"), ("--", "–"), ("''", "”"), ("``", "“"), ("'", "’"), ("`", "‘"))
_HEADING_MAX_CHARS = 80
_TERMINAL = tuple(".!?:;,)")


_GREEK_SMALL = frozenset(
    ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
     "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
     "omega"]
)  # fmt: skip
_GREEK_CAPITAL = frozenset(
    ["Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"]
)


def _greek(char: str) -> str | None:
    """``\\alpha`` for α and the like, where LaTeX has a command for the letter."""
    match = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER ([A-Z]+)", unicodedata.name(char, ""))
    if not match:
        return None
    letter = match.group(2).lower().replace("lamda", "lambda")
    if match.group(1) == "CAPITAL":
        letter = letter.capitalize()
        return "\\" + letter if letter in _GREEK_CAPITAL else None
    return "\\" + letter if letter in _GREEK_SMALL else None


def settable(char: str) -> bool:
    """Whether pdflatex (with the preamble used here) sets ``char``."""
    return (
        char == "\n"
        or 32 <= ord(char) < 127
        or char in _DIRECT
        or char in _MATH
        or _greek(char) is not None
    )


def rendered_text(text: str) -> str:
    """``text`` as the PDF shows it: any white space a space, TeX's typographic quotes and dashes
    (``''`` ”, ``'`` ’, ``--`` –), and characters it cannot set ``?``."""
    cleaned = _SPACE.sub(" ", unicodedata.normalize("NFC", text))
    for plain, typeset in _TYPOGRAPHIC:
        cleaned = cleaned.replace(plain, typeset)
    return "".join(char if settable(char) else _UNSET for char in cleaned)


def _escape(text: str) -> str:
    out = []
    for char in rendered_text(text):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _MATH:
            out.append(
                f"\\ensuremath{{{_MATH[char]}}}" if _MATH[char].startswith("\\") else _MATH[char]
            )
        elif (greek := _greek(char)) is not None:
            out.append(f"\\ensuremath{{{greek}}}")
        else:
            out.append(char)
    return "".join(out)


def _is_heading(paragraph: str) -> bool:
    line = paragraph.strip()
    return (
        "\n" not in line
        and 0 < len(line) <= _HEADING_MAX_CHARS
        and not line.endswith(_TERMINAL)
        and line[0].isupper()
    )


def latex_source(title: str, text: str, journal: str) -> str:
    """The LaTeX of one article: ``title`` set as the title (and, shortened, the running head),
    ``text``'s blank-line separated paragraphs as paragraphs, short unpunctuated ones as
    headings."""
    short = title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
    body = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if not paragraph.strip():
            continue
        escaped = _escape(" ".join(paragraph.split()))
        body.append(f"\\section*{{{escaped}}}" if _is_heading(paragraph) else escaped)
    return "\n".join(
        [
            r"\documentclass[twocolumn,10pt,a4paper]{article}",
            r"\usepackage[T1]{fontenc}",
            r"\usepackage[utf8]{inputenc}",
            r"\usepackage{lmodern,textcomp}",
            r"\usepackage[margin=18mm,top=22mm]{geometry}",
            r"\usepackage{fancyhdr}",
            r"\pagestyle{fancy}",
            r"\fancyhf{}",
            rf"\fancyhead[L]{{\small\itshape {_escape(journal)}}}",
            rf"\fancyhead[R]{{\small {_escape(short)}}}",
            r"\fancyfoot[C]{\small\thepage}",
            r"\setlength{\parindent}{1em}",
            r"\sloppy",
            r"\begin{document}",
            rf"\twocolumn[{{\centering\Large\bfseries {_escape(title)}\par\vspace{{1em}}}}]",
            r"\thispagestyle{fancy}",
            "\n\n".join(body),
            r"\end{document}",
            "",
        ]
    )


def render_pdf(title: str, text: str, journal: str, out: Path) -> Path:
    """Write the article as a PDF at ``out`` (kept when its LaTeX source is unchanged).

    Raises:
        ConfigurationError: pdflatex is not installed, or it failed on this article.
    """
    source = latex_source(title, text, journal)
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    stamp = out.with_suffix(".sha256")
    if out.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return out
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise ConfigurationError(
            "pdflatex is not installed (apt-get install texlive-latex-base "
            "texlive-latex-recommended texlive-fonts-recommended lmodern)"
        )
    with tempfile.TemporaryDirectory(prefix="citeqa-latex-") as work:
        (Path(work) / "article.tex").write_text(source, encoding="utf-8")
        for _ in range(2):  # the second run settles the page style of the title page
            done = subprocess.run(  # noqa: S603 - a fixed program on a file we wrote
                [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "article.tex"],
                cwd=work,
                capture_output=True,
                timeout=300,
                check=False,
            )
            if done.returncode != 0:
                tail = done.stdout[-600:].decode("utf-8", "replace")
                raise ConfigurationError(f"pdflatex failed on {out.name}: {tail}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(work) / "article.pdf", out)
    stamp.write_text(digest)
    return out
