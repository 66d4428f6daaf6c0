"""A bounded load test of the HTTP service on loopback: ``POST /v1/ask`` with hey at concurrency
1, 8 and 32, a fixed number of requests each; then 32 clients for 60 seconds, each mixing asks
and searches. Throughput, p50/p95/p99 latency and errors."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rag.assemble import open_corpus
from rag.bench.corpus import bench_settings
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.bench.traffic import QUESTIONS, Client, run_clients, summarize
from rag.embeddings import Embedder
from rag.errors import ConfigurationError, InputError
from rag.loopback import free_port, running
from rag.settings import Settings

QUESTION = "What CR rate did ziftomenib reach in NPM1-mutant AML?"
CONCURRENCY = (1, 8, 32)
MIXED_CLIENTS = 32
MIXED_SECONDS = 60.0
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_PERCENTILE = re.compile(r"(\d+)% in ([\d.]+) secs")
_STATUS = re.compile(r"\[(\d{3})\]\s+(\d+) responses")
_ERRORS = re.compile(r"^\s+\[(\d+)\]\s", re.MULTILINE)


def parse_hey(output: str) -> dict[str, float]:
    """Throughput, p50/p95/p99 latency (ms), responses and errors from ``hey``'s summary.

    Errors are non-2xx responses plus failed requests (hey's error distribution). A percentile
    hey does not print (p99 of fewer than 100 requests) is left out.

    Raises:
        InputError: The output has no summary (hey failed).
    """
    rps = _RPS.search(output)
    if not rps:
        raise InputError(f"hey printed no summary: {output.strip()[-300:]}")
    percentiles = {int(p): float(v) * 1000 for p, v in _PERCENTILE.findall(output)}
    statuses = {int(code): int(n) for code, n in _STATUS.findall(output)}
    failed = 0
    if "Error distribution:" in output:
        tail = output.split("Error distribution:", 1)[1]
        failed = sum(int(n) for n in _ERRORS.findall(tail))
    return {
        "rps": float(rps.group(1)),
        **{f"p{p}_ms": percentiles[p] for p in (50, 95, 99) if p in percentiles},
        "responses": float(sum(statuses.values())),
        "errors": float(failed + sum(n for code, n in statuses.items() if not 200 <= code < 300)),
    }


def mixed(base_url: str, clients: int, seconds: float) -> dict[str, dict[str, float]]:
    """``clients`` threads for ``seconds``, each choosing ask or search at random (seeded) for
    each request and cycling through the questions; figures per endpoint."""
    client = Client(base_url)

    def work(index: int, deadline: float) -> None:
        chooser = random.Random(index)
        turn = index
        while time.monotonic() < deadline:
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            if chooser.random() < 0.5:
                client.post_json("ask", "/v1/ask", {"question": question})
            else:
                client.post_json("search", "/v1/search", {"query": question, "k": 5})

    seconds = run_clients(clients, seconds, work)
    return summarize(client.calls, seconds)


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Serve the seeds from a store of its own and load ``POST /v1/ask`` at each concurrency."""
    hey = shutil.which("hey")
    if hey is None:
        raise ConfigurationError("the load benchmark needs hey (apt-get install hey)")
    local = bench_settings(settings, "load")
    open_corpus(local, embedder).ingest([settings.seeds_dir], progress=progress)
    port = free_port()
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(local.store.data_dir)}
    serve = [str(Path(sys.executable).with_name("citeqa")), "serve", "--port", str(port)]
    # hey refuses fewer requests than concurrent workers.
    per_level = max(CONCURRENCY) if quick else 160
    results = []
    with running(serve, f"http://127.0.0.1:{port}/readyz", timeout=180, env=env):
        for concurrency in CONCURRENCY:
            completed = subprocess.run(
                [hey, "-n", str(per_level), "-c", str(concurrency), "-t", "120", "-m", "POST",
                 "-T", "application/json", "-d", json.dumps({"question": QUESTION}),
                 f"http://127.0.0.1:{port}/v1/ask"],
                capture_output=True, text=True, check=False, timeout=900,
            )  # fmt: skip
            output = completed.stdout + completed.stderr
            results.append((concurrency, parse_hey(output)))
        endpoints = mixed(f"http://127.0.0.1:{port}", MIXED_CLIENTS, MIXED_SECONDS)
    rows = [
        [str(c), f"{r['responses']:.0f}", f"{r['rps']:.2f}",
         *(f"{r[key]:.0f}" if key in r else "–" for key in ("p50_ms", "p95_ms", "p99_ms")),
         f"{r['errors']:.0f}"]
        for c, r in results
    ]  # fmt: skip
    metrics = {f"c{c}_{k}": v for c, r in results for k, v in r.items()}
    metrics |= {f"mixed_{e}_{k}": v for e, figures in endpoints.items() for k, v in figures.items()}
    metrics["mixed_errors"] = sum(figures["errors"] for figures in endpoints.values())
    levels = Table(
        title="Load: POST /v1/ask (extractive), one uvicorn worker, embedded Chroma, loopback",
        columns=["concurrency", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        rows=rows,
        note=f"hey, {per_level} requests per level, each asking “{QUESTION}” (answered from the "
        "seeds). Client and server share the machine's cores.",
    )
    mixed_table = Table(
        title=f"Load: {MIXED_CLIENTS} clients for {MIXED_SECONDS:.0f} s, asks and searches mixed",
        columns=["endpoint", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        rows=[
            [
                f"POST /v1/{e}",
                f"{r['requests']:.0f}",
                f"{r['rps']:.2f}",
                *(f"{r[key]:.0f}" for key in ("p50_ms", "p95_ms", "p99_ms")),
                f"{r['errors']:.0f}",
            ]
            for e, r in endpoints.items()
        ],
        note="Each client chooses ask or search at random (seeded) for every request and cycles "
        "through eight questions about the seeds; answers/s is the ask row's requests/s.",
    )
    return BenchOutcome(metrics, [levels, mixed_table])
