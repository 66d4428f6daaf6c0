"""Bibliographic metadata for a folder of documents, read from its ``manifest.json``.

The manifest is optional. Its format::

    {"documents": [{"doc_id": "...", "title": "...", "source": "...", "year": 2023,
                    "authors": ["..."], "identifiers": ["doi:...", "NCT..."]}]}

Only ``doc_id`` is required. What the manifest states overrides what a file states about itself
(:func:`merge_meta`); a document missing from both gets its id alone. The service records the
metadata given with an upload in the uploads folder's manifest (:func:`record`), so that it holds
whenever that file is ingested.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from rag.errors import InputError
from rag.types import DocumentMeta

MANIFEST_NAME = "manifest.json"


class Manifest(BaseModel):
    """The contents of a ``manifest.json``."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentMeta]


def load_manifest(directory: Path) -> dict[str, DocumentMeta]:
    """Read ``directory/manifest.json`` into metadata by document id; empty when there is none.

    Raises:
        InputError: The manifest exists but is not valid JSON of the documented shape.
    """
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        manifest = Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as exc:
        raise InputError(f"{path}: invalid manifest ({exc})") from exc
    return {meta.doc_id: meta for meta in manifest.documents}


def _scheme(identifier: str) -> str:
    """The kind of an identifier: the part before a colon (``doi``), else its leading letters
    (``NCT`` of ``NCT04401449``), in lower case."""
    if ":" in identifier:
        return identifier.split(":", 1)[0].strip().lower()
    match = re.match(r"[A-Za-z]+", identifier)
    return match.group(0).lower() if match else identifier.lower()


def merge_meta(
    found: DocumentMeta | None, declared: DocumentMeta | None, doc_id: str
) -> DocumentMeta:
    """A document's metadata: what its file states (``found``), overridden field by field by what
    its manifest or upload declares (``declared``).

    A non-empty declared title, source, year or author list replaces the file's; an empty one keeps
    it. Declared identifiers come first, followed by the file's identifiers of a kind the declared
    ones lack (a declared DOI replaces the file's, a file's DOI is kept beside a declared NCT
    number). With nothing found, the result equals ``declared``, so that a document without file
    metadata keeps its content hash.

    Args:
        found: The metadata the file states, if any.
        declared: The metadata declared for it, if any.
        doc_id: The document's id (the result's, whatever the inputs say).
    """
    base = found or DocumentMeta(doc_id=doc_id)
    if declared is None:
        return base.model_copy(update={"doc_id": doc_id})
    kinds = {_scheme(identifier) for identifier in declared.identifiers}
    return DocumentMeta(
        doc_id=doc_id,
        title=declared.title or base.title,
        source=declared.source or base.source,
        year=declared.year if declared.year is not None else base.year,
        authors=list(declared.authors or base.authors),
        identifiers=[
            *declared.identifiers,
            *(i for i in base.identifiers if _scheme(i) not in kinds),
        ],
    )


def write_manifest(directory: Path, documents: list[DocumentMeta]) -> None:
    """Write ``directory/manifest.json`` atomically (written beside it, then renamed)."""
    path = directory / MANIFEST_NAME
    temporary = path.with_name(f".{MANIFEST_NAME}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
    text = Manifest(documents=documents).model_dump_json(indent=2)
    try:
        temporary.write_text(text + "\n", encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def record(directory: Path, doc_id: str, meta: DocumentMeta | None) -> None:
    """Set ``doc_id``'s entry of ``directory``'s manifest to ``meta``, or drop it (None).

    Processes and threads that record at once take turns (a lock file beside the manifest), so
    no entry is lost; the manifest is removed when its last entry goes, and neither is created
    when there is nothing to record.

    Raises:
        InputError: The manifest exists but is not valid JSON of the documented shape.
    """
    if meta is None and not (directory / MANIFEST_NAME).is_file():
        return
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / f".{MANIFEST_NAME}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        documents = load_manifest(directory)
        if meta is None and documents.pop(doc_id, None) is None:
            return
        if meta is not None:
            documents[doc_id] = meta.model_copy(update={"doc_id": doc_id})
        if documents:
            write_manifest(directory, [documents[key] for key in sorted(documents)])
        else:
            (directory / MANIFEST_NAME).unlink(missing_ok=True)
    finally:
        os.close(descriptor)
