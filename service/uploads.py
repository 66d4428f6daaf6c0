"""Uploaded files: stored under names the service derives from the document id, never lost.

An upload is written under a temporary folder of the uploads directory, ingested from there under
the corpus's writer lock, and moved into place (``<doc_id><suffix>``) only once the ingest
succeeded; a failed ingest leaves the previous file, if any, untouched and the temporary folder
removed. Beside each stored file, ``<doc_id>.name`` records the file name it was uploaded as, so
that an upload whose different name maps to the same id (``report.txt`` after ``report.pdf``, or a
name whose id a command-line ingest already holds) is refused with 409 unless it asks to replace.
Uploading the same name again replaces that document (the same content changes nothing).

Metadata given with an upload (title, authors, year, journal, DOI: :func:`declared_meta`)
overrides what the file states. It is written to the temporary folder's ``manifest.json`` for the
ingest, and recorded in the uploads folder's once the upload is kept, so that it holds whenever
the folder is ingested again; each upload records its own, replacing an earlier upload's (an
upload without metadata drops the record).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from fastapi import HTTPException

from rag.corpus import Corpus
from rag.errors import DocumentLoadError, DocumentTooLargeError
from rag.ingest.loaders import SUPPORTED_SUFFIXES
from rag.ingest.manifest import record, write_manifest
from rag.types import DocumentMeta, IngestReport

NAME_SUFFIX = ".name"
#: The metadata fields an upload may carry, and the longest value of each.
FIELD_LIMITS = {"title": 500, "authors": 200, "year": 20, "journal": 300, "doi": 300}
MAX_AUTHORS = 100
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def _bounded(field: str, value: str) -> str:
    value = " ".join(value.split())
    if len(value) > FIELD_LIMITS[field]:
        raise HTTPException(422, f"{field}: at most {FIELD_LIMITS[field]} characters")
    return value


def declared_meta(doc_id: str, fields: dict[str, list[str]]) -> DocumentMeta | None:
    """The metadata an upload's form fields declare, or None when they declare none.

    Args:
        doc_id: The upload's document id.
        fields: The values of each form field (``title``, ``authors``, ``year``, ``journal``,
            ``doi``; others are ignored). Authors come one per field or ``;``-separated; empty
            values declare nothing.

    Raises:
        HTTPException: 422 naming the field: a year that is not an integer from 1000 to 2100, a
            DOI not shaped ``10.<registrant>/<suffix>`` (a ``doi:`` or ``https://doi.org/``
            prefix is accepted), a value over its length or more than 100 authors.
    """

    def one(field: str) -> str:
        values = [_bounded(field, v) for v in fields.get(field, [])]
        given = [value for value in values if value]
        if len(given) > 1:
            raise HTTPException(422, f"{field}: give one value, not {len(given)}")
        return given[0] if given else ""

    authors = [
        _bounded("authors", name)
        for value in fields.get("authors", [])
        for name in value.split(";")
        if name.strip()
    ]
    if len(authors) > MAX_AUTHORS:
        raise HTTPException(422, f"authors: at most {MAX_AUTHORS} names")
    year_text = one("year")
    if year_text and not (
        year_text.isascii() and year_text.isdigit() and 1000 <= int(year_text) <= 2100
    ):
        raise HTTPException(422, f"year: an integer from 1000 to 2100, not {year_text!r}")
    doi = _DOI_PREFIX.sub("", one("doi"))
    if doi and not _DOI.match(doi):
        raise HTTPException(422, f"doi: shaped like 10.1056/NEJMoa2214171, not {doi!r}")
    meta = DocumentMeta(
        doc_id=doc_id,
        title=one("title"),
        source=one("journal"),
        year=int(year_text) if year_text else None,
        authors=authors,
        identifiers=[f"doi:{doi}"] if doi else [],
    )
    return meta if meta != DocumentMeta(doc_id=doc_id) else None


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
        self,
        doc_id: str,
        name: str,
        suffix: str,
        data: bytes,
        *,
        replace: bool,
        declared: DocumentMeta | None = None,
    ) -> IngestReport:
        """Ingest an upload and keep its file, with the metadata ``declared`` for it overriding
        what the file states.

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
            if declared is not None:
                write_manifest(incoming, [declared])
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
                record(self.folder, doc_id, declared)
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
        """Delete ``doc_id``'s stored files, name record and metadata (after it left the
        corpus)."""
        for path in self.files(doc_id):
            path.unlink(missing_ok=True)
        (self.folder / f"{doc_id}{NAME_SUFFIX}").unlink(missing_ok=True)
        record(self.folder, doc_id, None)
