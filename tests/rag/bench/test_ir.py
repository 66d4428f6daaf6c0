"""Our ranking metrics on hand-made cases, and against trec_eval (pytrec_eval) on random runs."""

import math
import random

import pytest
import pytrec_eval

from rag.bench.ir import first_occurrences, mean, mrr_at_k, ndcg_at_k, recall_at_k


def test_hand_made_cases() -> None:
    relevance = {"a": 1, "b": 1}
    assert ndcg_at_k(["a", "b", "c"], relevance, 10) == 1.0
    assert ndcg_at_k(["c", "d"], relevance, 10) == 0.0
    assert ndcg_at_k(["c", "a"], {"a": 1}, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["a"], {}, 10) == 0.0
    assert recall_at_k(["a", "c"], relevance, 1) == 0.5
    assert recall_at_k(["c"], relevance, 10) == 0.0
    assert recall_at_k(["c"], {"c": 0}, 10) == 0.0
    assert mrr_at_k(["c", "b"], relevance, 10) == 0.5
    assert mrr_at_k(["c", "b"], relevance, 1) == 0.0
    assert first_occurrences(["d1", "d2", "d1", "d3"]) == ["d1", "d2", "d3"]
    assert mean([]) == 0.0


def test_agrees_with_trec_eval() -> None:
    rng = random.Random(7)
    docs = [f"d{i}" for i in range(60)]
    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    for n in range(40):
        judged = rng.sample(docs, rng.randint(1, 5))
        qrels[f"q{n}"] = {d: rng.choice([1, 1, 2]) for d in judged}
        ranking = rng.sample(docs, 50)
        run[f"q{n}"] = {d: float(50 - rank) for rank, d in enumerate(ranking)}
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.10", "recall.100"})
    theirs = evaluator.evaluate(run)
    for q, scores in run.items():
        ranking = sorted(scores, key=lambda d: -scores[d])
        assert ndcg_at_k(ranking, qrels[q], 10) == pytest.approx(theirs[q]["ndcg_cut_10"])
        assert recall_at_k(ranking, qrels[q], 10) == pytest.approx(theirs[q]["recall_10"])
        assert recall_at_k(ranking, qrels[q], 100) == pytest.approx(theirs[q]["recall_100"])
