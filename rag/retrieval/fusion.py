"""Rank fusion and diversity: pure functions over ranked lists of ids.

Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009) scores an item by
``sum_i w_i / (k + rank_i)`` over the rankings it appears in (ranks start at 1). It needs no score
calibration between retrievers, which is why it suits dense cosine scores and BM25 scores alike.
The constant ``k = 60`` is the paper's; larger values flatten the advantage of top ranks.

Maximal marginal relevance (Carbonell and Goldstein, 1998) reorders candidates so that each next
pick maximises ``λ·relevance − (1 − λ)·max similarity to the picks so far``.
"""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[str, float]]:
    """Fuse ranked id lists into one ranking.

    Args:
        rankings: Each a list of ids, best first. An id repeated within one list counts once, at
            its best rank.
        weights: One non-negative weight per ranking; all 1 when None.
        k: The RRF constant (must be positive).

    Returns:
        ``(id, score)`` pairs, best first; ties keep the order of first appearance.

    Raises:
        ValueError: Weights do not match the rankings, are negative, or ``k`` is not positive.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    if any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative")
    if k <= 0:
        raise ValueError("k must be positive")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[str] = set()
        for rank, item in enumerate(ranking, 1):
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def maximal_marginal_relevance(
    query: Sequence[float],
    candidates: Sequence[Sequence[float]],
    k: int,
    lambda_mult: float = 0.5,
) -> list[int]:
    """Pick ``k`` candidate indices balancing relevance to ``query`` and mutual diversity.

    Vectors are assumed L2-normalised, so the dot product is cosine similarity.

    Args:
        query: The query vector.
        candidates: Candidate vectors, in any order.
        k: How many to pick.
        lambda_mult: 1 is pure relevance, 0 pure diversity.

    Returns:
        Indices into ``candidates`` in pick order.
    """
    if not 0.0 <= lambda_mult <= 1.0:
        raise ValueError("lambda_mult must be within [0, 1]")
    relevance = [_dot(query, c) for c in candidates]
    picked: list[int] = []
    redundancy = [float("-inf")] * len(candidates)
    while len(picked) < min(k, len(candidates)):
        best, best_score = -1, float("-inf")
        for i in range(len(candidates)):
            if i in picked:
                continue
            penalty = redundancy[i] if picked else 0.0
            score = lambda_mult * relevance[i] - (1 - lambda_mult) * penalty
            if score > best_score:
                best, best_score = i, score
        picked.append(best)
        for i in range(len(candidates)):
            redundancy[i] = max(redundancy[i], _dot(candidates[i], candidates[best]))
    return picked
