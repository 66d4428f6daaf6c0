"""The regimen a question asks about by its partners, and whether texts are about that regimen
(pure functions): "gilteritinib plus venetoclax" is not answered by a triplet that adds
azacitidine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from rag.answering.cues.conditions import asking_sentences
from rag.answering.cues.mentions import AbbreviationForms, uncovered
from rag.text.words import STOPWORDS, terms

#: What joins the partners of one regimen in its name: "AZA/VEN plus gilteritinib", "FLAG-IDA
#: + venetoclax", "ziftomenib in combination with azacitidine".
_JOINED = r"(?:\s*/\s*|\s+(?:plus|\+)\s+)"
#: "in combination with AZA/VEN" names partners of a drug that the words before need not name
#: ("IMGN632 ... was studied in a phase 1/2 trial in combination with AZA/VEN"); the word right
#: before it, or before a bracket before it, may be one ("the Lipo-MIT (18 mg/m^2, day 1)
#: combined with CLAG"), which :func:`regimens` is told how to recognise.
_REGIMEN = re.compile(
    rf"(?:\b(?P<lead>[\w-]+)(?:\s*\([^()]*\))?\s+)?"
    rf"\b(?:combined|(?:in\s+)?combination)\s+with\s+(?P<with>[\w-]+(?:{_JOINED}[\w-]+)*)"
    rf"|(?P<joined>[\w-]+(?:{_JOINED}[\w-]+)+)",
    re.I,
)
_PARTNER = re.compile(_JOINED, re.I)


def _no_name(_: str) -> bool:
    return False


def regimens(text: str, names: Callable[[str], bool] = _no_name) -> list[list[str]]:
    """The regimens ``text`` names by their partners, each as the words naming them ("aza",
    "ven", "gilteritinib" of "AZA/VEN plus gilteritinib"; "lipo-mit", "clag" of "Lipo-MIT
    combined with CLAG" when ``names`` says "Lipo-MIT" names a drug: the word before "combined
    with" is as often another word, "a trial in combination with AZA/VEN"); also pairs of other
    names written so ("CR/CRi"), which share no partner with a question's regimen."""
    found = []
    for m in _REGIMEN.finditer(text):
        lead = m.group("lead")
        regimen = _PARTNER.split((m.group("with") or m.group("joined")).lower())
        found.append([lead.lower(), *regimen] if lead and names(lead) else regimen)
    return found


def partners(question: str, salient: Collection[str]) -> list[str]:
    """The partners of the regimen the question asks about when it names two or more of them
    joined as in :data:`_JOINED` or by "combined with" ("gilteritinib", "venetoclax" of "What
    was the 1-year OS with gilteritinib plus venetoclax?"); empty when it names none so. Only
    its asking sentences count, as for :func:`amounts`."""
    found: list[str] = []
    subject = set(salient)
    for regimen in regimens(asking_sentences(question), lambda w: bool(set(terms(w)) & subject)):
        named = [p for p in regimen if set(terms(p)) & subject]
        if len(named) >= 2:
            found += [p for p in named if p not in found]
    return found


def states_partners(
    asked: Sequence[str],
    question: str,
    texts: Sequence[str],
    abbreviations: Mapping[str, str] | AbbreviationForms,
) -> bool:
    """Whether ``texts`` (nearest first: a sentence, its lead-in and paragraph, its title) leave
    the regimen of ``asked`` partners (:func:`partners` of ``question``) standing: the nearest
    that names a regimen with one of them names one whose every partner the question names too
    (through abbreviations), or none names such a regimen before one that names all of them
    in other words ("ASTX727 and venetoclax were combined with ..."). "The triplet combination
    AZA/VEN plus gilteritinib yielded a response in 74%. The median OS was 5.8 months" reports
    on azacitidine, venetoclax and gilteritinib, which is no answer for gilteritinib plus
    venetoclax."""

    def extra(partner: str) -> bool:
        words = [w for w in terms(partner) if w not in STOPWORDS]
        return bool(words) and bool(uncovered(words, question, set(), abbreviations))

    def named(text: str) -> list[str]:  # the asked partners text names, by all their words
        return [p for p in asked if not uncovered(terms(p) or [p], text, set(), abbreviations)]

    for text in texts:
        shared = [
            regimen
            for regimen in regimens(text, lambda w: bool(named(w)))
            if named(" ".join(regimen))
        ]
        if shared:
            return any(not any(extra(p) for p in regimen) for regimen in shared)
        if len(named(text)) == len(asked):
            return True  # all of them, in other words ("A and B were combined with C")
    return True
