import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from rag.errors import StoreUnavailableError
from rag.settings import StoreSettings
from rag.stores.chroma_store import ChromaStore, make_chroma_client, make_store
from rag.stores.protocol import Write
from rag.types import Chunk, DocumentMeta, PageSpan
from tests.conftest import make_settings
from tests.silent import silent_server


def _chunk(doc_id: str, n: int) -> Chunk:
    return Chunk(
        id=f"{doc_id}-{n}",
        doc_id=doc_id,
        text=f"text {n} of {doc_id}",
        start=n * 10,
        end=n * 10 + 9,
        section="Results",
        section_kind="body",
        language="en",
    )


def _unit(i: int, dim: int = 4) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(dim)]


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    return make_store(make_settings(tmp_path))


def test_collection_is_cosine_without_default_embedding_function(store: ChromaStore) -> None:
    collection = store._collection
    assert collection.configuration["hnsw"]["space"] == "cosine"
    store.upsert([Write([_chunk("a", 0)], [_unit(0)], DocumentMeta(doc_id="a"), "h", 1)])
    with pytest.raises(ValueError, match="embedding function"):
        collection.query(query_texts=["anything"], n_results=1)


def test_upsert_query_delete_and_documents(store: ChromaStore) -> None:
    meta_a = DocumentMeta(doc_id="a", title="Doc A", year=2023)
    store.upsert([Write([_chunk("a", 0), _chunk("a", 1)], [_unit(0), _unit(1)], meta_a, "ha", 1)])
    store.upsert([Write([_chunk("b", 0)], [_unit(2)], DocumentMeta(doc_id="b"), "hb", 1)])
    store.upsert([Write([_chunk("a", 0)], [_unit(0)], meta_a, "ha", 1)])  # idempotent
    assert store.count() == 3
    assert store.chunk_ids("a") == {"a-0", "a-1"}
    hits = store.query([0.9, 0.1, 0.0, 0.0], k=2)
    assert [chunk_id for chunk_id, _ in hits] == ["a-0", "a-1"]
    assert hits[0][1] > 0.95 and store.get(["a-0"])[0].text == "text 0 of a"
    assert [i for i, _ in store.query(_unit(0), k=3, where={"year": 2023})] == ["a-0", "a-1"]
    summaries = store.documents()
    assert [(s.doc_id, s.title, s.chunks) for s in summaries] == [("a", "Doc A", 2), ("b", "b", 1)]
    store.delete(["a-1", "missing"])
    assert store.chunk_ids("a") == {"a-0"}


def test_chunks_read_back_are_kept_but_not_once_deleted(
    store: ChromaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert([Write([_chunk("a", 0), _chunk("a", 1)], [_unit(0), _unit(1)],
                        DocumentMeta(doc_id="a"), "ha", 1)])  # fmt: skip
    assert [c.id for c in store.get(["a-1", "a-0", "a-1", "nope"])] == ["a-1", "a-0", "a-1"]
    assert len(store._chunks) == 2
    asked: list[list[str]] = []
    read = store._collection.get

    def counting(**kwargs: Any) -> Any:
        asked.append(kwargs["ids"])
        return read(**kwargs)

    monkeypatch.setattr(store._collection, "get", counting)
    assert [c.text for c in store.get(["a-0", "a-1"])] == ["text 0 of a", "text 1 of a"]
    assert asked == []  # both from the cache
    assert store.embeddings(["a-1"]) == {"a-1": _unit(1)}
    assert store.embeddings(["a-1", "a-0"]) == {"a-1": _unit(1), "a-0": _unit(0)}
    assert asked == [["a-1"], ["a-0"]]  # each vector read once
    asked.clear()
    store.delete(["a-0"])
    assert [c.id for c in store.get(["a-0", "a-1"])] == ["a-1"]
    assert store.embeddings(["a-0"]) == {}
    assert asked == [["a-0"], ["a-0"]]  # asked of the store again, and gone


def test_store_persists_across_clients(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    make_store(settings).upsert(
        [Write([_chunk("a", 0)], [_unit(0)], DocumentMeta(doc_id="a"), "h", 1)]
    )
    reopened = ChromaStore(make_chroma_client(settings), settings.collection_name(), settings.store)
    assert reopened.chunk_ids("a") == {"a-0"}
    assert (tmp_path / "chroma").is_dir()


def test_a_collection_is_built_with_the_hnsw_settings_and_reopened_with_a_new_search_breadth(
    tmp_path: Path,
) -> None:
    built = make_settings(
        tmp_path, hnsw_max_neighbors=24, hnsw_ef_construction=150, hnsw_ef_search=300
    )
    store = make_store(built)
    store.upsert([Write([_chunk("a", 0)], [_unit(0)], DocumentMeta(doc_id="a"), "h", 1)])
    assert {k: store.hnsw()[k] for k in ("max_neighbors", "ef_construction", "ef_search")} == {
        "max_neighbors": 24, "ef_construction": 150, "ef_search": 300,
    }  # fmt: skip
    wider = make_settings(tmp_path, hnsw_max_neighbors=8, hnsw_ef_search=900)
    reopened = make_store(wider, fresh=True)
    assert reopened.hnsw()["max_neighbors"] == 24  # the graph is as it was built
    assert reopened.hnsw()["ef_search"] == 900
    assert make_store(built, fresh=True).hnsw()["ef_search"] == 300
    assert [i for i, _ in reopened.query(_unit(0), k=1)] == ["a-0"]


class _LockedFor:
    """A Chroma client (and its collection) whose SQLite is held by another writer for the first
    ``times`` calls of each method, as chromadb reports it."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls: dict[str, int] = {}
        self.configuration = {"hnsw": {"ef_search": 100}}

    def _locked(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1
        if self.calls[name] <= self.times:
            raise RuntimeError(
                "Database error: error returned from database: (code: 5) database is locked"
            )

    def get_or_create_collection(self, **_: object) -> "_LockedFor":
        self._locked("open")
        return self

    def count(self) -> int:
        self._locked("count")
        return 7


def test_a_store_another_writer_holds_for_a_moment_answers_once_it_is_free() -> None:
    """Before: SQLite's "database is locked" (raised at once where waiting could deadlock, as
    when a reader opens a fresh client while another writes) failed the call."""
    client = _LockedFor(times=2)
    store = ChromaStore(client, "c", StoreSettings(timeout_s=5, hnsw_ef_search=100))
    assert store.count() == 7
    assert client.calls == {"open": 3, "count": 3}


def test_a_store_held_past_the_deadline_is_unavailable() -> None:
    with pytest.raises(StoreUnavailableError, match="cannot open collection"):
        ChromaStore(_LockedFor(times=10**6), "c", StoreSettings(timeout_s=0.2))
    client = _LockedFor(times=0)
    store = ChromaStore(client, "c", StoreSettings(timeout_s=0.2, hnsw_ef_search=100))
    client.times = 10**6
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="another writer held the store for 0.2 s"):
        store.count()
    assert 0.1 < time.monotonic() - started < 5
    assert client.calls["count"] > 2


def test_a_server_that_never_answers_is_unavailable_within_the_deadline(tmp_path: Path) -> None:
    """Before: chromadb's client waited for good (its HTTP session has no timeout)."""
    with silent_server() as port:
        settings = make_settings(tmp_path, host="127.0.0.1", port=port, timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError) as raised:
            make_store(settings)
        assert time.monotonic() - started < 30  # generous: the deadline is half a second
    assert isinstance(raised.value.__cause__, httpx.TimeoutException)


def test_a_chunks_pages_survive_the_store(store: ChromaStore) -> None:
    pages = [PageSpan(number=2, start=20, end=25), PageSpan(number=3, start=26, end=29)]
    paged = _chunk("a", 2).model_copy(update={"pages": pages})
    store.upsert(
        [Write([paged, _chunk("a", 0)], [_unit(0), _unit(1)], DocumentMeta(doc_id="a"), "h", 1)]
    )
    by_id = {chunk.id: chunk for chunk in store.get(["a-2", "a-0"])}
    assert by_id["a-2"].pages == pages and by_id["a-0"].pages == []
    assert {chunk.id: chunk.pages for chunk, _ in store.records()} == {"a-2": pages, "a-0": []}
