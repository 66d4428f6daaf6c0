"""The LLM path end to end with the real Gemma 3 270M model: the llamacpp provider (a llama.cpp
process citeqa supervises) and the openai provider against a real llama_cpp.server on loopback.
Native model code never runs in the pytest process."""

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.answering.engine import AnswerEngine
from rag.answering.llm import LLMAnswerer, default_gguf_path, make_llm
from rag.answering.passages import number_passages
from rag.answering.types import Answer
from rag.answering.verifier import split_answer, verify
from rag.assemble import make_engine
from rag.errors import ConfigurationError
from rag.loopback import free_port, running
from rag.settings import LLMSettings
from rag.text.numbers import extract_facts, merge
from tests.llm_process import native_llama_loaded

QUESTIONS = [
    "What CR rate did ziftomenib reach in NPM1-mutant AML?",
    "What was the median PFS with milademetan?",
    "What was the two-year overall survival with blinatumomab in infants?",
    "What is the capital of France?",
]


def test_factory_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="BASE_URL"):
        make_llm(LLMSettings(provider="openai"))
    with pytest.raises(ConfigurationError, match="no such GGUF"):
        make_llm(LLMSettings(model_path=tmp_path / "missing.gguf"))


def _engine(engine: AnswerEngine, llm: LLMAnswerer) -> AnswerEngine:
    return make_engine(engine.settings, corpus=engine.corpus, llm=llm)


def _assert_grounded(answer: Answer, extractive: Answer) -> None:
    """Every surviving sentence's numbers are in its cited quotes; else the extractive answer,
    because nothing the model wrote survived verification (the model itself must not fail)."""
    assert answer.mode == "llm"
    if answer.fallback:
        assert answer.fallback_reason == "unsupported"
        assert (answer.answer, answer.citations) == (extractive.answer, extractive.citations)
        return
    assert answer.fallback_reason is None
    quotes = {c.marker: extract_facts(c.quote) for c in answer.citations}
    for sentence, markers in split_answer(answer.answer):
        assert markers, sentence
        missing = extract_facts(sentence).missing_from(merge([quotes[m] for m in markers]))
        assert missing == [], (sentence, missing)


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS)
def test_gemma_answers_are_verified_or_fall_back(engine, gemma, question) -> None:
    answer = _engine(engine, gemma).answer(question, mode="llm")
    assert answer.model == "gemma-3-270m-q4_k_m.gguf"
    assert answer.timings_ms.generate > 0
    _assert_grounded(answer, engine.answer(question))


@pytest.mark.slow
def test_invented_numbers_never_survive(engine, gemma) -> None:
    for question in QUESTIONS:
        passages = number_passages(engine.search(question, k=4))
        raw = gemma.generate(question, passages)
        known = merge([p.facts for p in passages.values()])
        for sentence in verify(raw, passages, 0.5):
            if extract_facts(sentence.text).missing_from(known):
                assert not sentence.supported, sentence


@pytest.mark.slow
def test_timeout_falls_back_to_extractive(engine) -> None:
    with make_llm(LLMSettings(timeout_s=0.05)) as slow:
        started = time.perf_counter()
        answer = _engine(engine, slow).answer(QUESTIONS[0], mode="llm")
        assert answer.fallback and answer.answer == engine.answer(QUESTIONS[0]).answer
        assert answer.fallback_reason == "llm_failed"
        assert time.perf_counter() - started < 30


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(default_gguf_path()),
               "--host", "127.0.0.1", "--port", str(port), "--chat_format", "gemma",
               "--n_ctx", "4096", "--model_alias", "gemma-3-270m"]  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    with running(command, f"{base}/models"):
        yield base


@pytest.mark.slow
@pytest.mark.integration
def test_openai_provider_against_llama_cpp_server(engine, llama_server) -> None:
    settings = LLMSettings(provider="openai", base_url=llama_server, model="gemma-3-270m")
    with make_llm(settings) as llm:
        remote = _engine(engine, llm)
        for question in QUESTIONS[:2]:
            answer = remote.answer(question, mode="llm")
            assert answer.model == "gemma-3-270m"
            _assert_grounded(answer, engine.answer(question))


@pytest.mark.slow
@pytest.mark.integration
def test_llm_server_down_falls_back(engine) -> None:
    settings = LLMSettings(
        provider="openai", base_url=f"http://127.0.0.1:{free_port()}/v1", timeout_s=5
    )
    with make_llm(settings) as llm:
        answer = _engine(engine, llm).answer(QUESTIONS[0], mode="llm")
    assert answer.fallback and not answer.refused and answer.fallback_reason == "llm_failed"
    assert answer.answer == engine.answer(QUESTIONS[0]).answer


@pytest.mark.slow
def test_the_model_runs_in_a_child_process_only(gemma) -> None:
    assert gemma.generate(QUESTIONS[1], {}) is not None
    assert gemma.server is not None and gemma.server.pid not in (None, os.getpid())
    assert not native_llama_loaded()
