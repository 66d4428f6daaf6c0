"""The one error hierarchy of citeqa. Every error the library raises on purpose is one of these.

::

    RagError
    ├── ConfigurationError        settings that cannot work (missing model, bad combination)
    ├── InputError                bad input from the caller
    │   ├── DocumentNotFoundError a path or document id that does not exist
    │   └── DocumentLoadError     a file that cannot be read as text (binary, encoding, empty)
    │       └── DocumentTooLargeError  a file over a size, page or character limit
    ├── StoreError                the vector store failed
    │   ├── StoreUnavailableError the store cannot be reached (retryable)
    │   └── StaleStoreError       another process changed an embedded store under this client
    ├── WriteConflictError        another process is changing the corpus (retryable)
    ├── EmbeddingError            the embedding model failed to load or encode
    └── LLMError                  the chat model failed or timed out (retryable)
        └── LLMBusyError          every slot and queue place of the chat model is taken

The HTTP service maps these classes to status codes in one place.
"""

from __future__ import annotations


class RagError(Exception):
    """Root of every citeqa error. ``retryable`` tells callers whether trying again may help."""

    retryable: bool = False


class ConfigurationError(RagError):
    """Settings that cannot work, such as a model path that holds no model."""


class InputError(RagError):
    """Input from the caller that citeqa cannot act on."""


class DocumentNotFoundError(InputError):
    """A path or document id that does not exist."""


class DocumentLoadError(InputError):
    """A file that exists but cannot be turned into a document (binary, bad encoding, empty)."""


class DocumentTooLargeError(DocumentLoadError):
    """A file over one of the ingest limits (bytes, pages, characters); the message names it."""


class StoreError(RagError):
    """The vector store failed."""


class StoreUnavailableError(StoreError):
    """The vector store cannot be reached; it may be back later."""

    retryable = True


class StaleStoreError(StoreError):
    """An embedded store's client holds a vector index older than the records another process
    wrote; a fresh client (:meth:`rag.corpus.Corpus.refresh`) answers."""

    retryable = True


class WriteConflictError(RagError):
    """Another process holds the corpus's writer lock; the message names it."""

    retryable = True


class EmbeddingError(RagError):
    """The embedding model could not be loaded or failed to encode."""


class LLMError(RagError):
    """The chat model failed or did not answer in time; answers fall back to extractive."""

    retryable = True


class LLMBusyError(LLMError):
    """The chat model's calls and queue are full; answers fall back to extractive at once."""
