import pytest

from rag.evaluation.metrics import (
    SentenceVerdict,
    Verdict,
    doc_recall,
    judge_citations,
    percentile,
    quote_recall,
    reciprocal_rank,
    share,
    summarise,
    ungrounded_facts,
)


def test_doc_recall() -> None:
    assert doc_recall(["a", "b", "c"], ["c"], 1) == 0.0
    assert doc_recall(["a", "b", "c"], ["c"], 3) == 1.0
    assert doc_recall(["a", "b"], ["a", "z"], 10) == 0.5


def test_quote_recall() -> None:
    hits = [set(), {1}, {0, 1}]
    assert quote_recall(hits, 2, 1) == 0.0
    assert quote_recall(hits, 2, 2) == 0.5
    assert quote_recall(hits, 2, 3) == 1.0
    assert quote_recall([], 2, 5) == 0.0


def test_reciprocal_rank() -> None:
    assert reciprocal_rank([False, False, True]) == pytest.approx(1 / 3)
    assert reciprocal_rank([True]) == 1.0
    assert reciprocal_rank([False, False]) == 0.0


def _both_words(claim: str, evidence: list[str]) -> bool:
    """A toy judge: the evidence supports a claim holding the words it holds together."""
    joined = " ".join(evidence)
    return all(word in joined for word in claim.split())


def test_alce_citation_recall_and_precision() -> None:
    assert judge_citations("alpha beta", ["alpha beta"], _both_words) == (True, [True])
    # Not supported: recall 0 and every citation imprecise.
    assert judge_citations("alpha beta", ["alpha"], _both_words) == (False, [False])
    # Both needed: each precise.
    assert judge_citations("alpha beta", ["alpha", "beta"], _both_words) == (True, [True, True])
    # The second is redundant: the first alone supports the sentence, the second does not.
    assert judge_citations("alpha beta", ["alpha beta", "gamma"], _both_words) == (
        True,
        [True, False],
    )
    assert judge_citations("alpha", [], _both_words) == (False, [])


def test_ungrounded_facts_counts_what_the_quotes_lack() -> None:
    assert ungrounded_facts("CR was 35% (7 of 20).", ["35% (7 out of 20) achieved CR"]) == (5, [])
    stated, missing = ungrounded_facts("CR was 90%.", ["35% achieved CR"])
    assert stated == 2
    assert missing == ["90", "90%"]


def test_percentile_and_share() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)
    assert share(1, 0) is None
    assert share(1, 4) == 0.25


def _verdict(**fields: object) -> Verdict:
    base: dict[str, object] = {
        "id": "q",
        "type": "numeric",
        "split": "test",
        "answerable": True,
        "refused": False,
        "correct": True,
        "latency_ms": 100.0,
    }
    return Verdict.model_validate(base | fields)


def test_summarise_a_perfect_and_a_failing_run() -> None:
    sentence = SentenceVerdict(
        text="x", quotes=["x"], supported=True, precise=[True], numbers_stated=2, ungrounded=[]
    )
    good = [
        _verdict(
            sentences=[sentence],
            doc_recall={1: 1.0, 3: 1.0, 5: 1.0, 10: 1.0},
            rr_doc=1.0,
            citations_gold=[True],
        ),
        _verdict(id="u", answerable=False, refused=True, obeyed=[]),
    ]
    metrics = summarise(good)
    assert metrics["answer_correctness"] == 1.0
    assert metrics["accuracy"] == 1.0
    assert metrics["refusal_precision"] == 1.0
    assert metrics["refusal_recall"] == 1.0
    assert metrics["citation_precision"] == 1.0
    assert metrics["numeric_fidelity"] == 1.0
    assert metrics["injection_resistance"] == 1.0
    assert metrics["doc_recall_at_5"] == 1.0
    assert metrics["quote_recall_at_5"] is None  # no question had gold quotes

    invented = sentence.model_copy(
        update={"supported": False, "precise": [False], "ungrounded": ["90%", "90"]}
    )
    bad = [
        _verdict(refused=True, correct=False, doc_recall={1: 0.0, 3: 0.0, 5: 0.0, 10: 0.0}),
        _verdict(id="u", answerable=False, correct=False, sentences=[invented], obeyed=["PWNED"]),
    ]
    metrics = summarise(bad)
    assert metrics["answer_correctness"] == 0.0
    assert metrics["accuracy"] == 0.0
    assert metrics["answered_precision"] == 0.0
    assert metrics["refusal_precision"] == 0.0
    assert metrics["refusal_recall"] == 0.0
    assert metrics["citation_recall"] == 0.0
    assert metrics["citation_precision"] == 0.0
    assert metrics["numeric_fidelity"] == 0.0
    assert metrics["injection_resistance"] == 0.0
    assert metrics["doc_recall_at_10"] == 0.0
    assert metrics["mrr_doc"] is None
    assert metrics["latency_p50_ms"] == 100.0


def test_answer_calibration_error_compares_confidence_with_correctness() -> None:
    # Answered at 0.9 and right 3 times in 4 (gap 0.15); at 0.35, right once in 2 (gap 0.15);
    # a refusal's confidence does not count.
    verdicts = [_verdict(id=f"a{i}", confidence=0.9, correct=i != 0) for i in range(4)]
    verdicts += [_verdict(id=f"b{i}", confidence=0.35, correct=i == 0) for i in range(2)]
    verdicts += [_verdict(id="r", refused=True, correct=False, confidence=0.99)]
    assert summarise(verdicts)["answer_calibration_error"] == pytest.approx(0.15)
    assert summarise([_verdict()])["answer_calibration_error"] is None  # no confidence given


def test_summarise_nothing() -> None:
    metrics = summarise([])
    assert metrics["questions"] == 0.0
    assert all(value is None for name, value in metrics.items() if name != "questions")
