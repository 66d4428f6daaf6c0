"""Word-level text helpers shared by scoring, salience and verification (pure functions)."""

from __future__ import annotations

import re

_STOPWORDS_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either few
for from further had has have having he her here hers him his how however i if in into is it
its itself just let me might more most much must my no nor not now of off on once only or
other our ours out over own per same she should so some such than that the their theirs them
then there these they this those through to too under until up upon us very via was we were
what when where which while who whom whose why will with within without would yet you your
tell show give list describe explain please according reported report study paper many
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"(?u)\b\w\w+\b")
_PREFIX = 4


def terms(text: str) -> list[str]:
    """Lower-cased words of two or more characters, stopwords removed, in order."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def same_term(a: str, b: str) -> bool:
    """Equal words; two words of five or more characters sharing their first four; or a name with
    a digit and a longer word it begins (``npm1`` and ``npm1mut``).

    A crude stemmer for matching inflections across question and passage ("mutant" and
    "mutations", "relapsed" and "relapse").
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and any(c.isdigit() for c in short) and long.startswith(short):
        return True
    return len(short) >= 5 and a[:_PREFIX] == b[:_PREFIX]


def covered(term: str, vocabulary: set[str]) -> bool:
    """Whether ``term`` or an inflection of it (see ``same_term``) is in ``vocabulary``."""
    return term in vocabulary or any(same_term(term, word) for word in vocabulary)


def overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words found (as ``same_term``) in the evidence; 1 if none."""
    claim_terms = set(terms(claim))
    if not claim_terms:
        return 1.0
    vocabulary = set(terms(evidence))
    return sum(1 for term in claim_terms if covered(term, vocabulary)) / len(claim_terms)
