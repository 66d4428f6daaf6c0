import json
from pathlib import Path

import bm25s
import numpy as np
import pytest

from rag.bench.consistency import sparse_differences
from rag.retrieval.sparse import FORMAT, BM25Index, ids_revision, tokenize
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


def test_the_documents_using_a_term_are_counted_without_reference_lists() -> None:
    cited = _chunk(4, "Remission after blinatumomab was reported (ref).", kind="references")
    index = BM25Index.build([*RECORDS, (cited, None)], "r1")
    assert index.statistics.documents == 2
    assert index.statistics.documents_using("remission") == 2  # d0 (c0, c2) and d1 (c1)
    assert index.statistics.documents_using("blinatumomab") == 1  # c2; c4 is a reference list
    assert index.statistics.documents_using("absent") == 0
    removed = index.updated([], ["c1"], "r2", lambda _: [])
    assert removed.statistics.documents_using("remission") == 1


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
    content = json.loads(sidecar.read_text())
    assert content["format"] == FORMAT
    sidecar.write_text(json.dumps({**content, "format": 2}))
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


TEXTS = [
    "Ziftomenib reached complete remission (CR) in 35% of NPM1-mutant patients.",
    "Complete remission after induction is the goal; CR rates vary.",
    "Measurable residual disease (MRD) guides therapy after remission.",
    "Median overall survival (OS) was 6.6 months with ziftomenib.",
    "Blinatumomab was given to infants with KMT2A-rearranged ALL; OS at two years was 93%.",
    "Grade 3 differentiation syndrome occurred in 15% of patients.",
    "The MRD-negative rate after two cycles of blinatumomab was high.",
    "Cardiac rhythm (CR) was monitored by ECG.",
]
QUERIES = ["complete remission rate", "MRD blinatumomab", "OS months", "differentiation syndrome"]


def _records(indices: list[int]) -> list[tuple[Chunk, int | None]]:
    return [
        (_chunk(i, TEXTS[i]).model_copy(update={"doc_id": f"d{i % 3}", "start": 100 * i}), 2024)
        for i in indices
    ]


def _fetch_from(records: list[tuple[Chunk, int | None]]):
    stored = {chunk.id: chunk for chunk, _ in records}
    return lambda ids: [stored[i] for i in ids if i in stored]


def test_scores_are_those_of_bm25s_lucene() -> None:
    records = _records(list(range(len(TEXTS))))
    index = BM25Index.build(records, "r")
    reference = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    reference.index(tokenize([chunk.text for chunk, _ in records]), show_progress=False)
    for query in ["ziftomenib remission", "grade syndrome patients"]:
        tokens = tokenize([query])
        expected = reference.get_scores(tokens[0])
        mine = dict(index.search(query, len(TEXTS)))
        for (chunk, _), score in zip(records, expected, strict=True):
            assert mine.get(chunk.id, 0.0) == pytest.approx(float(score), rel=1e-5)


def test_an_updated_index_equals_a_rebuild_after_adds_removals_and_compaction() -> None:
    index = BM25Index.build(_records([0, 1, 2]), "r1")
    everything = _records(list(range(len(TEXTS))))
    index = index.updated(_records([3, 4, 5]), [], "r2", _fetch_from(everything))
    assert len(index.tokens.segments) == 2
    index = index.updated(_records([6, 7]), ["c1"], "r3", _fetch_from(everything))
    assert index.search("induction goal", 3) == []  # removed at once
    kept = [0, 2, 3, 4, 5, 6, 7]
    assert sparse_differences(index, BM25Index.build(_records(kept), "r3")) == []
    for query in QUERIES:
        assert index.search(query, 5) == BM25Index.build(_records(kept), "r3").search(query, 5)
    compacted = index.updated([], ["c0", "c3", "c4"], "r4", _fetch_from(everything))
    assert len(compacted.ids) == compacted.live == 4  # over a quarter removed: compacted
    rebuilt = BM25Index.build(_records([2, 5, 6, 7]), "r4")
    assert sparse_differences(compacted, rebuilt) == []
    assert [compacted.search(q, 5) for q in QUERIES] == [rebuilt.search(q, 5) for q in QUERIES]


def test_a_disputed_abbreviation_goes_to_the_long_form_more_documents_write_out() -> None:
    records = _records([0, 1, 7])  # d0 and d1 write "complete remission", d1 defines CR alone
    index = BM25Index.build(records, "r")
    assert index.mentions == {
        "complete remission": frozenset({"d0", "d1"}), "cardiac rhythm": frozenset({"d1"}),
    }  # fmt: skip
    assert index.abbreviations["CR"] == "complete remission"


def test_a_long_form_the_vote_passed_over_still_finds_its_short_form() -> None:
    records = [
        (_chunk(0, "The overall response rate (ORR) was 40%. The ORR held."), None),
        (_chunk(1, "The overall response rate (ORR) improved. Overall response rate rose."), None),
        (_chunk(2, "Objective response rate (ORR) was the primary endpoint."), None),
        (_chunk(3, "After one cycle the ORR was 19%."), None),
    ]
    records = [
        (chunk.model_copy(update={"doc_id": f"p{chunk.id}"}), year) for chunk, year in records
    ]
    index = BM25Index.build(records, "r")
    assert index.abbreviations["ORR"] == "overall response rate"
    assert index.statistics.short_forms["objective response rate"] == "ORR"
    assert index.statistics.short_forms["overall response rate"] == "ORR"
    # c3 says only "ORR": a query writing "objective response rate" out reaches it.
    assert "c3" in [i for i, _ in index.search("objective response rates", 4)]
    assert "c3" not in [i for i, _ in index.search("objective", 4)]


def test_a_long_form_is_written_out_as_a_phrase_not_as_scattered_words() -> None:
    poison = "Most recent dose (MRD) was logged. " * 5
    texts = [
        "Measurable residual disease (MRD) was negative after the most recent cycle; dose kept.",
        "Minimal residual disease (MRD) persisted. The dose was reduced; recent data agree.",
        "Measurable residual disease guided therapy.",
    ]
    records = [
        (_chunk(i, text).model_copy(update={"doc_id": f"p{i}"}), None)
        for i, text in enumerate([*texts, poison])
    ]
    index = BM25Index.build(records, "r")
    assert index.mentions["most recent dose"] == frozenset({"p3"})  # p0 and p1 scatter it
    assert index.abbreviations["MRD"] == "measurable residual disease"


def test_mentions_follow_updates_as_a_rebuild_finds_them() -> None:
    everything = _records(list(range(len(TEXTS))))
    index = BM25Index.build(_records([0, 1, 2, 3]), "r1")
    assert "cardiac rhythm" not in index.mentions
    # c7 disputes CR: the untouched d0 and d1 must be read back to count "complete remission"
    updated = index.updated(_records([7]), [], "r2", _fetch_from(everything))
    rebuilt = BM25Index.build(_records([0, 1, 2, 3, 7]), "r2")
    assert updated.mentions == rebuilt.mentions and updated.mentions["complete remission"]
    assert sparse_differences(updated, rebuilt) == []
    removed = updated.updated([], ["c7"], "r3", _fetch_from(everything))
    assert removed.mentions == BM25Index.build(_records([0, 1, 2, 3]), "r3").mentions == {}


def test_a_document_s_chunks_are_listed_in_document_order_without_removed_ones() -> None:
    def at(chunk_id: str, doc_id: str, start: int) -> tuple[Chunk, int | None]:
        text = f"Text of {chunk_id}."
        chunk = Chunk(
            id=chunk_id, doc_id=doc_id, text=text, start=start, end=start + len(text),
            section="S", section_kind="body", language="en",
        )  # fmt: skip
        return chunk, None

    records = [at("z", "a", 0), at("m", "a", 40), at("b", "a", 20), at("q", "b", 0)]
    index = BM25Index.build(records, "r1")
    assert index.chunk_ids("a") == ["z", "b", "m"] and index.chunk_ids("b") == ["q"]
    assert index.chunk_ids("none") == []
    updated = index.updated([at("y", "a", 30)], ["b"], "r2", _fetch_from(records))
    assert updated.chunk_ids("a") == ["z", "y", "m"]
