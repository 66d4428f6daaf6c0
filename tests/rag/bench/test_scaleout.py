"""The scale-out benchmark: its pure parts on stand-ins, and two workers on a real Chroma server."""

import itertools
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rag.assemble import open_corpus
from rag.bench.scaleout import (
    SETUPS,
    Level,
    load,
    metrics_of,
    serve_env,
    serving,
    tables_of,
    worker_pids,
)
from rag.bench.traffic import QUESTIONS, Client
from rag.errors import ConfigurationError
from rag.loopback import chroma_server
from tests.conftest import SEEDS, make_settings


class _Workers(BaseHTTPRequestHandler):
    """Two pretend workers: /readyz names them in turn; asks and searches are recorded."""

    pids = itertools.cycle([101, 202])
    posted: list[tuple[str, dict[str, object]]] = []

    def do_GET(self) -> None:
        self._reply({"status": "ready", "worker": next(self.pids)})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.posted.append((self.path, body))
        self._reply([] if self.path == "/v1/search" else {"answer": "x"})

    def _reply(self, payload: object) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def two_workers() -> Iterator[Client]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Workers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Workers.posted = []
    try:
        yield Client(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def test_serve_env_names_the_store_and_only_its_own_server(tmp_path: Path) -> None:
    inherited = {"PATH": "/bin", "CITEQA_STORE__HOST": "db.example", "citeqa_store__port": "9"}
    embedded = serve_env(make_settings(tmp_path / "a"), inherited)
    assert embedded == {"PATH": "/bin", "CITEQA_STORE__DATA_DIR": str(tmp_path / "a")}
    served = serve_env(make_settings(tmp_path / "b", host="127.0.0.1", port=8123), inherited)
    assert served["CITEQA_STORE__HOST"] == "127.0.0.1"
    assert served["CITEQA_STORE__PORT"] == "8123"
    assert "citeqa_store__port" not in served and inherited["CITEQA_STORE__HOST"] == "db.example"


def test_worker_pids_waits_for_every_worker_or_fails(two_workers: Client) -> None:
    assert worker_pids(two_workers, 2, timeout=10) == {101, 202}
    with pytest.raises(ConfigurationError, match="2 of 3 workers answered"):
        worker_pids(two_workers, 3, timeout=0.5)


def test_load_calls_one_endpoint_with_every_question(two_workers: Client) -> None:
    two_workers.calls.clear()
    figures = load(two_workers, "ask", clients=3, seconds=1.0)
    assert figures["requests"] == len(_Workers.posted) >= len(QUESTIONS)
    assert figures["errors"] == 0 and figures["rps"] > 0
    assert {path for path, _ in _Workers.posted} == {"/v1/ask"}
    assert {body["question"] for _, body in _Workers.posted} == set(QUESTIONS)
    assert all(body["mode"] == "extractive" for _, body in _Workers.posted)
    _Workers.posted.clear()
    searched = load(two_workers, "search", clients=1, seconds=0.3)
    assert searched["requests"] == len(_Workers.posted)  # the ask calls were not counted again
    assert all(path == "/v1/search" and body["k"] == 5 for path, body in _Workers.posted)


def _figures(rps: float, errors: float = 0) -> dict[str, float]:
    return {"requests": rps * 10, "rps": rps, "p50_ms": 100.0, "p95_ms": 200.0, "p99_ms": 300.0,
            "errors": errors}  # fmt: skip


def test_metrics_and_tables_of_the_levels() -> None:
    levels = [
        Level("workers1", "ask", 1, _figures(10)),
        Level("workers1", "ask", 8, _figures(12, errors=1)),
        Level("workers1", "search", 8, _figures(40)),
        Level("workers2", "ask", 1, _figures(9)),
        Level("workers2", "ask", 8, _figures(15)),
        Level("workers2", "search", 8, _figures(30, errors=2)),
    ]
    metrics = metrics_of(levels, {"server": 20.5})
    assert metrics["workers1_ask_per_s_c8"] == 12 and metrics["workers2_ask_per_s_c1"] == 9
    assert metrics["workers2_ask_p95_ms_c8"] == 200 and metrics["workers1_ask_errors_c8"] == 1
    assert metrics["workers1_ask_peak_per_s"] == 12 and metrics["workers2_ask_peak_per_s"] == 15
    assert metrics["workers2_ask_gain"] == pytest.approx(1.25)
    assert metrics["workers2_search_gain"] == pytest.approx(0.75)
    assert metrics["errors"] == 3 and metrics["server_ingest_chunks_per_s"] == 20.5
    assert not any(name.startswith("embedded") for name in metrics)
    rows, summary = tables_of(levels, {"server": 20.5}, seconds=20)
    assert len(rows.rows) == len(levels) and rows.rows[1][:3] == [
        SETUPS[1].label, "POST /v1/ask", "8"
    ]  # fmt: skip
    assert "20 s per row" in rows.note
    assert summary.rows == [
        [SETUPS[1].label, "12.00", "40.00", "20.5"],
        [SETUPS[2].label, "15.00", "30.00", "20.5"],
    ]


@pytest.mark.slow
@pytest.mark.integration
def test_two_workers_on_a_chroma_server_both_answer(tmp_path: Path, embedder) -> None:
    with chroma_server(tmp_path / "chroma") as port:
        assert port > 0
        settings = make_settings(tmp_path / "data", host="127.0.0.1", port=port)
        report = open_corpus(settings, embedder).ingest([SEEDS], progress=False)
        assert report.chunks > 0
        with serving(settings, workers=2) as client:  # entered once both workers answered
            asked = load(client, "ask", clients=4, seconds=2)
            found = client.post_json("search", "/v1/search", {"query": "ziftomenib", "k": 1})
            pids = worker_pids(client, 2, timeout=30)
    assert asked["requests"] > 0 and asked["errors"] == 0
    assert found.status == 200 and found.body[0]["doc_id"] == "ziftomenib-komet-001"
    assert len(pids) == 2
