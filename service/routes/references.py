"""Reference export: stored documents as BibTeX or RIS, for reference managers.

``GET /v1/references?format=bibtex|ris&doc_id=…`` answers with a file to save
(``Content-Disposition: attachment``); without ``format`` the ``Accept`` header chooses, and
BibTeX is the default.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rag.bibliography import ReferenceFormat, document_metas, references
from service.deps import ReadAccess, ResourcesDep

router = APIRouter(prefix="/v1/references", tags=["documents"])

#: Each format's media type and file name suffix.
MEDIA_TYPES: dict[ReferenceFormat, str] = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}
SUFFIXES: dict[ReferenceFormat, str] = {"bibtex": "bib", "ris": "ris"}


def accepted_format(accept: str) -> ReferenceFormat | None:
    """The format an ``Accept`` header prefers (the higher ``q``, then the earlier), or None when
    it names neither media type."""
    best: tuple[float, int, ReferenceFormat] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        kind = next((k for k, m in MEDIA_TYPES.items() if m == media.lower()), None)
        if kind is None:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and (best is None or (weight, -position) > (best[0], best[1])):
            best = (weight, -position, kind)
    return best[2] if best else None


_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The references, as a file to save.",
        "content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()},
    }
}


@router.get("", dependencies=[ReadAccess], response_class=Response, responses=_RESPONSES)
def export_references(
    request: Request,
    resources: ResourcesDep,
    kind: Annotated[
        ReferenceFormat | None,
        Query(
            alias="format",
            description="bibtex or ris; without it the Accept header chooses "
            "(application/x-bibtex, application/x-research-info-systems), else bibtex.",
        ),
    ] = None,
    doc_ids: Annotated[
        list[str] | None,
        Query(alias="doc_id", description="The documents to export (repeatable); all without."),
    ] = None,
) -> Response:
    """Stored documents as BibTeX (``@article`` with a journal, else ``@misc``) or RIS, from
    their metadata; fields it lacks are left out. 404 names any unknown ``doc_id``."""
    chosen = kind or accepted_format(request.headers.get("accept", "")) or "bibtex"
    corpus = resources.corpus
    metas = document_metas(corpus.documents(), corpus.document, doc_ids)
    return Response(
        references(metas, chosen),
        media_type=f"{MEDIA_TYPES[chosen]}; charset=utf-8",
        headers={
            "Content-Disposition": f"attachment; filename=citeqa-references.{SUFFIXES[chosen]}",
            "Vary": "Accept",
        },
    )
