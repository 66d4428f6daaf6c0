"""Bibliographic metadata for a folder of documents, read from its ``manifest.json``.

The manifest is optional. Its format::

    {"documents": [{"doc_id": "...", "title": "...", "source": "...", "year": 2023,
                    "authors": ["..."], "identifiers": ["doi:...", "NCT..."]}]}

Only ``doc_id`` is required; a document missing from the manifest gets its id alone.
"""

from __future__ import annotations

import json
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
