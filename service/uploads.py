"""Uploaded files: stored under names the service derives from the document id, never lost.

An upload is written under a temporary folder of the uploads directory, ingested from there under
the corpus's writer lock, and moved into place (``<doc_id><suffix>``) only once the ingest
succeeded; a failed ingest leaves the previous file, if any, untouched and the temporary folder
removed. Beside each stored file, ``<doc_id>.name`` records the file name it was uploaded as, so
that an upload whose different name maps to the same id (``report.txt`` after ``report.pdf``, or a
name whose id a command-line ingest already holds) is refused with 409 unless it asks to replace.
Uploading the same name again replaces that document (the same content changes nothing).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from fastapi import HTTPException

from rag.corpus import Corpus
from rag.errors import DocumentLoadError, DocumentTooLargeError
from rag.ingest.loaders import SUPPORTED_SUFFIXES
from rag.types import IngestReport

NAME_SUFFIX = ".name"


class Uploads:
    """The uploads directory of one corpus.

    Args:
        folder: Where uploaded files are kept.
        corpus: The corpus they are ingested into.
    """

    def __init__(self, folder: Path, corpus: Corpus) -> None:
        """Remember where; nothing is created until the first upload."""
        self.folder = folder
        self.corpus = corpus

    def files(self, doc_id: str) -> list[Path]:
        """The stored files of ``doc_id`` (one, unless a crash interrupted a replacement)."""
        return [
            path
            for suffix in sorted(SUPPORTED_SUFFIXES)
            if (path := self.folder / f"{doc_id}{suffix}").is_file()
        ]

    def recorded_name(self, doc_id: str) -> str | None:
        """The file name ``doc_id`` was uploaded as, if it was uploaded."""
        try:
            return (self.folder / f"{doc_id}{NAME_SUFFIX}").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def store(
        self, doc_id: str, name: str, suffix: str, data: bytes, *, replace: bool
    ) -> IngestReport:
        """Ingest an upload and keep its file.

        Raises:
            HTTPException: 409 when another name holds ``doc_id`` and ``replace`` is false.
            DocumentTooLargeError: Over an ingest limit (413).
            DocumentLoadError: The file cannot be ingested (422).
            WriteConflictError: Another process is changing the corpus (409).
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.folder))
        try:
            path = incoming / f"{doc_id}{suffix}"
            path.write_bytes(data)
            with self.corpus.writing("citeqa serve (upload)") as ingestor:
                holder = self.recorded_name(doc_id)
                taken = bool(ingestor.store.chunk_ids(doc_id)) or bool(self.files(doc_id))
                if taken and holder != name and not replace:
                    held_by = f"the upload {holder!r}" if holder else "a document not uploaded"
                    raise HTTPException(
                        409,
                        f"the document id {doc_id!r} of {name!r} is held by {held_by}; "
                        "send replace=true to replace it",
                    )
                report = ingestor.ingest([path], progress=False)
                if report.errors:
                    error = report.errors[0]
                    message = error.error.replace(str(incoming) + os.sep, "")
                    raise (DocumentTooLargeError if error.too_large else DocumentLoadError)(message)
                self._keep(doc_id, name, path)
            return report
        finally:
            shutil.rmtree(incoming, ignore_errors=True)

    def _keep(self, doc_id: str, name: str, path: Path) -> None:
        """Move an ingested upload into place, drop the document's other stored files and record
        its name (each step an atomic rename)."""
        target = self.folder / path.name
        os.replace(path, target)
        for old in self.files(doc_id):
            if old != target:
                old.unlink(missing_ok=True)
        record = path.with_name(f"{doc_id}{NAME_SUFFIX}")
        record.write_text(name, encoding="utf-8")
        os.replace(record, self.folder / record.name)

    def forget(self, doc_id: str) -> None:
        """Delete ``doc_id``'s stored files and name record (after it left the corpus)."""
        for path in self.files(doc_id):
            path.unlink(missing_ok=True)
        (self.folder / f"{doc_id}{NAME_SUFFIX}").unlink(missing_ok=True)
