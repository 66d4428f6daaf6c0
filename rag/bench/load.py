"""A bounded load test of the HTTP service on loopback with wrk: concurrency 1, 8 and 32, a fixed
number of requests each; throughput, p50/p95/p99 latency and errors."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from rag.bench.corpus import bench_settings
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.embeddings import Embedder
from rag.errors import ConfigurationError, InputError
from rag.ingest.pipeline import Ingestor
from rag.settings import Settings
from rag.stores.chroma_store import make_store

SCRIPT = Path("eval/load/ask.lua")
CONCURRENCY = (1, 8, 32)
_LINE = re.compile(
    r"requests=(\d+) seconds=([\d.]+) rps=([\d.]+) p50_ms=(\d+) p95_ms=(\d+) p99_ms=(\d+) "
    r"errors=(\d+)"
)


def parse_wrk(output: str) -> dict[str, float]:
    """The figures ``eval/load/ask.lua`` prints at the end of a wrk run.

    Raises:
        InputError: The output has no such line (wrk failed).
    """
    match = _LINE.search(output)
    if not match:
        raise InputError(f"wrk printed no result: {output.strip()[-300:]}")
    names = ("requests", "seconds", "rps", "p50_ms", "p95_ms", "p99_ms", "errors")
    return {name: float(value) for name, value in zip(names, match.groups(), strict=True)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise ConfigurationError(f"citeqa serve did not become ready at {url}")


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Serve the seeds from a store of its own and load ``POST /v1/ask`` at each concurrency."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise ConfigurationError("the load benchmark needs wrk (apt-get install wrk)")
    local = bench_settings(settings, "load")
    Ingestor(local, embedder, make_store(local)).ingest([settings.seeds_dir], progress=progress)
    port = _free_port()
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(local.store.data_dir)}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("citeqa")), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    per_level = 24 if quick else 160
    results = []
    try:
        _wait_ready(f"http://127.0.0.1:{port}/readyz", server)
        for concurrency in CONCURRENCY:
            threads = min(concurrency, 2)
            output = subprocess.run(
                [wrk, f"-t{threads}", f"-c{concurrency}", "-d600s", "--timeout", "120s",
                 "-s", str(SCRIPT), f"http://127.0.0.1:{port}", "--", str(per_level // threads)],
                capture_output=True, text=True, check=False, timeout=700,
            ).stdout  # fmt: skip
            results.append((concurrency, parse_wrk(output)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = [
        [str(c), f"{r['requests']:.0f}", f"{r['rps']:.2f}", f"{r['p50_ms']:.0f}",
         f"{r['p95_ms']:.0f}", f"{r['p99_ms']:.0f}", f"{r['errors']:.0f}"]
        for c, r in results
    ]  # fmt: skip
    metrics = {f"c{c}_{k}": v for c, r in results for k, v in r.items()}
    table = Table(
        title="Load: POST /v1/ask (extractive), one uvicorn worker, embedded Chroma, loopback",
        columns=["concurrency", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        rows=rows,
        note="wrk with eval/load/ask.lua cycling six questions (one unanswerable); a fixed number "
        "of requests per level. Client and server share the machine's cores.",
    )
    return BenchOutcome(metrics, [table])
