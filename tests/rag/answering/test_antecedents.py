from rag.answering.antecedents import with_antecedents
from rag.answering.citations import compose
from rag.answering.extractive import opens_referring_back
from rag.answering.passages import Passage, passage
from rag.answering.verifier import CheckedSentence
from rag.types import Chunk, ScoredChunk

EARLIER = Chunk(
    id="a", doc_id="review", text="NPM1 is a robust marker. TET2 resembles DNMT3A mutations.",
    start=100, end=157, section="MRD", section_kind="body", language="en", title="Review",
)  # fmt: skip
LATER = EARLIER.model_copy(
    update={"id": "b", "start": 158, "end": 219,
            "text": "These mutations, called DTA, are no markers. Drug A then failed."}
)  # fmt: skip


def found(chunk: Chunk, marker: int = 1) -> Passage:
    return passage(marker, ScoredChunk(chunk=chunk, score=1.0))


def quoting(p: Passage, unit: int) -> CheckedSentence:
    span = p.units[unit]
    return CheckedSentence(p.unit_text(span), [p.marker], True, quotes={p.marker: span})


def replace_quotes(
    sentence: CheckedSentence, quotes: dict[int, tuple[int, int]]
) -> CheckedSentence:
    return CheckedSentence(sentence.text, list(quotes), True, quotes=quotes)


def before(chunk: Chunk) -> Chunk | None:
    return EARLIER if chunk.id == "b" else None


def test_a_sentence_refers_back_from_its_chunk_only_at_its_start() -> None:
    later = found(LATER)
    assert opens_referring_back(later, later.units[0], later.unit_text(later.units[0]))
    assert not opens_referring_back(later, later.units[1], later.unit_text(later.units[1]))
    # Within a chunk the sentence before is there; after a paragraph break it is not the one.
    inside = found(
        LATER.model_copy(update={"text": "Drug A failed. These mutations are no markers."})
    )
    assert not opens_referring_back(inside, inside.units[1], inside.unit_text(inside.units[1]))
    apart = found(LATER.model_copy(update={"text": "\n\nThese mutations are no markers."}))
    assert not opens_referring_back(apart, apart.units[0], apart.unit_text(apart.units[0]))


def test_the_sentence_it_refers_to_is_quoted_before_it_from_the_chunk_before() -> None:
    later = found(LATER)
    sentences, passages = with_antecedents([quoting(later, 0)], {1: later}, before)
    assert [s.markers for s in sentences] == [[2], [1]]
    assert passages[2].hit.chunk.id == "a" and passages[1] is later
    text, citations = compose(sentences, passages)
    assert text == (
        "TET2 resembles DNMT3A mutations. [1] These mutations, called DTA, are no markers. [2]"
    )
    assert citations[0].quote == "TET2 resembles DNMT3A mutations."
    assert (citations[0].start, citations[0].end) == (125, 157)  # exact in the document


def test_nothing_is_added_where_nothing_refers_back_or_it_is_quoted_already() -> None:
    later, earlier = found(LATER), found(EARLIER, 2)
    plain = [quoting(later, 1)]
    assert with_antecedents(plain, {1: later}, before) == (plain, {1: later})
    both = [quoting(earlier, 1), quoting(later, 0)]
    assert with_antecedents(both, {1: later, 2: earlier}, before)[0] == both
    # A sentence citing two passages is left as it is.
    two = [replace_quotes(quoting(later, 0), {1: later.units[0], 2: earlier.units[1]})]
    assert with_antecedents(two, {1: later, 2: earlier}, before)[0] == two
    # No chunk before it (the document's first, or a paragraph break between them).
    alone = [quoting(later, 0)]
    assert with_antecedents(alone, {1: later}, lambda _: None)[0] == alone


def test_from_an_overlapping_chunk_the_sentence_before_the_boundary_is_quoted() -> None:
    # The chunk before runs on past the later one's start, into the sentence quoted.
    overlapping = EARLIER.model_copy(
        update={"end": 201, "text": EARLIER.text + " These mutations, called DTA, are no"}
    )
    later = found(LATER)
    sentences, passages = with_antecedents([quoting(later, 0)], {1: later}, lambda _: overlapping)
    assert sentences[0].text == "TET2 resembles DNMT3A mutations."
    # Not across a paragraph break.
    broken = EARLIER.model_copy(update={"end": 164, "text": EARLIER.text + "\n\nThese"})
    after = found(LATER.model_copy(update={"start": 159, "end": 220}))
    assert len(with_antecedents([quoting(after, 0)], {1: after}, lambda _: broken)[0]) == 1
