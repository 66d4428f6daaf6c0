"""Whether a served BM25 index is the one a rebuild from the store gives: the same chunks with the
same filtering facts, the same postings (term, chunk, count), abbreviations and term statistics.
"""

from __future__ import annotations

import math
from typing import Any

from rag.retrieval.sparse import BM25Index, ChunkInfo
from rag.retrieval.statistics import TermStatistics


def _mapping_differences(what: str, served: dict[Any, Any], rebuilt: dict[Any, Any]) -> list[str]:
    differences = [f"{what}: {key!r} only served" for key in served.keys() - rebuilt.keys()]
    differences += [f"{what}: {key!r} only rebuilt" for key in rebuilt.keys() - served.keys()]
    for key in served.keys() & rebuilt.keys():
        a, b = served[key], rebuilt[key]
        same = math.isclose(a, b, rel_tol=1e-5) if isinstance(a, float) else a == b
        if not same:
            differences.append(f"{what}: {key!r} served {a!r}, rebuilt {b!r}")
    return differences


def _live(index: BM25Index) -> dict[str, ChunkInfo]:
    return {chunk_id: index.info[row] for chunk_id, row in index.rows.items()}


def sparse_differences(served: BM25Index, rebuilt: BM25Index) -> list[str]:
    """What differs between two BM25 indexes of the same chunks, in words (empty: equal)."""
    differences = _mapping_differences("chunk", _live(served), _live(rebuilt))
    differences += _mapping_differences("posting", served.postings(), rebuilt.postings())
    differences += _mapping_differences("abbreviation", served.abbreviations, rebuilt.abbreviations)
    differences += _mapping_differences("written out", served.mentions, rebuilt.mentions)
    differences += _mapping_differences(
        "term statistics", _counted(served.statistics), _counted(rebuilt.statistics)
    )
    return differences


def _counted(statistics: TermStatistics) -> dict[str, object]:
    """The statistics' values; not their lookup of the documents using a term, which reads the
    postings and chunks compared above."""
    return {name: value for name, value in vars(statistics).items() if not callable(value)}
