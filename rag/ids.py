"""Content-hash identifiers, stable across processes and machines."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_hash(meta_json: str, text: str) -> str:
    """Content hash of a cleaned document: its metadata (as JSON) and its text."""
    return content_hash(meta_json + "\x00" + text)


def chunk_id(document_hash: str, start: int, text: str) -> str:
    """Identifier of a chunk: a hash of its document's content hash, its offset and its text.

    The same document cleaned and chunked with the same settings yields the same ids, so ingestion
    can upsert by id and skip chunks that are already stored; any change to the document (text or
    metadata) yields new ids, so its old chunks are replaced.
    """
    return content_hash(f"{document_hash}\x00{start}\x00{text}")[:32]
