from rag.stores.chunk_cache import ChunkCache
from rag.types import Chunk


def _chunk(n: int) -> Chunk:
    return Chunk(id=f"c{n}", doc_id="d", text=f"text {n}", start=n, end=n + 1, section="",
                 section_kind="body", language="en")  # fmt: skip


def test_the_least_recently_used_chunk_goes_first() -> None:
    cache: ChunkCache[Chunk] = ChunkCache(2)
    cache.keep({"c1": _chunk(1), "c2": _chunk(2)})
    assert list(cache.lookup(["c1"])) == ["c1"]  # c1 used: c2 is now the oldest
    cache.keep({"c3": _chunk(3)})
    assert sorted(cache.lookup(["c1", "c2", "c3"])) == ["c1", "c3"]
    assert len(cache) == 2


def test_forgotten_chunks_and_a_cache_of_size_zero_hold_nothing() -> None:
    cache: ChunkCache[Chunk] = ChunkCache(5)
    cache.keep({"c1": _chunk(1), "c2": _chunk(2)})
    cache.forget(["c1", "missing"])
    assert list(cache.lookup(["c1", "c2"])) == ["c2"]
    off: ChunkCache[Chunk] = ChunkCache(0)
    off.keep({"c1": _chunk(1)})
    assert off.lookup(["c1"]) == {} and len(off) == 0


def test_read_through_reads_only_what_is_missing_once_and_keeps_it() -> None:
    cache: ChunkCache[Chunk] = ChunkCache(5)
    cache.keep({"c1": _chunk(1)})
    asked: list[list[str]] = []

    def read(ids: list[str]) -> dict[str, Chunk]:
        asked.append(ids)
        return {i: _chunk(int(i[1:])) for i in ids if i != "c9"}  # c9 is not stored

    found = cache.read_through(["c2", "c1", "c2", "c9"], read)
    assert sorted(found) == ["c1", "c2"] and asked == [["c2", "c9"]]
    assert sorted(cache.read_through(["c1", "c2"], read)) == ["c1", "c2"]
    assert asked == [["c2", "c9"]]  # both cached now: no read
