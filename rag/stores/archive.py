"""Cleaned documents kept on disk as JSON, so their text and metadata can be served."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from pydantic import ValidationError

from rag.ids import document_hash
from rag.types import CleanDocument

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]+$")


class DocumentArchive:
    """One JSON file per cleaned document in a directory."""

    def __init__(self, directory: Path) -> None:
        """Use ``directory`` (created on first write)."""
        self.directory = directory

    def _path(self, doc_id: str) -> Path | None:
        if not _SAFE_ID.match(doc_id) or doc_id.startswith("."):
            return None
        return self.directory / f"{doc_id}.json"

    def save(self, document: CleanDocument) -> None:
        """Write (or replace) a document atomically: written beside its file, then renamed."""
        path = self._path(document.doc_id)
        if path is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        # Not named after the document: a long id would push the name past the file system's
        # limit where the document's own file still fits.
        temporary = path.with_name(f".{os.getpid()}-{uuid.uuid4().hex}.tmp")
        try:
            temporary.write_text(document.model_dump_json(), encoding="utf-8")
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)

    def holds(self, document: CleanDocument) -> bool:
        """Whether this very version of the document (same content hash) is archived whole."""
        archived = self.load(document.doc_id)
        return archived is not None and archived.content_hash == document.content_hash

    def load(self, doc_id: str) -> CleanDocument | None:
        """The archived document, or None when there is none, or it is unreadable, or its text,
        metadata and pages do not match its content hash."""
        path = self._path(doc_id)
        if path is None:
            return None
        try:  # an id too long for a file name is an OSError too
            if not path.is_file():
                return None
            document = CleanDocument.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError):
            return None
        pages = [(page.number, page.start) for page in document.pages]
        if (
            document_hash(document.meta.model_dump_json(), document.text, pages)
            != document.content_hash
        ):
            return None
        return document

    def delete(self, doc_id: str) -> None:
        """Forget a document; unknown ids are ignored."""
        path = self._path(doc_id)
        if path is not None:
            path.unlink(missing_ok=True)
