"""Whether a served BM25 index is the one a rebuild from the store gives: the same chunks with the
same filtering facts, the same postings (term, chunk, score), abbreviations and term statistics.
"""

from __future__ import annotations

import math
from typing import Any

from rag.retrieval.sparse import BM25Index


def postings(index: BM25Index) -> dict[tuple[str, str], float]:
    """Every ``(term, chunk id) -> BM25 weight`` of the index (bm25s keeps them as a CSC matrix
    of terms by documents; its vocabulary may hold one more entry, the empty token, with no
    column)."""
    retriever: Any = index._retriever  # noqa: SLF001 - the bm25s arrays are the postings
    if not index.ids:
        return {}
    scores = retriever.scores
    indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
    found: dict[tuple[str, str], float] = {}
    for term, column in retriever.vocab_dict.items():
        if column + 1 >= len(indptr):
            continue
        for row in range(int(indptr[column]), int(indptr[column + 1])):
            found[(term, index.ids[int(indices[row])])] = float(data[row])
    return found


def _mapping_differences(what: str, served: dict[Any, Any], rebuilt: dict[Any, Any]) -> list[str]:
    differences = [f"{what}: {key!r} only served" for key in served.keys() - rebuilt.keys()]
    differences += [f"{what}: {key!r} only rebuilt" for key in rebuilt.keys() - served.keys()]
    for key in served.keys() & rebuilt.keys():
        a, b = served[key], rebuilt[key]
        same = math.isclose(a, b, rel_tol=1e-5) if isinstance(a, float) else a == b
        if not same:
            differences.append(f"{what}: {key!r} served {a!r}, rebuilt {b!r}")
    return differences


def sparse_differences(served: BM25Index, rebuilt: BM25Index) -> list[str]:
    """What differs between two BM25 indexes of the same chunks, in words (empty: equal)."""
    differences = _mapping_differences(
        "chunk",
        dict(zip(served.ids, served.info, strict=True)),
        dict(zip(rebuilt.ids, rebuilt.info, strict=True)),
    )
    differences += _mapping_differences("posting", postings(served), postings(rebuilt))
    differences += _mapping_differences("abbreviation", served.abbreviations, rebuilt.abbreviations)
    differences += _mapping_differences(
        "term statistics", vars(served.statistics), vars(rebuilt.statistics)
    )
    return differences
