"""The one assembler: builds the corpus and the answer engine from settings.

The command line, the HTTP service, evaluation and benchmarks all get their parts here; nothing
else wires stores, indexes and models together. Models are built here (or passed in, to share one
embedding model between several corpora); nothing is built at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.corpus import Corpus, StoreOpener
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.answering.engine import AnswerEngine
    from rag.answering.llm import LLMAnswerer
    from rag.answering.scorer import ScorerModel
    from rag.embeddings import Embedder


def store_opener(settings: Settings) -> StoreOpener:
    """Opens the Chroma collection the settings name; ``fresh`` bypasses the client cache."""
    from rag.stores.chroma_store import make_store  # noqa: PLC0415 - heavy import

    return lambda fresh: make_store(settings, fresh=fresh)


def open_corpus(
    settings: Settings, embedder: Embedder | None = None, *, evidence: bool = True
) -> Corpus:
    """The corpus the settings describe (the store opens on first use).

    Args:
        settings: The settings.
        embedder: An embedding model to share; by default the configured one is loaded.
        evidence: Keep the sentence evidence index (see :class:`rag.corpus.Corpus`).
    """
    if embedder is None:
        from rag.embeddings import make_embedder  # noqa: PLC0415 - heavy import

        embedder = make_embedder(settings)
    return Corpus(settings, embedder, store_opener(settings), evidence=evidence)


def make_engine(
    settings: Settings,
    *,
    with_llm: bool = False,
    corpus: Corpus | None = None,
    llm: LLMAnswerer | None = None,
    scorer: ScorerModel | None = None,
) -> AnswerEngine:
    """The answer engine over a corpus (the configured one unless given).

    Args:
        settings: The settings.
        with_llm: Also start the chat model, for the ``llm`` mode (close the engine to stop its
            model process); ignored when ``llm`` is given.
        corpus: The corpus to answer from; by default :func:`open_corpus`.
        llm: A chat model to use.
        scorer: The answer scorer; by default the configured or committed one.
    """
    from rag.answering.engine import AnswerEngine  # noqa: PLC0415 - heavy imports
    from rag.answering.llm import make_llm  # noqa: PLC0415

    corpus = corpus or open_corpus(settings)
    if llm is None and with_llm:
        llm = make_llm(settings.llm)
    return AnswerEngine(settings, corpus, corpus.embedder.vocabulary(), llm, scorer)
