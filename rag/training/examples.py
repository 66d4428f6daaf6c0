"""Labelled candidate sentences from tuning questions.

A question's retrieved passages are split into candidates exactly as when answering
(:meth:`rag.answering.engine.AnswerEngine.consider`); a candidate is positive when its span in
the cleaned document overlaps the gold evidence: a gold quote of an evaluation-set question (or,
for a question without quotes, a sentence of a gold document stating one of its facts), or the
gold answer span of a COVID-QA question. Every candidate of an unanswerable question is negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rag.answering.engine import AnswerEngine, Considered
from rag.answering.extractive import Candidate
from rag.bench.covid_qa import locate
from rag.bench.datasets import SpanQuestion
from rag.evaluation.dataset import EvalQuestion
from rag.evaluation.matching import overlaps, spans_of, states
from rag.progress import progress_bar


@dataclass(frozen=True)
class Example:
    """One tuning question: what the answerer considered and which candidates answer it."""

    source: str
    question_id: str
    answerable: bool
    considered: Considered
    labels: tuple[bool, ...]


def _span(considered: Considered, candidate: Candidate) -> tuple[str, int, int]:
    chunk = considered.passages[candidate.marker].hit.chunk
    return chunk.doc_id, chunk.start + candidate.span[0], chunk.start + candidate.span[1]


def from_eval(
    engine: AnswerEngine,
    questions: Iterable[EvalQuestion],
    documents: Mapping[str, str],
    *,
    progress: bool = True,
) -> list[Example]:
    """Examples from evaluation-set questions; ``documents`` maps gold doc ids to cleaned text."""
    out = []
    questions = list(questions)
    for q in progress_bar(questions, desc="eval questions", unit="q", enabled=progress):
        considered = engine.consider(q.question, q.history)
        gold = {
            doc: [s for quote in q.gold_quotes for s in spans_of(documents.get(doc, ""), quote)]
            for doc in q.gold_docs
        }
        labels = []
        for candidate in considered.candidates:
            doc, start, end = _span(considered, candidate)
            if not q.answerable or doc not in gold:
                labels.append(False)
            elif gold[doc]:
                labels.append(overlaps((start, end), gold[doc]))
            else:
                labels.append(
                    any(states(candidate.text, v) for variants in q.facts for v in variants)
                )
        out.append(Example("eval", q.id, q.answerable, considered, tuple(labels)))
    return out


def from_covid_qa(
    engine: AnswerEngine,
    questions: Iterable[SpanQuestion],
    raw: Mapping[str, str],
    cleaned: Mapping[str, str],
    *,
    progress: bool = True,
) -> list[Example]:
    """Examples from COVID-QA questions; ``raw`` and ``cleaned`` map article ids to their text.
    A question whose gold span did not survive cleaning is left out."""
    out = []
    questions = list(questions)
    for q in progress_bar(questions, desc="covid-qa questions", unit="q", enabled=progress):
        span = locate(q.answer, raw[q.doc_id], (q.start, q.end), cleaned.get(q.doc_id, ""))
        if span is None:
            continue
        considered = engine.consider(q.question)
        labels = []
        for candidate in considered.candidates:
            doc, start, end = _span(considered, candidate)
            labels.append(doc == q.doc_id and overlaps((start, end), [span]))
        out.append(Example("covid-qa", q.id, True, considered, tuple(labels)))
    return out
