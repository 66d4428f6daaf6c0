"""The salient terms of a question (pure functions): the words naming the specific thing it asks
about (a drug, a gene, a trial, a population), which an answer's evidence must mention or the
literature does not answer it. Also a word's spellings and the words it may be an inflection or
derivation of, and a term's inverse document frequency.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from rag.text.words import STOPWORDS, terms

#: Kana, CJK ideographs and Hangul, as a character-class body.
CJK_CHARS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
#: Where a CJK character meets a Latin letter or digit: Chinese and Japanese write names of
#: the literature's alphabet without a space ("NPM1突变AML"), which no word boundary marks.
_SCRIPTS_MEET = re.compile(rf"(?<=[{CJK_CHARS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{CJK_CHARS}])")
_ENTITY = re.compile(r"\b(?=[\w-]*\d)[A-Za-z][\w-]*\b|\b[A-Z]{2,}[a-z]?\b")
_RARE_SHARE = 0.1
#: Words joined by hyphens: a part of a name ("Lipo" of "Lipo-MIT") when another part is one.
_COMPOUND = re.compile(r"\b\w+(?:-\w+)+\b")
#: An abbreviation in the plural ("ORRs", "TKIs"), salient as its singular.
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
#: Words of clinical-research reporting that name no specific drug, gene, trial or population, so
#: that a small corpus where they happen to be rare does not make them salient.
_GENERIC_TEXT = """
objective objectives endpoint endpoints primary secondary outcome outcomes efficacy safety
response responses enrolled enrollment included received receiving treated treatment
patients participants subjects cohort cohorts study studies trial trials median overall
reported results analysis estimated observed achieved reached duration follow-up followup
approximately compared versus significant significantly associated regimen regimens
identifier identifiers registry registration registered evaluable assessable subtype subtypes
"""
GENERIC_TERMS = frozenset(_GENERIC_TEXT.split())
_RARE_MIN_CHARS = 7
_ACRONYM_MAX_CHARS = 4


def salient_terms(
    question: str,
    doc_freq: dict[str, int],
    chunks: int,
    common: frozenset[str] = frozenset(),
    documents_using: Callable[[str], int] | None = None,
    documents: int = 0,
) -> list[str]:
    """The question's words that name something specific.

    A word is salient when it is shaped like a name (with a digit, as ``NPM1``; part of a name
    numbered with a hyphen, as ``KOMET-001`` and the ordinary word of ``MANTRA-2``, but not the
    ``mutant`` of ``NPM1-mutant``; or written in capitals and short or no ordinary word, as
    ``AML`` and ``MIT`` but not ``SYSTEM``; a word hyphenated to such a name and no ordinary
    word, the ``lipo`` of ``Lipo-MIT``; an abbreviation in the plural as its singular, the
    ``orr`` of ``ORRs``), or when it is long, rare in the corpus (in under
    10% of chunks, or absent, in each of its spellings and their stems: not "relapsing" where
    "relapse" is common) and not ordinary language, as drug names
    are. A word also counts as rare when, in a corpus of several ``documents``, each of its
    spellings is used by at most a tenth of them (by one, in a corpus of under twenty;
    ``documents_using`` counts them): a drug that one long review discusses throughout is still
    the name of that drug. Ordinary language is ``common`` (a lexicon such as the embedding
    model's vocabulary, with inflections, derivations and British spellings of its words:
    "tumours", "actionable", "negativity", "leukaemia") and the generic words of
    clinical-research reporting (``GENERIC_TERMS``)."""
    spaced = _SCRIPTS_MEET.sub(" ", question)  # "NPM1突变AML": names between CJK characters
    entities = [m.group(0) for m in _ENTITY.finditer(spaced)]
    plurals = {e.lower(): e[:-1].lower() for e in entities if _ACRONYM_PLURAL.fullmatch(e)}
    shaped = {t for entity in entities for t in terms(entity)}
    numbered = {
        t for e in entities if any(piece.isdigit() for piece in re.split(r"\W+", e))
        for t in terms(e)
    }  # fmt: skip
    joined = {
        t for m in _COMPOUND.finditer(spaced) if set(terms(m.group(0))) & shaped
        for t in terms(m.group(0))
    }  # fmt: skip
    out: list[str] = []
    rare_below = max(1, _RARE_SHARE * chunks)
    few_documents = max(1, _RARE_SHARE * documents)
    for term in terms(question):
        bases = _bases_of(spellings(term))
        ordinary = any(base in common for base in bases)
        named = (
            term in numbered
            or (term in joined and not ordinary)
            or (
                term in shaped
                and (
                    any(c.isdigit() for c in term)
                    or len(term) <= _ACRONYM_MAX_CHARS
                    or not ordinary
                )
            )
        )
        rare = (
            len(term) >= _RARE_MIN_CHARS
            and not ordinary
            and (
                all(doc_freq.get(base, 0) < rare_below for base in bases)
                or (
                    documents_using is not None
                    and documents > 1
                    and all(documents_using(base) <= few_documents for base in bases)
                )
            )
        )
        generic = term in STOPWORDS or term in GENERIC_TERMS
        name = plurals.get(term, term)
        if (named or rare) and not generic and name not in out:
            out.append(name)
    return out


def forms_of(term: str) -> tuple[str, ...]:
    """``term``, its American spelling, and the words each may be an inflection or derivation
    of (see ``_bases_of``)."""
    return _bases_of(spellings(term))


def _bases_of(forms: tuple[str, ...]) -> tuple[str, ...]:
    """A word's spellings ``forms`` (:func:`spellings`) and the words each may be an inflection
    or derivation of: the word is ordinary when one of them is in the lexicon ("regimes",
    "actionable" of "action", "negativity" of "negative", "mutated" of "mutation", "blockers" of
    "block"), and rare only when all of them are."""
    return tuple(base for form in forms for base in _bases(form))


#: British spellings and their American forms ("leukaemia", "tumour", "randomised", "enrolment"),
#: by the letters that differ: the literature writes one, a question may write the other.
_BRITISH = (
    (re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z])oe(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z]{2})our(?=s?$)"), "or"),
    (re.compile(r"(?<=[a-z]{2})is(?=(e|es|ed|ing|ation|ations)$)"), "iz"),
    (re.compile(r"(?<=[a-z]{2})ys(?=(e|es|ed|ing)$)"), "yz"),
    (re.compile(r"(?<=[a-z]{3})tre(?=s?$)"), "ter"),
    (re.compile(r"(?<=[a-z]{3}[^l]l)(?=ments?$)"), "l"),
)
#: Inflectional and derivational suffixes, each with what its stem may have ended with.
_SUFFIXES = (
    ("ities", ("ity", "ite", "e", "")), ("ity", ("e", "")), ("ies", ("y",)), ("es", ("e", "")),
    ("s", ("",)), ("able", ("", "e")), ("ible", ("", "e")), ("ness", ("",)), ("ments", ("",)),
    ("ment", ("",)), ("ally", ("al", "")), ("ly", ("",)), ("ted", ("tion", "te")),
    ("ting", ("tion", "te")), ("ed", ("", "e")), ("ing", ("", "e")), ("ers", ("", "e")),
    ("er", ("", "e")),
)  # fmt: skip
_MIN_STEM = 4


def spellings(term: str) -> tuple[str, ...]:
    """``term`` and, when it is spelt the British way, its American spelling."""
    american = term
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, american)
    return (term, american) if american != term else (term,)


def _bases(term: str) -> tuple[str, ...]:
    """``term`` and the words it may be an inflection or derivation of."""
    out = [term]
    for suffix, endings in _SUFFIXES:
        stem = term.removesuffix(suffix)
        if stem != term and len(stem) >= _MIN_STEM:
            out += [stem + ending for ending in endings]
    return tuple(out)


def idf(term: str, doc_freq: dict[str, int], chunks: int) -> float:
    """Smoothed inverse document frequency of ``term``."""
    return math.log(1 + (chunks + 1) / (doc_freq.get(term, 0) + 1))
