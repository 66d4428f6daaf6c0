from pathlib import Path

from rag.bench.consistency import sparse_differences
from rag.retrieval.sparse import BM25Index
from rag.types import Chunk


def _chunk(i: int, text: str, doc: str = "d0") -> Chunk:
    return Chunk(
        id=f"c{i}", doc_id=doc, text=text, start=100 * i, end=100 * i + len(text), section="S",
        section_kind="body", language="en",
    )  # fmt: skip


RECORDS = [
    (_chunk(0, "Ziftomenib reached complete remission in 35% of NPM1-mutant patients."), 2024),
    (_chunk(1, "Measurable residual disease (MRD) guides therapy after remission."), 2023),
    (_chunk(2, "Blinatumomab was given to infants with KMT2A-rearranged ALL.", "d1"), None),
]


def test_an_index_saved_and_loaded_equals_a_rebuild_in_another_order(tmp_path: Path) -> None:
    BM25Index.build(RECORDS, "r1").save(tmp_path / "bm25")
    served = BM25Index.load(tmp_path / "bm25")
    assert served is not None
    assert sparse_differences(served, BM25Index.build(RECORDS[::-1], "r1")) == []
    assert served.postings()[("remission", "c0")] == 1


def test_a_missing_or_changed_chunk_is_reported() -> None:
    served = BM25Index.build(RECORDS, "r1")
    fewer = sparse_differences(served, BM25Index.build(RECORDS[:2], "r1"))
    assert "chunk: 'c2' only served" in fewer
    assert any(d.startswith("posting: ('blinatumomab', 'c2') only served") for d in fewer)
    assert any(d.startswith("term statistics: 'doc_freq'") for d in fewer)
    changed = [(_chunk(1, "Measurable residual disease guides therapy."), 2023), *RECORDS[::2]]
    differences = sparse_differences(served, BM25Index.build(changed, "r1"))
    assert any(d.startswith("abbreviation: 'MRD' only served") for d in differences)
    assert not any(d.startswith("chunk:") for d in differences)
