"""Chunks stored in Chroma: embedded on disk by default, or on a Chroma server.

Chroma's own default embedding function is never used: the collection is opened with
``embedding_function=None`` and every add and query passes citeqa's vectors, so no text reaching
the collection can make Chroma try to download a model. The HNSW space is set to cosine explicitly
(Chroma's default is l2).

The corpus revision is kept in the collection's metadata, so every process and host using the
collection reads the same one. An embedded client keeps its vector index in memory and does not
see what another process writes: ``make_store(..., fresh=True)`` opens a new client that loads the
collection as it is on disk (clients already open keep working, on what they had loaded). Queries
return ids and distances from the vector index; readers take the chunks from the record store, so
an id whose chunk is gone (deleted by another process) is left out; where Chroma itself trips
over such an id (a filtered query), :class:`~rag.errors.StaleStoreError` tells the corpus to
reopen and retry.

**Deadlines.** chromadb's ``HttpClient`` talks through an ``httpx.Client`` made with no timeout
and offers no setting for one (chromadb 1.5), so a server that accepts connections and never
answers would block a caller for good. :func:`make_chroma_client` first asks the server's
heartbeat with the deadline ``store.timeout_s``, then gives the client's session that deadline
(for connecting, sending and each wait for data). A server that is down, hangs or drops
connections raises :class:`~rag.errors.StoreUnavailableError` (503); the same client works again
once the server is back.

**Locks.** An embedded store is SQLite underneath. When another client or process holds its write
lock in a way that waiting could deadlock, SQLite answers "database is locked" at once; every call
(opening the collection included) is then tried again after short, growing pauses for up to
``store.timeout_s``, and past that the store counts as unavailable (503).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import httpx
import numpy as np

from rag import pages
from rag.errors import ConfigurationError, StaleStoreError, StoreError, StoreUnavailableError
from rag.settings import Settings, StoreSettings
from rag.stores.chunk_cache import ChunkCache
from rag.stores.protocol import Where, Write
from rag.types import Chunk, DocumentMeta, DocumentSummary

_PAGE = 5000
_REVISION = "citeqa_revision"
#: What an embedded client says when its in-memory vector index names a record another process
#: deleted.
_STALE = "Error finding id"
#: What an embedded store's SQLite says when another client or process holds its write lock and
#: waiting could deadlock: it answers at once rather than waiting out its busy timeout.
_LOCKED = "database is locked"


def _patiently(fn: Callable[..., Any], deadline_s: float, **kwargs: Any) -> Any:
    """``fn(**kwargs)``, tried again after short, growing pauses while the store answers that
    its database is locked, until ``deadline_s`` would pass (then that error is raised). The
    failed call's transaction was rolled back, so trying it again is safe."""
    started = time.monotonic()
    pause = 0.01
    while True:
        try:
            return fn(**kwargs)
        except Exception as exc:  # chromadb raises its InternalError, among others
            if _LOCKED not in str(exc) or time.monotonic() - started + pause > deadline_s:
                raise
        time.sleep(pause)
        pause = min(2 * pause, 0.5)


def _forget_cached_system(path: str) -> None:
    """Make the next embedded client of ``path`` load it anew instead of reusing the one this
    process already has (chromadb shares one system per path)."""
    from chromadb.api.shared_system_client import SharedSystemClient  # noqa: PLC0415

    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)


def forget_embedded(settings: Settings) -> None:
    """Drop this process's shared embedded client of the settings' store (its vector index leaves
    memory once no store uses it)."""
    _forget_cached_system(str(settings.store.data_dir / "chroma"))


def _server_url(settings: Settings) -> str:
    """The base address of the configured Chroma server."""
    config = settings.store
    return f"{'https' if config.ssl else 'http'}://{config.host}:{config.port}"


def _bound(client: Any, timeout_s: float) -> None:
    """Give an ``HttpClient``'s transport the deadline (chromadb makes it with none)."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise ConfigurationError(
            "cannot set a deadline on this chromadb version's HTTP client; pin chromadb 1.5"
        )
    session.timeout = httpx.Timeout(timeout_s)


def _http_client(settings: Settings, chroma_settings: Any) -> Any:
    import chromadb  # noqa: PLC0415 - heavy import, only where a store is needed

    config = settings.store
    # The client's constructor already calls the server, with no deadline: look first.
    heartbeat = f"{_server_url(settings)}/api/v2/heartbeat"
    httpx.get(heartbeat, timeout=config.timeout_s).raise_for_status()
    client = chromadb.HttpClient(
        host=config.host or "", port=config.port, ssl=config.ssl, settings=chroma_settings
    )
    _bound(client, config.timeout_s)
    return client


def make_chroma_client(settings: Settings, *, fresh: bool = False) -> Any:
    """A Chroma client: ``HttpClient`` when a host is set (every request bounded by
    ``store.timeout_s``), else ``PersistentClient`` on disk.

    Args:
        settings: The settings.
        fresh: For an embedded store, load it anew from disk rather than share this process's
            client (whose vector index does not see other processes' writes).

    Raises:
        StoreUnavailableError: The server cannot be reached or answers too slowly, or the
            directory cannot be opened.
    """
    import chromadb  # noqa: PLC0415 - heavy import, only where a store is needed
    from chromadb.config import Settings as ChromaSettings  # noqa: PLC0415

    config = settings.store
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if config.host:
            return _http_client(settings, chroma_settings)
        path = config.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        if fresh:
            _forget_cached_system(str(path))
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except (ValueError, ConnectionError, OSError, httpx.HTTPError) as exc:
        where = f"{config.host}:{config.port}" if config.host else str(config.data_dir)
        raise StoreUnavailableError(f"cannot open the Chroma store at {where}: {exc}") from exc


def _metadata(
    chunk: Chunk, meta: DocumentMeta, content_hash: str, written_at: int
) -> dict[str, str | int]:
    record: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "doc_hash": content_hash,
        "written_at": written_at,
        "title": meta.display_title,
        "section": chunk.section,
        "section_kind": chunk.section_kind,
        "language": chunk.language,
        "start": chunk.start,
        "end": chunk.end,
    }
    if meta.year is not None:
        record["year"] = meta.year
    if chunk.pages:
        record["pages"] = pages.encode(chunk.pages)
    return record


def _chunk(chunk_id: str, text: str, metadata: dict[str, Any]) -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_id=str(metadata["doc_id"]),
        text=text,
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        section=str(metadata["section"]),
        section_kind=metadata["section_kind"],
        language=str(metadata["language"]),
        title=str(metadata.get("title", "")),
        pages=pages.decode(str(metadata.get("pages", ""))),
    )


class ChromaStore:
    """A ``VectorStore`` over one Chroma collection."""

    def __init__(self, client: Any, collection_name: str, config: StoreSettings) -> None:
        """Open (or create) ``collection_name`` with cosine space, no embedding function and
        the HNSW parameters of ``config`` (an existing collection keeps the graph it was built
        with and takes the search breadth)."""
        self.collection_name = collection_name
        self._client = client
        self._deadline_s = config.timeout_s
        self._chunks: ChunkCache[Chunk] = ChunkCache(config.chunk_cache)
        self._vectors: ChunkCache[np.ndarray] = ChunkCache(config.chunk_cache)
        hnsw = {
            "space": "cosine",
            "max_neighbors": config.hnsw_max_neighbors,
            "ef_construction": config.hnsw_ef_construction,
            "ef_search": config.hnsw_ef_search,
        }
        try:
            self._collection = _patiently(
                client.get_or_create_collection,
                config.timeout_s,
                name=collection_name,
                embedding_function=None,
                configuration={"hnsw": hnsw},
                metadata={"created_by": "citeqa"},
            )
            if self.hnsw()["ef_search"] != config.hnsw_ef_search:
                _patiently(
                    self._collection.modify,
                    config.timeout_s,
                    configuration={"hnsw": {"ef_search": config.hnsw_ef_search}},
                )
        except Exception as exc:  # chromadb raises many unrelated types for a dead server
            raise StoreUnavailableError(f"cannot open collection {collection_name}: {exc}") from exc

    def hnsw(self) -> dict[str, Any]:
        """The collection's HNSW parameters, as Chroma reports them."""
        return dict(self._collection.configuration.get("hnsw") or {})

    def _call(self, what: str, fn: Any, **kwargs: Any) -> Any:
        try:
            return _patiently(fn, self._deadline_s, **kwargs)
        except (ConnectionError, OSError, httpx.TransportError) as exc:
            # A server that is down, hangs past the deadline or drops the connection.
            raise StoreUnavailableError(f"Chroma {what} failed: {exc!r}") from exc
        except Exception as exc:  # chromadb wraps transport and server errors inconsistently
            if _LOCKED in str(exc):
                raise StoreUnavailableError(
                    f"Chroma {what} failed: another writer held the store for "
                    f"{self._deadline_s:g} s: {exc}"
                ) from exc
            if _STALE in str(exc):
                raise StaleStoreError(f"Chroma {what} failed on a stale index: {exc}") from exc
            raise StoreError(f"Chroma {what} failed: {exc}") from exc

    def upsert(self, writes: Sequence[Write]) -> None:
        """Insert or replace the chunks of every write with their vectors, in one request."""
        chunks = [(chunk, write) for write in writes for chunk in write.chunks]
        if not chunks:
            return
        self._call(
            "upsert",
            self._collection.upsert,
            ids=[chunk.id for chunk, _ in chunks],
            embeddings=[vector for write in writes for vector in write.embeddings],
            documents=[chunk.text for chunk, _ in chunks],
            metadatas=[
                _metadata(chunk, w.meta, w.content_hash, w.written_at) for chunk, w in chunks
            ],
        )

    def versions(self, doc_id: str) -> dict[str, tuple[str, int]]:
        """Each stored chunk of ``doc_id``: its version's content hash and write time."""
        result = self._call(
            "get", self._collection.get, where={"doc_id": doc_id}, include=["metadatas"]
        )
        return {
            i: (str(m.get("doc_hash", "")), int(m.get("written_at", 0)))
            for i, m in zip(result["ids"], result["metadatas"], strict=True)
        }

    def revision(self) -> str:
        """The corpus revision in the collection's metadata (read anew from the store)."""
        collection = self._call(
            "get_collection",
            self._client.get_collection,
            name=self.collection_name,
            embedding_function=None,
        )
        return str((collection.metadata or {}).get(_REVISION, ""))

    def set_revision(self, revision: str) -> None:
        """Record ``revision`` in the collection's metadata."""
        self._call(
            "modify",
            self._collection.modify,
            metadata={"created_by": "citeqa", _REVISION: revision},
        )

    def delete(self, chunk_ids: list[str]) -> None:
        """Delete chunks by id."""
        self._chunks.forget(chunk_ids)
        self._vectors.forget(chunk_ids)
        for i in range(0, len(chunk_ids), _PAGE):
            self._call("delete", self._collection.delete, ids=chunk_ids[i : i + _PAGE])

    def chunk_ids(self, doc_id: str) -> set[str]:
        """Ids of the stored chunks of ``doc_id``."""
        result = self._call("get", self._collection.get, where={"doc_id": doc_id}, include=[])
        return set(result["ids"])

    def _pages(self, include: list[str]) -> Iterator[dict[str, Any]]:
        """The whole collection, ``_PAGE`` records at a time."""
        offset = 0
        while True:
            page = self._call(
                "get", self._collection.get, include=include, limit=_PAGE, offset=offset
            )
            yield page
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def ids(self) -> list[str]:
        """Every stored chunk id."""
        return [chunk_id for page in self._pages([]) for chunk_id in page["ids"]]

    def records(self) -> list[tuple[Chunk, int | None]]:
        """Every stored chunk with its document's year, in a stable (id) order."""
        out: list[tuple[Chunk, int | None]] = []
        for page in self._pages(["documents", "metadatas"]):
            for i, text, metadata in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                year = metadata.get("year")
                out.append((_chunk(i, text, metadata), int(year) if year is not None else None))
        return sorted(out, key=lambda record: record[0].id)

    def get(self, chunk_ids: list[str]) -> list[Chunk]:
        """The stored chunks with these ids, in the order asked; unknown ids are left out.
        Chunks read before come from this store's cache (``store.chunk_cache``)."""
        found = self._chunks.read_through(chunk_ids, self._read_chunks)
        return [found[i] for i in chunk_ids if i in found]

    def _read_chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        page = self._call(
            "get", self._collection.get, ids=chunk_ids, include=["documents", "metadatas"]
        )
        return {
            i: _chunk(i, t, m)
            for i, t, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        }

    def embeddings(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """The stored vectors of these chunks by id (those read before from this store's
        cache)."""
        found = self._vectors.read_through(chunk_ids, self._read_vectors)
        return {i: found[i].astype(np.float64).tolist() for i in chunk_ids if i in found}

    def _read_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        page = self._call("get", self._collection.get, ids=chunk_ids, include=["embeddings"])
        if not page["ids"]:
            return {}
        rows = np.asarray(page["embeddings"], dtype=np.float32)
        return dict(zip(page["ids"], rows, strict=True))

    def documents(self) -> list[DocumentSummary]:
        """Every stored document with its chunk count."""
        summaries: dict[str, DocumentSummary] = {}
        metadatas = (m for page in self._pages(["metadatas"]) for m in page["metadatas"] or [])
        for metadata in metadatas:
            doc_id = str(metadata["doc_id"])
            if doc_id not in summaries:
                summaries[doc_id] = DocumentSummary(
                    doc_id=doc_id,
                    title=str(metadata.get("title", doc_id)),
                    chunks=0,
                    content_hash=str(metadata.get("doc_hash", "")),
                )
            summaries[doc_id].chunks += 1
        return [summaries[key] for key in sorted(summaries)]

    def query(
        self, embedding: list[float], k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """The ids of the ``k`` nearest chunks with their cosine similarity (1 - cosine
        distance), from the vector index alone: the caller reads the chunks it keeps."""
        result = self._call(
            "query",
            self._collection.query,
            query_embeddings=[embedding],
            n_results=k,
            where=where,
            include=["distances"],
        )
        distances = cast(list[float], result["distances"][0])
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], distances, strict=True)]

    def count(self) -> int:
        """Number of stored chunks."""
        return int(self._call("count", self._collection.count))


def make_store(settings: Settings, *, fresh: bool = False) -> ChromaStore:
    """Open the collection the settings name, embedded or on a server (``fresh``: see
    :func:`make_chroma_client`)."""
    return ChromaStore(
        make_chroma_client(settings, fresh=fresh), settings.collection_name(), settings.store
    )
