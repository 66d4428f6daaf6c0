"""How the dense leg applies filters: after an unfiltered search when they allow most chunks,
in the store when they are selective or the over-fetch fell short."""

from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.sparse import BM25Index
from rag.settings import RetrievalSettings
from rag.types import Chunk
from tests.stand_ins import HashingEmbedder


def _chunk(i: int, kind: str = "body") -> Chunk:
    return Chunk(
        id=f"c{i:02d}", doc_id=f"d{i % 8}", text=f"remission text number {i}", start=0, end=10,
        section="S", section_kind=kind, language="en",
    )  # fmt: skip


CHUNKS = [_chunk(i, "references" if i % 10 == 9 else "body") for i in range(40)]
#: The store's ranking for every query: documents d6 and d7 nearest.
NEAREST = sorted(CHUNKS, key=lambda c: (c.doc_id not in ("d6", "d7"), c.id))


class _Store:
    """Ranks by ``NEAREST``; records every query's size and filter."""

    def __init__(self) -> None:
        self.queries: list[tuple[int, object]] = []

    def query(self, embedding, k, where=None):
        assert len(embedding) == HashingEmbedder().dimension
        self.queries.append((k, where))
        allowed = [c for c in NEAREST if where is None or _passes(c, where)]
        return [(c.id, 1.0 - n / 100) for n, c in enumerate(allowed[:k])]

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


def test_a_filter_allowing_most_chunks_is_applied_after_an_unfiltered_search() -> None:
    retriever, store = _retriever()
    hits = retriever.search("remission", k=8, mode="dense")
    assert store.queries == [(14, None)]  # 8 / (36/40) * 1.5, rounded up; no `where`
    assert len(hits) == 8 and all(h.chunk.section_kind == "body" for h in hits)
    assert [h.chunk.id for h in hits] == [c.id for c in NEAREST if c.section_kind == "body"][:8]


def test_a_selective_filter_is_left_to_the_store() -> None:
    retriever, store = _retriever()
    hits = retriever.search("remission", k=3, mode="dense", filters=Filters(doc_ids=["d2"]))
    assert store.queries[0][1] == {
        "$and": [{"doc_id": {"$in": ["d2"]}}, {"section_kind": {"$ne": "references"}}]
    }
    assert {h.chunk.doc_id for h in hits} == {"d2"}


def test_an_over_fetch_that_falls_short_asks_the_store_to_filter() -> None:
    retriever, store = _retriever()
    wide = Filters(doc_ids=[f"d{i}" for i in range(6)])  # 27 of 40 chunks, none of the nearest
    hits = retriever.search("remission", k=8, mode="dense", filters=wide)
    assert [k for k, _ in store.queries] == [18, 8]  # 8 / (27/40) * 1.5, rounded up
    assert store.queries[0][1] is None and store.queries[1][1] is not None
    assert len(hits) == 8 and all(h.chunk.doc_id not in ("d6", "d7") for h in hits)
