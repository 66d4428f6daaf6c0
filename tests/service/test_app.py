"""The app factory in-process: settings that need their own app (keys, CORS, a store that is
down, an LLM that is down), with real components."""

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.loopback import free_port, running
from rag.settings import LLMSettings, ServiceSettings, Settings, StoreSettings
from service.app import create_app

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


@pytest.mark.integration
def test_store_down_is_503_and_the_service_recovers(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(store=StoreSettings(data_dir=tmp_path, host="127.0.0.1", port=port))
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        down = client.get("/readyz")
        assert down.status_code == 503 and down.json()["error"]["type"] == "store_unavailable"
        ask = client.post("/v1/ask", json={"question": "What is menin?"})
        assert ask.status_code == 503 and "Chroma" in ask.json()["error"]["message"]
        chroma = Path(sys.executable).with_name("chroma")
        command = [str(chroma), "run", "--path", str(tmp_path / "server"), "--host",
                   "127.0.0.1", "--port", str(port)]  # fmt: skip
        with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60):
            assert client.get("/readyz").status_code == 200
            answer = client.post("/v1/ask", json={"question": "What is menin?"})
            assert answer.status_code == 200 and answer.json()["refused"]


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


def test_llm_mode_without_an_llm_is_a_clear_400(seeded) -> None:
    settings, _ = seeded
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/ask", json={"question": "What is menin?", "mode": "llm"})
        assert response.status_code == 400
        assert "llm" in response.json()["error"]["message"]
