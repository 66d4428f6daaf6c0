from collections.abc import Sequence

import pytest

from rag.bench.scifact import (
    PUBLISHED,
    QUICK_DISTRACTORS,
    Scores,
    comparison_table,
    fused,
    quick_corpus,
    score,
    tune,
)
from rag.settings import RetrievalSettings


def test_score_means_over_judged_queries() -> None:
    rankings = {"q1": ["a", "x"], "q2": ["y", "b"], "unjudged": ["a"]}
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    result = score(rankings, qrels)
    assert result.recall_at_100 == 1.0
    assert result.mrr_at_10 == pytest.approx(0.75)
    assert 0.5 < result.ndcg_at_10 < 1.0


def test_quick_corpus_keeps_relevant_documents_and_is_reproducible() -> None:
    corpus = {str(i): (f"t{i}", f"x{i}") for i in range(3000)}
    qrels = {str(q): {str(q * 7): 1} for q in range(1, 200)}
    subset, chosen = quick_corpus(corpus, qrels)
    assert len(chosen) == 100 and list(chosen)[:2] == ["1", "2"]
    assert all(doc in subset for judged in chosen.values() for doc in judged)
    assert len(subset) == 100 + QUICK_DISTRACTORS
    assert quick_corpus(corpus, qrels)[0] == subset


def _doc(chunk_ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(c.split("#")[0] for c in chunk_ids))


def test_fusion_and_tuning_on_toy_rankings() -> None:
    pairs = {
        "q1": (["good#1", "bad#1"], ["bad#1", "x#1", "good#1"]),
        "q2": (["good2#1", "bad#1"], ["bad#2", "x#1", "good2#1"]),
    }
    qrels = {"q1": {"good": 1}, "q2": {"good2": 1}}
    equal = RetrievalSettings(rrf_k=60, dense_weight=1.0, sparse_weight=1.0)
    even = fused(pairs, _doc, equal)
    assert even["q1"][0] == "bad"  # first and second place beat first and third
    best, value = tune(pairs, _doc, qrels, equal)
    weight = best.dense_weight
    assert weight > 1.0 and value == 1.0
    assert [ranking[0] for ranking in fused(pairs, _doc, best).values()] == [
        "good",
        "good2",
    ]


def test_comparison_table_lists_ours_then_published() -> None:
    table = comparison_table([("hybrid", Scores(0.7, 0.9, 0.65))], "note")
    assert table.rows[0] == ["hybrid", "0.700", "0.900", "0.650"]
    assert len(table.rows) == 1 + len(PUBLISHED)
    assert table.rows[1][0].endswith("(published)")
