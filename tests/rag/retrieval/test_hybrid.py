import pytest

from rag.corpus import Corpus
from rag.errors import InputError
from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import RetrievalSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def retriever(seeded_corpus: Corpus) -> HybridRetriever:
    return seeded_corpus.snapshot().retriever


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
@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_search_finds_the_answering_passage(retriever, mode, query, doc_id, phrase) -> None:
    hits = retriever.search(query, k=10, mode=mode)
    assert len(hits) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].chunk.doc_id == doc_id
    assert any(h.chunk.doc_id == doc_id and phrase in h.chunk.text for h in hits)


def test_hybrid_ranks_the_answer_at_least_as_high_as_dense(retriever) -> None:
    query = "composite complete remission rate after one cycle of Lipo-MIT plus CLAG"

    def rank(mode: str) -> int:
        hits = retriever.search(query, k=10, mode=mode)
        return next(i for i, h in enumerate(hits) if "63.0% (17/27)" in h.chunk.text)

    assert rank("hybrid") <= rank("dense")
    assert rank("hybrid") < 5


def test_modes_filters_and_references(retriever) -> None:
    hits = retriever.search("Blood 2022 recommendations ELN", k=5, mode="sparse")
    assert hits and all(h.chunk.section_kind != "references" for h in hits)
    with_refs = retriever.search(
        "Blood 2022 recommendations ELN", k=5, mode="sparse",
        filters=Filters(include_references=True),
    )  # fmt: skip
    assert any(h.chunk.section_kind == "references" for h in with_refs)
    only = retriever.search(
        "complete remission", k=5, filters=Filters(doc_ids=["milademetan-mantra-2"])
    )
    assert only and {h.chunk.doc_id for h in only} == {"milademetan-mantra-2"}
    years = retriever.search("survival", k=5, filters=Filters(years=[2023]))
    assert years and {h.chunk.doc_id for h in years} == {"blinatumomab-interfant-06"}


def test_abbreviation_finds_the_long_form(retriever) -> None:
    hits = retriever.search("What is NGS?", k=5, mode="sparse")
    assert any("next-generation sequencing" in h.chunk.text.lower() for h in hits)


def test_mmr_returns_distinct_chunks(seeded_corpus, embedder) -> None:
    snapshot = seeded_corpus.snapshot()
    diverse = HybridRetriever(
        embedder, snapshot.store, snapshot.sparse, RetrievalSettings(mmr=True, mmr_lambda=0.3)
    )
    hits = diverse.search("relapse after transplantation", k=6)
    assert len({h.chunk.id for h in hits}) == 6


def test_bad_input(retriever) -> None:
    with pytest.raises(InputError):
        retriever.search(" ", k=3)
    with pytest.raises(InputError):
        retriever.search("x", k=1001)
    with pytest.raises(InputError):
        retriever.search("x", k=0)
