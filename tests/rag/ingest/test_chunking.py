from hypothesis import given, settings
from hypothesis import strategies as st

from rag.ingest.chunking import chunk_document, count_tokens, units
from rag.ingest.clean import clean_document
from rag.types import DocumentMeta
from tests.conftest import SEED_IDS


def test_count_tokens() -> None:
    assert count_tokens("CR rate 35% (7/20).") == 10
    assert count_tokens("中位PFS") == 3


@settings(max_examples=25, deadline=None)
@given(
    doc_id=st.sampled_from(SEED_IDS),
    size=st.integers(min_value=16, max_value=400),
    overlap_share=st.floats(min_value=0.0, max_value=0.9),
)
def test_chunks_are_exact_whole_unit_spans(seed_docs, doc_id, size, overlap_share) -> None:
    doc = seed_docs[doc_id]
    overlap = int(size * overlap_share)
    chunks = chunk_document(doc, size, overlap)
    unit_spans = units(doc)
    starts = {start for _, start, _ in unit_spans}
    ends = {end for _, _, end in unit_spans}
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.start in starts and chunk.end in ends  # never inside a sentence or row
        section = next(s for s in doc.sections if s.start <= chunk.start < s.end)
        assert chunk.end <= section.end
        assert (chunk.section, chunk.section_kind, chunk.language) == (
            section.title, section.kind, section.language
        )  # fmt: skip
        inside = [u for u in unit_spans if chunk.start <= u[1] and u[2] <= chunk.end]
        assert count_tokens(chunk.text) <= size or len(inside) == 1
    covered = [any(c.start <= s and e <= c.end for c in chunks) for _, s, e in unit_spans]
    assert all(covered)
    assert len({c.id for c in chunks}) == len(chunks)


def test_tables_split_between_rows_only(seed_docs) -> None:
    doc = seed_docs["rr-aml-how-i-treat"]
    rows = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "row"]
    for chunk in chunk_document(doc, 40, 10):
        if chunk.section_kind == "table":
            assert all(line in rows for line in chunk.text.split("\n"))


def test_references_are_chunked_apart(seed_docs) -> None:
    chunks = chunk_document(seed_docs["rr-aml-how-i-treat"], 160, 40)
    refs = [c for c in chunks if c.section_kind == "references"]
    assert refs and all(c.section == "References" for c in refs)
    assert all(c.text[0].isdigit() for c in refs)


def test_chunks_carry_the_pages_they_stand_on() -> None:
    sentence = "The drug reached a complete remission rate of {} percent in cohort {}."
    pages = [" ".join(sentence.format(page * 10 + i, i) for i in range(6)) for page in range(3)]
    document = clean_document(pages, DocumentMeta(doc_id="p"))
    chunks = chunk_document(document, size=60, overlap=0)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.pages, chunk.text
        assert chunk.pages[0].start == chunk.start and chunk.pages[-1].end == chunk.end
        for page in chunk.pages:
            assert document.text[page.start : page.end] in pages[page.number - 1]
    assert {page.number for chunk in chunks for page in chunk.pages} == {1, 2, 3}
    text = clean_document(pages[0], DocumentMeta(doc_id="t"))
    assert all(chunk.pages == [] for chunk in chunk_document(text, size=60, overlap=0))
