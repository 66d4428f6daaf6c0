import pytest

from rag.retrieval.fusion import maximal_marginal_relevance, reciprocal_rank_fusion


def test_rrf_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]])
    assert [item for item, _ in fused] == ["b", "c", "a", "d"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_weights_duplicates_and_ties() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([["a"], ["b"]], [1.0, 2.0])] == ["b", "a"]
    assert reciprocal_rank_fusion([["a", "a", "b"]], k=1) == [("a", 0.5), ("b", 1 / 4)]
    assert [i for i, _ in reciprocal_rank_fusion([["x"], ["y"]])] == ["x", "y"]
    assert reciprocal_rank_fusion([[], []]) == []


@pytest.mark.parametrize(("weights", "k"), [([1.0], 60), ([1.0, -1.0], 60), ([1.0, 1.0], 0)])
def test_rrf_rejects_bad_arguments(weights: list[float], k: int) -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"], ["b"]], weights, k)


def test_mmr_trades_relevance_for_diversity() -> None:
    query = [1.0, 0.0]
    candidates = [[1.0, 0.0], [0.99, 0.141], [0.6, 0.8]]
    assert maximal_marginal_relevance(query, candidates, 2, lambda_mult=1.0) == [0, 1]
    assert maximal_marginal_relevance(query, candidates, 2, lambda_mult=0.3) == [0, 2]
    assert maximal_marginal_relevance(query, candidates, 5, lambda_mult=0.4) == [0, 2, 1]
    with pytest.raises(ValueError):
        maximal_marginal_relevance(query, candidates, 1, lambda_mult=2)
