"""Slips of the keyboard in a question, read with the corpus's spelling (pure functions).

A word that neither the corpus nor the lexicon of ordinary words knows ("carageenan",
"isilated") is taken for a name the literature does not report, and the question is refused.
When the corpus uses a word one edit away from it inside the word (a letter added, dropped or
changed, or two neighbouring letters swapped: Damerau-Levenshtein distance 1, found as in
Norvig's corrector by looking up every such edit; see :func:`edits`), the question is read with
that word, the one most chunks use among several. Only words of letters alone, at least
``MIN_LETTERS`` long, are corrected: a trial or gene name with a digit ("KOMET-017", "IDH3") or
a short name that the corpus does not use stays absent, so that a question about it is still
refused.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from rag.answering.cues import forms_of

#: The shortest word corrected: in shorter ones, one edit reaches too many other words.
MIN_LETTERS = 6
_WORD = re.compile(rf"\b[^\W\d_]{{{MIN_LETTERS},}}\b")


def edits(word: str) -> set[str]:
    """Every word one edit away from lower-case ``word`` inside it: its first letter and its
    last two stay as they are (slips rarely touch the first letter, and a change at the end is
    more often another inflection, "identifier" and "identified", than a slip)."""
    last = len(word) - 2
    splits = [(word[:i], word[i:]) for i in range(1, last + 1)]
    deleted = {a + b[1:] for a, b in splits if len(a) < last}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(a) + 1 < last}
    changed = {a + c + b[1:] for a, b in splits if len(a) < last for c in string.ascii_lowercase}
    inserted = {a + c + b for a, b in splits for c in string.ascii_lowercase}
    return (deleted | swapped | changed | inserted) - {word}


def correction(word: str, doc_freq: Mapping[str, int], common: frozenset[str]) -> str | None:
    """The corpus's spelling of ``word`` (lower-cased), or None when it needs none: the word,
    an inflection or a spelling of it is used by the corpus or is an ordinary word, or no
    corpus word is one edit away."""
    lowered = word.lower()
    if any(form in common or doc_freq.get(form) for form in forms_of(lowered)):
        return None
    found = [(-doc_freq[e], e) for e in edits(lowered) if doc_freq.get(e)]
    return min(found)[1] if found else None


def correct(question: str, doc_freq: Mapping[str, int], common: frozenset[str]) -> str:
    """``question`` with each word the corpus spells otherwise (see :func:`correction`) written
    the corpus's way, in the question's case."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        fixed = correction(word, doc_freq, common)
        if fixed is None:
            return word
        if word.isupper():
            return fixed.upper()
        return fixed.capitalize() if word[0].isupper() else fixed

    return _WORD.sub(fix, question)
