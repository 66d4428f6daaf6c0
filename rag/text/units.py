"""The quotable units of a chunk: the spans an answer may cite (pure function)."""

from __future__ import annotations

from rag.text.sentences import sentence_spans


def quotable_units(text: str, section_kind: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` (a chunk of a section of kind ``section_kind``) an answer may quote:
    table rows and references as lines, prose as sentences within each paragraph."""
    if section_kind in ("table", "references"):
        spans: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                spans.append((offset, offset + len(line)))
            offset += len(line) + 1
        return tuple(spans)
    out: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        out.extend(sentence_spans(text, offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return tuple(out)
