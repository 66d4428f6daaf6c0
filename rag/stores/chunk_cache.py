"""A bounded, thread-safe cache of what the store holds by chunk id.

A chunk's id is a hash of its document's content and metadata, its offset and its text
(:func:`rag.ids.chunk_id`), and a collection holds one embedding model's vectors, so what an id
names (the chunk, its vector) never changes: a cached one cannot go stale, only be deleted.
Reading chunks or vectors back from Chroma costs about 2-5 ms a call, a tenth of an extractive
answer's time, and answers read the same chunks again and again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class ChunkCache(Generic[T]):
    """The most recently used ``size`` values by chunk id (``size`` 0: none)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, chunk_ids: Iterable[str]) -> dict[str, T]:
        """The cached values among ``chunk_ids``, by id, each marked as just used."""
        with self._lock:
            found = {i: self._values[i] for i in chunk_ids if i in self._values}
            for i in found:
                self._values.move_to_end(i)
        return found

    def read_through(
        self, chunk_ids: Iterable[str], read: Callable[[list[str]], Mapping[str, T]]
    ) -> dict[str, T]:
        """The values of ``chunk_ids`` by id: the cached ones, and those ``read`` returns for the
        rest (each asked once; called only when some are missing), which are then kept. Ids
        ``read`` does not return are left out."""
        wanted = list(chunk_ids)
        found = self.lookup(wanted)
        missing = [i for i in dict.fromkeys(wanted) if i not in found]
        if missing:
            fresh = read(missing)
            self.keep(fresh)
            found.update(fresh)
        return found

    def keep(self, values: Mapping[str, T]) -> None:
        """Cache ``values`` by id, dropping the least recently used beyond the size."""
        if not self.size:
            return
        with self._lock:
            for i, value in values.items():
                self._values[i] = value
                self._values.move_to_end(i)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def forget(self, chunk_ids: Iterable[str]) -> None:
        """Drop the values of these chunks (deleted from the store)."""
        with self._lock:
            for i in chunk_ids:
                self._values.pop(i, None)

    def __len__(self) -> int:
        return len(self._values)
