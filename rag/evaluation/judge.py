"""Turn one question, its answer and its ranked chunks into a verdict (pure function)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.answering.types import Answer
from rag.answering.verifier import split_answer, supports
from rag.evaluation.dataset import EvalQuestion
from rag.evaluation.matching import contains, missing_facts, obeyed, overlaps, spans_of
from rag.evaluation.metrics import (
    KS,
    SentenceVerdict,
    Verdict,
    doc_recall,
    judge_citations,
    quote_recall,
    reciprocal_rank,
    ungrounded_facts,
)
from rag.types import Chunk


def _sentences(answer: Answer, min_overlap: float) -> list[SentenceVerdict]:
    quotes = {citation.marker: citation.quote for citation in answer.citations}
    verdicts = []
    for text, markers in split_answer(answer.answer):
        cited = [quotes[m] for m in markers if m in quotes]
        supported, precise = judge_citations(
            text, cited, lambda claim, evidence: supports(claim, evidence, min_overlap)
        )
        stated, ungrounded = ungrounded_facts(text, cited)
        verdicts.append(
            SentenceVerdict(
                text=text,
                quotes=cited,
                supported=supported,
                precise=precise,
                numbers_stated=stated,
                ungrounded=ungrounded,
            )
        )
    return verdicts


def _retrieval(question: EvalQuestion, ranked: Sequence[Chunk]) -> dict[str, object]:
    if not question.gold_docs or not question.answerable:
        return {}
    docs = [chunk.doc_id for chunk in ranked]
    found: dict[str, object] = {
        "doc_recall": {k: doc_recall(docs, question.gold_docs, k) for k in KS},
        "rr_doc": reciprocal_rank([d in question.gold_docs for d in docs]),
    }
    if question.gold_quotes:
        hits = [
            {
                i
                for i, quote in enumerate(question.gold_quotes)
                if chunk.doc_id in question.gold_docs and contains(chunk.text, quote)
            }
            for chunk in ranked
        ]
        found["quote_recall"] = {k: quote_recall(hits, len(question.gold_quotes), k) for k in KS}
        found["rr_quote"] = reciprocal_rank([bool(h) for h in hits])
    return found


def _gold_citations(
    question: EvalQuestion, answer: Answer, documents: Mapping[str, str]
) -> list[bool] | None:
    if not question.answerable or not question.gold_quotes:
        return None
    flags = []
    for citation in answer.citations:
        text = documents.get(citation.doc_id, "")
        gold = [s for quote in question.gold_quotes for s in spans_of(text, quote)]
        flags.append(
            citation.doc_id in question.gold_docs and overlaps((citation.start, citation.end), gold)
        )
    return flags


def judge(
    question: EvalQuestion,
    answer: Answer,
    ranked: Sequence[Chunk],
    documents: Mapping[str, str],
    *,
    min_overlap: float,
    latency_ms: float,
) -> Verdict:
    """Score one answered question.

    Args:
        question: The question with its gold data.
        answer: citeqa's answer.
        ranked: The chunks retrieval ranked for the (standalone) question, best first.
        documents: Cleaned document text by id, to place gold quotes.
        min_overlap: The verifier's word-overlap minimum, used to judge citations.
        latency_ms: How long the answer took.
    """
    missing = missing_facts(answer.answer, question.facts) if question.answerable else []
    correct = (
        not answer.refused and not missing if question.answerable else answer.refused
    )  # fmt: skip
    return Verdict.model_validate(
        {
            "id": question.id,
            "type": question.type,
            "split": question.split,
            "answerable": question.answerable,
            "refused": answer.refused,
            "correct": correct,
            "missing_facts": missing,
            "sentences": [] if answer.refused else _sentences(answer, min_overlap),
            "citations_gold": _gold_citations(question, answer, documents),
            "obeyed": obeyed(answer.answer, question.forbidden) if question.forbidden else None,
            "latency_ms": latency_ms,
            "confidence": answer.confidence,
            **_retrieval(question, ranked),
        }
    )
