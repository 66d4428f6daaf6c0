"""The store wrapper that records what a write changed."""

import pytest

from rag.stores.protocol import Write
from rag.stores.recording import RecordingStore
from rag.types import Chunk, DocumentMeta


def _chunk(chunk_id: str) -> Chunk:
    return Chunk(
        id=chunk_id, doc_id="d", text="t", start=0, end=1, section="S", section_kind="body",
        language="en",
    )  # fmt: skip


class _Store:
    """Only what the recorder passes through in these tests."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[str] = []

    def upsert(self, writes) -> None:
        if self.fail:
            raise OSError("store down")
        self.calls.append(f"upsert {[len(w.chunks) for w in writes]}")

    def delete(self, chunk_ids) -> None:
        self.calls.append(f"delete {len(chunk_ids)}")

    def count(self) -> int:
        return 7


def test_upserts_and_deletions_are_recorded_in_order() -> None:
    store = _Store()
    recording = RecordingStore(store)  # type: ignore[arg-type]
    meta = DocumentMeta(doc_id="d", year=2024)
    other = DocumentMeta(doc_id="e", year=2020)
    recording.upsert(
        [Write([_chunk("a"), _chunk("b")], [[1.0], [1.0]], meta, "h", 1),
         Write([_chunk("e")], [[1.0]], other, "h", 1)]
    )  # fmt: skip
    recording.delete(["b", "old"])
    recording.upsert([Write([_chunk("old")], [[1.0]], meta, "h", 2)])
    assert store.calls == ["upsert [2, 1]", "delete 2", "upsert [1]"]
    assert {i: year for i, (_, year) in recording.added.items()} == {
        "a": 2024, "e": 2020, "old": 2024,
    }  # fmt: skip
    assert recording.removed == {"b"}
    assert not recording.failed and recording.count() == 7


def test_a_failed_change_is_remembered() -> None:
    recording = RecordingStore(_Store(fail=True))  # type: ignore[arg-type]
    with pytest.raises(OSError, match="store down"):
        recording.upsert([Write([_chunk("a")], [[1.0]], DocumentMeta(doc_id="d"), "h", 1)])
    assert recording.failed and recording.added == {}
