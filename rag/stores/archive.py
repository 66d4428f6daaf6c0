"""Cleaned documents kept on disk as JSON, so their text and metadata can be served."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

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
        """Write (or replace) a document atomically."""
        path = self._path(document.doc_id)
        if path is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(document.model_dump_json(), encoding="utf-8")
        temporary.replace(path)

    def has(self, doc_id: str) -> bool:
        """Whether a document is archived."""
        path = self._path(doc_id)
        return path is not None and path.is_file()

    def load(self, doc_id: str) -> CleanDocument | None:
        """The archived document, or None when there is none (or it is unreadable)."""
        path = self._path(doc_id)
        if path is None or not path.is_file():
            return None
        try:
            return CleanDocument.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError):
            return None

    def delete(self, doc_id: str) -> None:
        """Forget a document; unknown ids are ignored."""
        path = self._path(doc_id)
        if path is not None:
            path.unlink(missing_ok=True)
