"""What the app holds between requests: models, the corpus and the answer engine."""

from __future__ import annotations

import logging

from rag.answering.engine import AnswerEngine
from rag.answering.llm import LLMAnswerer, make_llm
from rag.assemble import make_engine, open_corpus
from rag.corpus import Corpus
from rag.embeddings import make_embedder
from rag.settings import Settings
from service.metrics import Metrics

logger = logging.getLogger("citeqa.service")


class Resources:
    """Models are loaded when the app starts; the store is opened then, or on the first request
    after it becomes reachable (the corpus opens it on first use), so a store that was down is
    picked up without a restart. The corpus follows changes made by other processes (see
    :mod:`rag.corpus`)."""

    def __init__(self, settings: Settings) -> None:
        """Load the embedding model (and the chat model when enabled); try the store."""
        self.settings = settings
        self.metrics = Metrics()
        self.corpus: Corpus = open_corpus(settings, make_embedder(settings))
        self.llm: LLMAnswerer | None = None
        if settings.service.load_llm:
            self.llm = make_llm(settings.llm)
        self.engine: AnswerEngine = make_engine(settings, corpus=self.corpus, llm=self.llm)
        try:
            self.corpus.snapshot()
        except Exception as exc:  # the service starts anyway and reports not ready
            logger.warning("store not available at start-up: %s", exc)

    def close(self) -> None:
        """Stop the chat model's process, if citeqa runs one."""
        if self.llm is not None:
            self.llm.close()
