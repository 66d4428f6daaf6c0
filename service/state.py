"""What the app holds between requests: models, the answer engine, and the write lock."""

from __future__ import annotations

import logging
import threading

from rag.answering.engine import AnswerEngine
from rag.answering.llm import LLMAnswerer, make_llm
from rag.embeddings import SentenceTransformerEmbedder, make_embedder
from rag.ingest.pipeline import Ingestor
from rag.retrieval.sparse import sync_index
from rag.settings import Settings
from rag.stores.archive import DocumentArchive
from rag.stores.chroma_store import make_store
from service.metrics import Metrics

logger = logging.getLogger("citeqa.service")


class Resources:
    """Models are loaded when the app starts; the store is opened then, or on the first request
    after it becomes reachable, so a store that was down is picked up without a restart."""

    def __init__(self, settings: Settings) -> None:
        """Load the embedding model (and the chat model when enabled); try the store."""
        self.settings = settings
        self.metrics = Metrics()
        self.archive = DocumentArchive(settings.documents_dir())
        self.write_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self.embedder: SentenceTransformerEmbedder = make_embedder(settings)
        self.llm: LLMAnswerer | None = None
        if settings.service.load_llm:
            self.llm = make_llm(settings.llm)
        self._engine: AnswerEngine | None = None
        try:
            self.engine()
        except Exception as exc:  # the service starts anyway and reports not ready
            logger.warning("store not available at start-up: %s", exc)

    def engine(self) -> AnswerEngine:
        """The answer engine, opening the store first if needed.

        Raises:
            StoreUnavailableError: The store cannot be reached.
        """
        if self._engine is None:
            with self._open_lock:
                if self._engine is None:
                    store = make_store(self.settings)
                    sparse = sync_index(store, self.settings.sparse_index_dir())
                    self._engine = AnswerEngine(
                        self.settings, self.embedder, store, sparse, self.llm
                    )
        return self._engine

    def close(self) -> None:
        """Stop the chat model's process, if citeqa runs one."""
        if self.llm is not None:
            self.llm.close()

    def ingestor(self) -> Ingestor:
        """An ingestor writing to the engine's store."""
        return Ingestor(self.settings, self.embedder, self.engine().retriever.store)

    def refresh_index(self) -> None:
        """Rebuild the BM25 index from the store and switch the engine to it."""
        engine = self.engine()
        engine.use_index(sync_index(engine.retriever.store, self.settings.sparse_index_dir()))
