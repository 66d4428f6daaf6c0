"""Ingest into and search a real ``chroma run`` server on loopback."""

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag import loopback
from rag.assemble import open_corpus
from rag.errors import StoreUnavailableError
from rag.ingest.chunking import chunk_document
from rag.ingest.pipeline import load_documents
from rag.loopback import answers, free_port
from rag.stores.chroma_store import make_store
from tests.conftest import CITEQA, SEEDS, make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    with loopback.chroma_server(tmp_path / "server") as port:
        yield port


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_server, embedder) -> None:
    settings = make_settings(tmp_path / "local", host="127.0.0.1", port=chroma_server)
    corpus = open_corpus(settings, embedder)
    report = corpus.ingest([SEEDS], progress=False)
    assert report.embedded == report.chunks == corpus.snapshot().store.count()
    assert not (tmp_path / "local" / "chroma").exists()  # nothing written to the embedded path
    hits = corpus.snapshot().retriever.search("ziftomenib complete remission", k=3)
    assert hits[0].chunk.doc_id == "ziftomenib-komet-001"
    again = open_corpus(settings, embedder).ingest([SEEDS], progress=False)
    assert again.embedded == 0


def test_concurrent_writers_of_one_document_leave_one_version(tmp_path, chroma_server) -> None:
    """Two hosts (two data folders, so no shared lock) ingest two versions of the same document
    at once into one Chroma server: exactly one version of it remains, whole."""
    versions = []
    for name in ("a", "b"):
        folder = tmp_path / f"library-{name}"  # the raced document alone
        folder.mkdir()
        text = (SEEDS / "rr-aml-how-i-treat.txt").read_text(encoding="utf-8")
        (folder / "rr-aml-how-i-treat.txt").write_text(f"Version {name} of the review.\n\n" + text)
        versions.append(folder)
    envs = [{**os.environ, "CITEQA_STORE__DATA_DIR": str(tmp_path / f"host-{name}"),
             "CITEQA_STORE__HOST": "127.0.0.1", "CITEQA_STORE__PORT": str(chroma_server),
             "CITEQA_STORE__BATCH_SIZE": "8"} for name in ("a", "b")]  # fmt: skip
    writers = [
        subprocess.Popen(
            [CITEQA, "ingest", str(folder)], env=env, stderr=subprocess.PIPE, text=True
        )
        for folder, env in zip(versions, envs, strict=True)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=600)
        assert writer.returncode == 0, errors
    settings = make_settings(tmp_path / "check", host="127.0.0.1", port=chroma_server)
    store = make_store(settings)
    stored = store.versions("rr-aml-how-i-treat")
    (kept,) = {doc_hash for doc_hash, _ in stored.values()}
    documents = [load_documents([folder])[0] for folder in versions]
    chunking = settings.chunking
    wanted = {
        doc.content_hash: {c.id for c in chunk_document(doc, chunking.size, chunking.overlap)}
        for docs in documents
        for doc in docs
        if doc.doc_id == "rr-aml-how-i-treat"
    }
    assert set(stored) == wanted[kept]  # the surviving version is whole


def test_a_frozen_server_is_unavailable_within_the_deadline_and_then_recovers(tmp_path) -> None:
    """The deadline holds after the client is built, not only for the heartbeat: a server that
    stops answering mid-run (SIGSTOP) makes calls fail within it, and the same store works once
    the server answers again. Before: the call waited for good."""
    port = free_port()
    command = [loopback.chroma_executable(), "run", "--path", str(tmp_path / "server"),
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not answers(f"http://127.0.0.1:{port}/api/v2/heartbeat"):
            assert server.poll() is None
            time.sleep(0.3)
        settings = make_settings(tmp_path / "local", host="127.0.0.1", port=port, timeout_s=1)
        store = make_store(settings)
        assert store.count() == 0
        server.send_signal(signal.SIGSTOP)
        _wait_until_stopped(server.pid)
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError):
            store.count()
        assert time.monotonic() - started < 30  # generous: the deadline is one second
        server.send_signal(signal.SIGCONT)
        assert store.count() == 0
    finally:
        server.kill()
        server.wait()


def _wait_until_stopped(pid: int) -> None:
    """Return once the kernel shows process ``pid`` stopped: a signal is delivered after
    ``kill`` returns, so a request sent at once could still be served."""
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
        assert time.monotonic() < deadline, f"process {pid} did not stop"
        time.sleep(0.01)
