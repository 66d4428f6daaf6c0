"""One ``citeqa eval`` run: ingest the set's corpus, answer, judge, summarise, gate, report."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from rag.answering.types import AnswerMode
from rag.errors import InputError
from rag.evaluation.chart import write_chart, write_reliability_chart
from rag.evaluation.dataset import Split, load_eval_set
from rag.evaluation.metrics import summarise
from rag.evaluation.report import EvalReport, breakdown, write_report
from rag.evaluation.runner import run_questions
from rag.evaluation.thresholds import check, load_gates
from rag.settings import Settings


def git_commit(directory: Path) -> str | None:
    """The checked-out commit of the repository holding ``directory``, ``+dirty`` when tracked
    files are modified; None outside a repository (or without git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=directory, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if status else "")


def machine() -> str:
    """The machine in a few words: OS, CPU architecture and core count."""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"


def _settings_summary(settings: Settings) -> dict[str, object]:
    return {
        "embedding_model": settings.embedding_model_id(),
        "chunking": settings.chunking.model_dump(mode="json"),
        "retrieval": settings.retrieval.model_dump(mode="json"),
        "answer": settings.answer.model_dump(mode="json"),
        "llm": settings.llm.model_dump(mode="json", exclude={"api_key"}),
        "collection": settings.collection_name(),
    }


def run_eval(
    settings: Settings,
    *,
    set_path: Path | None = None,
    split: Split | Literal["all"] = "test",
    mode: AnswerMode = "extractive",
    thresholds_path: Path | None = None,
    reports_dir: Path | None = None,
    progress: bool = True,
) -> tuple[EvalReport, list[Path]]:
    """Evaluate citeqa on a question set and write the report (JSON, Markdown, PNG).

    The set's corpus, when it names one, is ingested first (unchanged documents cost nothing);
    models load once.

    Returns:
        The report and the paths written.

    Raises:
        InputError: A bad set or thresholds file, no question in the split, or gold documents
            missing from the index.
        ConfigurationError: The ``llm`` mode without a usable chat model (from the factory).
    """
    from rag.answering.llm import make_llm  # noqa: PLC0415 - heavy imports
    from rag.assemble import make_engine, open_corpus  # noqa: PLC0415

    created = datetime.now(UTC)
    started = time.perf_counter()
    evaluation = settings.evaluation
    eval_set = load_eval_set(set_path or evaluation.set_path)
    questions = eval_set.select(split)
    if not questions:
        raise InputError(f"{eval_set.path}: no question in the {split} split")
    known = set(summarise([]))
    gates = load_gates(thresholds_path or evaluation.thresholds_path, mode, split, known)

    corpus = open_corpus(settings)
    if eval_set.corpus is not None:
        ingested = corpus.ingest([eval_set.corpus], progress=progress, what="citeqa eval")
        if ingested.errors:
            raise InputError(f"{eval_set.corpus}: {ingested.errors[0].error}")
    gold = sorted({doc for q in questions for doc in q.gold_docs})
    documents = {doc: document.text for doc in gold if (document := corpus.document(doc))}
    absent = [doc for doc in gold if doc not in documents]
    if absent:
        raise InputError(
            f"gold documents not in the index: {', '.join(absent)} (ingest them, or name the "
            "folder as the set's corpus)"
        )
    llm = make_llm(settings.llm) if mode == "llm" else None
    engine = make_engine(settings, corpus=corpus, llm=llm)
    try:
        results = run_questions(
            engine, questions, documents, mode=mode, depth=evaluation.depth, progress=progress
        )
    finally:
        engine.close()
    metrics = summarise([r.verdict for r in results])
    report = EvalReport(
        created=created.isoformat(timespec="seconds"),
        commit=git_commit(Path.cwd()),
        set_path=str(eval_set.path),
        split=split,
        mode=mode,
        settings_fingerprint=settings.answer_fingerprint(),
        settings=_settings_summary(settings),
        machine=machine(),
        seconds=round(time.perf_counter() - started, 1),
        metrics=metrics,
        by_type=breakdown(results, "type"),
        by_split=breakdown(results, "split"),
        gates=check(gates, metrics),
        results=results,
    )
    directory = reports_dir or evaluation.reports_dir
    stem = f"eval-{created:%Y%m%d-%H%M%S}-{split}-{mode}"
    json_path, md_path = write_report(report, directory, stem)
    png_path = write_chart(report, directory / f"{stem}.png")
    reliability_path = write_reliability_chart(report, directory / f"{stem}-reliability.png")
    return report, [json_path, md_path, png_path, reliability_path]
