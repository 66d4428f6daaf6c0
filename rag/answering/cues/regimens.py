"""The regimen a question asks about by its partners, and whether texts are about that regimen
(pure functions): "gilteritinib plus venetoclax" is not answered by a triplet that adds
azacitidine.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from rag.answering.cues.conditions import asking_sentences
from rag.answering.cues.mentions import AbbreviationForms, uncovered
from rag.text.words import STOPWORDS, terms

#: What joins the partners of one regimen in its name: "AZA/VEN plus gilteritinib", "FLAG-IDA
#: + venetoclax", "ziftomenib in combination with azacitidine".
_JOINED = r"(?:\s*/\s*|\s+(?:plus|\+)\s+)"
#: "in combination with AZA/VEN" names partners of a drug that the words before need not name
#: ("IMGN632 ... was studied in a phase 1/2 trial in combination with AZA/VEN").
_REGIMEN = re.compile(
    rf"\b(?:combined|combination)\s+with\s+(?P<with>[\w-]+(?:{_JOINED}[\w-]+)*)"
    rf"|(?P<joined>[\w-]+(?:{_JOINED}[\w-]+)+)",
    re.I,
)
_PARTNER = re.compile(_JOINED, re.I)


def regimens(text: str) -> list[list[str]]:
    """The regimens ``text`` names by their partners, each as the words naming them ("aza",
    "ven", "gilteritinib" of "AZA/VEN plus gilteritinib"); also pairs of other names written so
    ("CR/CRi"), which share no partner with a question's regimen."""
    return [
        _PARTNER.split((m.group("with") or m.group("joined")).lower())
        for m in _REGIMEN.finditer(text)
    ]


def partners(question: str, salient: Collection[str]) -> list[str]:
    """The partners of the regimen the question asks about when it names two or more of them
    joined as in :data:`_JOINED` ("gilteritinib", "venetoclax" of "What was the 1-year OS with
    gilteritinib plus venetoclax?"); empty when it names none so. Only its asking sentences
    count, as for :func:`amounts`."""
    found: list[str] = []
    for regimen in regimens(asking_sentences(question)):
        named = [p for p in regimen if set(terms(p)) & set(salient)]
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

    for text in texts:
        shared = [
            regimen
            for regimen in regimens(text)
            if len(uncovered(list(asked), " ".join(regimen), set(), abbreviations)) < len(asked)
        ]
        if shared:
            return any(not any(extra(p) for p in regimen) for regimen in shared)
        if not uncovered(list(asked), text, set(), abbreviations):
            return True  # all of them, in other words ("A and B were combined with C")
    return True
