"""How the dense leg applies filters: exactly over the stored vectors when they allow few chunks,
after an unfiltered search when they allow a large enough share, in the store otherwise or when
the over-fetch fell short."""

import math

import pytest

from rag.retrieval import hybrid
from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.sparse import BM25Index
from rag.settings import RetrievalSettings
from rag.types import Chunk
from tests.stand_ins import HashingEmbedder

DIMENSION = HashingEmbedder().dimension
QUERY = [1.0] + [0.0] * (DIMENSION - 1)


def _chunk(i: int, kind: str = "body") -> Chunk:
    return Chunk(
        id=f"c{i:02d}", doc_id=f"d{i % 8}", text=f"remission text number {i}", start=0, end=10,
        section="S", section_kind=kind, language="en",
    )  # fmt: skip


CHUNKS = [_chunk(i, "references" if i % 10 == 9 else "body") for i in range(40)]
#: The store's ranking for every query: documents d6 and d7 nearest.
NEAREST = sorted(CHUNKS, key=lambda c: (c.doc_id not in ("d6", "d7"), c.id))


def _similarity(chunk: Chunk) -> float:
    return 1.0 - NEAREST.index(chunk) / 100


class _Store:
    """Ranks by ``NEAREST``; stores vectors whose cosine with ``QUERY`` follows that ranking;
    records every query's size and filter and every vector read."""

    def __init__(self) -> None:
        self.queries: list[tuple[int, object]] = []
        self.read: list[str] = []

    def query(self, embedding, k, where=None):
        assert len(embedding) == DIMENSION
        self.queries.append((k, where))
        allowed = [c for c in NEAREST if where is None or _passes(c, where)]
        return [(c.id, _similarity(c)) for c in allowed[:k]]

    def embeddings(self, chunk_ids):
        self.read += chunk_ids
        found = {c.id: c for c in CHUNKS}
        out = {}
        for i in chunk_ids:
            cosine = _similarity(found[i])
            # Not unit length: the exact search must normalise.
            out[i] = [3 * cosine, 3 * math.sqrt(1 - cosine**2)] + [0.0] * (DIMENSION - 2)
        return out

    def get(self, chunk_ids):
        found = {c.id: c for c in CHUNKS}
        return [found[i] for i in chunk_ids if i in found]


def _passes(chunk: Chunk, where) -> bool:
    clauses = where.get("$and", [where])
    for clause in clauses:
        ((field, test),) = clause.items()
        value = getattr(chunk, field)
        if "$ne" in test and value == test["$ne"] or "$in" in test and value not in test["$in"]:
            return False
    return True


def _retriever() -> tuple[HybridRetriever, _Store]:
    store = _Store()
    sparse = BM25Index.build([(c, None) for c in CHUNKS], "r")
    settings = RetrievalSettings(candidates=8)
    return HybridRetriever(HashingEmbedder(), store, sparse, settings), store  # type: ignore[arg-type]


def _search(retriever: HybridRetriever, k: int, filters: Filters | None = None) -> list[str]:
    hits = retriever.search("remission", k=k, mode="dense", filters=filters, vector=QUERY)
    return [hit.chunk.id for hit in hits]


def test_a_filter_allowing_few_chunks_is_searched_exactly_over_their_vectors() -> None:
    retriever, store = _retriever()
    found = _search(retriever, 3, Filters(doc_ids=["d2", "d6"]))
    assert store.queries == []
    allowed = [c for c in CHUNKS if c.doc_id in ("d2", "d6") and c.section_kind == "body"]
    assert sorted(store.read) == sorted(c.id for c in allowed)
    assert found == [c.id for c in NEAREST if c in allowed][:3]
    hits = retriever.search(
        "remission", k=3, mode="dense", filters=Filters(doc_ids=["d6"]), vector=QUERY
    )
    assert hits[0].score == pytest.approx(_similarity(hits[0].chunk), abs=1e-6)


def test_a_filter_allowing_most_chunks_is_applied_after_an_unfiltered_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hybrid, "EXACT", 0)
    retriever, store = _retriever()
    found = _search(retriever, 8)
    assert store.queries == [(14, None)]  # 8 / (36/40) * 1.5, rounded up; no `where`
    assert store.read == []
    assert found == [c.id for c in NEAREST if c.section_kind == "body"][:8]


def test_a_filter_between_exact_and_the_over_fetch_limit_is_left_to_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hybrid, "EXACT", 0)
    monkeypatch.setattr(hybrid, "MAX_FETCH", 20)
    retriever, store = _retriever()
    found = _search(retriever, 3, Filters(doc_ids=["d2"]))  # 3 / (5/40) * 1.5 = 36 > 20
    assert store.queries == [
        (8, {"$and": [{"doc_id": {"$in": ["d2"]}}, {"section_kind": {"$ne": "references"}}]})
    ]
    assert {c.doc_id for c in CHUNKS if c.id in found} == {"d2"}


def test_an_over_fetch_that_falls_short_asks_the_store_to_filter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hybrid, "EXACT", 0)
    retriever, store = _retriever()
    wide = Filters(doc_ids=[f"d{i}" for i in range(6)])  # 27 of 40 chunks, none of the nearest
    hits = retriever.search("remission", k=8, mode="dense", filters=wide)
    assert [k for k, _ in store.queries] == [18, 8]  # 8 / (27/40) * 1.5, rounded up
    assert store.queries[0][1] is None and store.queries[1][1] is not None
    assert len(hits) == 8 and all(h.chunk.doc_id not in ("d6", "d7") for h in hits)
