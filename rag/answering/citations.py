"""Turn verified sentences into answer text and citations whose markers correspond one to one."""

from __future__ import annotations

from rag import pages
from rag.answering.passages import Passage
from rag.answering.types import Citation
from rag.answering.verifier import CheckedSentence


def compose(
    sentences: list[CheckedSentence], passages: dict[int, Passage]
) -> tuple[str, list[Citation]]:
    """Write supported sentences with renumbered markers, and one citation per marker.

    Markers are renumbered 1, 2, ... in order of first use, so none is skipped or unused. A passage
    cited by several sentences gets one citation whose quote spans every supporting part.

    Args:
        sentences: Checked sentences; unsupported ones are left out.
        passages: The passages the original markers refer to.

    Returns:
        The answer text and its citations, in marker order.
    """
    renumber: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    parts: list[str] = []
    for sentence in sentences:
        if not sentence.supported:
            continue
        new_markers = []
        for old in sentence.markers:
            new = renumber.setdefault(old, len(renumber) + 1)
            new_markers.append(new)
            start, end = sentence.quotes[old]
            if old in spans:
                start, end = min(start, spans[old][0]), max(end, spans[old][1])
            spans[old] = (start, end)
        parts.append(sentence.text + " " + "".join(f"[{n}]" for n in new_markers))
    citations = []
    for old, new in sorted(renumber.items(), key=lambda pair: pair[1]):
        chunk = passages[old].hit.chunk
        start, end = spans[old]
        citations.append(
            Citation(
                marker=new,
                doc_id=chunk.doc_id,
                title=chunk.title or chunk.doc_id,
                chunk_id=chunk.id,
                quote=chunk.text[start:end],
                start=chunk.start + start,
                end=chunk.start + end,
                pages=pages.numbers(chunk.pages, chunk.start + start, chunk.start + end),
                score=passages[old].hit.score,
            )
        )
    return " ".join(parts), citations
