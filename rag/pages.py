"""Pages of a file's text: which page a span of a cleaned document stands on.

A PDF's cleaned document records, for each page, the span of the cleaned text that stands on it
(:class:`rag.types.PageSpan`); chunks carry the spans clipped to themselves, and a citation names
the pages its quote stands on. Documents without pages (text, Markdown) have no spans, and every
function here then answers with nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.types import PageSpan

_SEPARATOR = ";"


def clip(pages: Sequence[PageSpan], start: int, end: int) -> list[PageSpan]:
    """The spans that overlap ``[start, end)``, cut to it."""
    return [
        PageSpan(number=page.number, start=max(page.start, start), end=min(page.end, end))
        for page in pages
        if page.start < end and page.end > start
    ]


def numbers(pages: Sequence[PageSpan], start: int, end: int) -> list[int]:
    """The numbers of the pages ``[start, end)`` stands on, in order."""
    return [page.number for page in clip(pages, start, end)]


def label(page_numbers: Sequence[int]) -> str:
    """``"p. 4"``, ``"pp. 4–5"``, or ``""`` without pages."""
    if not page_numbers:
        return ""
    first, last = min(page_numbers), max(page_numbers)
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def encode(pages: Sequence[PageSpan]) -> str:
    """Spans as one string (``"4:120:800;5:812:1300"``), for stores whose metadata are scalars."""
    return _SEPARATOR.join(f"{page.number}:{page.start}:{page.end}" for page in pages)


def decode(text: str) -> list[PageSpan]:
    """The spans :func:`encode` wrote; ``""`` is none.

    Raises:
        ValueError: ``text`` is not what :func:`encode` writes.
    """
    spans = []
    for item in filter(None, text.split(_SEPARATOR)):
        number, start, end = (int(part) for part in item.split(":"))
        spans.append(PageSpan(number=number, start=start, end=end))
    return spans
