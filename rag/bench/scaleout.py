"""Scale-out on one node: the seeds in a real ``chroma run`` server, served by ``citeqa serve``
with one uvicorn worker and then with two, and by one worker on the embedded store for comparison.
Each setup's ``POST /v1/ask`` (extractive) and ``POST /v1/search`` are loaded by 1, 8 and 16
clients for a fixed time; throughput, p50/p95/p99 latency and errors, and how fast the seeds were
ingested into each store."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.assemble import open_corpus
from rag.bench.corpus import bench_settings
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.bench.traffic import QUESTIONS, Client, run_clients, summarize
from rag.embeddings import Embedder
from rag.errors import ConfigurationError
from rag.loopback import chroma_server, free_port, running
from rag.settings import Settings


@dataclass(frozen=True)
class Setup:
    """One way of serving the seeds: metric prefix, label, uvicorn workers, store."""

    name: str
    label: str
    workers: int
    server: bool


SETUPS = (
    Setup("embedded", "1 worker, embedded Chroma", 1, server=False),
    Setup("workers1", "1 worker, Chroma server", 1, server=True),
    Setup("workers2", "2 workers, Chroma server", 2, server=True),
)
ENDPOINTS = ("ask", "search")
CONCURRENCY = (1, 8, 16)
SECONDS = 20.0
QUICK_SECONDS = 5.0
#: Seconds a setup may take to load its models in every worker and answer.
START_TIMEOUT = 180.0


@dataclass(frozen=True)
class Level:
    """How one setup's endpoint fared under ``clients`` clients (``summarize``'s figures)."""

    setup: str
    endpoint: str
    clients: int
    figures: dict[str, float]


def serve_env(settings: Settings, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment of a ``citeqa serve`` over ``settings``'s store: ``environ`` with the
    store's folder and its Chroma server, or none (an inherited server setting dropped)."""
    server_keys = {"CITEQA_STORE__HOST", "CITEQA_STORE__PORT"}
    env = {key: value for key, value in environ.items() if key.upper() not in server_keys}
    env["CITEQA_STORE__DATA_DIR"] = str(settings.store.data_dir)
    if settings.store.host:
        env["CITEQA_STORE__HOST"] = settings.store.host
        env["CITEQA_STORE__PORT"] = str(settings.store.port)
    return env


def worker_pids(client: Client, count: int, timeout: float) -> set[int]:
    """The process ids behind ``GET /readyz``, asked until ``count`` different ones answered.

    Raises:
        ConfigurationError: Fewer answered within ``timeout`` seconds.
    """
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        if time.monotonic() > deadline:
            raise ConfigurationError(
                f"{client.base_url}: {len(seen)} of {count} workers answered /readyz"
            )
        reply = client.request("ready", "GET", "/readyz")
        if reply.status == 200 and isinstance(reply.body, dict) and "worker" in reply.body:
            seen.add(int(reply.body["worker"]))
        else:
            time.sleep(0.2)
    return seen


def call(client: Client, endpoint: str, question: str) -> None:
    """One ``POST /v1/ask`` (extractive) or ``POST /v1/search`` (k = 5) of ``question``."""
    if endpoint == "ask":
        client.post_json("ask", "/v1/ask", {"question": question, "mode": "extractive"})
    else:
        client.post_json("search", "/v1/search", {"query": question, "k": 5})


def load(client: Client, endpoint: str, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads calling ``endpoint`` back to back for ``seconds``, each cycling
    through the questions from its own; the endpoint's figures (``summarize``)."""
    client.calls.clear()

    def work(index: int, deadline: float) -> None:
        turn = index
        while time.monotonic() < deadline:
            call(client, endpoint, QUESTIONS[turn % len(QUESTIONS)])
            turn += 1

    took = run_clients(clients, seconds, work)
    return summarize(client.calls, took)[endpoint]


@contextmanager
def serving(settings: Settings, workers: int) -> Iterator[Client]:
    """``citeqa serve --workers N`` on loopback over ``settings``'s store until the block ends;
    enter, with a client of it (the read key when one is set), once every worker answers.

    Raises:
        ConfigurationError: The server exited, or not every worker answered in time.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).with_name("citeqa")), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    key = settings.read_api_key.get_secret_value() if settings.read_api_key else None
    started = time.monotonic()
    env = serve_env(settings, os.environ)
    with running(command, f"{url}/readyz", timeout=START_TIMEOUT, env=env):
        client = Client(url, key=key)
        worker_pids(client, workers, START_TIMEOUT - (time.monotonic() - started))
        yield client


def measure(settings: Settings, setup: Setup, seconds: float) -> list[Level]:
    """Serve ``settings``'s store as ``setup`` says; warm every worker up with each question
    asked and searched twice, then load each endpoint at each concurrency."""
    levels = []
    with serving(settings, setup.workers) as client:
        for question in QUESTIONS * 2:
            for endpoint in ENDPOINTS:
                call(client, endpoint, question)
        for endpoint in ENDPOINTS:
            for clients in CONCURRENCY:
                figures = load(client, endpoint, clients, seconds)
                levels.append(Level(setup.name, endpoint, clients, figures))
    return levels


def ingest_rate(settings: Settings, embedder: Embedder, seeds: Path, progress: bool) -> float:
    """Ingest ``seeds`` into ``settings``'s (empty) store; chunks per second, end to end."""
    started = time.perf_counter()
    report = open_corpus(settings, embedder).ingest([seeds], progress=progress)
    return report.chunks / (time.perf_counter() - started)


def metrics_of(levels: list[Level], ingest: Mapping[str, float]) -> dict[str, float]:
    """Headline metrics: per setup, endpoint and concurrency ``SETUP_ENDPOINT_per_s_cN``, p50,
    p95 and p99 ms and errors; each setup's peak requests/s per endpoint; the two-worker peak over
    the one-worker peak; every error together; ``STORE_ingest_chunks_per_s`` from ``ingest``."""
    metrics: dict[str, float] = {}
    for level in levels:
        prefix, suffix = f"{level.setup}_{level.endpoint}", f"c{level.clients}"
        metrics[f"{prefix}_per_s_{suffix}"] = level.figures["rps"]
        for stat in ("p50_ms", "p95_ms", "p99_ms", "errors"):
            metrics[f"{prefix}_{stat}_{suffix}"] = level.figures[stat]
        peak = f"{prefix}_peak_per_s"
        metrics[peak] = max(metrics.get(peak, 0.0), level.figures["rps"])
    for endpoint in ENDPOINTS:
        one, two = (metrics.get(f"workers{n}_{endpoint}_peak_per_s") for n in (1, 2))
        if one and two is not None:
            metrics[f"workers2_{endpoint}_gain"] = two / one
    metrics["errors"] = sum(level.figures["errors"] for level in levels)
    metrics |= {f"{store}_ingest_chunks_per_s": rate for store, rate in ingest.items()}
    return metrics


def tables_of(
    levels: list[Level], ingest: Mapping[str, float], seconds: float
) -> tuple[Table, Table]:
    """The load table (a row per setup, endpoint and concurrency) and the summary (per setup,
    the peak answers and searches per second and the ingestion rate of its store)."""
    labels = {setup.name: setup.label for setup in SETUPS}
    load_table = Table(
        title="Scale-out: the seeds served on one node, extractive answers, loopback",
        columns=[
            "setup",
            "endpoint",
            "clients",
            "requests",
            "requests/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
        ],
        rows=[
            [
                labels[level.setup],
                f"POST /v1/{level.endpoint}",
                str(level.clients),
                f"{level.figures['requests']:.0f}",
                f"{level.figures['rps']:.2f}",
                *(f"{level.figures[key]:,.0f}" for key in ("p50_ms", "p95_ms", "p99_ms")),
                f"{level.figures['errors']:.0f}",
            ]
            for level in levels
        ],
        note=f"{seconds:.0f} s per row: that many client threads call the endpoint back to back, "
        "each cycling through eight questions about the seeds (search: k = 5). Every setup warmed "
        "up first. Clients, workers and the Chroma server share the machine's cores.",
    )
    metrics = metrics_of(levels, ingest)
    rows = []
    for setup in SETUPS:
        if f"{setup.name}_ask_peak_per_s" not in metrics:
            continue
        store = "server" if setup.server else "embedded"
        rows.append([
            setup.label,
            *(f"{metrics[f'{setup.name}_{e}_peak_per_s']:.2f}" for e in ENDPOINTS),
            f"{ingest[store]:.1f}" if store in ingest else "–",
        ])  # fmt: skip
    summary = Table(
        title="Scale-out: peak throughput per setup",
        columns=["setup", "answers/s", "searches/s", "ingest chunks/s"],
        rows=rows,
        note="Peak: the best requests/s over the concurrency levels. Ingest: the seeds, end to "
        "end (clean, chunk, embed, store, BM25 and sentence indexes), into that setup's store.",
    )
    return load_table, summary


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Ingest the seeds into an embedded store and into a ``chroma run`` server of their own,
    then load each setup in turn; the server is stopped at the end, even on failure."""
    seconds = QUICK_SECONDS if quick else SECONDS
    work = settings.bench.work_dir / "scaleout"
    shutil.rmtree(work, ignore_errors=True)
    local = bench_settings(settings, "scaleout/embedded")
    embedded = local.model_copy(update={"store": local.store.model_copy(update={"host": None})})
    ingest = {"embedded": ingest_rate(embedded, embedder, settings.seeds_dir, progress)}
    levels = measure(embedded, SETUPS[0], seconds)
    with chroma_server(work / "chroma") as port:
        local = bench_settings(settings, "scaleout/served")
        store = local.store.model_copy(update={"host": "127.0.0.1", "port": port, "ssl": False})
        served = local.model_copy(update={"store": store})
        ingest["server"] = ingest_rate(served, embedder, settings.seeds_dir, progress)
        for setup in SETUPS[1:]:
            levels += measure(served, setup, seconds)
    return BenchOutcome(metrics_of(levels, ingest), list(tables_of(levels, ingest, seconds)))
