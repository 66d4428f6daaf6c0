"""Cut a cleaned document into chunks that can be quoted exactly.

Chunks are built from whole units, never parts of one: a sentence of a paragraph, a table row, or a
reference entry. Units are packed greedily up to ``size`` tokens; the next chunk starts with the
trailing units of the previous one that fit in ``overlap`` tokens. A unit longer than ``size``
becomes a chunk of its own. Chunks never cross a section boundary, so each carries one section and
one language, and ``document.text[chunk.start:chunk.end] == chunk.text`` always holds. A chunk of a
paged file carries the pages its text stands on.
"""

from __future__ import annotations

import re

from rag import pages
from rag.ids import chunk_id
from rag.text.sentences import sentence_spans
from rag.types import Chunk, CleanDocument

_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"  # one CJK character
    r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"  # a word
    r"|[^\w\s]"  # one punctuation mark
)


def count_tokens(text: str) -> int:
    """Approximate model tokens: words, punctuation marks and CJK characters each count one."""
    return len(_TOKEN.findall(text))


def units(document: CleanDocument) -> list[tuple[int, int, int]]:
    """The document's indivisible units as ``(section index, start, end)``, in text order.

    Headings are left out: they are carried as the chunk's section instead.
    """
    out: list[tuple[int, int, int]] = []
    for block in document.blocks:
        if block.kind == "heading":
            continue
        if block.kind == "paragraph":
            spans = sentence_spans(document.text, block.start, block.end)
            out.extend((block.section, start, end) for start, end in spans)
        else:
            out.append((block.section, block.start, block.end))
    return out


def _pack(
    text: str, spans: list[tuple[int, int]], size: int, overlap: int
) -> list[tuple[int, int]]:
    """Group consecutive unit spans into chunk spans (see the module docstring)."""
    lengths = [count_tokens(text[start:end]) for start, end in spans]
    chunks: list[tuple[int, int]] = []
    first = 0
    while first < len(spans):
        last, total = first, lengths[first]
        while last + 1 < len(spans) and total + lengths[last + 1] <= size:
            last += 1
            total += lengths[last]
        chunks.append((spans[first][0], spans[last][1]))
        if last == len(spans) - 1:
            break
        nxt, tail = last + 1, 0
        while nxt - 1 > first and tail + lengths[nxt - 1] <= overlap:
            nxt -= 1
            tail += lengths[nxt]
        first = nxt
    return chunks


def chunk_document(document: CleanDocument, size: int, overlap: int) -> list[Chunk]:
    """Chunk a cleaned document.

    Args:
        document: The cleaned document.
        size: Target chunk length in tokens (see ``count_tokens``).
        overlap: Tokens of whole trailing units repeated at the start of the next chunk.

    Returns:
        The chunks in text order, each with a content-hash id.
    """
    by_section: dict[int, list[tuple[int, int]]] = {}
    for section_index, start, end in units(document):
        by_section.setdefault(section_index, []).append((start, end))
    chunks: list[Chunk] = []
    for index, spans in by_section.items():
        section = document.sections[index]
        for start, end in _pack(document.text, spans, size, overlap):
            text = document.text[start:end]
            chunks.append(
                Chunk(
                    id=chunk_id(document.content_hash, start, text),
                    doc_id=document.doc_id,
                    text=text,
                    start=start,
                    end=end,
                    section=section.title,
                    section_kind=section.kind,
                    language=section.language,
                    pages=pages.clip(document.pages, start, end),
                )
            )
    return chunks
