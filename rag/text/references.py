"""Bracketed reference markers in a paper's text (``[6]``, ``[6, 7]``, ``[12-14]``).

A marker points to a cited work: it states no value, and in an answer it would read as one of
the answer's own citation markers ``[n]``. Facts are extracted without them
(:mod:`rag.text.numbers`), extractive answers quote sentences without them, and passages reach
an LLM without them, so that it cannot copy a paper's "[6]" as a citation of passage 6. Quotes
keep the document's exact text and offsets.
"""

from __future__ import annotations

import re

#: Whole numbers alone in square brackets, listed or as a range.
REFERENCE = re.compile(r"\[\s*\d+(?:\s*[,;\u2013-]\s*\d+)*\s*\]")
#: A marker with the space before it, and the space after it when punctuation follows.
_MARKER = re.compile(rf"\s*{REFERENCE.pattern}(?:\s+(?=[.,;:]))?")


def without_references(text: str) -> str:
    """``text`` with its reference markers taken out: "phosphatases (MKPs) [6] [7] [8] ." is
    "phosphatases (MKPs)."."""
    return _MARKER.sub("", text)
