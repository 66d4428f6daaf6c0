"""citeqa: evidence-grounded literature question answering.

The public surface of the library; everything else is an implementation detail.
"""

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
