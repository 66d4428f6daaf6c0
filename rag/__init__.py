"""citeqa: evidence-grounded literature question answering.

The public surface of the library; everything else is an implementation detail.
"""

from rag.errors import (
    ConfigurationError,
    DocumentLoadError,
    DocumentNotFoundError,
    EmbeddingError,
    InputError,
    RagError,
    StoreError,
    StoreUnavailableError,
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

__all__ = [
    "Chunk",
    "CleanDocument",
    "ConfigurationError",
    "DocumentLoadError",
    "DocumentMeta",
    "DocumentNotFoundError",
    "DocumentSummary",
    "EmbeddingError",
    "IngestReport",
    "InputError",
    "RagError",
    "ScoredChunk",
    "Section",
    "Settings",
    "StoreError",
    "StoreUnavailableError",
    "chunk_document",
    "clean_document",
]
