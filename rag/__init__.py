"""citeqa: evidence-grounded literature question answering.

The public surface of the library; everything else is an implementation detail. Names are
imported when first used, so that importing one module of the package (the command line's
``--help``, a test of one pure function) does not load the answering stack (LangChain, the
embedding model's libraries).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rag.answering.engine import AnswerEngine
    from rag.answering.types import Answer, Citation, Turn
    from rag.assemble import make_engine, open_corpus
    from rag.corpus import Corpus
    from rag.errors import (
        ConfigurationError,
        DocumentLoadError,
        DocumentNotFoundError,
        EmbeddingError,
        InputError,
        LLMBusyError,
        LLMError,
        RagError,
        StoreError,
        StoreUnavailableError,
        WriteConflictError,
    )
    from rag.ingest.chunking import chunk_document
    from rag.ingest.clean import clean_document
    from rag.settings import Settings
    from rag.types import (
        Chunk,
        CleanDocument,
        DocumentMeta,
        DocumentSummary,
        IngestReport,
        ScoredChunk,
        Section,
    )

#: Each public name and the module that defines it.
_HOMES = {
    "Answer": "rag.answering.types",
    "AnswerEngine": "rag.answering.engine",
    "Chunk": "rag.types",
    "Citation": "rag.answering.types",
    "CleanDocument": "rag.types",
    "ConfigurationError": "rag.errors",
    "Corpus": "rag.corpus",
    "DocumentLoadError": "rag.errors",
    "DocumentMeta": "rag.types",
    "DocumentNotFoundError": "rag.errors",
    "DocumentSummary": "rag.types",
    "EmbeddingError": "rag.errors",
    "IngestReport": "rag.types",
    "InputError": "rag.errors",
    "LLMBusyError": "rag.errors",
    "LLMError": "rag.errors",
    "RagError": "rag.errors",
    "ScoredChunk": "rag.types",
    "Section": "rag.types",
    "Settings": "rag.settings",
    "StoreError": "rag.errors",
    "StoreUnavailableError": "rag.errors",
    "Turn": "rag.answering.types",
    "WriteConflictError": "rag.errors",
    "chunk_document": "rag.ingest.chunking",
    "clean_document": "rag.ingest.clean",
    "make_engine": "rag.assemble",
    "open_corpus": "rag.assemble",
}

__all__ = [
    "Answer",
    "AnswerEngine",
    "Chunk",
    "Citation",
    "CleanDocument",
    "ConfigurationError",
    "Corpus",
    "DocumentLoadError",
    "DocumentMeta",
    "DocumentNotFoundError",
    "DocumentSummary",
    "EmbeddingError",
    "IngestReport",
    "InputError",
    "LLMBusyError",
    "LLMError",
    "RagError",
    "ScoredChunk",
    "Section",
    "Settings",
    "StoreError",
    "StoreUnavailableError",
    "Turn",
    "WriteConflictError",
    "chunk_document",
    "clean_document",
    "make_engine",
    "open_corpus",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
