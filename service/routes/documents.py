"""Documents: list, read, upload (multipart field ``file``) and delete.

Uploads are checked by content, not only by name: a ``.pdf`` must start like a PDF, a ``.txt`` or
``.md`` must be UTF-8 text without NUL bytes. The file is stored under a name the service derives
from the document id, never under a path the client chose, and only once it is ingested
(:mod:`service.uploads`). An upload without a valid key is refused before its body is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from rag.errors import DocumentNotFoundError, InputError
from rag.ingest.loaders import SUPPORTED_SUFFIXES, doc_id_for
from rag.types import CleanDocument
from service.deps import ReadAccess, ResourcesDep, WriteAccess
from service.schemas import DocumentDetail, DocumentInfo
from service.state import Resources
from service.uploads import FIELD_LIMITS, MAX_AUTHORS, Uploads, declared_meta

router = APIRouter(prefix="/v1/documents", tags=["documents"])
_READ_CHUNK = 1 << 16


def _info(document: CleanDocument | None, doc_id: str, title: str, chunks: int) -> DocumentInfo:
    if document is None:
        return DocumentInfo(doc_id=doc_id, title=title, chunks=chunks)
    meta = document.meta
    return DocumentInfo(
        doc_id=doc_id,
        title=meta.display_title,
        source=meta.source,
        year=meta.year,
        authors=meta.authors,
        identifiers=meta.identifiers,
        chunks=chunks,
    )


@router.get("", dependencies=[ReadAccess])
def list_documents(resources: ResourcesDep) -> list[DocumentInfo]:
    """Every stored document with its chunk count."""
    corpus = resources.corpus
    return [
        _info(corpus.document(s.doc_id), s.doc_id, s.title, s.chunks) for s in corpus.documents()
    ]


@router.get("/{doc_id}", dependencies=[ReadAccess])
def get_document(doc_id: str, resources: ResourcesDep) -> DocumentDetail:
    """A document's metadata, chunk count and cleaned text."""
    chunks = resources.corpus.chunk_count(doc_id)
    document = resources.corpus.document(doc_id)
    if document is None or chunks == 0:
        raise DocumentNotFoundError(f"no document {doc_id!r}")
    info = _info(document, doc_id, document.meta.display_title, chunks)
    return DocumentDetail(
        **info.model_dump(),
        text=document.text,
        sections=[s.model_dump() for s in document.sections],
        pages=[p.model_dump() for p in document.pages],
    )


def _check_content(name: str, data: bytes) -> str:
    """The file's suffix, once its content is shown to match it."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise HTTPException(415, f"unsupported file type {suffix or '(none)'}; use {allowed}")
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise HTTPException(415, "the file is named .pdf but is not a PDF")
        return suffix
    if b"\x00" in data:
        raise HTTPException(415, "the file is binary, not text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(415, "the file is not UTF-8 text") from exc
    return suffix


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = bytearray()
    while chunk := await upload.read(_READ_CHUNK):
        data.extend(chunk)
        if len(data) > limit:
            raise HTTPException(413, f"the file is larger than {limit} bytes")
    return bytes(data)


#: The request body, described here because the handler reads it itself (after the key check).
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The .txt, .md or .pdf file.",
                        },
                        "title": {
                            "type": "string",
                            "maxLength": FIELD_LIMITS["title"],
                            "description": "The title, overriding the file's.",
                        },
                        "authors": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": FIELD_LIMITS["authors"]},
                            "maxItems": MAX_AUTHORS,
                            "description": "The authors, overriding the file's: one per field "
                            "(repeated) or separated by ';'.",
                        },
                        "year": {
                            "type": "integer",
                            "minimum": 1000,
                            "maximum": 2100,
                            "description": "The year of publication, overriding the file's.",
                        },
                        "journal": {
                            "type": "string",
                            "maxLength": FIELD_LIMITS["journal"],
                            "description": "The journal, overriding the file's.",
                        },
                        "doi": {
                            "type": "string",
                            "maxLength": FIELD_LIMITS["doi"],
                            "description": "The DOI (10.1056/NEJMoa2214171; a doi: or "
                            "https://doi.org/ prefix is accepted), overriding the file's.",
                        },
                    },
                    "required": ["file"],
                }
            }
        },
    }
}


async def _uploaded_form(request: Request) -> tuple[UploadFile, dict[str, list[str]]]:
    """The uploaded file and the values of each metadata field (see :data:`FIELD_LIMITS`)."""
    form = await request.form(max_files=1, max_fields=MAX_AUTHORS + len(FIELD_LIMITS) + 4)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        await form.close()
        raise HTTPException(422, "file: a multipart file field named 'file' is required")
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key in FIELD_LIMITS and isinstance(value, str):
            fields.setdefault(key, []).append(value)
    return upload, fields


@router.post("", status_code=201, dependencies=[WriteAccess], openapi_extra=_UPLOAD_BODY)
async def upload_document(
    request: Request,
    resources: ResourcesDep,
    replace: Annotated[
        bool, Query(description="Replace the document another file name's id already holds.")
    ] = False,
) -> dict[str, Any]:
    """Ingest an uploaded .txt, .md or .pdf (multipart field ``file``); uploading the same name
    again replaces that document (the same content changes nothing), and a different name whose
    id is taken is refused with 409 unless ``replace=true``. The optional fields ``title``,
    ``authors``, ``year``, ``journal`` and ``doi`` override what the file states, and hold when
    the uploads are ingested again (422 names a field out of range). The key is checked before
    the body is read. The response names the corpus revision that includes it (other workers
    serve it once their ``/readyz`` reports that revision)."""
    upload, fields = await _uploaded_form(request)
    try:
        name = Path(upload.filename or "").name
        data = await _read_limited(upload, resources.settings.service.max_upload_bytes)
    finally:
        await upload.close()
    suffix = _check_content(name, data)
    try:
        doc_id = doc_id_for(Path(name))
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    declared = declared_meta(doc_id, fields)
    uploads = Uploads(resources.settings.uploads_dir(), resources.corpus)
    report = await run_in_threadpool(
        uploads.store, doc_id, name, suffix, data, replace=replace, declared=declared
    )
    return {"doc_id": doc_id, "report": report.model_dump(), "revision": resources.corpus.revision}


def _remove(resources: Resources, doc_id: str) -> int:
    removed = resources.corpus.remove(doc_id, what="citeqa serve (delete)")
    Uploads(resources.settings.uploads_dir(), resources.corpus).forget(doc_id)
    return removed


@router.delete("/{doc_id}", dependencies=[WriteAccess])
def delete_document(doc_id: str, resources: ResourcesDep) -> dict[str, Any]:
    """Remove a document from the index."""
    if not resources.corpus.chunk_count(doc_id):
        raise DocumentNotFoundError(f"no document {doc_id!r}")
    removed = _remove(resources, doc_id)
    return {"doc_id": doc_id, "removed_chunks": removed, "revision": resources.corpus.revision}
