import pytest

from rag.errors import InputError
from rag.retrieval.dense import DenseRetriever

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("query", "doc_id", "phrase"),
    [
        ("What CR rate did ziftomenib reach in NPM1-mutant AML?", "ziftomenib-komet-001", "35%"),
        ("two-year overall survival of infants given blinatumomab", "blinatumomab-interfant-06",
         "93.3%"),
        ("median progression-free survival with milademetan", "milademetan-mantra-2", "3.5 months"),
        ("composite complete remission rate after one cycle of Lipo-MIT plus CLAG",
         "lipo-mit-clag-rr-aml", "63.0%"),
        ("What does MRD relapse mean?", "rr-aml-how-i-treat", "MRD"),
    ],
)  # fmt: skip
def test_dense_search_finds_the_answering_passage(seeded, embedder, query, doc_id, phrase):
    _, store = seeded
    hits = DenseRetriever(embedder, store).search(query, k=10)
    assert len(hits) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].chunk.doc_id == doc_id
    # Dense retrieval alone ranks the answering passage within 10, not always within 5.
    assert any(h.chunk.doc_id == doc_id and phrase in h.chunk.text for h in hits)


def test_filters_and_bad_input(seeded, embedder) -> None:
    _, store = seeded
    retriever = DenseRetriever(embedder, store)
    hits = retriever.search("complete remission", k=3, where={"doc_id": "milademetan-mantra-2"})
    assert {h.chunk.doc_id for h in hits} == {"milademetan-mantra-2"}
    with pytest.raises(InputError):
        retriever.search("   ")
    with pytest.raises(InputError):
        retriever.search("x", k=0)
