"""Property-based fuzzing of every endpoint, from the service's own OpenAPI schema, against a real
server on loopback with both keys set: no request may give a 5xx (nor a stream an error event of
one), every error is the documented ``{"error": {"type", "message"}}`` and every success matches
its documented response schema.

Schemathesis generates valid and invalid requests for each operation (its coverage and fuzzing
phases), sent with the write key, the read key and no key. Strategies of our own add what it does
not generate: a lone surrogate (``"\\ud800"``: valid JSON, but no text) in each string of
accepted requests and in one string of generated ones; uploads under varied file names and
contents (each accepted one is deleted again and must then be gone); document ids in the path.
Derandomized, with a fixed number of examples per operation, so a CI run is bounded (about 2,000
requests, 4 to 5 minutes on two cores) and repeats itself; ``-s`` prints the requests by operation
and status.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from rag.loopback import free_port, running
from rag.settings import Settings
from service.app import create_app
from service.errors import STATUS
from tests.conftest import CITEQA, SEEDS

pytestmark = pytest.mark.integration

Case = schemathesis.Case[Any]

WRITE_KEY = "fuzz-write-key-0123456789"
READ_KEY = "fuzz-read-key-0123456789"
KEYS = {"write": WRITE_KEY, "read": READ_KEY, "none": None}
EXAMPLES = 20
SURROGATES = ("\ud800", "\udfff", "\udbff", "\udc00x")
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    """Requests sent by the fuzzing, by operation and status; printed at the end (``-s``)."""
    counts: Counter[str] = Counter()
    yield counts
    print(f"\nfuzzing: {sum(counts.values())} requests")  # noqa: T201 - the run's figure
    for key, count in sorted(counts.items()):
        print(f"  {key}: {count}")  # noqa: T201


@pytest.fixture(scope="module")
def fuzz_url(tmp_path_factory: pytest.TempPathFactory, seeded_folder: Path) -> Iterator[str]:
    """A server of its own (uploads and deletes change its store) with a write and a read key."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(seeded_folder, data)
    env = {
        **os.environ,
        "CITEQA_STORE__DATA_DIR": str(data),
        "CITEQA_API_KEY": WRITE_KEY,
        "CITEQA_READ_API_KEY": READ_KEY,
    }
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{url}/healthz", timeout=120, env=env):
        yield url


def auth(who: str) -> dict[str, str]:
    """The Authorization header of a key (none: no header)."""
    key = KEYS[who]
    return {"Authorization": f"Bearer {key}"} if key else {}


#: Error types that stand for a failure of the service (5xx other than 503), in a stream too.
FAILURE_TYPES = {kind for _, status, kind in STATUS if status >= 500 and status != 503}
FAILURE_TYPES.add("internal_error")


def stream_errors(text: str) -> list[dict[str, Any]]:
    """The ``error`` objects of a server-sent event stream's ``data:`` events."""
    errors = []
    for line in text.splitlines():
        payload = line.removeprefix("data: ")
        if payload != line and payload.startswith("{"):
            event = json.loads(payload)
            if "error" in event:
                errors.append(event["error"])
    return errors


def check_response(response: requests.Response | schemathesis.Response) -> None:
    """No 5xx, in the status or in a stream's error event; an error is exactly
    ``{"error": {"type", "message"}}`` with two non-empty strings."""
    status = response.status_code
    assert status < 500, f"{status}: {response.text[:500]}"
    if status < 400:
        content_type = response.headers.get("content-type") or ""
        if isinstance(content_type, list):
            content_type = content_type[0]
        if content_type.startswith("text/event-stream"):
            failures = [e for e in stream_errors(response.text) if e["type"] in FAILURE_TYPES]
            assert not failures, failures
        return
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"type", "message"}, body
    assert isinstance(body["error"]["type"], str), body
    assert isinstance(body["error"]["message"], str), body
    assert body["error"]["message"], body


schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


def fuzz(case: Case, who: str, fuzz_url: str, tally: Counter[str]) -> None:
    """Send ``case`` with ``who``'s key and check what comes back."""
    response = case.call(base_url=fuzz_url, headers=auth(who), timeout=120)
    tally[f"{case.operation.label} ({who} key) {response.status_code}"] += 1
    check_response(response)
    if response.status_code < 400:
        case.validate_response(response, checks=[response_schema_conformance])


@schema.parametrize()
@FUZZ
def test_every_operation_with_the_write_key(case: Case, fuzz_url: str, tally: Counter[str]) -> None:
    fuzz(case, "write", fuzz_url, tally)


@schema.parametrize()
@FUZZ
def test_every_operation_with_the_read_key(case: Case, fuzz_url: str, tally: Counter[str]) -> None:
    fuzz(case, "read", fuzz_url, tally)


@schema.parametrize()
@FUZZ
def test_every_operation_without_a_key(case: Case, fuzz_url: str, tally: Counter[str]) -> None:
    fuzz(case, "none", fuzz_url, tally)


def string_places(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON value that holds a string."""
    places: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, str):
            places.append((node, key))
        elif isinstance(value, dict | list):
            places.extend(string_places(value))
    return places


def post_json(url: str, body: Any) -> requests.Response:
    """POST ``body`` as JSON with the read key; ``json.dumps`` escapes a lone surrogate as
    ``\\udXXX``, which is valid JSON."""
    return requests.post(
        url,
        data=json.dumps(body),
        headers={"Content-Type": "application/json", **auth("read")},
        timeout=120,
    )


#: Requests the service accepts, with a string in every place one can go; each string of each
#: is sent in turn with a lone surrogate appended.
ACCEPTED: dict[str, list[dict[str, Any]]] = {
    "/v1/ask": [
        {
            "question": "What CR rate did ziftomenib reach?",
            "filters": {"doc_ids": ["ziftomenib-komet-001"]},
            "history": [
                {"role": "user", "content": "Tell me about ziftomenib."},
                {"role": "assistant", "content": "Ziftomenib is a menin inhibitor."},
            ],
        },
    ],
    "/v1/search": [
        {"query": "ziftomenib CR rate", "filters": {"doc_ids": ["ziftomenib-komet-001"]}},
        {"query": "median PFS", "mode": "sparse", "filters": {"doc_ids": ["milademetan-mantra-2"]}},
    ],
    "/v1/chat/completions": [
        {
            "model": "citeqa",
            "messages": [
                {"role": "system", "content": "Answer briefly."},
                {"role": "user", "content": "What CR rate did ziftomenib reach?"},
            ],
        },
        {
            "model": "citeqa",
            "stream": True,
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Ziftomenib?"}]}],
        },
    ],
}


@pytest.mark.parametrize("path", list(ACCEPTED))
def test_a_lone_surrogate_in_each_string_of_accepted_requests(
    fuzz_url: str, tally: Counter[str], path: str
) -> None:
    failed = []
    for template in ACCEPTED[path]:
        for place in range(len(string_places(template))):
            for surrogate in SURROGATES:
                body = json.loads(json.dumps(template))
                node, key = string_places(body)[place]
                node[key] += surrogate
                response = post_json(fuzz_url + path, body)
                tally[f"POST {path} (surrogate) {response.status_code}"] += 1
                try:
                    check_response(response)
                except AssertionError as exc:
                    failed.append(f"{json.dumps(body)}: {exc}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("path", list(ACCEPTED))
def test_a_lone_surrogate_in_generated_requests(
    fuzz_url: str, tally: Counter[str], path: str
) -> None:
    @FUZZ
    @given(case=schema[path]["POST"].as_strategy(GenerationMode.POSITIVE), data=st.data())
    def run(case: Case, data: st.DataObject) -> None:
        places = string_places(case.body)
        if places:
            node, key = data.draw(st.sampled_from(places))
            node[key] += data.draw(st.sampled_from(SURROGATES))
        response = post_json(fuzz_url + path, case.body)
        tally[f"POST {path} (surrogate) {response.status_code}"] += 1
        check_response(response)

    run()


SUFFIXES = st.sampled_from([".txt", ".md", ".pdf", ".TXT", ".exe", ""])
NAME_STEMS = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet="abc.-_ αβ", min_size=1, max_size=300),
    st.sampled_from(
        ["report", "report.v2", ".hidden", "..", "a" * 250, "a" * 300, "ziftomenib-komet-001"]
    ),
)
CONTENTS = st.one_of(
    st.text(min_size=0, max_size=400).map(str.encode),
    st.binary(max_size=400),
    st.binary(max_size=400).map(lambda tail: b"%PDF-1.7\n" + tail),
    st.just(b"Ziftomenib reached a CR rate of 35% in a phase 2 study of relapsed AML.\n" * 3),
)


def test_uploads_then_deletes(fuzz_url: str, tally: Counter[str]) -> None:
    seeded = {p.stem for p in SEEDS.glob("*.txt")}

    @settings(FUZZ, max_examples=2 * EXAMPLES)
    @given(stem=NAME_STEMS, suffix=SUFFIXES, content=CONTENTS)
    @example(stem="a" * 300, suffix=".txt", content=b"Ziftomenib.")  # file name too long: 500
    @example(stem="a" * 240, suffix=".md", content=b"Ziftomenib.")  # archive's temporary name
    @example(stem="empty", suffix=".txt", content=b"%PDF-1.7\n")  # a title only: 422, not stored
    def run(stem: str, suffix: str, content: bytes) -> None:
        name = stem + suffix
        response = requests.post(
            f"{fuzz_url}/v1/documents",
            files={"file": (name, content)},
            headers=auth("write"),
            timeout=120,
        )
        tally[f"POST /v1/documents (upload) {response.status_code}"] += 1
        check_response(response)
        if response.status_code != 201:
            return
        doc_id = response.json()["doc_id"]
        if doc_id in seeded:
            return
        removed = requests.delete(
            f"{fuzz_url}/v1/documents/{doc_id}", headers=auth("write"), timeout=120
        )
        tally[f"DELETE /v1/documents/{{doc_id}} (upload) {removed.status_code}"] += 1
        assert removed.status_code == 200, removed.text
        gone = requests.get(f"{fuzz_url}/v1/documents/{doc_id}", headers=auth("read"), timeout=60)
        assert gone.status_code == 404, gone.text

    run()


DOC_IDS = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(["..", ".", "%2e%2e", "%00", "%ff", "a" * 5000, "ziftomenib-komet-001.txt"]),
)


def test_document_ids_in_the_path(fuzz_url: str, tally: Counter[str]) -> None:
    @settings(FUZZ, max_examples=2 * EXAMPLES)
    @given(doc_id=DOC_IDS, method=st.sampled_from(["GET", "DELETE"]))
    @example(doc_id="a" * 300, method="GET")  # too long for the archive's file name: was 500
    def run(doc_id: str, method: str) -> None:
        quoted = quote(doc_id, safe="%")
        who = "write" if method == "DELETE" else "read"
        response = requests.request(
            method, f"{fuzz_url}/v1/documents/{quoted}", headers=auth(who), timeout=60
        )
        tally[f"{method} /v1/documents/{{doc_id}} (ids) {response.status_code}"] += 1
        check_response(response)

    run()
