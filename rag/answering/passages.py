"""Retrieved chunks numbered as the passages ``[1]..[n]`` an answer may cite."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from rag.text.instructions import is_instruction
from rag.text.numbers import Facts, extract_facts, merge
from rag.text.units import quotable_units
from rag.types import Chunk, ScoredChunk


@dataclass(frozen=True)
class Passage:
    """A numbered passage: a retrieved chunk, its quotable units and its facts."""

    marker: int
    hit: ScoredChunk
    #: The units that may answer: all of the chunk's, or those a sentence search found in it.
    units: tuple[tuple[int, int], ...]
    facts: Facts
    #: Every quotable unit of the chunk when ``units`` holds only some of them: a unit's lead-in
    #: and the sentence it refers back to are read among these.
    context: tuple[tuple[int, int], ...] = ()
    #: The units of its paragraph right before the chunk (all of them the chunk before it
    #: holds, in order), which the lead-in and the paragraph of the chunk's first units read on
    #: into.
    before: tuple[str, ...] = ()
    #: The age of the case-report patient its document opened last before the chunk ("52"),
    #: read where a question asks about a case (see :mod:`rag.answering.cases`).
    case: str = ""

    @property
    def all_units(self) -> tuple[tuple[int, int], ...]:
        """Every quotable unit of the chunk, in order."""
        return self.context or self.units

    @property
    def text(self) -> str:
        """The chunk's text."""
        return self.hit.chunk.text

    @property
    def evidence(self) -> str:
        """The quotable units' text, one per line."""
        return "\n".join(self.unit_text(unit) for unit in self.units)

    def unit_text(self, span: tuple[int, int]) -> str:
        """The text of one unit (``span`` is relative to the chunk)."""
        return self.text[span[0] : span[1]]


def units(hit: ScoredChunk) -> tuple[tuple[int, int], ...]:
    """Quotable units of a retrieved chunk, relative to its text."""
    return quotable_units(hit.chunk.text, hit.chunk.section_kind)


def quotable(hit: ScoredChunk) -> tuple[tuple[int, int], ...]:
    """The units of ``hit`` an answer may quote: all but sentences addressed to AI systems."""
    return tuple(u for u in units(hit) if not is_instruction(hit.chunk.text[u[0] : u[1]]))


def number_passages(
    hits: list[ScoredChunk],
    only: Mapping[str, Collection[tuple[int, int]]] | None = None,
    earlier: Mapping[str, Chunk] | None = None,
) -> dict[int, Passage]:
    """Number ``hits`` from 1 in their order; sentences addressed to AI systems (see
    :mod:`rag.text.instructions`; ingest leaves them out, this guards stores cleaned before) are
    left out of the units that can be quoted and of the facts that can support a claim. A chunk
    in ``only`` offers only those of its units (the sentences a sentence search found); one in
    ``earlier`` (by id: the chunk right before it, see
    :meth:`rag.corpus.Snapshot.chunks_before`) keeps the units that end it (``Passage.before``)."""
    passages = {}
    for n, hit in enumerate(hits, 1):
        found = passage(n, hit, (only or {}).get(hit.chunk.id))
        before = (earlier or {}).get(hit.chunk.id)
        if before is not None:
            found = replace(found, before=preceding(hit.chunk, before))
        passages[n] = found
    return passages


def preceding(chunk: Chunk, earlier: Chunk) -> tuple[str, ...]:
    """The text of :func:`run_on_units` ``chunk`` in ``earlier``."""
    return tuple(earlier.text[start:stop] for start, stop in run_on_units(chunk, earlier))


def run_on_units(chunk: Chunk, earlier: Chunk) -> tuple[tuple[int, int], ...]:
    """The quotable units of ``earlier`` (relative to it) that end before ``chunk`` starts with
    no paragraph break between them and ``chunk``, in order; none when more than a character
    lies between the chunks (what lies between belongs to neither)."""
    if chunk.start - earlier.end > 1:
        return ()
    boundary = chunk.start - earlier.start
    spans = [u for u in quotable(ScoredChunk(chunk=earlier, score=0.0)) if u[1] <= boundary]
    kept: list[tuple[int, int]] = []
    end = boundary
    for start, stop in reversed(spans):
        if "\n\n" in earlier.text[stop:end]:
            break
        kept.append((start, stop))
        end = start
    return tuple(reversed(kept))


def passage(
    marker: int, hit: ScoredChunk, wanted: Collection[tuple[int, int]] | None = None
) -> Passage:
    """``hit`` as passage ``marker`` (see :func:`number_passages`), offering only the units
    ``wanted`` when given."""
    evidence = quotable(hit)
    chosen = evidence if wanted is None else tuple(u for u in evidence if u in wanted)
    facts = merge([extract_facts(hit.chunk.text[s:e]) for s, e in chosen])
    context = evidence if chosen != evidence else ()
    return Passage(marker=marker, hit=hit, units=chosen, facts=facts, context=context)
