"""LLM calls are bounded in number and time against a slow OpenAI-compatible server on loopback:
a call that times out is aborted at the server, and a burst never builds a backlog."""

import threading
import time

import pytest

from rag.answering.llm import LLMAnswerer, make_llm
from rag.errors import LLMBusyError, LLMError
from rag.settings import LLMSettings
from tests.slow_model import slow_model

pytestmark = pytest.mark.integration


def _burst(llm: LLMAnswerer, callers: int) -> tuple[list[str], float]:
    """Ask ``callers`` questions at once; return how each call ended and when the last did."""
    outcomes: list[str] = []

    def ask() -> None:
        try:
            llm.generate("What is menin?", {})
            outcomes.append("answered")
        except LLMBusyError:
            outcomes.append("busy")
        except LLMError:
            outcomes.append("timed out")

    threads = [threading.Thread(target=ask) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.monotonic()


def test_a_timed_out_generation_is_aborted_at_the_server() -> None:
    """Before: a call that began just before its caller's deadline ran to its end at the server
    (0.7 s of generation nobody waited for)."""
    with slow_model(delay_s=0.7) as (base_url, log):
        settings = LLMSettings(provider="openai", base_url=base_url, timeout_s=1.0, queue_size=8)
        with make_llm(settings) as llm:
            outcomes, returned = _burst(llm, 6)
            time.sleep(1.0)
        assert sorted(outcomes) == ["answered"] + ["timed out"] * 5
        assert log.busiest == 1 and log.answered == 1 and log.aborted == len(log.arrivals) - 1
        assert max(log.ended) < returned + 0.25  # nothing ran on after every caller left


def test_a_burst_past_the_queue_gets_busy_at_once() -> None:
    """Before: every call of a burst was queued, however many."""
    with slow_model(delay_s=3.0) as (base_url, log):
        settings = LLMSettings(
            provider="openai", base_url=base_url, timeout_s=0.5, concurrency=1, queue_size=1
        )
        with make_llm(settings) as llm:
            outcomes, returned = _burst(llm, 8)
            time.sleep(1.0)  # a backlog would keep reaching the server now
            assert llm.status()["calls"] == 0
        assert outcomes.count("busy") == 6 and outcomes.count("timed out") == 2
        assert all(arrival < returned for arrival in log.arrivals)
        assert 1 <= len(log.arrivals) <= 2 and log.busiest == 1
        assert log.aborted == len(log.arrivals) and log.answered == 0
