"""citeqa: evidence-grounded literature question answering.

The public surface of the library; everything else is an implementation detail.
"""

from rag.answering.engine import AnswerEngine, make_engine
from rag.answering.types import Answer, Citation, Turn
from rag.errors import (
    ConfigurationError,
    DocumentLoadError,
    DocumentNotFoundError,
    EmbeddingError,
    InputError,
    LLMError,
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
    "Answer",
    "AnswerEngine",
    "Chunk",
    "Citation",
    "CleanDocument",
    "ConfigurationError",
    "DocumentLoadError",
    "DocumentMeta",
    "DocumentNotFoundError",
    "DocumentSummary",
    "EmbeddingError",
    "IngestReport",
    "InputError",
    "LLMError",
    "RagError",
    "ScoredChunk",
    "Section",
    "Settings",
    "StoreError",
    "StoreUnavailableError",
    "Turn",
    "chunk_document",
    "clean_document",
    "make_engine",
]
