"""The extractive answerer: verbatim sentences of the retrieved passages, or a refusal.

Deterministic and offline. Each sentence of the top passages is scored against the question by
meaning (embedding cosine), by words (IDF-weighted share of the question's focus terms it
contains: the words of what is asked, not of what it is asked about, which salience checks) and
by the kind of value asked for (a rate wants a percentage, "how many" a count). When the question
asks nothing beyond its subject ("What is X?"), meaning stands in for the word score. The answer is
the best sentence that scores high enough, mentions every salient term of the question (itself,
in the one or two sentences leading up to it in its paragraph, or as a document about them) and
states the kind of value asked for; up to ``max_sentences`` close runners-up that mention the
salient terms join it. When no one sentence mentions them all (a question about two drugs), the
answer is a few sentences that do so together, or a refusal.
Interrogative sentences are never answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.answering.cues import answers_type, idf, question_types, salient_terms, uncovered
from rag.answering.passages import Passage
from rag.answering.verifier import CheckedSentence
from rag.embeddings import Embedder
from rag.retrieval.sparse import TermStatistics
from rag.settings import AnswerSettings
from rag.text.abbreviations import expand_query
from rag.text.words import covered, terms

_SEMANTIC, _LEXICAL, _CUE = 0.5, 0.35, 0.15
_SENTENCE_END = re.compile(r"[.!?。)\]”\"](?:\d+(?:[,–-]\d+)*)?$")
_FRAGMENT_WORDS = 10
_WORDS = re.compile(r"\S+")
_FRAGMENT_PENALTY = 0.1
_LEAD_IN = 2


def _lead_in(passage: Passage, span: tuple[int, int]) -> str:
    """Up to ``_LEAD_IN`` sentences before ``span`` in its paragraph: the context a sentence
    leans on ("The ORR was 30%" after the sentence naming the drug)."""
    index = passage.units.index(span) if span in passage.units else 0
    start = span[0]
    for unit in reversed(passage.units[max(0, index - _LEAD_IN) : index]):
        if "\n\n" in passage.text[unit[1] : start]:
            break
        start = unit[0]
    return passage.text[start : span[0]]


@dataclass(frozen=True)
class _Candidate:
    marker: int
    span: tuple[int, int]
    text: str
    score: float


@dataclass(frozen=True)
class ExtractiveResult:
    """Chosen sentences (empty when refused) and, for a refusal, why."""

    sentences: list[CheckedSentence]
    reason: str = ""

    @property
    def refused(self) -> bool:
        """Whether no sentence answers the question."""
        return not self.sentences


class ExtractiveAnswerer:
    """Composes answers from retrieved sentences; see the module docstring."""

    def __init__(
        self,
        embedder: Embedder,
        settings: AnswerSettings,
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        """Store the collaborators; ``common_words`` is a lexicon of ordinary words."""
        self.embedder = embedder
        self.settings = settings
        self.common_words = common_words

    def salient(self, question: str, statistics: TermStatistics) -> list[str]:
        """The question's salient terms (see ``cues.salient_terms``)."""
        return salient_terms(question, statistics.doc_freq, statistics.chunks, self.common_words)

    def _score(
        self,
        question: str,
        passages: dict[int, Passage],
        statistics: TermStatistics,
        abbreviations: dict[str, str],
        salient: set[str],
        wanted: set[str],
    ) -> list[_Candidate]:
        pool = [
            (p.marker, unit, p.unit_text(unit))
            for p in passages.values()
            for unit in p.units
            if len(terms(p.unit_text(unit))) >= 3 and not p.unit_text(unit).rstrip().endswith("?")
        ]
        if not pool:
            return []
        vectors = self.embedder.embed_documents([text for _, _, text in pool])
        query = self._query_vector(question, salient)
        focus = [t for t in terms(expand_query(question, abbreviations)) if t not in salient]
        weights = {t: idf(t, statistics.doc_freq, statistics.chunks) for t in dict.fromkeys(focus)}
        total = sum(weights.values()) or 1.0
        long_forms = {short.lower(): set(terms(long)) for short, long in abbreviations.items()}
        out = []
        for (marker, unit, text), vector in zip(pool, vectors, strict=True):
            semantic = sum(a * b for a, b in zip(query, vector, strict=True))
            vocabulary = set(terms(text))
            vocabulary |= {w for t in vocabulary & long_forms.keys() for w in long_forms[t]}
            lexical = (
                sum(w for t, w in weights.items() if covered(t, vocabulary)) / total
                if weights
                else semantic  # nothing asked beyond the subject ("What is X?"): meaning decides
            )
            cue = (
                sum(1.0 if answers_type(kind, text) else -1.0 for kind in wanted) / len(wanted)
                if wanted
                else 0.0
            )
            fragment = not _SENTENCE_END.search(text) and len(text.split()) < _FRAGMENT_WORDS
            score = _SEMANTIC * semantic + _LEXICAL * lexical + _CUE * cue
            score -= _FRAGMENT_PENALTY if fragment else 0.0
            out.append(_Candidate(marker, unit, text, score))
        return sorted(out, key=lambda c: -c.score)

    def _query_vector(self, question: str, salient: set[str]) -> list[float]:
        """Mean of the question's embedding and that of its focus (salient words taken out), so
        that what is asked weighs as much as what it is asked about."""
        full = self.embedder.embed_query(question)
        focus_text = " ".join(w for w in _WORDS.findall(question) if not set(terms(w)) & salient)
        if not salient or not terms(focus_text):
            return full
        focus = self.embedder.embed_query(focus_text)
        mean = [(a + b) / 2 for a, b in zip(full, focus, strict=True)]
        norm = sum(x * x for x in mean) ** 0.5 or 1.0
        return [x / norm for x in mean]

    def answer(
        self,
        question: str,
        passages: dict[int, Passage],
        statistics: TermStatistics,
        abbreviations: dict[str, str],
        context: set[str] | None = None,
    ) -> ExtractiveResult:
        """Answer ``question`` from ``passages`` or refuse.

        Args:
            question: The standalone question.
            passages: Numbered retrieved passages.
            statistics: Corpus term statistics (IDF and document topics).
            abbreviations: Corpus abbreviations, for expansion and salience.
            context: Salient terms carried from earlier turns: the answer must mention at least
                one of them, not all.
        """
        context = context or set()
        salient = self.salient(question, statistics)
        wanted = question_types(question)
        candidates = self._score(
            question, passages, statistics, abbreviations, set(salient), wanted
        )
        if not candidates:
            return ExtractiveResult([], "no passage was retrieved")
        reason = f"no sentence scores {self.settings.min_score} or more"

        def missing_terms(candidate: _Candidate) -> list[str]:
            passage = passages[candidate.marker]
            chunk = passage.hit.chunk
            topics = statistics.topics.get(chunk.doc_id, {})
            missing = uncovered(
                salient,
                f"{chunk.doc_id}\n{chunk.title}\n{_lead_in(passage, candidate.span)}"
                f"\n{candidate.text}",
                {t for t, share in topics.items() if share >= self.settings.topic_share},
                abbreviations,
            )
            carried = context & set(salient)
            if carried and carried <= set(missing):
                return missing  # none of the conversation's subject is mentioned
            return [term for term in missing if term not in context]

        best: _Candidate | None = None
        for candidate in candidates:
            if candidate.score < self.settings.min_score:
                break
            missing = missing_terms(candidate)
            lacking = [kind for kind in wanted if not answers_type(kind, candidate.text)]
            if not missing and not lacking:
                best = candidate
                break
            if reason.startswith("no sentence"):
                reason = "the best evidence lacks " + ", ".join(missing + lacking)
        if best is None:
            joint = self._joint(candidates, salient, wanted, missing_terms)
            if not joint:
                return ExtractiveResult([], reason)
            return self._result(joint)
        chosen = [best]
        seen = {self._location(best, passages)}
        for candidate in candidates:
            if len(chosen) >= self.settings.max_sentences:
                break
            location = self._location(candidate, passages)
            if candidate.score < self.settings.secondary_ratio * best.score:
                break
            if location in seen or missing_terms(candidate):
                continue
            if any(candidate.text in c.text or c.text in candidate.text for c in chosen):
                continue
            chosen.append(candidate)
            seen.add(location)
        return self._result([best, *sorted(chosen[1:], key=lambda c: self._location(c, passages))])

    def _joint(
        self,
        candidates: list[_Candidate],
        salient: list[str],
        wanted: set[str],
        missing_terms: Callable[[_Candidate], list[str]],
    ) -> list[_Candidate]:
        """Sentences that together mention every salient term, when no one sentence does (a
        question about two drugs or two trials): best-scoring first, each adding a term still
        missing; empty unless all are covered within ``max_sentences``."""
        remaining = set(salient)
        chosen: list[_Candidate] = []
        for candidate in candidates:
            if candidate.score < self.settings.min_score or not remaining:
                break
            if any(not answers_type(kind, candidate.text) for kind in wanted):
                continue
            adds = remaining - set(missing_terms(candidate))
            if adds and candidate.text not in (c.text for c in chosen):
                chosen.append(candidate)
                remaining -= adds
        if remaining or len(chosen) > self.settings.max_sentences:
            return []
        return chosen

    @staticmethod
    def _result(chosen: list[_Candidate]) -> ExtractiveResult:
        return ExtractiveResult(
            [
                CheckedSentence(
                    text=c.text, markers=[c.marker], supported=True, quotes={c.marker: c.span}
                )
                for c in chosen
            ]
        )

    @staticmethod
    def _location(candidate: _Candidate, passages: dict[int, Passage]) -> tuple[str, int]:
        chunk = passages[candidate.marker].hit.chunk
        return chunk.doc_id, chunk.start + candidate.span[0]
