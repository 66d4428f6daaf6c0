"""Ingest into and search a real ``chroma run`` server on loopback."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.assemble import open_corpus
from rag.loopback import free_port, running
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
    corpus = open_corpus(settings, embedder)
    report = corpus.ingest([SEEDS], progress=False)
    assert report.embedded == report.chunks == corpus.snapshot().store.count()
    assert not (tmp_path / "local" / "chroma").exists()  # nothing written to the embedded path
    hits = corpus.snapshot().retriever.search("ziftomenib complete remission", k=3)
    assert hits[0].chunk.doc_id == "ziftomenib-komet-001"
    again = open_corpus(settings, embedder).ingest([SEEDS], progress=False)
    assert again.embedded == 0
