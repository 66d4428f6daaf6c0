from dataclasses import replace

from rag.answering.citations import compose
from rag.answering.verifier import verify
from rag.types import PageSpan
from tests.rag.answering.helpers import passages

A = "Survival was 81.6% at two years. Relapse occurred in 4 patients."
B = "The median PFS was 3.5 months. Responses were short-lived."


def test_markers_are_renumbered_in_order_and_match_citations() -> None:
    found = passages(A, B)
    checked = verify(
        "PFS was 3.5 months [2]. Survival was 81.6% [1]. Relapse occurred in 4 patients [1].",
        found, 0.5,
    )  # fmt: skip
    text, citations = compose(checked, found)
    assert (
        text
        == "PFS was 3.5 months. [1] Survival was 81.6%. [2] Relapse occurred in 4 patients. [2]"
    )
    assert [(c.marker, c.doc_id) for c in citations] == [(1, "doc1"), (2, "doc0")]
    assert citations[1].quote == A  # both supporting sentences, one contiguous quote
    assert citations[0].quote == "The median PFS was 3.5 months."


def test_offsets_point_into_the_document() -> None:
    found = passages(A, B)
    _, citations = compose(verify("Responses were short-lived [2].", found, 0.5), found)
    chunk = found[2].hit.chunk
    document = " " * chunk.start + chunk.text
    assert document[citations[0].start : citations[0].end] == citations[0].quote


def test_unsupported_sentences_leave_no_citation() -> None:
    found = passages(A, B)
    text, citations = compose(verify("Survival was 99% [1].", found, 0.5), found)
    assert text == "" and citations == []


def test_a_citation_names_the_pages_its_quote_stands_on() -> None:
    found = passages(A, B)
    chunk = found[1].hit.chunk
    middle = chunk.start + A.index("Relapse")
    paged = chunk.model_copy(
        update={
            "pages": [
                PageSpan(number=4, start=chunk.start, end=middle - 1),
                PageSpan(number=5, start=middle, end=chunk.end),
            ]
        }
    )
    found[1] = replace(found[1], hit=found[1].hit.model_copy(update={"chunk": paged}))
    _, citations = compose(verify("Relapse occurred in 4 patients [1].", found, 0.5), found)
    assert citations[0].pages == [5]
    both = "Survival was 81.6% at two years [1]. Relapse occurred in 4 patients [1]."
    _, cited = compose(verify(both, found, 0.5), found)
    assert cited[0].pages == [4, 5]
    _, unpaged = compose(verify("Responses were short-lived [2].", found, 0.5), found)
    assert unpaged[0].pages == []
