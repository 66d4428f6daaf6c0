"""The ``citeqa`` command line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rag import pages
from rag.answering.types import Answer
from rag.bibliography import ReferenceFormat, document_metas, references
from rag.errors import DocumentNotFoundError, InputError, RagError
from rag.evaluation.thresholds import Gate
from rag.extras import require
from rag.settings import Settings
from rag.training import DEFAULT_TARGET
from rag.types import DocumentMeta

if TYPE_CHECKING:
    from rag.answering.engine import AnswerEngine

app = typer.Typer(
    help="citeqa: evidence-grounded question answering over a literature corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _fail(exc: RagError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2 if isinstance(exc, InputError) else 1)


def _needs(extra: str) -> None:
    """Stop with a clear message when an optional extra is not installed."""
    try:
        require(extra)
    except RagError as exc:
        raise _fail(exc) from exc


def _settings_with_data(data: Path | None) -> Settings:
    """The settings, with the benchmark data folder ``--data`` when given."""
    settings = Settings()
    if data is None:
        return settings
    return settings.model_copy(
        update={"bench": settings.bench.model_copy(update={"data_dir": data})}
    )


def _finish(paths: Sequence[Path], gates: Sequence[Gate]) -> None:
    """Name the written reports and every failed gate; exit 1 when one failed."""
    for path in paths:
        typer.echo(f"wrote {path}")
    failed = [gate for gate in gates if gate.failed]
    for gate in failed:
        bound = "minimum" if gate.kind == "min" else "maximum"
        message = f"gate failed: {gate.metric} = {gate.value:.4g}, {bound} {gate.bound:g}"
        typer.echo(message, err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or directories (.txt, .md, .pdf). Default: the seeds folder."),
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove stored documents that are not in PATHS.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Clean, chunk, embed and store documents; unchanged ones cost nothing."""
    from rag.assemble import open_corpus  # noqa: PLC0415 - keeps `--help` fast
    from rag.ingest.loaders import discover  # noqa: PLC0415

    settings = Settings()
    targets = paths or [settings.seeds_dir]
    try:
        discover(targets)
        corpus = open_corpus(settings)
        report = corpus.ingest(targets, prune=prune, progress=not as_json)
    except RagError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(
            f"{report.documents} documents, {report.chunks} chunks: embedded {report.embedded}, "
            f"{report.unchanged} documents unchanged, removed {report.removed} stale chunks "
            f"in {report.seconds:.1f}s"
        )
        for doc_id in report.pruned_documents:
            typer.echo(f"pruned {doc_id}")
        for doc_id, count in report.withheld.items():
            typer.echo(
                f"{doc_id}: {count} sentence(s) addressed to AI systems left out (never evidence)",
                err=True,
            )
        for error in report.errors:
            typer.echo(f"skipped {error.error}", err=True)
        if report.errors:
            failed = len(report.errors)
            typer.echo(
                f"{failed} of {failed + report.documents} files failed; the others were ingested",
                err=True,
            )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain language.")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many chunks.")] = 5,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Only these document ids (repeatable).")
    ] = None,
    year: Annotated[
        list[int] | None, typer.Option("--year", help="Only documents of these years.")
    ] = None,
    references: Annotated[
        bool, typer.Option("--references", help="Also search reference-list chunks.")
    ] = False,
    mode: Annotated[
        str, typer.Option("--mode", help="hybrid (dense + BM25 fused), dense or sparse.")
    ] = "hybrid",
    as_json: JsonOption = False,
) -> None:
    """Rank stored chunks for QUERY (hybrid dense + BM25 by default)."""
    from rag.assemble import open_corpus  # noqa: PLC0415
    from rag.retrieval.filters import Filters  # noqa: PLC0415

    if mode not in ("hybrid", "dense", "sparse"):
        raise _fail(InputError(f"--mode must be hybrid, dense or sparse, not {mode!r}"))
    settings = Settings()
    filters = Filters(doc_ids=doc, years=year, include_references=references)
    try:
        corpus = open_corpus(settings)
        _, hits = corpus.retrieve(query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    except RagError as exc:
        raise _fail(exc) from exc
    if as_json:
        rows = [
            {
                "doc_id": hit.chunk.doc_id,
                "chunk_id": hit.chunk.id,
                "section": hit.chunk.section,
                "text": hit.chunk.text,
                "start": hit.chunk.start,
                "end": hit.chunk.end,
                "score": round(hit.score, 6),
            }
            for hit in hits
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("no results (is anything ingested? try `citeqa ingest`)", err=True)
    for rank, hit in enumerate(hits, 1):
        typer.echo(
            f"{rank}. [{hit.score:.3f}] {hit.chunk.doc_id} · {hit.chunk.section} "
            f"[{hit.chunk.start}:{hit.chunk.end}]"
        )
        typer.echo("   " + hit.chunk.text.replace("\n", "\n   ") + "\n")


def _print_answer(answer: Answer) -> None:
    typer.echo(answer.answer)
    if answer.refused and answer.refusal_detail:
        typer.echo(f"({answer.refusal_reason}: {answer.refusal_detail})")
    if answer.fallback:
        typer.echo("(the LLM answer failed verification; this is the extractive answer)")
    for citation in answer.citations:
        page = pages.label(citation.pages)
        span = f"characters {citation.start}-{citation.end}"
        where = ", ".join(part for part in (citation.doc_id, page, span) if part)
        typer.echo(f"\n[{citation.marker}] {citation.title} ({where})")
        typer.echo("    “" + citation.quote.replace("\n", " ") + "”")
    part: str | None = None
    for candidate in answer.explain or []:
        if candidate.part is not None and candidate.part != part:
            part = candidate.part
            typer.echo(f"\n  part: {part}")
        mark = "complete" if candidate.complete else "incomplete"
        if candidate.complete and candidate.part_subject_named is False:
            mark += ", its subject named only before it"
        typer.echo(
            f"\n  p={candidate.probability:.3f} [{candidate.marker}] {mark} "
            f"{candidate.doc_id}:{candidate.start}-{candidate.end}"
        )
        typer.echo("    " + candidate.quote.replace("\n", " "))
        if candidate.missing_terms or candidate.missing_kinds:
            missing = ", ".join(candidate.missing_terms + candidate.missing_kinds)
            typer.echo(f"    missing: {missing}")
        top = sorted(candidate.contributions.items(), key=lambda kv: -abs(kv[1]))[:6]
        typer.echo(
            "    " + "  ".join(f"{n}={candidate.features[n]:.2f} ({c:+.2f})" for n, c in top)
        )


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(help="The question, in plain language.", show_default=False)
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Answer every line of this file (JSON Lines with --json)."),
    ] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="extractive (default) or llm.")] = None,
    k: Annotated[
        int | None, typer.Option("--k", min=1, max=20, help="Passages to retrieve.")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show the best candidates' features and probabilities."),
    ] = False,
    as_json: JsonOption = False,
    bib: Annotated[
        bool, typer.Option("--bib", help="After each answer, its cited documents as BibTeX.")
    ] = False,
    ris: Annotated[
        bool, typer.Option("--ris", help="After each answer, its cited documents as RIS.")
    ] = False,
) -> None:
    """Answer a question with cited passages, or say that the literature does not answer it."""
    from rag.assemble import make_engine  # noqa: PLC0415

    if (question is None) == (file is None):
        raise _fail(InputError("give either a QUESTION or --file"))
    references = _reference_format(bib=bib, ris=ris, as_json=as_json)
    if mode not in (None, "extractive", "llm"):
        raise _fail(InputError(f"--mode must be extractive or llm, not {mode!r}"))
    settings = Settings()
    chosen = mode or settings.answer.mode
    try:
        questions = [question] if question is not None else _read_questions(file)
        engine = make_engine(settings, with_llm=chosen == "llm")
    except RagError as exc:
        raise _fail(exc) from exc
    try:
        failed = _answer_all(
            engine, questions, chosen, k, as_json=as_json, lines=file is not None,
            explain=explain, references=references,
        )  # fmt: skip
    finally:
        engine.close()
    if failed:
        raise typer.Exit(1)


def _answer_all(
    engine: AnswerEngine, questions: list[str], mode: str, k: int | None, *, as_json: bool,
    lines: bool, explain: bool = False, references: ReferenceFormat | None = None,
) -> bool:  # fmt: skip
    """Answer and print each question (each followed by its cited documents in the format
    ``references``, when given); True when any could not be answered."""
    failed = False
    for item in questions:
        try:
            answer = engine.answer(item, mode=mode, k=k, explain=explain)  # type: ignore[arg-type]
        except RagError as exc:
            failed = True
            if as_json:
                error = {"type": type(exc).__name__, "message": str(exc)}
                typer.echo(json.dumps({"question": item, "error": error}, ensure_ascii=False))
            else:
                typer.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            typer.echo(answer.model_dump_json(indent=None if lines else 2))
        else:
            _print_answer(answer)
            if references is not None and answer.citations:
                typer.echo("\n" + _cited_references(engine, answer, references), nl=False)
            if lines:
                typer.echo("\n" + "-" * 72)
    return failed


def _reference_format(*, bib: bool, ris: bool, as_json: bool) -> ReferenceFormat | None:
    """The reference format ``--bib`` or ``--ris`` asks for, if either."""
    if bib and ris:
        raise _fail(InputError("give --bib or --ris, not both"))
    if (bib or ris) and as_json:
        raise _fail(InputError("--bib and --ris print references, not JSON; leave out --json"))
    return "bibtex" if bib else "ris" if ris else None


def _cited_references(engine: AnswerEngine, answer: Answer, kind: ReferenceFormat) -> str:
    """The documents ``answer`` cites, in the order of their first citation, as references."""
    titles = {c.doc_id: c.title for c in answer.citations}
    metas = [
        document.meta
        if (document := engine.corpus.document(doc_id))
        else DocumentMeta(doc_id=doc_id, title=title)
        for doc_id, title in titles.items()
    ]
    return references(metas, kind)


def _read_questions(path: Path | None) -> list[str]:
    if path is None or not path.is_file():
        raise DocumentNotFoundError(f"{path}: no such file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@app.command("eval")
def evaluate(
    set_path: Annotated[
        Path | None, typer.Option("--set", help="Question set (default: eval/questions.yaml).")
    ] = None,
    split: Annotated[str, typer.Option("--split", help="dev, test or all.")] = "test",
    mode: Annotated[str, typer.Option("--mode", help="extractive or llm.")] = "extractive",
    thresholds: Annotated[
        Path | None,
        typer.Option("--thresholds", help="Gates (default: eval/thresholds.toml)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default: eval/reports).")
    ] = None,
) -> None:
    """Score answers on a hand-written question set; exit 1 when a gate fails.

    Writes a timestamped JSON, Markdown and PNG report, and prints the summary table.
    """
    _needs("eval")
    from rag.evaluation.report import headline_table  # noqa: PLC0415
    from rag.evaluation.session import run_eval  # noqa: PLC0415

    if split not in ("dev", "test", "all"):
        raise _fail(InputError(f"--split must be dev, test or all, not {split!r}"))
    if mode not in ("extractive", "llm"):
        raise _fail(InputError(f"--mode must be extractive or llm, not {mode!r}"))
    try:
        report, paths = run_eval(
            Settings(),
            set_path=set_path,
            split=split,  # type: ignore[arg-type]
            mode=mode,  # type: ignore[arg-type]
            thresholds_path=thresholds,
            reports_dir=out,
        )
    except RagError as exc:
        raise _fail(exc) from exc
    typer.echo(headline_table(report.metrics, report.gates))
    _finish(paths, report.gates)


@app.command()
def train(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Benchmark data folder (default: ../shared/benchmarks)."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Model file to write (the committed one by default)."),
    ] = Path("rag/answering/scorer.json"),
    target: Annotated[
        float,
        typer.Option("--target", min=0.5, max=1.0, help="Answered precision on the dev split."),
    ] = DEFAULT_TARGET,
) -> None:
    """Fit the answer scorer on the tuning splits (COVID-QA even ids, the eval set's dev split)
    and write it (the committed one by default)."""
    _needs("eval")
    from rag.embeddings import make_embedder  # noqa: PLC0415
    from rag.training.run import train as fit_scorer  # noqa: PLC0415
    from rag.training.run import write_model  # noqa: PLC0415

    settings = _settings_with_data(data)
    try:
        result = fit_scorer(settings, make_embedder(settings), target=target)
    except RagError as exc:
        raise _fail(exc) from exc
    write_model(result.model, out)
    typer.echo(json.dumps(result.model.about, indent=2))
    typer.echo(f"wrote {out}")


@app.command()
def bench(
    name: Annotated[
        str,
        typer.Argument(
            help="scifact, covid-qa, covid-qa-pdf, pubmedqa, baseline, scale, scaleout, load or "
            "soak."
        ),
    ],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Benchmark data folder (default: ../shared/benchmarks)."),
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="A subset that runs in minutes, gated by floors.")
    ] = False,
) -> None:
    """Run a public benchmark; write JSON and Markdown results to eval/reports/."""
    _needs("eval")
    from rag.bench.runner import run_bench  # noqa: PLC0415

    settings = _settings_with_data(data)
    try:
        result, paths = run_bench(settings, name, quick=quick)
    except RagError as exc:
        raise _fail(exc) from exc
    typer.echo("\n".join(table.markdown() for table in result.tables))
    _finish(paths, result.gates)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to bind.")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="uvicorn worker processes.")
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn  # noqa: PLC0415

    settings = Settings()
    count = workers or settings.service.workers
    if count > 1 and not settings.store.host:
        raise _fail(
            InputError(
                "several workers need a Chroma server (set CITEQA_STORE__HOST): an embedded "
                "store allows one writing process"
            )
        )
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.service.host,
        port=port or settings.service.port,
        workers=count,
    )


@app.command("settings")
def settings_command(
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Replace the settings table between the markers of FILE."),
    ] = None,
) -> None:
    """Print every setting (variable, default, meaning) as a Markdown table."""
    from rag.settings_table import settings_table, with_table  # noqa: PLC0415

    if write is None:
        typer.echo(settings_table(), nl=False)
        return
    try:
        write.write_text(with_table(write.read_text(encoding="utf-8")), encoding="utf-8")
    except (RagError, OSError) as exc:
        raise _fail(exc if isinstance(exc, RagError) else InputError(str(exc))) from exc


@app.command()
def docs(
    as_json: JsonOption = False,
    bib: Annotated[
        bool, typer.Option("--bib", help="Print every stored document as BibTeX instead.")
    ] = False,
    ris: Annotated[
        bool, typer.Option("--ris", help="Print every stored document as RIS instead.")
    ] = False,
) -> None:
    """List stored documents with their chunk counts, or export them as references."""
    from rag.stores.archive import DocumentArchive  # noqa: PLC0415
    from rag.stores.chroma_store import make_store  # noqa: PLC0415

    kind = _reference_format(bib=bib, ris=ris, as_json=as_json)
    settings = Settings()
    try:
        summaries = make_store(settings).documents()
    except RagError as exc:
        raise _fail(exc) from exc
    if kind is not None:
        archive = DocumentArchive(settings.documents_dir())
        typer.echo(references(document_metas(summaries, archive.load), kind), nl=False)
        return
    if as_json:
        typer.echo(json.dumps([s.model_dump() for s in summaries], ensure_ascii=False, indent=2))
        return
    if not summaries:
        typer.echo("no documents stored; run `citeqa ingest`", err=True)
    for summary in summaries:
        typer.echo(f"{summary.doc_id:32} {summary.chunks:5} chunks  {summary.title[:70]}")
