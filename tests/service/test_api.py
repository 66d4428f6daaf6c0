"""The HTTP API against a real uvicorn server on loopback."""

import json
import re
import socket
import threading
import time

import httpx
import pytest
from openai import OpenAI

from tests.conftest import API_KEY
from tests.rag.ingest.pdfs import trial_pdf
from tests.service import openwebui

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTIONS = {
    "ziftomenib-komet-001": ("What CR rate did ziftomenib reach in NPM1-mutant AML?", "35%"),
    "blinatumomab-interfant-06": (
        "What was the two-year overall survival with blinatumomab in infants?",
        "93.3%",
    ),
    "milademetan-mantra-2": ("What was the median PFS with milademetan?", "3.5 months"),
    "lipo-mit-clag-rr-aml": (
        "What was the CRc rate after one cycle of Lipo-MIT plus CLAG?",
        "63.0%",
    ),
    "rr-aml-how-i-treat": ("Which mutations should not be used as MRD markers?", "DTA mutations"),
}
AUTH = {"Authorization": f"Bearer {API_KEY}"}


def error_of(response: httpx.Response) -> dict[str, str]:
    body: dict[str, dict[str, str]] = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}
    assert "Traceback" not in body["error"]["message"]
    return body["error"]


def test_health_and_readiness(base_url: str) -> None:
    assert httpx.get(f"{base_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{base_url}/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 100


@pytest.mark.parametrize("doc_id", sorted(QUESTIONS))
def test_ask_about_each_document(base_url: str, doc_id: str) -> None:
    question, fact = QUESTIONS[doc_id]
    response = httpx.post(f"{base_url}/v1/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200
    answer = response.json()
    assert not answer["refused"] and fact in answer["answer"]
    assert any(c["doc_id"] == doc_id and fact in c["quote"] for c in answer["citations"])


def test_openai_sdk_non_streaming(base_url: str) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    listed = {m.id for m in client.models.list()}
    assert listed >= {"citeqa", "citeqa-sources"} and "citeqa-llm" not in listed
    completion = client.chat.completions.create(
        model="citeqa",
        messages=[{"role": "user", "content": "What was the median PFS with milademetan?"}],
    )
    message = completion.choices[0].message
    content = message.content or ""
    assert content.startswith("The median PFS was 3.5 months")
    annotation = (message.annotations or [])[0]
    assert content[annotation.url_citation.start_index :].startswith("[1]")
    assert annotation.url_citation.url.startswith(f"{base_url}/documents/milademetan-mantra-2?")
    extra = completion.model_extra or {}
    assert extra["citations"][0]["doc_id"] == "milademetan-mantra-2"
    assert extra["citations"][0]["url"] == annotation.url_citation.url
    assert extra["refused"] is False and extra["fallback"] is False


def test_openai_sdk_streaming(base_url: str) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    stream = client.chat.completions.create(
        model="citeqa",
        messages=[
            {"role": "user", "content": "What CR rate did ziftomenib reach in NPM1-mutant AML?"}
        ],
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "35% (7 out of 20)" in text and text.endswith("]")
    assert chunks[-1].choices[0].finish_reason == "stop"
    cited = (chunks[-1].model_extra or {})["citations"]
    assert "ziftomenib-komet-001" in {c["doc_id"] for c in cited}
    assert all("citations" not in (c.model_extra or {}) for c in chunks[:-1])
    assert chunks[0].choices[0].delta.role == "assistant" and not chunks[0].choices[0].delta.content
    annotated = [c.choices[0].delta for c in chunks if (c.choices[0].delta.model_extra or {})]
    notes = [n for d in annotated for n in (d.model_extra or {})["annotations"]]
    assert len(notes) == len(re.findall(r"\[\d+\]", text)) == len(cited)
    for delta in annotated:
        for note in (delta.model_extra or {})["annotations"]:
            span = note["url_citation"]
            assert text[span["start_index"] : span["end_index"]] in (delta.content or "")
            assert span["url"].startswith(f"{base_url}/documents/")


def test_a_stream_opens_before_its_answer(base_url: str) -> None:
    body = {
        "model": "citeqa",
        "stream": True,
        "messages": [{"role": "user", "content": "Which mutations are not MRD markers?"}],
    }
    arrivals = []
    with httpx.stream("POST", f"{base_url}/v1/chat/completions", json=body, timeout=60) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if line.startswith("data: "):
                arrivals.append((time.perf_counter(), line[6:]))
    first = json.loads(arrivals[0][1])
    assert first["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert arrivals[-1][1] == "[DONE]" and arrivals[0][0] < arrivals[-1][0]


def test_citation_urls_are_absolute_and_open_the_viewer(base_url: str) -> None:
    question = {"question": "What was the median PFS with milademetan?"}
    answer = httpx.post(f"{base_url}/v1/ask", json=question, timeout=60).json()
    citation = answer["citations"][0]
    assert citation["url"] == (
        f"{base_url}/documents/milademetan-mantra-2?start={citation['start']}&end={citation['end']}"
    )
    page = httpx.get(citation["url"])
    assert page.status_code == 200 and 'id="viewer"' in page.text


def test_langchain_chat_openai_reaches_the_sources(base_url: str) -> None:
    from langchain_openai import ChatOpenAI  # noqa: PLC0415 - the llm extra

    question = "What was the median PFS with milademetan?"
    for chat in (
        ChatOpenAI(model="citeqa-sources", base_url=f"{base_url}/v1", api_key="unused"),
        ChatOpenAI(
            model="citeqa",
            base_url=f"{base_url}/v1",
            api_key="unused",
            extra_body={"sources": "markdown"},
        ),
    ):
        content = str(chat.invoke(question).content)
        assert content.startswith("The median PFS was 3.5 months")
        assert "**Sources**" in content
        assert f"]({base_url}/documents/milademetan-mantra-2?" in content
        streamed = "".join(str(part.content) for part in chat.stream(question))
        assert streamed == content
    plain = ChatOpenAI(model="citeqa", base_url=f"{base_url}/v1", api_key="unused")
    assert "**Sources**" not in str(plain.invoke(question).content)


def test_an_open_webui_session_replayed(base_url: str) -> None:
    models = httpx.get(f"{base_url}/v1/models").json()
    model = models["data"][0]["id"]
    assert model == "citeqa"
    request = openwebui.chat_request(model)
    assert len(request["messages"][-1]["content"]) > 2000
    sources, content, last = [], "", {}
    with httpx.stream("POST", f"{base_url}/v1/chat/completions", json=request, timeout=60) as s:
        assert s.status_code == 200
        for line in s.iter_lines():
            if line.startswith("data: {"):
                last = json.loads(line[6:])
                delta = last["choices"][0]["delta"]
                content += delta.get("content") or ""
                sources += [a["url_citation"] for a in delta.get("annotations", [])]
    assert content.startswith("The median PFS was 3.5 months") and not last["refused"]
    assert sources and all(s["url"].startswith(f"{base_url}/documents/") for s in sources)
    tasks = {
        "title": openwebui.TITLE_TEMPLATE,
        "tags": openwebui.TAGS_TEMPLATE,
        "follow_ups": openwebui.FOLLOW_UP_TEMPLATE,
    }
    for key, template in tasks.items():
        response = httpx.post(
            f"{base_url}/v1/chat/completions",
            json=openwebui.task_request(model, template, content),
            timeout=60,
        )
        assert response.status_code == 200, key
        reply = json.loads(response.json()["choices"][0]["message"]["content"])
        assert list(reply) == [key]
        assert "does not answer" not in json.dumps(reply)
        if key == "title":
            assert "PFS" in reply["title"] and "milademetan" in reply["title"]
        elif key == "tags":
            assert "milademetan" in [t.lower() for t in reply["tags"]]
        else:
            assert reply["follow_ups"] and all(q.endswith("?") for q in reply["follow_ups"])


def test_multi_turn_conversation(base_url: str) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    completion = client.chat.completions.create(
        model="citeqa",
        messages=[
            {"role": "user", "content": "What was the median PFS with milademetan?"},
            {"role": "assistant", "content": "The median PFS was 3.5 months. [1]"},
            {"role": "user", "content": "And what was its best overall response?"},
        ],
    )
    assert "19.4%" in (completion.choices[0].message.content or "")
    assert "milademetan" in (completion.model_extra or {})["standalone_question"]


def test_upload_ask_delete(base_url: str) -> None:
    text = (
        "Zorvanib in refractory myelofibrosis\n\n"
        "In the ZEPHYR-7 study, 42% (21 of 50) of patients treated with zorvanib achieved a "
        "spleen volume reduction of at least 35% at week 24.\n"
    )
    files = {"file": ("zorvanib-zephyr-7.txt", text.encode(), "text/plain")}
    uploaded = httpx.post(f"{base_url}/v1/documents", files=files, headers=AUTH, timeout=120)
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["doc_id"] == "zorvanib-zephyr-7"
    detail = httpx.get(f"{base_url}/v1/documents/zorvanib-zephyr-7").json()
    assert "42% (21 of 50)" in detail["text"] and detail["chunks"] >= 1
    question = {"question": "What share of patients responded to zorvanib in ZEPHYR-7?"}
    answer = httpx.post(f"{base_url}/v1/ask", json=question, timeout=60).json()
    assert not answer["refused"] and "42% (21 of 50)" in answer["answer"]
    deleted = httpx.delete(f"{base_url}/v1/documents/zorvanib-zephyr-7", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["removed_chunks"] >= 1
    assert httpx.post(f"{base_url}/v1/ask", json=question, timeout=60).json()["refused"]
    assert httpx.get(f"{base_url}/v1/documents/zorvanib-zephyr-7").status_code == 404


def test_a_pdf_answer_cites_the_page_of_its_quote(base_url: str) -> None:
    body = trial_pdf("ZEPHYR-8", "45%")
    files = {"file": ("zorvanib-zephyr-8.pdf", body, "application/pdf")}
    uploaded = httpx.post(f"{base_url}/v1/documents", files=files, headers=AUTH, timeout=120)
    assert uploaded.status_code == 201, uploaded.text
    question = {"question": "What share of patients responded to zorvanib in ZEPHYR-8?"}
    try:
        answer = httpx.post(f"{base_url}/v1/ask", json=question, timeout=60).json()
        assert not answer["refused"] and "45%" in answer["answer"], answer
        assert [c["pages"] for c in answer["citations"]] == [[2]]
        detail = httpx.get(f"{base_url}/v1/documents/zorvanib-zephyr-8").json()
        second = next(page for page in detail["pages"] if page["number"] == 2)
        citation = answer["citations"][0]
        assert second["start"] <= citation["start"] < citation["end"] <= second["end"]
    finally:
        httpx.delete(f"{base_url}/v1/documents/zorvanib-zephyr-8", headers=AUTH)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "x" * 2001}, 422, "question"),
        ({"question": "What is menin?", "k": 0}, 422, "k"),
        ({"question": "What is menin?", "k": 21}, 422, "k"),
        ({"question": "What is menin?", "mode": "poetry"}, 422, "mode"),
        ({"query": "wrong field"}, 422, "question"),
    ],
)
def test_ask_validation_errors(base_url: str, body: dict[str, object], status: int, field: str):
    response = httpx.post(f"{base_url}/v1/ask", json=body)
    assert response.status_code == status
    assert field in error_of(response)["message"]


def test_malformed_json_and_oversized_body(base_url: str) -> None:
    bad = httpx.post(
        f"{base_url}/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    assert bad.status_code == 400 and "JSON" in error_of(bad)["message"]
    huge = httpx.post(f"{base_url}/v1/ask", json={"question": "x" * 100_000})
    assert huge.status_code == 413 and error_of(huge)["type"] == "payload_too_large"


def test_document_changes_need_the_key(base_url: str) -> None:
    files = {"file": ("note.txt", b"Some text about a drug.", "text/plain")}
    missing = httpx.post(f"{base_url}/v1/documents", files=files)
    assert missing.status_code == 401 and error_of(missing)["type"] == "unauthorized"
    wrong = httpx.post(
        f"{base_url}/v1/documents", files=files, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    assert httpx.delete(f"{base_url}/v1/documents/ziftomenib-komet-001").status_code == 401


def test_an_upload_without_the_key_is_refused_before_its_body_is_sent(base_url: str) -> None:
    """15 MB announced, 1 MB sent: the 401 arrives without the server waiting for the rest."""
    host, port = base_url.removeprefix("http://").split(":")
    head = (
        "POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 15000000\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        connection.sendall(head.encode() + part + b"x" * 1_000_000)
        status_line = connection.recv(64).split(b"\r\n")[0]
    assert status_line.endswith(b"401 Unauthorized")


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("scan.pdf", b"GIF89a not a pdf", 415),
        ("notes.txt", b"\x00\x01binary\x00", 415),
        ("latin.txt", "Müller".encode("latin-1"), 415),
        ("image.png", b"\x89PNG\r\n", 415),
        ("big.txt", b"a" * 21_000_000, 413),
    ],
)
def test_bad_uploads(base_url: str, name: str, content: bytes, status: int) -> None:
    response = httpx.post(
        f"{base_url}/v1/documents", files={"file": (name, content)}, headers=AUTH, timeout=60
    )
    assert response.status_code == status
    error_of(response)


def test_search_documents_and_metrics(base_url: str) -> None:
    hits = httpx.post(f"{base_url}/v1/search", json={"query": "milademetan PFS", "k": 3}).json()
    assert len(hits) == 3 and hits[0]["doc_id"] == "milademetan-mantra-2"
    assert set(hits[0]) == {"doc_id", "chunk_id", "section", "text", "start", "end", "score"}
    documents = httpx.get(f"{base_url}/v1/documents").json()
    assert {d["doc_id"] for d in documents} >= set(QUESTIONS)
    missing = httpx.get(f"{base_url}/v1/documents/nope")
    assert missing.status_code == 404 and error_of(missing)["type"] == "not_found"
    metrics = httpx.get(f"{base_url}/metrics").text
    assert 'citeqa_http_requests_total{method="POST",route="/v1/ask",status="200"}' in metrics
    assert "citeqa_refusals_total" in metrics and "citeqa_fallbacks_total" in metrics
    assert "citeqa_verifier_dropped_sentences_total" in metrics


def test_unknown_model_and_bad_conversation(base_url: str) -> None:
    unknown = httpx.post(
        f"{base_url}/v1/chat/completions",
        json={"model": "gpt-9", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert unknown.status_code == 404
    ends_with_assistant = httpx.post(
        f"{base_url}/v1/chat/completions",
        json={"model": "citeqa", "messages": [{"role": "assistant", "content": "hi"}]},
    )
    assert ends_with_assistant.status_code == 400
    assert json.loads(ends_with_assistant.text)["error"]["type"] == "invalid_request"


def test_health_answers_while_answers_are_computed(base_url: str) -> None:
    finished: list[float] = []

    def ask() -> None:
        question = {"question": "What does MRD relapse mean?"}
        httpx.post(f"{base_url}/v1/ask", json=question, timeout=120)
        finished.append(1.0)

    workers = [threading.Thread(target=ask) for _ in range(6)]
    for worker in workers:
        worker.start()
    health = httpx.get(f"{base_url}/healthz", timeout=30)
    in_flight = len(finished) < len(workers)
    for worker in workers:
        worker.join()
    assert health.status_code == 200 and in_flight
