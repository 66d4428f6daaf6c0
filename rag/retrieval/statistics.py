"""What the answerer learns from the corpus as a whole: term statistics and abbreviations.

Kept by the BM25 index (:mod:`rag.retrieval.sparse`) and updated with it, document by document:
an update recomputes the facts of the documents it touches and leaves the others as they were,
so that adding one paper to a large library costs that paper, while the result equals what a
rebuild from every chunk gives.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from rag.text.abbreviations import find_abbreviations, vote_abbreviations
from rag.types import Chunk

#: A term in at least this share of a document's chunks is one of the words it is about.
TOPIC_SHARE = 0.5


@dataclass(frozen=True)
class TermStatistics:
    """How common each word is: across all chunks, and within each document.

    ``topics[doc_id][term]`` is the share of the document's chunks containing ``term``, kept only
    for terms in at least half of them: the words a document is about. ``leads[doc_id]`` are the
    words of the document's first chunk outside its front matter (its abstract or opening): what
    it introduces as its subject. Reference lists count for none of these.
    """

    chunks: int
    doc_freq: dict[str, int]
    topics: dict[str, dict[str, float]]
    leads: dict[str, list[str]] = field(default_factory=dict)
    #: How many documents (with a body) the corpus holds.
    documents: int = 0
    #: How many documents use a term outside their reference lists.
    documents_using: Callable[[str], int] = field(default=lambda _: 0)
    #: The short form of every long form a document defines (lower-cased), whatever the vote
    #: made of the short form: a question writing out "objective response rate" still reaches
    #: the paper that defines it as "ORR" where the corpus's ORR is "overall response rate".
    short_forms: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentFacts:
    """One document's share of the corpus facts, recomputed whenever its chunks change."""

    topics: dict[str, float]
    lead: list[str]
    definitions: dict[str, str]


def document_facts(body: Sequence[Chunk], words: Sequence[Sequence[str]]) -> DocumentFacts:
    """The facts of one document from its body chunks (no reference lists), in any order.

    Args:
        body: The document's chunks outside its reference list (at least one).
        words: The distinct terms of each of those chunks (:func:`rag.text.words.terms`).
    """
    counts: dict[str, int] = {}
    for own in words:
        for term in own:
            counts[term] = counts.get(term, 0) + 1
    topics = {t: c / len(body) for t, c in counts.items() if c / len(body) >= TOPIC_SHARE}
    order = sorted(range(len(body)), key=lambda i: (body[i].start, body[i].id))
    lead = next((i for i in order if body[i].section_kind != "front"), None)
    return DocumentFacts(
        topics=topics,
        lead=sorted(words[lead]) if lead is not None else [],
        definitions=find_abbreviations(body_text(body)),
    )


def body_text(body: Sequence[Chunk]) -> str:
    """A document's body chunks as one text, in document order."""
    return "\n".join(chunk.text for chunk in sorted(body, key=lambda c: (c.start, c.id)))


def disputed(documents: Mapping[str, DocumentFacts]) -> set[str]:
    """The long forms of every short form that documents define in more than one way."""
    forms: dict[str, set[str]] = {}
    for facts in documents.values():
        for short, long in facts.definitions.items():
            forms.setdefault(short, set()).add(long)
    return {long for longs in forms.values() if len(longs) > 1 for long in longs}


def writes_out(form: str, text: str) -> bool:
    """Whether lower-cased ``text`` writes the lower-case long form ``form`` out as words."""
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def term_statistics(
    chunks: int,
    doc_freq: np.ndarray,
    terms: Sequence[str],
    documents: Mapping[str, DocumentFacts],
    documents_using: Callable[[str], int],
) -> TermStatistics:
    """The statistics answering reads, from counts per term column, per-document facts and a
    count of the documents using a term (looked up on demand)."""
    present = np.flatnonzero(doc_freq)
    return TermStatistics(
        chunks=chunks,
        doc_freq={terms[int(c)]: int(doc_freq[c]) for c in present},
        topics={doc_id: facts.topics for doc_id, facts in documents.items() if facts.topics},
        leads={doc_id: facts.lead for doc_id, facts in documents.items() if facts.lead},
        documents=len(documents),
        documents_using=documents_using,
        short_forms=short_forms(documents),
    )


def short_forms(documents: Mapping[str, DocumentFacts]) -> dict[str, str]:
    """Each long form documents define (lower-cased) with its short form: the one most documents
    give it, the first in sorted order among equals."""
    votes: dict[str, Counter[str]] = {}
    for facts in documents.values():
        for short, long in facts.definitions.items():
            votes.setdefault(long.lower(), Counter())[short] += 1
    return {
        long: min(shorts, key=lambda short: (-shorts[short], short))
        for long, shorts in sorted(votes.items())
    }


def vote(
    documents: Mapping[str, DocumentFacts], written_out: Callable[[str], int]
) -> dict[str, str]:
    """The corpus's abbreviation map, one vote per document (:func:`vote_abbreviations`);
    ``written_out`` counts the documents that write a long form out."""
    return vote_abbreviations((facts.definitions for facts in documents.values()), written_out)
