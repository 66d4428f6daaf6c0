"""The sentence an answer's sentence refers back to, across a chunk boundary.

An answer quotes a sentence that opens by referring back ("These mutations, called DTA mutations,
should not be used as MRD markers.") after the sentence it refers to ("TET2 ... is rather a marker
for clonal hematopoiesis, similar to DNMT3A and ASXL1 mutations."), which says what it is about;
the extractive answerer does so within a chunk (:func:`rag.answering.extractive.antecedent`).
Where the sentence opens its chunk, the one it refers to ends the chunk before:
:func:`with_antecedents` quotes it from there, that chunk a passage of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from rag.answering.extractive import opens_referring_back, quoted_sentence
from rag.answering.passages import Passage, passage, run_on_units
from rag.answering.verifier import CheckedSentence
from rag.types import Chunk, ScoredChunk

#: The chunk of a chunk's document that ends right before it, if any.
ChunkBefore = Callable[[Chunk], Chunk | None]


def with_antecedents(
    sentences: list[CheckedSentence], passages: dict[int, Passage], chunk_before: ChunkBefore
) -> tuple[list[CheckedSentence], dict[int, Passage]]:
    """``sentences`` with the last sentence of the chunk before quoted ahead of each that quotes
    one passage from its chunk's start, referring back (see
    :func:`rag.answering.extractive.opens_referring_back`), unless the answer quotes it already;
    and ``passages`` with those chunks numbered after them."""
    passages = dict(passages)
    quoted = {
        (passages[marker].hit.chunk.id, span)
        for sentence in sentences
        for marker, span in sentence.quotes.items()
    }
    out: list[CheckedSentence] = []
    for sentence in sentences:
        before = _antecedent(sentence, passages, chunk_before)
        if before is not None and (before.hit.chunk.id, before.units[0]) not in quoted:
            [unit] = before.units
            passages[before.marker] = before
            quoted.add((before.hit.chunk.id, unit))
            out.append(quoted_sentence(before, unit))
        out.append(sentence)
    return out, passages


def _antecedent(
    sentence: CheckedSentence, passages: dict[int, Passage], chunk_before: ChunkBefore
) -> Passage | None:
    """The chunk before the one ``sentence`` quotes, as a passage numbered after ``passages``
    offering its last unit before that chunk starts (chunks may overlap), when the sentence
    quotes one passage from its chunk's start, referring back, with no paragraph break between
    them."""
    if len(sentence.quotes) != 1:
        return None
    [(marker, span)] = sentence.quotes.items()
    found = passages[marker]
    if not opens_referring_back(found, span, found.unit_text(span)):
        return None
    earlier = chunk_before(found.hit.chunk)
    if earlier is None:
        return None
    units = run_on_units(found.hit.chunk, earlier)
    if not units:
        return None
    return passage(max(passages) + 1, ScoredChunk(chunk=earlier, score=0.0), units[-1:])
