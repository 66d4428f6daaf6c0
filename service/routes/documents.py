"""Documents: list, read, upload (multipart field ``file``) and delete.

Uploads are checked by content, not only by name: a ``.pdf`` must start like a PDF, a ``.txt`` or
``.md`` must be UTF-8 text without NUL bytes. The file is stored under a name the service derives
from the document id, never under a path the client chose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, UploadFile
from fastapi.concurrency import run_in_threadpool

from rag.errors import DocumentLoadError, DocumentNotFoundError, InputError
from rag.ingest.loaders import SUPPORTED_SUFFIXES, doc_id_for
from rag.types import CleanDocument, IngestReport
from service.deps import ReadAccess, ResourcesDep, WriteAccess
from service.schemas import DocumentDetail, DocumentInfo
from service.state import Resources

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


def _store_and_ingest(resources: Resources, doc_id: str, suffix: str, data: bytes) -> IngestReport:
    folder = resources.settings.uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{doc_id}.*"):
        old.unlink()
    path = folder / f"{doc_id}{suffix}"
    path.write_bytes(data)
    report = resources.corpus.ingest([path], progress=False, what="citeqa serve (upload)")
    if report.errors:
        path.unlink(missing_ok=True)
        raise DocumentLoadError(report.errors[0].error.replace(str(folder) + "/", ""))
    return report


@router.post("", status_code=201, dependencies=[WriteAccess])
async def upload_document(file: UploadFile, resources: ResourcesDep) -> dict[str, Any]:
    """Ingest an uploaded .txt, .md or .pdf; uploading the same content again changes nothing.
    The response names the corpus revision that includes it (other workers serve it once their
    ``/readyz`` reports that revision)."""
    name = Path(file.filename or "").name
    data = await _read_limited(file, resources.settings.service.max_upload_bytes)
    suffix = _check_content(name, data)
    try:
        doc_id = doc_id_for(Path(name))
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    report = await run_in_threadpool(_store_and_ingest, resources, doc_id, suffix, data)
    return {"doc_id": doc_id, "report": report.model_dump(), "revision": resources.corpus.revision}


def _remove(resources: Resources, doc_id: str) -> int:
    removed = resources.corpus.remove(doc_id, what="citeqa serve (delete)")
    for upload in resources.settings.uploads_dir().glob(f"{doc_id}.*"):
        upload.unlink()
    return removed


@router.delete("/{doc_id}", dependencies=[WriteAccess])
def delete_document(doc_id: str, resources: ResourcesDep) -> dict[str, Any]:
    """Remove a document from the index."""
    if not resources.corpus.chunk_count(doc_id):
        raise DocumentNotFoundError(f"no document {doc_id!r}")
    removed = _remove(resources, doc_id)
    return {"doc_id": doc_id, "removed_chunks": removed, "revision": resources.corpus.revision}
