"""The corpus: revisions, snapshots and the writer lock on real embedded Chroma with a hashing
embedder (fast); then across processes and crashes with the real model (slow): readers follow
other processes' writes, a second writer is refused, and an ingest killed with SIGKILL at any point
of the write protocol is repaired by the next run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.assemble import open_corpus
from rag.bench.consistency import sparse_differences
from rag.corpus import KEEP_BUILDS, Corpus
from rag.errors import WriteConflictError
from rag.ingest.chunking import chunk_document
from rag.ingest.pipeline import load_documents
from rag.retrieval.sentences import SentenceIndex
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings
from rag.stores.archive import DocumentArchive
from rag.stores.chroma_store import ChromaStore, make_store
from rag.stores.lock import WriterLock
from rag.text.endpoints import spelled_out
from rag.text.units import quotable_units
from rag.types import Chunk
from tests.conftest import CITEQA, ROOT, SEEDS, make_settings
from tests.rag.crash_child import POINTS
from tests.stand_ins import HashingEmbedder, RecordingEmbedder

CHANGED = "lipo-mit-clag-rr-aml"
NEW_SENTENCE = "Zanubrutinib-like agent QX-417 achieved remission in 41 of 50 patients."


def _env(data: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "CITEQA_STORE__DATA_DIR": str(data), **more}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)


def _hashing(data: Path) -> Corpus:
    return open_corpus(make_settings(data, refresh_s=0), HashingEmbedder())


def test_writes_advance_the_revision_and_readers_follow(tmp_path: Path, library: Path) -> None:
    writer, reader = _hashing(tmp_path / "data"), _hashing(tmp_path / "data")
    writer.ingest([SEEDS], progress=False)
    first = reader.snapshot()
    assert first.revision == writer.revision and first.store.count() > 100
    writer.ingest([SEEDS], progress=False)
    assert writer.revision == first.revision  # nothing changed, nothing to reload
    writer.ingest([library], progress=False)
    second = reader.snapshot()
    assert second.revision == writer.revision != first.revision
    _, hits = reader.retrieve(NEW_SENTENCE, k=1, mode="sparse")
    assert NEW_SENTENCE in hits[0].chunk.text
    sentences = second.sentences
    assert sentences.built_from == second.revision
    start = hits[0].chunk.text.index(NEW_SENTENCE)
    assert sentences.vector(hits[0].chunk.id, (start, start + len(NEW_SENTENCE))) is not None
    for _ in range(KEEP_BUILDS + 2):
        writer.remove("milademetan-mantra-2")
        writer.ingest([SEEDS], progress=False)
    folders = {
        BM25Index.directory: writer.settings.sparse_index_dir(),
        SentenceIndex.directory: writer.settings.sentence_index_dir(),
    }
    for directory, folder in folders.items():
        builds = [p.name for p in folder.iterdir()]
        assert directory(folder, writer.revision).name in builds
        assert len(builds) == KEEP_BUILDS + 1


def test_the_chunk_before_one_ends_where_it_starts_in_its_section(tmp_path: Path) -> None:
    corpus = _hashing(tmp_path / "data")
    corpus.ingest([SEEDS], progress=False)
    snapshot = corpus.snapshot()
    ids = sorted(snapshot.store.chunk_ids("rr-aml-how-i-treat"))
    chunks = sorted(snapshot.store.get(ids), key=lambda chunk: chunk.start)
    pairs = list(zip(chunks, chunks[1:], strict=False))
    touching = [(a, b) for a, b in pairs if a.section == b.section and b.start - a.end <= 1]
    other = [b for a, b in pairs if a.section != b.section or b.start - a.end > 1]
    assert touching and other
    assert any(b.start < a.end for a, b in touching)  # overlapping chunks too
    batch = snapshot.chunks_before(chunks)
    assert batch == {b.id: a for a, b in touching}


def test_a_build_of_another_format_is_rebuilt_once_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path / "data", refresh_s=0)
    open_corpus(settings, HashingEmbedder()).ingest([SEEDS], progress=False)
    monkeypatch.setattr("rag.retrieval.sentences.FORMAT", 99)
    first = RecordingEmbedder()
    revision = open_corpus(settings, first).snapshot().revision
    assert first.embedded  # the old build is not read as the new format
    assert SentenceIndex.directory(settings.sentence_index_dir(), revision).is_dir()
    again = RecordingEmbedder()
    assert len(open_corpus(settings, again).snapshot().sentences) > 100
    assert again.embedded == []  # the rebuild was saved, not redone at the next start


def test_a_build_split_by_earlier_rules_is_split_again_reusing_its_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path / "data", refresh_s=0)
    open_corpus(settings, HashingEmbedder()).ingest([SEEDS], progress=False)
    monkeypatch.setattr("rag.retrieval.sentences.UNITS", 99)
    monkeypatch.setattr(
        "rag.retrieval.sentences.quotable_units",
        lambda text, kind: ((0, len(text)),) if kind == "table" else quotable_units(text, kind),
    )
    first = RecordingEmbedder()
    snapshot = open_corpus(settings, first).snapshot()
    assert snapshot.sentences.units == 99
    # Only the texts split anew (each table chunk whole) are embedded; the prose keeps its rows.
    tables = [
        chunk.text
        for chunk in snapshot.store.get(list(snapshot.sentences.chunks))
        if chunk.section_kind == "table"
    ]
    assert first.embedded and set(first.embedded) <= {spelled_out(text) for text in tables}
    again = RecordingEmbedder()
    assert open_corpus(settings, again).snapshot().sentences.units == 99
    assert again.embedded == []  # the re-split build was saved


@pytest.mark.parametrize("damage", ["truncated", "sidecar gone"])
def test_a_damaged_build_is_rebuilt_once_and_replaced(tmp_path: Path, damage: str) -> None:
    settings = make_settings(tmp_path / "data", refresh_s=0)
    corpus = open_corpus(settings, HashingEmbedder())
    corpus.ingest([SEEDS], progress=False)
    revision = corpus.revision
    folders = [
        SentenceIndex.directory(settings.sentence_index_dir(), revision),
        BM25Index.directory(settings.sparse_index_dir(), revision),
    ]
    for folder in folders:
        if damage == "truncated":
            for path in folder.glob("*.np*"):
                path.write_bytes(path.read_bytes()[:64])
        else:
            for path in folder.glob("*.json"):
                path.unlink()
    assert SentenceIndex.load(folders[0]) is None and BM25Index.load(folders[1]) is None
    first = RecordingEmbedder()
    assert len(open_corpus(settings, first).snapshot().sentences) > 100
    assert first.embedded  # rebuilt from the store
    assert SentenceIndex.load(folders[0]) is not None and BM25Index.load(folders[1]) is not None
    again = RecordingEmbedder()
    assert len(open_corpus(settings, again).snapshot().sentences) > 100
    assert again.embedded == []  # the damaged build was replaced, not rebuilt at every start
    for folder in folders:
        assert [p.name for p in folder.parent.iterdir()] == [folder.name]


def test_a_corpus_for_retrieval_alone_builds_no_sentence_index(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", refresh_s=0)
    retrieval = open_corpus(settings, HashingEmbedder(), evidence=False)
    retrieval.ingest([SEEDS], progress=False)
    snapshot, hits = retrieval.retrieve("ziftomenib", k=1, mode="sparse")
    assert "ziftomenib" in hits[0].chunk.text.lower()
    assert len(snapshot.sentences) == 0
    folder = settings.sentence_index_dir()
    assert not folder.exists() or not any(folder.iterdir())
    answering = open_corpus(settings, HashingEmbedder()).snapshot()
    assert answering.revision == snapshot.revision
    assert answering.sentences.built_from == snapshot.revision and len(answering.sentences) > 100


def test_writes_update_the_indexes_to_what_a_rebuild_gives(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _hashing(tmp_path / "data")
    corpus.ingest([SEEDS], progress=False)
    reads: list[int] = []
    records = ChromaStore.records

    def counted(self: ChromaStore) -> list[tuple[Chunk, int | None]]:
        reads.append(1)
        return records(self)

    monkeypatch.setattr(ChromaStore, "records", counted)
    questions = ["complete remission rate", "MRD negativity", "median overall survival months"]
    for change in ("ingest", "remove", "ingest again"):
        before = corpus.snapshot()
        if change == "remove":
            assert corpus.remove(CHANGED) > 0
        else:
            corpus.ingest([library], progress=False)
        after = corpus.snapshot()
        assert reads == [] and after.revision != before.revision  # followed, not rebuilt
        store = after.store
        assert isinstance(store, ChromaStore)
        rebuilt = BM25Index.build(records(store), after.revision)
        assert sparse_differences(after.sparse, rebuilt) == []
        for question in questions:
            assert after.sparse.search(question, 10) == rebuilt.search(question, 10)
        loaded = BM25Index.load(
            BM25Index.directory(corpus.settings.sparse_index_dir(), after.revision)
        )
        assert loaded is not None and sparse_differences(loaded, rebuilt) == []
        sentences = SentenceIndex.build(records(store), after.revision, HashingEmbedder())
        assert set(after.sentences.chunks) == set(sentences.chunks) == set(store.ids())
        for chunk_id, entry in sentences.chunks.items():
            for span in entry.spans:
                mine, theirs = (
                    after.sentences.vector(chunk_id, span),
                    sentences.vector(chunk_id, span),
                )
                assert mine is not None and theirs is not None and np.allclose(mine, theirs)
    assert before.sparse.search("complete remission rate", 3)  # old readers undisturbed


def test_a_held_lock_refuses_a_writer_and_names_its_holder(tmp_path: Path) -> None:
    corpus = _hashing(tmp_path / "data")
    lock = WriterLock(corpus.settings.writer_lock_path())
    with lock.hold("a test holding the lock"), pytest.raises(WriteConflictError) as refused:
        corpus.ingest([SEEDS], progress=False)
    assert f"process {os.getpid()}" in str(refused.value)
    assert "a test holding the lock" in str(refused.value)
    assert corpus.ingest([SEEDS], progress=False).documents == 5  # released with the block


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The seeds with one document changed: its new chunks take several write batches of 2."""
    folder = tmp_path / "library"
    shutil.copytree(SEEDS, folder)
    path = folder / f"{CHANGED}.txt"
    path.write_text(NEW_SENTENCE + "\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path: Path, seeded_folder: Path) -> Path:
    """A data folder holding the seeds, written by a process that has exited."""
    shutil.copytree(seeded_folder, tmp_path / "data")
    return tmp_path / "data"


def _settings(data: Path) -> Settings:
    return make_settings(data, refresh_s=0)


def assert_consistent(settings: Settings, library: Path) -> None:
    """Every invariant of the write protocol, checked against a fresh client of the store."""
    store = make_store(settings, fresh=True)
    documents, errors = load_documents([library])
    assert errors == []
    size, overlap = settings.chunking.size, settings.chunking.overlap
    wanted = {d.doc_id: {c.id for c in chunk_document(d, size, overlap)} for d in documents}
    assert {doc: store.chunk_ids(doc) for doc in wanted} == wanted  # none missing, none stale
    assert store.count() == sum(len(ids) for ids in wanted.values())  # nothing else
    archive = DocumentArchive(settings.documents_dir())
    stored = {s.doc_id: s.content_hash for s in store.documents()}
    for document in documents:
        archived = archive.load(document.doc_id)
        assert archived is not None and archived.text == document.text
        assert archived.content_hash == document.content_hash == stored[document.doc_id]
    revision = store.revision()
    built = BM25Index.load(BM25Index.directory(settings.sparse_index_dir(), revision))
    assert built is not None
    assert sparse_differences(built, BM25Index.build(store.records(), revision)) == []
    sentences = SentenceIndex.load(SentenceIndex.directory(settings.sentence_index_dir(), revision))
    assert sentences is not None and sentences.built_from == revision
    assert set(sentences.chunks) == set(store.ids())


@pytest.mark.slow
def test_a_reader_follows_a_write_by_another_process(data, library, embedder) -> None:
    follows = open_corpus(_settings(data), embedder)
    lags = open_corpus(make_settings(data, refresh_s=3600), embedder)  # never looks by itself
    before = follows.snapshot()
    lags.snapshot()
    _, hits = follows.retrieve(NEW_SENTENCE, k=1, mode="sparse")
    assert NEW_SENTENCE not in hits[0].chunk.text
    done = _run([CITEQA, "ingest", str(library)], _env(data))
    assert done.returncode == 0, done.stderr
    for mode in ("dense", "sparse", "hybrid"):
        snapshot, hits = follows.retrieve(NEW_SENTENCE, k=1, mode=mode)
        assert snapshot.revision != before.revision
        assert NEW_SENTENCE in hits[0].chunk.text, mode
    # A reader that has not looked yet still answers: a stale client is reopened, not an error.
    for mode in ("dense", "sparse", "hybrid"):
        _, hits = lags.retrieve("relapsed AML salvage therapy", k=10, mode=mode)  # type: ignore[arg-type]
        assert hits and all(hit.chunk.text for hit in hits)
    assert_consistent(follows.settings, library)


@pytest.mark.slow
def test_a_second_writer_is_refused_and_named(data, library) -> None:
    settings = _settings(data)
    with WriterLock(settings.writer_lock_path()).hold("a test holding the lock"):
        done = _run([CITEQA, "ingest", str(library)], _env(data))
    assert done.returncode == 1
    assert f"process {os.getpid()}" in done.stderr and "a test holding the lock" in done.stderr
    again = _run([CITEQA, "ingest", str(library)], _env(data))
    assert again.returncode == 0  # the lock went with its holder


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("point", POINTS)
def test_an_ingest_killed_at_any_point_is_repaired_by_the_next(
    data, library, embedder, point
) -> None:
    env = _env(data, CITEQA_STORE__BATCH_SIZE="2")
    child = [sys.executable, "-m", "tests.rag.crash_child", point, str(library)]
    killed = _run(child, env)
    assert killed.returncode == -9, killed.stderr[-2000:]
    # Between the crash and the repair, a reader still answers from what is stored.
    hits = open_corpus(_settings(data), embedder).snapshot().retriever.search("ziftomenib", k=3)
    assert hits and all(hit.chunk.text for hit in hits)
    repair = _run([CITEQA, "ingest", str(library)], env)
    assert repair.returncode == 0, repair.stderr
    assert_consistent(_settings(data), library)
