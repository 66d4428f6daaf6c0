"""Passages made from hand-written chunks, for the pure answering functions."""

from rag.answering.passages import Passage, number_passages
from rag.types import Chunk, ScoredChunk


def passages(*texts: str, kind: str = "body") -> dict[int, Passage]:
    hits = []
    offset = 0
    for i, text in enumerate(texts):
        chunk = Chunk(
            id=f"c{i}", doc_id=f"doc{i}", text=text, start=offset, end=offset + len(text),
            section="Results", section_kind=kind, language="en", title=f"Title {i}",
        )  # fmt: skip
        hits.append(ScoredChunk(chunk=chunk, score=1.0 - i / 10))
        offset += len(text) + 2
    return number_passages(hits)
