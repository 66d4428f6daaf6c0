"""The sentence evidence index: built from chunks, updated with each write, saved whole, reused
by content."""

import json

import numpy as np
import pytest

from rag.retrieval import sentences
from rag.retrieval.sentences import UNITS, SentenceIndex, dequantize, quantize
from rag.text.endpoints import spelled_out
from rag.text.units import quotable_units
from rag.types import Chunk
from tests.stand_ins import HashingEmbedder, RecordingEmbedder


def chunk(chunk_id: str, text: str, kind: str = "body") -> tuple[Chunk, int | None]:
    return (
        Chunk(
            id=chunk_id, doc_id=f"doc-{chunk_id}", text=text, start=0, end=len(text),
            section="Results", section_kind=kind, language="en",
        ),
        2024,
    )  # fmt: skip


RECORDS = [
    chunk("a", "The CR rate was 35%. The drug was well tolerated.\n\nNo deaths occurred."),
    chunk("b", "Median PFS was 3.5 months. The drug was well tolerated."),
]


def test_every_quotable_sentence_has_the_vectors_of_its_text_with_endpoints_spelled_out() -> None:
    embedder = HashingEmbedder()
    index = SentenceIndex.build(RECORDS, "r1", embedder)
    for record, _ in RECORDS:
        for span in quotable_units(record.text, record.section_kind):
            vector, tokens = index.vector(record.id, span), index.tokens(record.id, span)
            read = spelled_out(record.text[span[0] : span[1]])  # "Median PFS" read as words
            expected = embedder.embed_with_tokens([read])[0]
            assert vector is not None and np.allclose(vector, expected.vector, atol=1e-6)
            assert tokens is not None and tokens.shape == expected.tokens.shape
            assert np.allclose(tokens, expected.tokens, atol=1 / 14)  # half a 4-bit step
    for chunk_id, span in (("a", (0, 3)), ("zzz", (0, 20))):
        assert index.vector(chunk_id, span) is None and index.tokens(chunk_id, span) is None


@pytest.mark.parametrize("width", [384, 5])
def test_quantized_rows_are_restored_to_within_half_a_step(width: int) -> None:
    rows = np.random.default_rng(7).standard_normal((50, width)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    rows[3] = 0.0
    stored, scales = quantize(rows)
    assert stored.dtype == np.uint8 and stored.shape == (50, (width + 1) // 2)
    restored = dequantize(stored, scales, width)
    assert restored.shape == rows.shape
    assert np.all(np.abs(restored - rows) <= scales[:, None] / 2 + 1e-6)
    assert not restored[3].any()
    largest = np.abs(rows).argmax(axis=1)
    assert np.allclose(np.abs(restored[5, largest[5]]), np.abs(rows[5, largest[5]]))
    empty, no_scales = quantize(np.zeros((0, width), np.float32))
    assert dequantize(empty, no_scales, width).shape == (0, width)


def test_nearest_finds_the_most_similar_sentences_of_the_chunks_given() -> None:
    embedder = HashingEmbedder()
    index = SentenceIndex.build(RECORDS, "r1", embedder)
    assert index.chunk_ids("doc-a") == ["a"] and index.chunk_ids("doc-zzz") == []
    query = embedder.embed_query("median PFS months")
    best = index.nearest(query, ["a", "b", "unknown"], 2)
    text = {record.id: record.text for record, _ in RECORDS}
    assert text[best[0].chunk_id][slice(*best[0].span)] == "Median PFS was 3.5 months."
    assert best[0].score >= best[1].score
    only_a = index.nearest(query, ["a"], 5)
    assert {h.chunk_id for h in only_a} == {"a"} and len(only_a) == 3
    assert index.nearest(query, [], 3) == [] and index.nearest(query, ["a"], 0) == []
    grown = SentenceIndex.build(RECORDS[:1], "r0", embedder).updated(
        [RECORDS[1][0]], (), "r1", embedder
    )
    assert len(grown.segments) == 2
    assert grown.nearest(query, ["a", "b"], 4) == index.nearest(query, ["a", "b"], 4)


def test_a_sentence_repeated_across_chunks_is_embedded_once() -> None:
    embedder = RecordingEmbedder()
    index = SentenceIndex.build(RECORDS, "r1", embedder)
    assert embedder.embedded.count("The drug was well tolerated.") == 1
    assert len(index) == 4


def test_a_rebuild_embeds_only_new_sentences() -> None:
    first = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    embedder = RecordingEmbedder()
    more = [*RECORDS, chunk("c", "Grade 3 neutropenia occurred in 12%. Median PFS was 3.5 months.")]
    second = SentenceIndex.build(more, "r2", embedder, previous=first)
    assert embedder.embedded == ["Grade 3 neutropenia occurred in 12%."]
    assert second.built_from == "r2" and len(second) == 5


def test_a_long_build_shows_its_progress_and_a_short_one_stays_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    assert "embedding sentences" not in capsys.readouterr().err
    monkeypatch.setattr(sentences, "PROGRESS_FROM", 4)
    SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    assert "embedding sentences" in capsys.readouterr().err


def test_vectors_of_another_model_are_not_reused() -> None:
    first = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    embedder = RecordingEmbedder()
    embedder.model_id = "another-model"
    SentenceIndex.build(RECORDS, "r2", embedder, previous=first)
    assert len(embedder.embedded) == 4


def test_saved_and_loaded_whole(tmp_path) -> None:
    index = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    index.save(tmp_path / "r1")
    loaded = SentenceIndex.load(tmp_path / "r1")
    assert loaded is not None
    assert loaded.built_from == "r1" and loaded.hashes == index.hashes
    assert loaded.chunks == index.chunks
    assert _lookups(loaded) == _lookups(index)


def test_the_rules_a_build_was_split_by_are_saved_and_kept_until_every_chunk_is_split_again(
    tmp_path, monkeypatch
) -> None:
    index = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    assert index.units == UNITS
    index.save(tmp_path / "r1")
    sidecar = tmp_path / "r1" / "sentences.json"
    written = json.loads(sidecar.read_text(encoding="utf-8"))
    assert written["units"] == UNITS
    del written["units"]  # a build from before the rules were versioned
    sidecar.write_text(json.dumps(written), encoding="utf-8")
    old = SentenceIndex.load(tmp_path / "r1")
    assert old is not None and old.units == 1
    monkeypatch.setattr("rag.retrieval.sentences.UNITS", 3)
    embedder = HashingEmbedder()
    partly = old.updated([RECORDS[0][0]], (), "r2", embedder)
    assert partly.units == 1  # chunk "b" is still split by the old rules
    assert old.updated([r for r, _ in RECORDS], (), "r2", embedder).units == 3
    assert SentenceIndex.build(RECORDS, "r2", embedder, previous=old).units == 3


def _lookups(index: SentenceIndex) -> dict[tuple[str, tuple[int, int]], tuple[float, ...]]:
    """Every indexed sentence's vector and token vectors, by chunk and span (what answering
    reads)."""
    out = {}
    for chunk_id, entry in index.chunks.items():
        for span in entry.spans:
            vector = index.vector(chunk_id, span)
            tokens = index.tokens(chunk_id, span)
            assert vector is not None and tokens is not None
            out[(chunk_id, span)] = (*np.round(vector, 6), *np.round(tokens, 6).ravel())
    return out


MORE = [
    chunk("c", "Grade 3 neutropenia occurred in 12%. Median PFS was 3.5 months."),
    chunk("d", "Overall survival was 9.1 months.\n\nThe drug was well tolerated."),
]


def test_an_update_equals_a_build_of_the_same_chunks_and_embeds_only_new_text() -> None:
    first = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    embedder = RecordingEmbedder()
    updated = first.updated([c for c, _ in MORE], ["a"], "r2", embedder)
    assert embedder.embedded == [
        "Grade 3 neutropenia occurred in 12%.",
        "Overall survival was 9.1 months.",
    ]
    rebuilt = SentenceIndex.build([RECORDS[1], *MORE], "r2", HashingEmbedder())
    assert _lookups(updated) == _lookups(rebuilt)
    assert len(updated) == len(rebuilt) == 4
    assert updated.vector("a", (0, 20)) is None
    assert first.vector("a", (0, 20)) is not None  # readers of the old revision are undisturbed


def test_removed_rows_are_compacted_and_readding_embeds_nothing() -> None:
    index = SentenceIndex.build([*RECORDS, *MORE], "r1", HashingEmbedder())
    smaller = index.updated([], ["a", "c", "d"], "r2", HashingEmbedder())
    assert len(smaller.hashes) == len(smaller) == 2  # compacted: unused rows dropped
    embedder = RecordingEmbedder()
    again = smaller.updated([RECORDS[0][0]], [], "r3", embedder)
    assert embedder.embedded == ["The CR rate was 35%.", "No deaths occurred."]
    assert _lookups(again) == _lookups(SentenceIndex.build(RECORDS, "r3", HashingEmbedder()))


def test_compaction_gathers_vectors_and_token_vectors_across_segments() -> None:
    grown = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    grown = grown.updated([chunk for chunk, _ in MORE], [], "r2", HashingEmbedder())
    assert len(grown.segments) == 2
    smaller = grown.updated([], ["a", "c"], "r3", HashingEmbedder())
    assert len(smaller.segments) == 1 and len(smaller.hashes) == len(smaller)  # compacted
    rebuilt = SentenceIndex.build([RECORDS[1], MORE[1]], "r3", HashingEmbedder())
    assert _lookups(smaller) == _lookups(rebuilt)


def test_a_saved_segment_is_linked_into_the_next_build(tmp_path) -> None:
    index = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    index.save(tmp_path / "r1")
    updated = index.updated([MORE[0][0]], [], "r2", HashingEmbedder())
    updated.save(tmp_path / "r2")
    shared = [p for p in (tmp_path / "r1").glob("*.npy") if p.name != "refs.npy"]
    assert len(shared) == 4  # vectors, token vectors, their scales, where each row's start
    assert all((tmp_path / "r2" / p.name).stat().st_nlink == 2 for p in shared)
    loaded = SentenceIndex.load(tmp_path / "r2")
    assert loaded is not None and _lookups(loaded) == _lookups(updated)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r1", "r2"]  # nothing left aside


@pytest.mark.parametrize("suffix", [".npy", ".tokens.npy", ".scales.npy", ".starts.npy"])
def test_a_missing_or_damaged_build_loads_as_none(tmp_path, suffix: str) -> None:
    assert SentenceIndex.load(tmp_path / "absent") is None
    index = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    index.save(tmp_path / "r1")
    segment = tmp_path / "r1" / f"{index.segments[0].name}{suffix}"
    np.save(segment, np.zeros((1, 3), dtype=np.float32))
    assert SentenceIndex.load(tmp_path / "r1") is None
