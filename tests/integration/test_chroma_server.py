"""Ingest into and search a real ``chroma run`` server on loopback."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.ingest.pipeline import Ingestor
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.sparse import sync_index
from rag.stores.chroma_store import make_store
from tests.conftest import SEEDS, make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("chroma server did not start")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_server, embedder) -> None:
    settings = make_settings(tmp_path / "local", host="127.0.0.1", port=chroma_server)
    store = make_store(settings)
    report = Ingestor(settings, embedder, store).ingest([SEEDS], progress=False)
    assert report.embedded == report.chunks == store.count()
    assert not (tmp_path / "local" / "chroma").exists()  # nothing written to the embedded path
    sparse = sync_index(store, settings.sparse_index_dir())
    retriever = HybridRetriever(embedder, store, sparse, settings.retrieval)
    hits = retriever.search("ziftomenib complete remission", k=3)
    assert hits[0].chunk.doc_id == "ziftomenib-komet-001"
    again = Ingestor(settings, embedder, make_store(settings)).ingest([SEEDS], progress=False)
    assert again.embedded == 0
