from pathlib import Path

import numpy as np

from rag.retrieval.sparse import FORMAT, BM25Index, ids_revision
from rag.types import Chunk


def _chunk(i: int, text: str, kind: str = "body") -> Chunk:
    return Chunk(
        id=f"c{i}", doc_id=f"d{i % 2}", text=text, start=0, end=len(text), section="S",
        section_kind=kind, language="en",
    )  # fmt: skip


RECORDS = [
    (_chunk(0, "Ziftomenib reached complete remission in 35% of NPM1-mutant patients."), 2024),
    (_chunk(1, "Measurable residual disease (MRD) guides therapy after remission."), 2023),
    (_chunk(2, "Blinatumomab was given to infants with KMT2A-rearranged ALL."), None),
]


def test_search_ranks_and_expands_abbreviations() -> None:
    index = BM25Index.build(RECORDS, "r1")
    assert index.abbreviations == {"MRD": "measurable residual disease"}
    assert [i for i, _ in index.search("ziftomenib remission", 3)][0] == "c0"
    assert [i for i, _ in index.search("MRD", 3)] == ["c1"]
    assert index.search("measurable residual", 3)[0][0] == "c1"
    assert index.search("unrelated words entirely", 3) == []


def test_mask_filters_results() -> None:
    index = BM25Index.build(RECORDS, "r1")
    assert index.search("remission", 3, allowed=np.array([0, 1, 1], dtype=np.float32))[0][0] == "c1"


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    index = BM25Index.build(RECORDS, "r1")
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded is not None
    assert loaded.ids == index.ids and loaded.built_from == "r1"
    assert loaded.search("blinatumomab infants", 2) == index.search("blinatumomab infants", 2)
    assert BM25Index.load(tmp_path / "missing") is None
    assert not list((tmp_path / "bm25").glob("*.pkl"))
    assert [p.name for p in tmp_path.iterdir()] == ["bm25"]  # nothing left aside
    BM25Index.build(RECORDS[:1], "r1").save(tmp_path / "bm25")  # the first whole build stays
    again = BM25Index.load(tmp_path / "bm25")
    assert again is not None and again.ids == index.ids


def test_a_store_without_a_revision_gets_one_from_its_ids() -> None:
    assert ids_revision(["b", "a"]) == ids_revision(["a", "b"]) != ids_revision(["a"])
    assert ids_revision([]).startswith("ids-")


def test_chinese_text_is_found_by_character_pairs() -> None:
    records: list[tuple[Chunk, int | None]] = [
        (_chunk(0, "米拉德美坦的中位PFS为3.5个月。"), None),
        (_chunk(1, "The median PFS with milademetan was 3.5 months."), None),
    ]
    index = BM25Index.build(records, "r1")
    assert index.search("米拉德美坦的中位无进展生存期是多少?", 2)[0][0] == "c0"


def test_a_build_of_another_format_is_not_read(tmp_path) -> None:
    index = BM25Index.build([(_chunk(0, "Median PFS was 3.5 months."), None)], "r1")
    index.save(tmp_path / "r1")
    sidecar = tmp_path / "r1" / "citeqa.json"
    sidecar.write_text(sidecar.read_text().replace(f'"format": {FORMAT}', '"format": 2'))
    assert BM25Index.load(tmp_path / "r1") is None


def test_each_document_leads_with_its_first_body_chunk() -> None:
    front = _chunk(4, "Journal of Things, volume 3")
    front = front.model_copy(update={"section_kind": "front", "doc_id": "d9", "start": 0})
    lead = _chunk(5, "Mitoxantrone liposome was studied.").model_copy(
        update={"doc_id": "d9", "start": 40}
    )
    later = _chunk(6, "Adverse events were mild.").model_copy(update={"doc_id": "d9", "start": 90})
    statistics = BM25Index.build([(later, None), (front, None), (lead, None)], "r").statistics
    assert statistics.leads["d9"] == ["liposome", "mitoxantrone", "studied"]
