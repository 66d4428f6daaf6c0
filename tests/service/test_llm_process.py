"""A real `citeqa serve` with the real Gemma model loaded: its model process crashes during a
request; the request falls back, the service stays up and the next request is served."""

import os
import signal
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from rag.loopback import free_port, running
from tests.conftest import CITEQA
from tests.llm_process import wait_until_busy

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTION = {"question": "What was the median PFS with milademetan?", "mode": "llm"}


@pytest.fixture(scope="module")
def llm_url(server_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    env = {**server_env, "CITEQA_SERVICE__LOAD_LLM": "true", "CITEQA_LLM__TIMEOUT_S": "120"}
    url = f"http://127.0.0.1:{port}"
    command = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{url}/readyz", timeout=180, env=env):
        yield url


def _model_pid(url: str) -> int:
    process = httpx.get(f"{url}/readyz").json()["llm"]["process"]
    assert process["state"] == "ready"
    return int(process["pid"])


def test_a_model_crash_during_a_request_falls_back_and_the_service_recovers(llm_url) -> None:
    first = _model_pid(llm_url)
    replies: list[httpx.Response] = []
    asking = threading.Thread(
        target=lambda: replies.append(httpx.post(f"{llm_url}/v1/ask", json=QUESTION, timeout=180))
    )
    asking.start()
    wait_until_busy(first)
    os.kill(first, signal.SIGSEGV)
    while asking.is_alive():  # the service stays alive while its model process is down
        assert httpx.get(f"{llm_url}/healthz", timeout=5).status_code == 200
        time.sleep(0.05)
    (reply,) = replies
    assert reply.status_code == 200
    answer = reply.json()
    assert answer["fallback"] and answer["mode"] == "llm" and not answer["refused"]
    assert answer["fallback_reason"] == "llm_failed"
    assert answer["answer"].startswith("The median PFS was 3.5 months")

    after = httpx.post(f"{llm_url}/v1/ask", json=QUESTION, timeout=180)
    assert after.status_code == 200 and after.json()["timings_ms"]["generate"] > 0
    ready = httpx.get(f"{llm_url}/readyz").json()["llm"]["process"]
    assert ready["state"] == "ready" and ready["restarts"] == 1 and ready["pid"] != first
    extractive = httpx.post(f"{llm_url}/v1/ask", json={"question": QUESTION["question"]})
    assert extractive.status_code == 200 and not extractive.json()["refused"]


def test_a_model_killed_between_requests_is_restarted_without_a_request(llm_url) -> None:
    first = _model_pid(llm_url)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while (process := httpx.get(f"{llm_url}/readyz").json()["llm"]["process"])["pid"] in (
        None,
        first,
    ):
        assert time.monotonic() < deadline, process
        time.sleep(0.1)
    reply = httpx.post(f"{llm_url}/v1/ask", json=QUESTION, timeout=180)
    assert reply.status_code == 200 and reply.json()["timings_ms"]["generate"] > 0
