"""The sentence evidence index: built from chunks, saved whole, reused by content."""

import numpy as np

from rag.retrieval.sentences import SentenceIndex
from rag.text.units import quotable_units
from rag.types import Chunk
from tests.stand_ins import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


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


def test_every_quotable_sentence_has_the_vector_of_its_text() -> None:
    embedder = HashingEmbedder()
    index = SentenceIndex.build(RECORDS, "r1", embedder)
    for record, _ in RECORDS:
        for span in quotable_units(record.text, record.section_kind):
            vector = index.vector(record.id, span)
            expected = embedder.embed_documents([record.text[span[0] : span[1]]])[0]
            assert vector is not None and np.allclose(vector, expected, atol=1e-6)
    assert index.vector("a", (0, 3)) is None
    assert index.vector("zzz", (0, 20)) is None


def test_a_sentence_repeated_across_chunks_is_embedded_once() -> None:
    embedder = CountingEmbedder()
    index = SentenceIndex.build(RECORDS, "r1", embedder)
    assert embedder.embedded.count("The drug was well tolerated.") == 1
    assert len(index) == 4


def test_a_rebuild_embeds_only_new_sentences() -> None:
    first = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    embedder = CountingEmbedder()
    more = [*RECORDS, chunk("c", "Grade 3 neutropenia occurred in 12%. Median PFS was 3.5 months.")]
    second = SentenceIndex.build(more, "r2", embedder, previous=first)
    assert embedder.embedded == ["Grade 3 neutropenia occurred in 12%."]
    assert second.built_from == "r2" and len(second) == 5


def test_vectors_of_another_model_are_not_reused() -> None:
    first = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    embedder = CountingEmbedder()
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
    assert np.array_equal(loaded.vectors, index.vectors)
    assert [p.name for p in tmp_path.iterdir()] == ["r1"]


def test_a_missing_or_damaged_build_loads_as_none(tmp_path) -> None:
    assert SentenceIndex.load(tmp_path / "absent") is None
    index = SentenceIndex.build(RECORDS, "r1", HashingEmbedder())
    index.save(tmp_path / "r1")
    np.save(tmp_path / "r1" / "vectors.npy", np.zeros((1, 3), dtype=np.float32))
    assert SentenceIndex.load(tmp_path / "r1") is None
