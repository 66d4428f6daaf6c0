"""What the app refuses before any model is loaded (no lifespan runs here): bodies over the limit,
however they are sent, and reads without the read key."""

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from rag.assemble import open_corpus
from rag.settings import ServiceSettings, Settings, StoreSettings
from service.app import create_app
from service.metrics import Metrics
from service.schemas import ChatCompletionRequest
from tests.stand_ins import HashingEmbedder

READER = {"Authorization": "Bearer reader"}


def _chunked(head: bytes, tail: bytes, size: int) -> Iterator[bytes]:
    yield head
    for _ in range(size // 1000):
        yield b"x" * 1000
    yield tail


def test_a_chunked_body_over_the_limit_is_413() -> None:
    """Before: a body sent without Content-Length passed the header check and its overrun
    surfaced in FastAPI's body parsing as 400."""
    client = TestClient(create_app(Settings(service=ServiceSettings(max_body_bytes=2048))))
    body = _chunked(b'{"question": "', b'"}', 10_000)
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "payload_too_large"


def test_a_chunked_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    """Before: 400 "There was an error parsing the body". The upload route opens the corpus (a
    hashing embedder's, no model) before it reads the body."""
    settings = Settings(
        api_key="key",
        service=ServiceSettings(max_upload_bytes=1024),
        store=StoreSettings(data_dir=tmp_path),
    )
    app = create_app(settings)
    app.state.resources = SimpleNamespace(
        settings=settings, corpus=open_corpus(settings, HashingEmbedder()), metrics=Metrics()
    )
    client = TestClient(app)
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    response = client.post(
        "/v1/documents",
        content=_chunked(head, b"\r\n--b--\r\n", 100_000),
        headers={"content-type": "multipart/form-data; boundary=b", "Authorization": "Bearer key"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "payload_too_large"


@pytest.mark.parametrize("path", ["/readyz", "/metrics", "/openapi.json"])
def test_reads_that_reveal_the_service_need_the_read_key(path: str) -> None:
    """Before: these stayed open when CITEQA_READ_API_KEY was set."""
    client = TestClient(create_app(Settings(read_api_key="reader")))
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "unauthorized"


def test_liveness_the_page_and_the_schema_with_a_key() -> None:
    client = TestClient(create_app(Settings(read_api_key="reader")))
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/").status_code == 200
    schema = client.get("/openapi.json", headers=READER)
    assert schema.status_code == 200 and "/v1/ask" in schema.json()["paths"]
    assert "/openapi.json" not in schema.json()["paths"]


def test_the_schema_is_open_without_a_read_key() -> None:
    assert TestClient(create_app(Settings())).get("/openapi.json").status_code == 200


@pytest.mark.parametrize(
    "content", ['"What is \\ud800 menin?"', '[{"type": "text", "text": "menin \\udfff"}]']
)
def test_chat_content_must_be_valid_unicode(content: str) -> None:
    """Before: a lone surrogate reached the tokenizer and gave 500. (FastAPI decodes bodies
    with the json module, which keeps lone surrogates.)"""
    body = json.loads(f'{{"messages": [{{"role": "user", "content": {content}}}]}}')
    with pytest.raises(ValidationError, match="lone surrogate"):
        ChatCompletionRequest.model_validate(body)
