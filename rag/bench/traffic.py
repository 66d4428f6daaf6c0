"""HTTP traffic for the load and soak benchmarks: a small client on the standard library, calls
timed and recorded from many threads, and per-operation figures (throughput, percentiles, errors).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Questions about the seeds that the load and soak runs ask and search for, in turn.
QUESTIONS = (
    "What CR rate did ziftomenib reach in NPM1-mutant AML?",
    "What was the median PFS with milademetan?",
    "How was blinatumomab given to infants with KMT2A-rearranged ALL?",
    "What response rate did liposomal mitoxantrone with cladribine achieve?",
    "How should relapsed or refractory AML be treated?",
    "Which adverse events were most common with ziftomenib?",
    "What was the event-free survival in Interfant-06?",
    "Did milademetan improve progression-free survival over trabectedin?",
)


@dataclass(frozen=True)
class Reply:
    """One HTTP response: status (0: no response) and parsed JSON body (None if not JSON)."""

    status: int
    body: Any


@dataclass(frozen=True)
class Call:
    """One timed call of an operation."""

    operation: str
    status: int
    ms: float

    @property
    def failed(self) -> bool:
        """Not a 2xx response (or none at all)."""
        return not 200 <= self.status < 300


class Client:
    """Calls one server, optionally with a bearer key, and records every call (thread-safe)."""

    def __init__(self, base_url: str, key: str | None = None, timeout: float = 120) -> None:
        """Talk to ``base_url``."""
        self.base_url = base_url
        self.key = key
        self.timeout = timeout
        self.calls: list[Call] = []
        self._lock = threading.Lock()

    def request(
        self,
        operation: str,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str = "application/json",
    ) -> Reply:
        """Send one request, time it and record it under ``operation``."""
        headers = {"Content-Type": content_type} if body is not None else {}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(  # noqa: S310 - the benchmark's own loopback server
            self.base_url + path, data=body, headers=headers, method=method
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            status, raw = 0, b""
        elapsed = (time.perf_counter() - started) * 1000
        with self._lock:
            self.calls.append(Call(operation, status, elapsed))
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return Reply(status, parsed)

    def post_json(self, operation: str, path: str, payload: Any) -> Reply:
        """POST ``payload`` as JSON."""
        return self.request(operation, "POST", path, json.dumps(payload).encode())

    def upload(self, name: str, data: bytes) -> Reply:
        """POST a file to ``/v1/documents`` as multipart field ``file``."""
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        )
        body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request(
            "upload", "POST", "/v1/documents", body, f"multipart/form-data; boundary={boundary}"
        )


def run_clients(count: int, seconds: float, work: Callable[[int, float], None]) -> float:
    """Run ``work(client_index, deadline)`` in ``count`` threads; return the seconds it took."""
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=work, args=(i, deadline)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def summarize(calls: list[Call], seconds: float) -> dict[str, dict[str, float]]:
    """Per operation: calls, calls per second, p50/p95/p99 latency (ms) and errors."""
    figures: dict[str, dict[str, float]] = {}
    for operation in sorted({call.operation for call in calls}):
        mine = [call for call in calls if call.operation == operation]
        latencies = np.array([call.ms for call in mine])
        figures[operation] = {
            "requests": float(len(mine)),
            "rps": len(mine) / seconds if seconds > 0 else 0.0,
            **{f"p{p}_ms": float(np.percentile(latencies, p)) for p in (50, 95, 99)},
            "errors": float(sum(call.failed for call in mine)),
        }
    return figures
