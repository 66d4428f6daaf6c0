"""The features of a candidate answer sentence (pure functions).

Each candidate is a quotable sentence of a retrieved passage. Its features say how well it
matches the question by meaning (embedding cosine with the question, and with what it asks
beyond its subject, from the sentence index), by words (IDF-
weighted coverage of the question's terms, through abbreviations; a sentence-level BM25),
whether it is about the question's subject (its salient terms, found in the sentence, the one or
two sentences leading up to it, the document's title or the words the document is about: a
sentence of a ziftomenib trial report saying "the drug" is about ziftomenib), whether it states
the kind of value asked for, and where it stands (passage rank, position, section). The learned
scorer (:mod:`rag.answering.scorer`) turns them into a probability.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.answering.cues import GATING, answers_type, uncovered
from rag.answering.question import Question
from rag.text.numbers import extract_facts
from rag.text.words import covered, terms

#: Feature names, in the order the scorer's weights follow.
FEATURES: tuple[str, ...] = (
    "similarity",
    "similarity_gap",
    "asked_similarity",
    "asked_similarity_gap",
    "passage_rank",
    "focus_coverage",
    "no_focus",
    "term_coverage",
    "bm25",
    "salient_in_sentence",
    "salient_missing",
    "kind_asked",
    "kind_stated",
    "list_asked",
    "list_stated",
    "has_number",
    "log_words",
    "fragment",
    "first_in_chunk",
    "front_matter",
    "table_row",
    "top_document",
    "foreign",
)
_SENTENCE_END = re.compile(r"[.!?。)\]”\"](?:\d+(?:[,–-]\d+)*)?$")
_FRAGMENT_WORDS = 10
_K1, _B, _AVERAGE_WORDS = 1.2, 0.75, 25.0


@dataclass(frozen=True)
class Evidence:
    """A candidate sentence and what surrounds it."""

    text: str
    rank: int
    similarity: float
    asked_similarity: float
    lead_in: str
    doc_id: str
    title: str
    section_kind: str
    first_in_chunk: bool
    top_document: bool
    topics: frozenset[str]


@dataclass(frozen=True)
class Coverage:
    """What of the question a candidate leaves unmentioned."""

    salient: tuple[str, ...]
    kinds: tuple[str, ...]
    related: bool = True


def coverage(question: Question, evidence: Evidence, abbreviations: dict[str, str]) -> Coverage:
    """The salient terms the candidate, its lead-in, title and document subject leave
    unmentioned (terms carried from earlier turns need only one mention among them), the asked
    kinds of value the sentence does not state, and whether it shares any word with the question
    at all (through abbreviations)."""
    context = f"{evidence.doc_id}\n{evidence.title}\n{evidence.lead_in}\n{evidence.text}"
    missing = uncovered(list(question.salient), context, set(evidence.topics), abbreviations)
    words = list(question.weights)
    related = not words or len(uncovered(words, context, set(), abbreviations)) < len(words)
    carried = question.context & set(question.salient)
    if not (carried and carried <= set(missing)):
        missing = [term for term in missing if term not in question.context]
    kinds = [k for k in sorted(question.kinds & GATING) if not answers_type(k, evidence.text)]
    return Coverage(tuple(missing), tuple(kinds), related)


def sentence_bm25(weights: dict[str, float], text: str) -> float:
    """BM25 of a sentence for query terms weighted by their IDF."""
    words = terms(text)
    if not words:
        return 0.0
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    norm = _K1 * (1 - _B + _B * len(words) / _AVERAGE_WORDS)
    return sum(
        weight * counts[term] * (_K1 + 1) / (counts[term] + norm)
        for term, weight in weights.items()
        if term in counts
    )


def _share(weights: dict[str, float], vocabulary: set[str]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if covered(t, vocabulary)) / total


def features(
    question: Question,
    evidence: Evidence,
    missing: Coverage,
    abbreviations: dict[str, str],
    *,
    best_similarity: float,
    best_asked_similarity: float,
    bm25: float,
    best_bm25: float,
) -> list[float]:
    """The candidate's feature values, in ``FEATURES`` order."""
    vocabulary = set(terms(evidence.text))
    long_forms = {short.lower(): set(terms(long)) for short, long in abbreviations.items()}
    vocabulary |= {w for t in vocabulary & long_forms.keys() for w in long_forms[t]}
    salient = question.salient
    named = sum(1 for t in salient if covered(t, vocabulary)) / len(salient) if salient else 1.0
    gating = question.kinds & GATING
    words = len(evidence.text.split())
    values = {
        "similarity": evidence.similarity,
        "similarity_gap": evidence.similarity - best_similarity,
        "asked_similarity": evidence.asked_similarity,
        "asked_similarity_gap": evidence.asked_similarity - best_asked_similarity,
        "passage_rank": 1.0 / evidence.rank,
        "focus_coverage": _share(question.focus, vocabulary),
        "no_focus": float(not question.focus),
        "term_coverage": _share(question.weights, vocabulary),
        "bm25": bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        "salient_in_sentence": named,
        "salient_missing": len(missing.salient) / len(salient) if salient else 0.0,
        "kind_asked": float(bool(gating)),
        "kind_stated": float(bool(gating) and not missing.kinds),
        "list_asked": float("list" in question.kinds),
        "list_stated": float(answers_type("list", evidence.text)),
        "has_number": float(bool(extract_facts(evidence.text).numbers)),
        "log_words": math.log1p(words),
        "fragment": float(not _SENTENCE_END.search(evidence.text) and words < _FRAGMENT_WORDS),
        "first_in_chunk": float(evidence.first_in_chunk),
        "front_matter": float(evidence.section_kind == "front"),
        "table_row": float(evidence.section_kind == "table"),
        "top_document": float(evidence.top_document),
        "foreign": float(question.foreign),
    }
    return [values[name] for name in FEATURES]
