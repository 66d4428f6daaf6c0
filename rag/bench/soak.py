"""A soak of the HTTP service on loopback: clients mixing asks, searches, uploads and deletes (with
the write key) for ``bench.soak_s`` seconds (60 with ``--quick``); then every uploaded and not
deleted document must be found by search and every deleted one not, the served BM25 index must
equal a rebuild from the store, and the server's resident memory must not have grown much.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from rag.assemble import open_corpus
from rag.bench.consistency import sparse_differences
from rag.bench.corpus import bench_settings
from rag.bench.outcome import BenchOutcome
from rag.bench.report import Table
from rag.bench.traffic import QUESTIONS, Client, run_clients, summarize
from rag.embeddings import Embedder
from rag.errors import ConfigurationError
from rag.ingest.loaders import doc_id_for
from rag.loopback import free_port, running
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings

CLIENTS = 4
QUICK_SECONDS = 60.0
#: Share of asks and of writes in the traffic, the rest being searches. A write uploads a new
#: document, or deletes one (a third of the time, and always once LIVE_CAP uploads are live), so
#: the corpus grows to a bounded size and stays there: memory growth then means a leak, not data.
ASK, WRITE = 0.4, 0.2
LIVE_CAP = 40
#: The share of the run spent warming up with its own traffic (after one ask and one search per
#: question) before the server's memory is first measured. The store starts with LIVE_CAP soak
#: documents besides the seeds, ingested with them: memory that a server of the run's corpus size
#: and concurrency needs (the indexes of LIVE_CAP more documents, each thread's allocator arena)
#: is then in the baseline, and growth means a leak, not data.
WARM_UP_SHARE = 0.2


def resident_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB, from ``/proc``.

    Raises:
        ConfigurationError: No ``/proc`` to read (not Linux).
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"the soak reads the server's memory from /proc: {exc}") from exc
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ConfigurationError(f"/proc/{pid}/status has no VmRSS line")


class MemoryTrace:
    """Samples a process's resident memory at even intervals in a thread of its own."""

    def __init__(self, pid: int, interval: float) -> None:
        """Sample ``pid`` every ``interval`` seconds once started."""
        self.pid = pid
        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(resident_mib(self.pid))

    def __enter__(self) -> MemoryTrace:
        """Start sampling."""
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def document_text(marker: str, number: int) -> bytes:
    """A small document that only ``marker`` names, a few paragraphs long."""
    rate = 10 + number % 80
    paragraphs = [
        f"Soak trial {marker}: a phase 2 study of compound {marker} in relapsed leukemia.",
        f"Compound {marker} reached a complete remission rate of {rate}% among 40 patients; "
        f"the median overall survival was {number % 20 + 6} months.",
        "Adverse events were mostly mild; no patient stopped treatment for toxicity.",
    ]
    return "\n\n".join(paragraphs).encode()


class Documents:
    """The documents the soak uploaded, by marker: live ones and deleted ones (thread-safe)."""

    def __init__(self, run: str) -> None:
        """Name markers after ``run``, so two runs never share one."""
        self.run = run
        self.live: dict[str, str] = {}
        self.deleted: dict[str, str] = {}
        self._count = 0
        self._lock = threading.Lock()

    def next_marker(self) -> str:
        """A new marker word: letters and digits only, one BM25 token."""
        with self._lock:
            self._count += 1
            return f"soak{self.run}n{self._count}"

    def take_live(self, chooser: random.Random) -> tuple[str, str] | None:
        """Remove and return a random live ``(marker, doc_id)`` to delete: a third of the time,
        and always once ``LIVE_CAP`` are live; None: upload one instead."""
        with self._lock:
            if not self.live or (len(self.live) < LIVE_CAP and chooser.random() >= 1 / 3):
                return None
            marker = chooser.choice(sorted(self.live))
            return marker, self.live.pop(marker)

    def add(self, marker: str, doc_id: str, *, deleted: bool = False) -> None:
        """Record a document as live or deleted."""
        with self._lock:
            (self.deleted if deleted else self.live)[marker] = doc_id


def traffic(client: Client, documents: Documents, index: int, deadline: float) -> None:
    """One client's loop until ``deadline``."""
    chooser = random.Random(index)
    turn = index
    while time.monotonic() < deadline:
        question = QUESTIONS[turn % len(QUESTIONS)]
        turn += 1
        draw = chooser.random()
        if draw < ASK:
            client.post_json("ask", "/v1/ask", {"question": question})
        elif draw < ASK + WRITE:
            taken = documents.take_live(chooser)
            if taken is None:
                marker = documents.next_marker()
                reply = client.upload(f"{marker}.txt", document_text(marker, turn))
                if reply.status == 201:
                    documents.add(marker, reply.body["doc_id"])
            else:
                marker, doc_id = taken
                reply = client.request("delete", "DELETE", f"/v1/documents/{doc_id}")
                documents.add(marker, doc_id, deleted=reply.status == 200)
        else:
            client.post_json("search", "/v1/search", {"query": question, "k": 5})


def found(client: Client, marker: str, doc_id: str) -> bool:
    """Whether a search for ``marker`` (sparse and hybrid) or a read of ``doc_id`` finds it."""
    for mode in ("sparse", "hybrid"):
        reply = client.post_json("check", "/v1/search", {"query": marker, "k": 5, "mode": mode})
        if any(hit["doc_id"] == doc_id for hit in reply.body or []):
            return True
    return client.request("check", "GET", f"/v1/documents/{doc_id}").status == 200


def run(settings: Settings, embedder: Embedder, *, quick: bool, progress: bool) -> BenchOutcome:
    """Serve the seeds from a fresh store, soak it, check it, compare its BM25 with a rebuild."""
    seconds = QUICK_SECONDS if quick else settings.bench.soak_s
    work = bench_settings(settings, "soak").store.data_dir
    work.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    try:
        return _soak(settings, embedder, data, seconds, progress=progress)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _soak(
    settings: Settings, embedder: Embedder, data: Path, seconds: float, *, progress: bool
) -> BenchOutcome:
    local = settings.model_copy(
        update={"store": settings.store.model_copy(update={"data_dir": data})}
    )
    documents = Documents(secrets.token_hex(3))
    with tempfile.TemporaryDirectory(prefix="soak-documents-") as folder:
        for number in range(LIVE_CAP):
            marker = documents.next_marker()
            path = Path(folder) / f"{marker}.txt"
            path.write_bytes(document_text(marker, number))
            documents.add(marker, doc_id_for(path))
        report = open_corpus(local, embedder).ingest(
            [settings.seeds_dir, Path(folder)], progress=progress
        )
    if report.errors:
        raise ConfigurationError(f"the soak's corpus: {report.errors[0].error}")
    key = secrets.token_hex(16)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(data), "CITEQA_API_KEY": key}
    env.pop("CITEQA_READ_API_KEY", None)
    serve = [str(Path(sys.executable).with_name("citeqa")), "serve", "--port", str(port)]
    with running(serve, f"{base}/readyz", timeout=180, env=env):
        warm = Client(base, key)
        pid = int(warm.request("readyz", "GET", "/readyz").body["worker"])
        for question in QUESTIONS:
            warm.post_json("ask", "/v1/ask", {"question": question})
            warm.post_json("search", "/v1/search", {"query": question})
        run_clients(
            CLIENTS,
            seconds * WARM_UP_SHARE,
            lambda i, deadline: traffic(warm, documents, CLIENTS + i, deadline),
        )
        rss_start = resident_mib(pid)
        client = Client(base, key)
        with MemoryTrace(pid, seconds / 10) as trace:
            took = run_clients(
                CLIENTS, seconds, lambda i, deadline: traffic(client, documents, i, deadline)
            )
        rss_end = resident_mib(pid)
        checker = Client(base, key)
        missing = [m for m, d in documents.live.items() if not found(checker, m, d)]
        resurrected = [m for m, d in documents.deleted.items() if found(checker, m, d)]
    snapshot = open_corpus(local, embedder).snapshot()
    rebuilt = BM25Index.build(snapshot.store.records(), snapshot.revision)
    differences = sparse_differences(snapshot.sparse, rebuilt)
    figures = summarize(client.calls, took)
    metrics = {f"{op}_{k}": v for op, r in figures.items() for k, v in r.items()}
    metrics |= {
        "seconds": took,
        "requests": float(len(client.calls)),
        "errors": sum(r["errors"] for r in figures.values()),
        "live_documents": float(len(documents.live)),
        "deleted_documents": float(len(documents.deleted)),
        "missing_documents": float(len(missing)),
        "found_deleted_documents": float(len(resurrected)),
        "sparse_differences": float(len(differences)),
        "rss_start_mib": rss_start,
        "rss_end_mib": rss_end,
        "rss_growth_pct": 100 * (rss_end - rss_start) / rss_start,
        "rss_peak_mib": max([rss_end, *trace.samples]),
    }
    rows = [
        [op, f"{r['requests']:.0f}", f"{r['rps']:.2f}",
         *(f"{r[key]:.0f}" for key in ("p50_ms", "p95_ms", "p99_ms")), f"{r['errors']:.0f}"]
        for op, r in figures.items()
    ]  # fmt: skip
    traffic_table = Table(
        title=f"Soak: {CLIENTS} clients for {took:.0f} s, one uvicorn worker, embedded Chroma",
        columns=["operation", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        rows=rows,
        note=f"Each client draws ask ({ASK:.0%}), write ({WRITE:.0%}) or search for every request "
        "(seeded); a write uploads a small new text document, or deletes one of them (a third of "
        f"the time, always once {LIVE_CAP} are live). Client and server share the machine's "
        "cores.",
    )
    checks = Table(
        title="Soak: the corpus and the server afterwards",
        columns=["check", "value"],
        rows=[
            [
                "uploaded and not deleted / not found by search",
                f"{len(documents.live)} / {len(missing)}",
            ],
            ["deleted / still found", f"{len(documents.deleted)} / {len(resurrected)}"],
            [
                "served BM25 index vs a rebuild from the store: differences",
                f"{len(differences)}" + (f" (first: {differences[0]})" if differences else ""),
            ],
            [
                "server RSS after warm-up → at the end (MiB)",
                f"{rss_start:.0f} → {rss_end:.0f} ({metrics['rss_growth_pct']:+.1f}%)",
            ],
            [
                "server RSS every tenth of the run (MiB)",
                ", ".join(f"{sample:.0f}" for sample in trace.samples),
            ],
        ],
        note="Found: a sparse or hybrid search for the document's own marker word returns it, "
        "or GET /v1/documents/{id} does. The served BM25 index is the build the server saved "
        "for the store's last revision; the rebuild indexes the store's chunks afresh.",
    )
    return BenchOutcome(metrics, [traffic_table, checks])
