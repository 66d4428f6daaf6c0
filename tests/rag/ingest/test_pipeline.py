import shutil
from pathlib import Path

import pytest

from rag.embeddings import SentenceTransformerEmbedder
from rag.errors import DocumentNotFoundError
from rag.ingest.pipeline import Ingestor
from rag.stores.chroma_store import make_store
from tests.conftest import SEED_IDS, SEEDS, make_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _ingestor(tmp_path: Path, embedder: SentenceTransformerEmbedder, **store: object) -> Ingestor:
    settings = make_settings(tmp_path / "data", **store)
    return Ingestor(settings, embedder, make_store(settings))


def test_second_run_embeds_nothing(seeded, embedder) -> None:
    settings, store = seeded
    assert [d.doc_id for d in store.documents()] == SEED_IDS
    report = Ingestor(settings, embedder, store).ingest([SEEDS], progress=False)
    assert report.documents == 5 and report.chunks == store.count()
    assert (report.embedded, report.unchanged, report.removed) == (0, 5, 0)
    assert report.errors == []


def test_changed_document_is_replaced_and_prune_removes(tmp_path, embedder, corpus) -> None:
    ingestor = _ingestor(tmp_path, embedder)
    first = ingestor.ingest([corpus], progress=False)
    assert first.embedded == first.chunks > 100
    zif = corpus / "ziftomenib-komet-001.txt"
    old_ids = ingestor.store.chunk_ids("ziftomenib-komet-001")
    zif.write_text(zif.read_text() + "\nA new closing sentence about ziftomenib dosing.\n")
    second = ingestor.ingest([corpus], progress=False)
    new_ids = ingestor.store.chunk_ids("ziftomenib-komet-001")
    assert second.unchanged == 4
    assert second.embedded == len(new_ids) and second.removed == len(old_ids)
    assert not old_ids & new_ids
    assert ingestor.store.count() == second.chunks
    archived = ingestor.archive.load("ziftomenib-komet-001")
    assert archived is not None and "A new closing sentence" in archived.text
    (corpus / "milademetan-mantra-2.txt").unlink()
    third = ingestor.ingest([corpus], prune=True, progress=False)
    assert third.pruned_documents == ["milademetan-mantra-2"]
    assert not ingestor.archive.has("milademetan-mantra-2")
    assert ingestor.store.chunk_ids("milademetan-mantra-2") == set()
    assert ingestor.store.count() == third.chunks


def test_bad_files_are_reported_and_the_rest_ingested(tmp_path, embedder, corpus) -> None:
    ingestor = _ingestor(tmp_path, embedder)
    ingestor.ingest([corpus], progress=False)
    before = ingestor.store.chunk_ids("blinatumomab-interfant-06")
    (corpus / "blinatumomab-interfant-06.txt").write_bytes(b"\xff\xfe broken \x00 bytes")
    (corpus / "empty.txt").write_text("")
    report = ingestor.ingest([corpus], prune=True, progress=False)
    assert sorted(Path(e.path).name for e in report.errors) == [
        "blinatumomab-interfant-06.txt",
        "empty.txt",
    ]
    assert report.documents == 4 and report.pruned_documents == []
    assert ingestor.store.chunk_ids("blinatumomab-interfant-06") == before


def test_missing_path_is_an_error(tmp_path, embedder) -> None:
    with pytest.raises(DocumentNotFoundError):
        _ingestor(tmp_path, embedder).ingest([tmp_path / "missing"], progress=False)


class _Killed(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


class _DiesAfter:
    """The real embedder, interrupted after ``batches`` batches."""

    def __init__(self, embedder: SentenceTransformerEmbedder, batches: int) -> None:
        self.model_id = embedder.model_id
        self._embedder = embedder
        self._left = batches

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self._left == 0:
            raise _Killed
        self._left -= 1
        return self._embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_query(text)


def test_interrupted_ingest_is_completed_without_duplicates(tmp_path, embedder) -> None:
    settings = make_settings(tmp_path / "data", batch_size=16)
    store = make_store(settings)
    with pytest.raises(_Killed):
        Ingestor(settings, _DiesAfter(embedder, 3), store).ingest([SEEDS], progress=False)
    partial = store.count()
    assert 0 < partial < 132
    report = Ingestor(settings, embedder, store).ingest([SEEDS], progress=False)
    assert report.embedded == report.chunks - partial
    assert store.count() == report.chunks
    assert sum(d.chunks for d in store.documents()) == report.chunks
