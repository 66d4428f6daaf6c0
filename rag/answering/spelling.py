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

One slip of a name with a number is read the corpus's way, where the corpus shows it: its letters
and number run together ("COVID19") where the corpus never writes them so but writes them apart
("COVID-19"): :func:`joined` finds such names, and :func:`written_apart` how passages that use
both parts write them (the engine searches those passages).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping

from rag.answering.cues.salience import forms_of

#: The shortest word corrected: in shorter ones, one edit reaches too many other words.
MIN_LETTERS = 6
_WORD = re.compile(rf"\b[^\W\d_]{{{MIN_LETTERS},}}\b")


def edits(word: str) -> set[str]:
    """Every word one edit away from lower-case ``word`` inside it: its first letter and its
    last two stay as they are (slips rarely touch the first letter, and a change at the end is
    more often another inflection, "identifier" and "identified", than a slip), but for a
    letter added before the last ("gilteritinb" for "gilteritinib": the last letter stays)."""
    last = len(word) - 2
    splits = [(word[:i], word[i:]) for i in range(1, last + 2)]
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


#: Letters and a number of two or more digits run together ("COVID19", "KO539"); a single digit
#: written apart would be no term ("IDH-3" reads as "IDH"), so such names are left as they are.
_JOINED = re.compile(r"\b([^\W\d_]{2,})(\d{2,})\b")
#: What may stand between the letters and the number of a name written apart.
_APART = r"[-\u2010\u2011 ]"


def joined(question: str, doc_freq: Mapping[str, int]) -> list[tuple[str, str, str]]:
    """The names in ``question`` of letters and a number run together that the corpus never
    writes so though it uses both parts ("COVID19" where chunks say "COVID" and "19"): each as
    written, with its letters and its number."""
    return [
        (match.group(0), match.group(1), match.group(2))
        for match in _JOINED.finditer(question)
        if not doc_freq.get(match.group(0).lower())
        and doc_freq.get(match.group(1).lower())
        and doc_freq.get(match.group(2))
    ]


def written_apart(letters: str, number: str, texts: Iterable[str]) -> str | None:
    """How ``texts`` most often write the name of ``letters`` and ``number`` apart ("COVID-19"
    for "COVID" and "19"), in the case the question gives its letters; None when none does."""
    pattern = re.compile(rf"\b{re.escape(letters)}({_APART}){re.escape(number)}\b", re.I)
    separators = Counter(m.group(1) for text in texts for m in pattern.finditer(text))
    if not separators:
        return None
    separator = min(separators, key=lambda sep: (-separators[sep], sep))
    return f"{letters}{separator}{number}"


def separate(question: str, name: str, written: str) -> str:
    """``question`` with the name ``name`` (see :func:`joined`) written as ``written``."""
    return re.sub(rf"\b{re.escape(name)}\b", written, question)
