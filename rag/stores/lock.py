"""One writer at a time: an inter-process lock on a file beside the store.

The lock is ``flock(2)`` on a file under the data directory, so it is released by the kernel when
its holder exits for whatever reason (a crash or SIGKILL included): it can never be left stale.
Its holder writes who it is into the file (process id, host, command, since when), so a refused
writer can say who holds it. It is taken without waiting: a second writer is refused at once
rather than queued behind an ingest that may take minutes.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from rag.errors import WriteConflictError


def _describe(holder: dict[str, object]) -> str:
    if not holder:
        return "another process"
    return (
        f"process {holder.get('pid')} on {holder.get('host')} ({holder.get('command')}), "
        f"since {holder.get('since')}"
    )


class WriterLock:
    """An exclusive, non-waiting lock on ``path``, naming its holder."""

    def __init__(self, path: Path) -> None:
        """Use ``path`` (created with its folder on first use)."""
        self.path = path

    def holder(self) -> dict[str, object]:
        """Who holds (or last held) the lock, as its holder described itself; empty if unknown."""
        try:
            holder: dict[str, object] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return holder

    @contextmanager
    def hold(self, what: str) -> Iterator[None]:
        """Hold the lock for the block.

        Args:
            what: What the holder is doing, for others' messages (e.g. ``citeqa ingest``).

        Raises:
            WriteConflictError: Another process holds it; the message names that process.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise WriteConflictError(
                    f"the corpus is being changed by {_describe(self.holder())}; try again when "
                    "it is done"
                ) from exc
            me = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "command": what or " ".join(sys.argv[:2]),
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, json.dumps(me).encode(), 0)
            yield
        finally:
            os.close(descriptor)  # releases the flock
