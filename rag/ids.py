"""Content-hash identifiers, stable across processes and machines."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

#: Longest document id; longer names are cut and told apart by a hash.
MAX_DOC_ID_CHARS = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_hash(meta_json: str, text: str, page_starts: Sequence[tuple[int, int]] = ()) -> str:
    """Content hash of a cleaned document: its metadata (as JSON), its text and, for a file with
    pages, where each page starts (``(number, offset)`` pairs). Pages enter only where there are
    some, so documents without pages keep the hash they always had."""
    pages = "".join(f"\x00{number}:{start}" for number, start in page_starts)
    return content_hash(meta_json + "\x00" + text + pages)


def chunk_id(document_hash: str, start: int, text: str) -> str:
    """Identifier of a chunk: a hash of its document's content hash, its offset and its text.

    The same document cleaned and chunked with the same settings yields the same ids, so ingestion
    can upsert by id and skip chunks that are already stored; any change to the document (text or
    metadata) yields new ids, so its old chunks are replaced.
    """
    return content_hash(f"{document_hash}\x00{start}\x00{text}")[:32]


def document_id(name: str) -> str | None:
    """The document id of a file name's stem: injective, and its own id.

    A stem of ``[A-Za-z0-9._-]`` characters, not starting or ending with ``-`` or ``.``, of at
    most 100 characters, is its own id (``ziftomenib-komet-001``). Any other stem gets its safe
    characters (each run of others as ``-``), cut to fit, and ``-`` with the first 8 hex digits of
    its SHA-256: ``α-trial`` gives ``trial-<hash>`` and ``β-trial`` another, and a 300-character
    name a 100-character id. An id maps to itself, so a file stored under its id keeps it.

    Returns:
        The id, or None when the stem has no safe character at all.
    """
    slug = _UNSAFE.sub("-", name).strip("-.")
    if not slug:
        return None
    if slug == name and len(name) <= MAX_DOC_ID_CHARS:
        return name
    cut = slug[: MAX_DOC_ID_CHARS - 9].rstrip("-.")
    return f"{cut}-{content_hash(name)[:8]}"
