"""The supervised llama.cpp process with the real Gemma 3 270M model: clear start-up errors,
restarts after crashes, and deadlines that end a frozen or runaway generation."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from rag.answering.llm import LLMAnswerer, default_gguf_path, llama_server, make_llm
from rag.answering.passages import number_passages
from rag.errors import ConfigurationError, LLMError
from rag.settings import LLMSettings
from tests.llm_process import wait_until_busy

pytestmark = [pytest.mark.slow, pytest.mark.integration]

QUESTION = "What CR rate did ziftomenib reach in NPM1-mutant AML?"


def test_a_file_that_is_no_model_is_a_clear_start_up_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"GGUF" + os.urandom(4096))
    with pytest.raises(ConfigurationError, match=r"cannot start the llama\.cpp server: exit"):
        make_llm(LLMSettings(model_path=bogus))


def test_the_memory_limit_holds_and_is_reported() -> None:
    with pytest.raises(ConfigurationError, match="(?i)memory|allocate"):
        make_llm(LLMSettings(memory_limit_mb=400))


def test_the_default_memory_limit_scales_with_the_model() -> None:
    server = llama_server(LLMSettings())
    size_mb = default_gguf_path().stat().st_size >> 20
    assert server.memory_limit_mb == 2 * size_mb + 4096
    assert llama_server(LLMSettings(memory_limit_mb=0)).memory_limit_mb == 0


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_crash_while_idle_is_restarted_before_the_next_request(sig: signal.Signals) -> None:
    with make_llm(LLMSettings(timeout_s=120)) as llm:
        assert llm.server is not None
        first = llm.server.pid
        assert first is not None
        os.kill(first, sig)
        while llm.server.pid == first:  # the signal is delivered asynchronously
            time.sleep(0.01)
        text = llm.rewrite("And in children?", [])  # waits for the restart, then answers
        assert isinstance(text, str)
        status = llm.server.status()
        assert status["state"] == "ready" and status["restarts"] == 1
        assert status["pid"] not in (None, first)


def test_a_crash_during_generation_fails_that_call_only(engine) -> None:
    passages = number_passages(engine.search(QUESTION, k=6))
    with make_llm(LLMSettings(timeout_s=120)) as llm:
        assert llm.server is not None
        first = llm.server.pid
        assert first is not None
        outcome: list[BaseException | str] = []

        def call() -> None:
            try:
                outcome.append(llm.generate(QUESTION, passages))
            except LLMError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        wait_until_busy(first)
        os.kill(first, signal.SIGSEGV)
        worker.join(timeout=60)
        assert len(outcome) == 1 and isinstance(outcome[0], LLMError)
        assert isinstance(llm.generate(QUESTION, passages), str)
        assert llm.server.pid not in (None, first)


def test_a_frozen_generation_ends_at_the_deadline_and_the_process_is_replaced(engine) -> None:
    passages = number_passages(engine.search(QUESTION, k=6))
    settings = LLMSettings(timeout_s=8)
    with make_llm(settings) as llm:
        assert llm.server is not None
        first = llm.server.pid
        assert first is not None
        freezer = threading.Thread(target=_freeze_when_busy, args=(first,))
        freezer.start()
        started = time.monotonic()
        with pytest.raises(LLMError, match="no answer within 8s"):
            llm.generate(QUESTION, passages)
        assert time.monotonic() - started < 12
        freezer.join()
        llm.server.wait_ready(60)
        assert llm.server.pid not in (None, first)
        assert llm.server.status()["restarts"] == 1


def _freeze_when_busy(pid: int) -> None:
    wait_until_busy(pid)
    os.kill(pid, signal.SIGSTOP)


def test_closing_stops_the_process() -> None:
    llm = make_llm(LLMSettings())
    assert isinstance(llm, LLMAnswerer) and llm.server is not None
    pid = llm.server.pid
    assert pid is not None
    llm.close()
    assert llm.server.status() == {"state": "stopped", "restarts": 0, "pid": None}
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(LLMError, match="stopped"):
        llm.server.wait_ready(1)
