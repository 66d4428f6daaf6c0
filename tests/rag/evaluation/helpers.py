"""A small hand-made report for the report and chart tests."""

from rag.answering.types import Answer
from rag.evaluation.dataset import EvalQuestion
from rag.evaluation.metrics import Verdict, summarise
from rag.evaluation.report import EvalReport, breakdown
from rag.evaluation.runner import QuestionResult
from rag.evaluation.thresholds import Gate, check


def _result(qid: str, answerable: bool, refused: bool, correct: bool) -> QuestionResult:
    question = EvalQuestion(
        id=qid,
        question=f"Question {qid}?",
        answerable=answerable,
        gold_docs=["d"] if answerable else [],
        facts=[["35%"]] if answerable else [],
        type="numeric" if answerable else "unanswerable",
        split="test",
    )
    text = "The indexed literature does not answer this question." if refused else "It was 5%. [1]"
    answer = Answer(
        question=question.question,
        standalone_question=question.question,
        answer=text,
        refused=refused,
        citations=[],
        mode="extractive",
        model="extractive",
        fallback=False,
    )
    verdict = Verdict(
        id=qid,
        type=question.type,
        split="test",
        answerable=answerable,
        refused=refused,
        correct=correct,
        missing_facts=[] if correct or not answerable else ["35%"],
        latency_ms=50.0,
    )
    return QuestionResult(question=question, answer=answer, ranked=[], verdict=verdict)


def sample_report() -> EvalReport:
    """Three questions: one right, one wrong answer, one right refusal; one gate fails."""
    results = [
        _result("right", True, False, True),
        _result("wrong", True, False, False),
        _result("refusal", False, True, True),
    ]
    metrics = summarise([r.verdict for r in results])
    gates = [
        Gate(metric="answer_correctness", kind="min", bound=0.9, value=None),
        Gate(metric="refusal_recall", kind="min", bound=0.5, value=None),
    ]
    return EvalReport(
        created="2026-11-22T00:00:00+00:00",
        commit="abc123",
        set_path="eval/questions.yaml",
        split="test",
        mode="extractive",
        settings_fingerprint="f" * 12,
        settings={},
        machine="test machine",
        seconds=1.0,
        metrics=metrics,
        by_type=breakdown(results, "type"),
        by_split=breakdown(results, "split"),
        gates=check(gates, metrics),
        results=results,
    )
