"""What a question asks for and which of its words a passage must mention (pure functions).

Question types: a question asking "how many" wants a count, "what rate" a percentage, "how long"
a duration, "what dose" an amount, "when" a date. Salient terms: the words naming the specific
thing asked about (a drug, a gene, a trial, a population), which an answer's evidence must mention
or the literature does not answer the question.
"""

from __future__ import annotations

import math
import re

from rag.text.numbers import extract_facts
from rag.text.words import STOPWORDS, covered, terms

_ASKS = {
    "count": re.compile(
        r"\bhow many\b|\bnumber of\b|\bhow much\b|\bcu[aá]nt[oa]s\b|\bcombien\b"
        r"|\bwie viele\b|\banzahl\b|多少|几",
        re.I,
    ),
    "percent": re.compile(
        r"\b(rates?|percent(age)?|proportion|share|fraction|how often|how common|incidence|"
        r"prevalence|likelihood|odds|chance|tasa|taux|anteil|porcentaje|pourcentage)\b"
        r"|率|比例|百分",
        re.I,
    ),
    "duration": re.compile(
        r"\bhow long\b|\bduration\b|\bfollow-?up\b|\bmedian (os|pfs|efs|rfs|dfs)\b"
        r"|\bmedian ((overall|progression-free|event-free|relapse-free|disease-free) )?"
        r"survival\b|\bsupervivencia\b|\bsurvie\b|\b[üu]berleben\w*|生存期|多长",
        re.I,
    ),
    "dose": re.compile(
        r"\b(what|which)(\s+[\w-]+){0,3}\s+dos(e|es|ing|age)\b|\bdos(e|es|ing|age) (of|was|were)\b"
        r"|\bhow much .* (given|administered)\b|\b(dosis|tagesdosis|quelle dose)\b|剂量",
        re.I,
    ),
    "date": re.compile(
        r"\bwhen\b|\bwhat year\b|\bwhich year\b|\bcu[aá]ndo\b|\bquand\b|\bwann\b|何时", re.I
    ),
    "schedule": re.compile(
        r"\b(on )?(which|what) days?\b|\bhow often\b.*\b(given|administered|dosed|taken)\b"
        r"|\bschedule\b",
        re.I,
    ),
    "identifier": re.compile(
        r"\b(identifier|registration|registry|registered|trial number|nct number)\b", re.I
    ),
}
#: Kinds of value a sentence must state to answer (a list is scored, not required).
GATING = frozenset(_ASKS)
_LIST = re.compile(
    r"^\s*(which|what)\b(?!.*\b(rate|dose|how)\b).*\b(genes|drugs|mutations|countries|regimens|"
    r"inhibitors|agents|components|events|effects|markers|make up|criteria|factors)\b",
    re.I,
)
_STATES = {
    "percent": re.compile(r"%|\bpercent\b|\d+\s*/\s*\d+|\d+ (out )?of \d+", re.I),
    "duration": re.compile(r"\b(days?|weeks?|months?|years?|mo|wk|y)\b", re.I),
    "dose": re.compile(r"\b\d+(\.\d+)?\s*(mg|g|µg|μg|mcg|units?|iu|ml)\b", re.I),
    "date": re.compile(
        r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|"
        r"october|november|december)\b",
        re.I,
    ),
    "schedule": re.compile(
        r"\bdays?\s+\d+|\bdaily\b|\bweekly\b|\bevery\b|\bcycles?\b|\btwice\b|\bonce\b"
        r"|\bq\d+[dhw]\b",
        re.I,
    ),
    "identifier": re.compile(
        r"\b(?:NCT\d{8}|ChiCTR\d{6,}|ISRCTN\d+|EudraCT|\d{4}-\d{6}-\d{2})", re.I
    ),
    "list": re.compile(r"[^,;]+[,;][^,;]+(,|;| and | or )"),
}
_ENTITY = re.compile(r"\b(?=[\w-]*\d)[A-Za-z][\w-]*\b|\b[A-Z]{2,}[a-z]?\b")
_RARE_SHARE = 0.1
#: Words of clinical-research reporting that name no specific drug, gene, trial or population, so
#: that a small corpus where they happen to be rare does not make them salient.
_GENERIC_TEXT = """
objective objectives endpoint endpoints primary secondary outcome outcomes efficacy safety
response responses enrolled enrollment included received receiving treated treatment
patients participants subjects cohort cohorts study studies trial trials median overall
reported results analysis estimated observed achieved reached duration follow-up followup
approximately compared versus significant significantly associated
"""
GENERIC_TERMS = frozenset(_GENERIC_TEXT.split())
_RARE_MIN_CHARS = 7
_ACRONYM_MAX_CHARS = 4


def question_types(question: str) -> set[str]:
    """The kinds of value the question asks for (English, Spanish, French, German, Chinese cue
    words): ``GATING`` kinds, and ``list`` for "which genes/drugs/..." questions."""
    kinds = {name for name, asks in _ASKS.items() if asks.search(question)}
    if "schedule" in kinds and "date" in kinds:
        kinds.discard("date")
    if _LIST.search(question) and not kinds:
        kinds.add("list")
    return kinds


def answers_type(kind: str, sentence: str) -> bool:
    """Whether ``sentence`` states a value of ``kind``; a count must be a number that is not part
    of an identifier (``Interfant-06`` counts nothing)."""
    if kind == "count":
        return bool(extract_facts(sentence).numbers)
    if kind == "list":
        return bool(_STATES["list"].search(sentence))
    return bool(_STATES[kind].search(sentence))


def salient_terms(
    question: str,
    doc_freq: dict[str, int],
    chunks: int,
    common: frozenset[str] = frozenset(),
) -> list[str]:
    """The question's words that name something specific.

    A word is salient when it is shaped like a name (contains a digit, as ``NPM1`` or
    ``KOMET-001``; or is written in capitals and is short or no ordinary word, as ``AML`` and
    ``MIT`` but not ``SYSTEM``), or when it is long, rare in the corpus (in under 10% of chunks,
    or absent) and not ordinary language, as drug names are. Ordinary language is ``common`` (a
    lexicon such as the embedding model's vocabulary, plurals included) and the generic words of
    clinical-research reporting (``GENERIC_TERMS``).
    """
    shaped = {t for m in _ENTITY.finditer(question) for t in terms(m.group(0))}
    out: list[str] = []
    for term in terms(question):
        ordinary = _ordinary(term, common)
        named = term in shaped and (
            any(c.isdigit() for c in term) or len(term) <= _ACRONYM_MAX_CHARS or not ordinary
        )
        rare = (
            len(term) >= _RARE_MIN_CHARS
            and doc_freq.get(term, 0) < max(1, _RARE_SHARE * chunks)
            and not ordinary
        )
        generic = term in STOPWORDS or term in GENERIC_TERMS
        if (named or rare) and not generic and term not in out:
            out.append(term)
    return out


def _ordinary(term: str, common: frozenset[str]) -> bool:
    """Whether ``term``, or the singular of a plural, is in the lexicon ``common``."""
    return any(
        form in common for form in (term, term.removesuffix("s"), term.removesuffix("es")) if form
    )


def idf(term: str, doc_freq: dict[str, int], chunks: int) -> float:
    """Smoothed inverse document frequency of ``term``."""
    return math.log(1 + (chunks + 1) / (doc_freq.get(term, 0) + 1))


def uncovered(
    salient: list[str],
    evidence: str,
    topics: set[str],
    abbreviations: dict[str, str],
) -> list[str]:
    """The salient terms that neither the evidence nor its document's topic words mention.

    A term also counts as mentioned through its abbreviation or long form (``CR`` and "complete
    remission").

    Args:
        salient: Salient question terms.
        evidence: The passage text (with its title and section).
        topics: Words the evidence's document is about (found in most of its chunks).
        abbreviations: Short form to long form, as mined from the corpus.
    """
    vocabulary = set(terms(evidence)) | set(topics)
    lower = {short.lower(): long for short, long in abbreviations.items()}
    longs = {long: short.lower() for short, long in abbreviations.items()}
    missing = []
    for term in salient:
        if covered(term, vocabulary):
            continue
        long = lower.get(term)
        if long and all(covered(word, vocabulary) for word in terms(long)):
            continue
        if any(
            term in terms(long) and set(terms(short)) <= vocabulary for long, short in longs.items()
        ):
            continue
        missing.append(term)
    return missing
