"""Ingest into and search a real ``chroma run`` server on loopback."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.ingest.pipeline import Ingestor
from rag.loopback import free_port, running
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.sparse import sync_index
from rag.stores.chroma_store import make_store
from tests.conftest import SEEDS, make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60):
        yield port


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
