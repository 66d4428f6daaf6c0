"""The answer engine: rewrite, retrieve, answer (extractive or LLM), verify, compose."""

from __future__ import annotations

import time

from rag.answering.citations import compose
from rag.answering.extractive import ExtractiveAnswerer
from rag.answering.llm import LLMAnswerer
from rag.answering.passages import Passage, number_passages
from rag.answering.rewrite import carry_over, keeps_subject
from rag.answering.types import REFUSAL, Answer, AnswerMode, Timings, Turn
from rag.answering.verifier import CheckedSentence, verify
from rag.embeddings import Embedder, SentenceTransformerEmbedder
from rag.errors import InputError, LLMError
from rag.retrieval.filters import Filters
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings
from rag.stores.protocol import VectorStore

MAX_QUESTION_CHARS = 2000
EXTRACTIVE_MODEL = "extractive"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def make_engine(settings: Settings, *, with_llm: bool = False) -> AnswerEngine:
    """Build the engine the settings describe: models loaded, store opened, BM25 in step.

    Args:
        settings: The settings.
        with_llm: Also load the chat model, for the ``llm`` mode (close the engine to stop its
            model process).
    """
    from rag.answering.llm import make_llm  # noqa: PLC0415 - only when asked for
    from rag.embeddings import make_embedder  # noqa: PLC0415 - heavy
    from rag.retrieval.sparse import sync_index  # noqa: PLC0415
    from rag.stores.chroma_store import make_store  # noqa: PLC0415

    store = make_store(settings)
    sparse = sync_index(store, settings.sparse_index_dir())
    embedder = make_embedder(settings)
    llm = make_llm(settings.llm) if with_llm else None
    return AnswerEngine(settings, embedder, store, sparse, llm)


class AnswerEngine:
    """Answers questions from one store; build it once, call it for every question."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: VectorStore,
        sparse: BM25Index,
        llm: LLMAnswerer | None = None,
    ) -> None:
        """Store the collaborators; ``llm`` is needed only for the ``llm`` mode."""
        self.settings = settings
        self.sparse = sparse
        self.retriever = HybridRetriever(embedder, store, sparse, settings.retrieval)
        common = (
            embedder.vocabulary()
            if isinstance(embedder, SentenceTransformerEmbedder)
            else frozenset[str]()
        )
        self.extractive = ExtractiveAnswerer(embedder, settings.answer, common)
        self.llm = llm

    def close(self) -> None:
        """Stop the LLM's model process, if there is one."""
        if self.llm is not None:
            self.llm.close()

    def use_index(self, sparse: BM25Index) -> None:
        """Switch to a rebuilt BM25 index (after documents were added or removed)."""
        self.sparse = sparse
        self.retriever.sparse = sparse

    def standalone(self, question: str, history: list[Turn], use_llm: bool) -> tuple[str, set[str]]:
        """The question made standalone, and the salient terms carried from earlier turns.

        With ``use_llm`` and an LLM, the LLM rewrites a follow-up; when it fails, or its rewrite
        loses the conversation's subject, or otherwise, the previous question's salient terms are
        carried over.
        """
        stats = self.sparse.statistics
        carried, context = carry_over(
            question, history, lambda text: self.extractive.salient(text, stats)
        )
        if not context or not use_llm or self.llm is None:
            return carried, context
        try:
            rewritten = self.llm.rewrite(question, history)
        except LLMError:
            return carried, context
        if 0 < len(rewritten) <= MAX_QUESTION_CHARS and keeps_subject(carried, rewritten):
            return rewritten, set()
        return carried, context

    def answer(
        self,
        question: str,
        history: list[Turn] | None = None,
        mode: AnswerMode | None = None,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        """Answer ``question``; never raises for LLM failures (the extractive answer is used).

        Raises:
            InputError: An empty or overlong question, or the ``llm`` mode with no LLM.
        """
        started = time.perf_counter()
        question = question.strip()
        if not question:
            raise InputError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        mode = mode or self.settings.answer.mode
        llm = self.llm if mode == "llm" else None
        if mode == "llm" and llm is None:
            raise InputError("the llm mode needs a configured LLM (see CITEQA_LLM__*)")
        timings = Timings()
        clock = time.perf_counter()
        standalone, context = self.standalone(question, history or [], use_llm=mode == "llm")
        hits = self.retriever.search(standalone, k=k or self.settings.answer.k, filters=filters)
        passages = number_passages(hits)
        timings.retrieve = _ms(clock)
        clock = time.perf_counter()
        if llm is not None:
            result = self._llm_answer(llm, question, standalone, context, passages, timings)
        else:
            result = self._extractive_answer(question, standalone, context, passages)
            timings.generate = _ms(clock)
        timings.total = _ms(started)
        result.timings_ms = timings
        return result

    def _extractive_answer(
        self,
        question: str,
        standalone: str,
        context: set[str],
        passages: dict[int, Passage],
        *,
        fallback: bool = False,
        dropped: int = 0,
        model: str = EXTRACTIVE_MODEL,
    ) -> Answer:
        extractive = self.extractive.answer(
            standalone, passages, self.sparse.statistics, self.sparse.abbreviations, context
        )
        text, citations = compose(extractive.sentences, passages)
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=text if not extractive.refused else REFUSAL,
            refused=extractive.refused,
            citations=citations,
            mode="llm" if fallback else "extractive",
            model=model,
            fallback=fallback,
            dropped_sentences=dropped,
        )

    def _llm_answer(
        self,
        llm: LLMAnswerer,
        question: str,
        standalone: str,
        context: set[str],
        passages: dict[int, Passage],
        timings: Timings,
    ) -> Answer:
        """The verified LLM answer, or the extractive one (computed only then) as fallback."""
        clock = time.perf_counter()
        try:
            raw = llm.generate(standalone, passages) if passages else ""
        except LLMError:
            raw = ""
        timings.generate = _ms(clock)
        clock = time.perf_counter()
        checked: list[CheckedSentence] = verify(raw, passages, self.settings.answer.min_overlap)
        kept = [sentence for sentence in checked if sentence.supported]
        timings.verify = _ms(clock)
        dropped = len(checked) - len(kept)
        if not kept:
            return self._extractive_answer(
                question, standalone, context, passages,
                fallback=True, dropped=dropped, model=llm.name,
            )  # fmt: skip
        text, citations = compose(kept, passages)
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=text,
            refused=False,
            citations=citations,
            mode="llm",
            model=llm.name,
            fallback=False,
            dropped_sentences=dropped,
        )
