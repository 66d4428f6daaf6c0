"""Answer every question of a set with one engine and judge each answer."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from rag.answering.engine import AnswerEngine
from rag.answering.types import Answer, AnswerMode
from rag.evaluation.dataset import EvalQuestion
from rag.evaluation.judge import judge
from rag.evaluation.metrics import Verdict
from rag.progress import progress_bar


class RankedChunk(BaseModel):
    """Where a ranked chunk came from, for the report."""

    rank: int
    doc_id: str
    chunk_id: str
    start: int
    end: int


class QuestionResult(BaseModel):
    """One question, what citeqa answered, what retrieval ranked, and the verdict."""

    question: EvalQuestion
    answer: Answer
    ranked: list[RankedChunk]
    verdict: Verdict


def run_questions(
    engine: AnswerEngine,
    questions: Sequence[EvalQuestion],
    documents: Mapping[str, str],
    *,
    mode: AnswerMode,
    depth: int,
    progress: bool = True,
) -> list[QuestionResult]:
    """Answer and judge every question, in order.

    Retrieval metrics rank ``depth`` chunks for the answer's standalone question (the question
    with what its history carries), the query the answer itself was retrieved with.

    Args:
        engine: The engine, built once.
        questions: The questions.
        documents: Cleaned document text by id.
        mode: ``extractive`` or ``llm``.
        depth: How many chunks to rank for the retrieval metrics.
        progress: Show a progress bar on standard error.
    """
    results = []
    for question in progress_bar(questions, desc="eval", unit="q", enabled=progress):
        started = time.perf_counter()
        answer = engine.answer(question.question, history=question.history, mode=mode)
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        hits = engine.search(answer.standalone_question, k=depth)
        chunks = [hit.chunk for hit in hits]
        verdict = judge(
            question,
            answer,
            chunks,
            documents,
            min_overlap=engine.settings.answer.min_overlap,
            latency_ms=latency_ms,
        )
        ranked = [
            RankedChunk(rank=i, doc_id=c.doc_id, chunk_id=c.id, start=c.start, end=c.end)
            for i, c in enumerate(chunks, 1)
        ]
        results.append(
            QuestionResult(question=question, answer=answer, ranked=ranked, verdict=verdict)
        )
    return results
