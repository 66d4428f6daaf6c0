"""Run one benchmark by name: load the model once, run, gate on floors, write the report."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rag.bench import (
    baseline,
    covid_qa,
    covid_qa_pdf,
    load,
    pubmedqa,
    scale,
    scaleout,
    scifact,
    soak,
)
from rag.bench.outcome import BenchOutcome
from rag.bench.report import BenchResult, write_bench_report
from rag.embeddings import Embedder
from rag.errors import DocumentNotFoundError, InputError
from rag.evaluation.session import git_commit, machine
from rag.evaluation.thresholds import check, load_gates
from rag.settings import Settings

Runner = Callable[..., BenchOutcome]
BENCHMARKS: dict[str, Runner] = {
    "scifact": scifact.run,
    "covid-qa": covid_qa.run,
    "covid-qa-pdf": covid_qa_pdf.run,
    "pubmedqa": pubmedqa.run,
    "baseline": baseline.run,
    "scale": scale.run,
    "load": load.run,
    "soak": soak.run,
    "scaleout": scaleout.run,
}


def run_bench(
    settings: Settings, name: str, *, quick: bool, progress: bool = True
) -> tuple[BenchResult, list[Path]]:
    """Run benchmark ``name`` and write its report to the evaluation reports folder.

    Raises:
        InputError: An unknown benchmark, or a bad floors file.
        DocumentNotFoundError: The benchmark's data is not in ``settings.bench.data_dir``, or
            there is no floors file at ``settings.bench.floors_path``.
    """
    from rag.embeddings import make_embedder  # noqa: PLC0415 - heavy

    if name not in BENCHMARKS:
        raise InputError(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
    floors = settings.bench.floors_path
    if not floors.is_file():
        raise DocumentNotFoundError(f"{floors}: no such floors file (CITEQA_BENCH__FLOORS_PATH)")
    created = datetime.now(UTC)
    started = time.perf_counter()
    embedder: Embedder = make_embedder(settings)
    outcome = BENCHMARKS[name](settings, embedder, quick=quick, progress=progress)
    gates = load_gates(floors, name, "quick" if quick else "full", set(outcome.metrics))
    result = BenchResult(
        name=name,
        quick=quick,
        created=created.isoformat(timespec="seconds"),
        commit=git_commit(Path.cwd()),
        machine=machine(),
        command="citeqa " + " ".join(shlex.quote(arg) for arg in sys.argv[1:]),
        seconds=round(time.perf_counter() - started, 1),
        settings={
            "data_dir": str(settings.bench.data_dir),
            "embedding_model": settings.embedding_model_id(),
            "chunking": settings.chunking.model_dump(mode="json"),
            "retrieval": settings.retrieval.model_dump(mode="json"),
        },
        metrics=outcome.metrics,
        tables=outcome.tables,
        gates=check(gates, dict(outcome.metrics)),
    )
    return result, write_bench_report(result, settings.evaluation.reports_dir)
