"""The app factory in-process: settings that need their own app (keys, CORS, a store that is
down, an LLM that is down), with real components."""

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag.loopback import answers, free_port, running
from rag.settings import LLMSettings, ServiceSettings, Settings, StoreSettings
from service.app import create_app
from tests.silent import silent_server
from tests.slow_model import slow_model

pytestmark = pytest.mark.slow


def test_document_changes_are_disabled_without_a_key(tmp_path: Path) -> None:
    settings = Settings(store=StoreSettings(data_dir=tmp_path))
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/documents", files={"file": ("a.txt", b"text")})
        assert response.status_code == 403
        assert response.json()["error"]["type"] == "forbidden"
        assert client.delete("/v1/documents/a").status_code == 403


def test_read_key_and_cors(tmp_path: Path) -> None:
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path),
        read_api_key="reader",
        service=ServiceSettings(cors_origins=["https://ui.example"]),
    )
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/search", json={"query": "x"}).status_code == 401
        ok = client.post(
            "/v1/search", json={"query": "x"}, headers={"Authorization": "Bearer reader"}
        )
        assert ok.status_code == 200 and ok.json() == []
        assert client.get("/healthz").status_code == 200
        preflight = client.options(
            "/v1/ask",
            headers={"Origin": "https://ui.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == "https://ui.example"
    closed = Settings(store=StoreSettings(data_dir=tmp_path))
    with TestClient(create_app(closed)) as client:
        response = client.get("/healthz", headers={"Origin": "https://ui.example"})
        assert "access-control-allow-origin" not in response.headers


def _chroma(tmp_path: Path, port: int) -> list[str]:
    chroma = Path(sys.executable).with_name("chroma")
    return [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip


def _unavailable(response: Any, tmp_path: Path) -> None:
    """A 503 that says when to retry and names neither the store's address nor its folder."""
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    error = response.json()["error"]
    assert error["type"] == "store_unavailable" and "Chroma" in error["message"]
    assert "127.0.0.1" not in error["message"] and str(tmp_path) not in error["message"]


@pytest.mark.integration
def test_store_down_is_503_and_the_service_recovers(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(store=StoreSettings(data_dir=tmp_path, host="127.0.0.1", port=port))
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        _unavailable(client.get("/readyz"), tmp_path)
        _unavailable(client.post("/v1/ask", json={"question": "What is menin?"}), tmp_path)
        with running(_chroma(tmp_path, port), f"http://127.0.0.1:{port}/api/v2/heartbeat", 60):
            assert client.get("/readyz").status_code == 200
            answer = client.post("/v1/ask", json={"question": "What is menin?"})
            assert answer.status_code == 200 and answer.json()["refused"]


@pytest.mark.integration
def test_a_store_that_never_answers_does_not_hang_start_up(tmp_path: Path) -> None:
    """Before: start-up waited on the silent server for good."""
    with silent_server() as port:
        store = StoreSettings(data_dir=tmp_path, host="127.0.0.1", port=port, timeout_s=1)
        with TestClient(create_app(Settings(store=store))) as client:
            _unavailable(client.get("/readyz"), tmp_path)
            _unavailable(client.post("/v1/search", json={"query": "menin"}), tmp_path)


@pytest.mark.integration
def test_a_store_that_dies_mid_run_is_503_and_comes_back(tmp_path: Path) -> None:
    """Before: a server killed under a running service gave 502 store_error."""
    port = free_port()
    store = StoreSettings(data_dir=tmp_path, host="127.0.0.1", port=port, refresh_s=0)
    heartbeat = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    server = subprocess.Popen(_chroma(tmp_path, port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        while not answers(heartbeat):
            assert server.poll() is None
            time.sleep(0.3)
        with TestClient(create_app(Settings(store=store))) as client:
            assert client.get("/readyz").status_code == 200
            server.kill()
            server.wait()
            _unavailable(client.get("/readyz"), tmp_path)
            _unavailable(client.post("/v1/search", json={"query": "menin"}), tmp_path)
            with running(_chroma(tmp_path, port), heartbeat, 60):
                assert client.get("/readyz").status_code == 200
                assert client.post("/v1/search", json={"query": "menin"}).json() == []
    finally:
        server.kill()
        server.wait()


def test_llm_down_falls_back_instead_of_failing(seeded) -> None:
    settings, _ = seeded
    broken = settings.model_copy(
        update={
            "llm": LLMSettings(
                provider="openai", base_url=f"http://127.0.0.1:{free_port()}/v1", timeout_s=5
            ),
            "service": ServiceSettings(load_llm=True),
        }
    )
    with TestClient(create_app(broken)) as client:
        response = client.post(
            "/v1/ask", json={"question": "What was the median PFS with milademetan?", "mode": "llm"}
        )
        assert response.status_code == 200
        answer = response.json()
        assert answer["fallback"] and answer["mode"] == "llm"
        assert answer["fallback_reason"] == "llm_failed"
        assert answer["answer"].startswith("The median PFS was 3.5 months")
        metrics = client.get("/metrics").text
        assert "citeqa_fallbacks_total 1.0" in metrics


@pytest.mark.integration
def test_a_saturated_llm_gives_the_extractive_answer_at_once(seeded) -> None:
    """Before: a second call queued behind the first, however many came."""
    settings, _ = seeded
    with slow_model(delay_s=5.0) as (base_url, log):
        llm = LLMSettings(provider="openai", base_url=base_url, timeout_s=3, queue_size=0)
        busy = settings.model_copy(update={"llm": llm, "service": ServiceSettings(load_llm=True)})
        with TestClient(create_app(busy)) as client:
            question = {"question": "What was the median PFS with milademetan?", "mode": "llm"}
            replies: list[Any] = []
            askers = [
                threading.Thread(
                    target=lambda: replies.append(client.post("/v1/ask", json=question))
                )
                for _ in range(2)
            ]
            for asker in askers:
                asker.start()
            for asker in askers:
                asker.join()
            answers = [reply.json() for reply in replies]
            assert [reply.status_code for reply in replies] == [200, 200]
            assert sorted(a["fallback_reason"] for a in answers) == ["llm_busy", "llm_failed"]
            assert all(a["answer"].startswith("The median PFS was 3.5 months") for a in answers)
            assert len(log.arrivals) == 1 and log.aborted == 1


def test_llm_mode_without_an_llm_is_a_clear_400(seeded) -> None:
    settings, _ = seeded
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/ask", json={"question": "What is menin?", "mode": "llm"})
        assert response.status_code == 400
        assert "llm" in response.json()["error"]["message"]


def test_500s_are_counted_and_a_lone_surrogate_is_a_4xx(tmp_path: Path) -> None:
    """Before: an unhandled error never reached /metrics, and a lone surrogate in chat content
    reached the tokenizer (500)."""
    app = create_app(Settings(store=StoreSettings(data_dir=tmp_path)))
    with TestClient(app, raise_server_exceptions=False) as client:
        chat = client.post(
            "/v1/chat/completions",
            content='{"messages": [{"role": "user", "content": "What is \\ud800 menin?"}]}',
            headers={"content-type": "application/json"},
        )
        assert chat.status_code == 422 and "surrogate" in chat.json()["error"]["message"]

        def broken(*_: object, **__: object) -> None:
            raise RuntimeError("/secret/path exploded")

        client.app.state.resources.engine.search = broken  # type: ignore[attr-defined]
        failed = client.post("/v1/search", json={"query": "menin"})
        assert failed.status_code == 500 and "secret" not in failed.text
        metrics = client.get("/metrics").text
        assert 'route="/v1/search",status="500"} 1.0' in metrics
        assert 'route="/v1/chat/completions",status="422"} 1.0' in metrics
