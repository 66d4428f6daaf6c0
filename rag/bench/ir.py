"""Ranking metrics for benchmarks (pure functions), as trec_eval and BEIR compute them.

``relevance`` maps judged document ids to graded relevance; documents not in it are not
relevant. nDCG uses linear gains (``rel / log2(rank + 1)``), like trec_eval's ``ndcg_cut``, over the
ideal ordering of the judged relevant documents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from rag.evaluation.metrics import reciprocal_rank


def first_occurrences(ids: Iterable[str]) -> list[str]:
    """The ids in order, each kept at its first (best) position: chunk hits become a document
    ranking scored by each document's best chunk."""
    return list(dict.fromkeys(ids))


def ndcg_at_k(ranking: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    """Normalised discounted cumulative gain of the first ``k`` of ``ranking``; 0 without any
    relevant document."""
    ideal = sorted((r for r in relevance.values() if r > 0), reverse=True)[:k]
    best = sum(rel / math.log2(rank + 1) for rank, rel in enumerate(ideal, 1))
    if best == 0:
        return 0.0
    gained = sum(
        relevance.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], 1)
    )
    return gained / best


def recall_at_k(ranking: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    """Share of the relevant documents among the first ``k``; 0 without any relevant one."""
    relevant = {doc for doc, rel in relevance.items() if rel > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def mrr_at_k(ranking: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    """1 / rank of the first relevant document within the first ``k``; 0 if none."""
    return reciprocal_rank([relevance.get(doc, 0) > 0 for doc in ranking[:k]])


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean; 0 for no values."""
    items = list(values)
    return sum(items) / len(items) if items else 0.0
