"""Absolute addresses of the page that shows a cited quote in its document.

Every citation the API returns carries one, so a link pasted anywhere leads a person to the
passage: ``{base}/documents/{doc_id}?start={start}&end={end}``.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from rag.answering.types import Answer, Citation
from service.schemas import LinkedAnswer, LinkedCitation


def base_url(request: Request) -> str:
    """The address the client reached the service at (with any root path), without a slash."""
    return str(request.base_url).rstrip("/")


def viewer_url(base: str, doc_id: str, start: int, end: int) -> str:
    """The page showing ``doc_id`` with ``[start, end)`` highlighted."""
    return f"{base}/documents/{quote(doc_id, safe='')}?start={start}&end={end}"


def link_citation(base: str, citation: Citation) -> LinkedCitation:
    """The citation with its viewer address."""
    return LinkedCitation(
        **citation.model_dump(),
        url=viewer_url(base, citation.doc_id, citation.start, citation.end),
    )


def link_answer(base: str, answer: Answer) -> LinkedAnswer:
    """The answer with every citation's viewer address."""
    fields = answer.model_dump(exclude={"citations"})
    return LinkedAnswer(**fields, citations=[link_citation(base, c) for c in answer.citations])
