"""Answering and judging questions with the real engine over the seeds."""

import pytest

from rag.answering.types import Turn
from rag.evaluation.dataset import EvalQuestion
from rag.evaluation.runner import run_questions

pytestmark = pytest.mark.slow


def test_run_questions_answers_judges_and_ranks(engine, seed_docs) -> None:
    first = "What was the median PFS with milademetan?"
    questions = [
        EvalQuestion(
            id="pfs",
            question=first,
            answerable=True,
            gold_docs=["milademetan-mantra-2"],
            gold_quotes=["The median PFS was 3.5 months"],
            facts=[["3.5 months"]],
            type="numeric",
            split="test",
        ),
        EvalQuestion(
            id="ae",
            question="Which grade 3 or 4 adverse events did it cause?",
            history=[Turn(role="user", content=first)],
            answerable=True,
            gold_docs=["milademetan-mantra-2"],
            facts=[["thrombocytopenia"]],
            type="follow_up",
            split="test",
        ),
    ]
    documents = {doc_id: doc.text for doc_id, doc in seed_docs.items()}
    results = run_questions(
        engine, questions, documents, mode="extractive", depth=7, progress=False
    )
    assert [r.question.id for r in results] == ["pfs", "ae"]
    pfs, ae = results
    assert pfs.verdict.correct and pfs.verdict.quote_recall is not None
    assert pfs.verdict.rr_quote == 1.0
    assert len(pfs.ranked) == 7 and [c.rank for c in pfs.ranked] == list(range(1, 8))
    assert pfs.verdict.latency_ms > 0
    assert "milademetan" in ae.answer.standalone_question
    assert ae.verdict.correct, ae.answer.answer
