"""The evaluation report: its contents, and how it is written as JSON and Markdown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from rag.evaluation.calibration import ReliabilityBin, expected_calibration_error
from rag.evaluation.metrics import answer_reliability, summarise
from rag.evaluation.runner import QuestionResult
from rag.evaluation.thresholds import Gate

#: The metrics of the summary table and chart, in order, with their labels.
HEADLINE = {
    "answer_correctness": "Answer correctness",
    "accuracy": "Accuracy (all questions)",
    "answered_precision": "Precision (answered questions)",
    "coverage": "Coverage (answered)",
    "refusal_precision": "Refusal precision",
    "refusal_recall": "Refusal recall",
    "citation_recall": "Citation recall",
    "citation_precision": "Citation precision",
    "citation_gold_precision": "Citation precision vs gold evidence",
    "numeric_fidelity": "Numeric fidelity",
    "injection_resistance": "Injection resistance",
    "answer_calibration_error": "Answer calibration error (ECE)",
    "doc_recall_at_1": "Gold document recall@1",
    "doc_recall_at_5": "Gold document recall@5",
    "doc_recall_at_10": "Gold document recall@10",
    "quote_recall_at_1": "Gold quote recall@1",
    "quote_recall_at_5": "Gold quote recall@5",
    "quote_recall_at_10": "Gold quote recall@10",
    "mrr_doc": "MRR, gold document",
    "mrr_quote": "MRR, gold quote",
    "latency_p50_ms": "Latency p50",
    "latency_p95_ms": "Latency p95",
}
_BY_TYPE = {
    "answer_correctness": "correct",
    "accuracy": "accuracy",
    "refusal_recall": "refusal recall",
    "doc_recall_at_5": "doc R@5",
    "quote_recall_at_5": "quote R@5",
    "mrr_quote": "MRR quote",
    "citation_precision": "cit. precision",
    "numeric_fidelity": "numeric fidelity",
    "latency_p50_ms": "p50",
}


class EvalReport(BaseModel):
    """Everything one ``citeqa eval`` run measured, and how to tell what it ran on."""

    created: str = Field(description="UTC time the run started, ISO 8601.")
    commit: str | None = Field(description="git commit of the code, '+dirty' when modified.")
    set_path: str
    split: str
    mode: str
    settings_fingerprint: str = Field(description="Hash of every setting that shapes answers.")
    settings: dict[str, object]
    machine: str
    seconds: float
    metrics: dict[str, float | None]
    by_type: dict[str, dict[str, float | None]]
    by_split: dict[str, dict[str, float | None]]
    gates: list[Gate]
    results: list[QuestionResult]

    @property
    def passed(self) -> bool:
        """No gate failed."""
        return not any(gate.failed for gate in self.gates)


def breakdown(results: Sequence[QuestionResult], key: str) -> dict[str, dict[str, float | None]]:
    """Metrics per value of the verdicts' ``key`` (``type`` or ``split``), sorted by that value."""
    groups = defaultdict(list)
    for result in results:
        groups[getattr(result.verdict, key)].append(result.verdict)
    return {name: summarise(groups[name]) for name in sorted(groups)}


def fmt(metric: str, value: float | None) -> str:
    """A metric for people: milliseconds as such, shares as percentages, counts as integers."""
    if value is None:
        return "–"
    if metric.endswith("_ms"):
        return f"{value:,.0f} ms"
    if metric == "questions":
        return f"{value:.0f}"
    return f"{100 * value:.1f}%"


def headline_table(metrics: Mapping[str, float | None], gates: Sequence[Gate]) -> str:
    """The summary table: every headline metric with its gate, in Markdown."""
    bounds = {gate.metric: gate for gate in gates}
    lines = ["| metric | value | gate |", "|---|---:|---|"]
    for metric, label in HEADLINE.items():
        gate = bounds.get(metric)
        where = ""
        if gate is not None:
            sign = "≥" if gate.kind == "min" else "≤"
            verdict = {True: "pass", False: "**FAIL**", None: "skipped"}[gate.passed]
            where = f"{sign} {fmt(metric, gate.bound)} {verdict}"
        lines.append(f"| {label} | {fmt(metric, metrics.get(metric))} | {where} |")
    return "\n".join(lines)


def _breakdown_table(groups: Mapping[str, Mapping[str, float | None]], title: str) -> str:
    head = f"| {title} | n | " + " | ".join(_BY_TYPE.values()) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(_BY_TYPE)]
    for name, metrics in groups.items():
        cells = " | ".join(fmt(m, metrics.get(m)) for m in _BY_TYPE)
        lines.append(f"| {name} | {fmt('questions', metrics['questions'])} | {cells} |")
    return "\n".join(lines)


def _failure(result: QuestionResult) -> str:
    verdict, question, answer = result.verdict, result.question, result.answer
    if question.answerable and answer.refused:
        why = "refused an answerable question"
    elif question.answerable:
        why = "missing " + ", ".join(f"“{fact}”" for fact in verdict.missing_facts)
    else:
        why = "answered an unanswerable question"
    if verdict.obeyed:
        why += "; obeyed an injected order: " + ", ".join(verdict.obeyed)
    lines = [f"### {question.id} ({question.type}, {question.split}): {why}", ""]
    lines += [f"> {turn.role} (earlier): {turn.content}" for turn in question.history]
    lines += [f"**Q:** {question.question}", "", f"**A:** {answer.answer}", ""]
    lines += [
        f"- [{c.marker}] {c.doc_id} {c.start}-{c.end}: “{c.quote.replace(chr(10), ' ')}”"
        for c in answer.citations
    ]
    if question.facts:
        wanted = "; ".join(" / ".join(variants) for variants in question.facts)
        lines.append(f"- expected: {wanted}")
    return "\n".join(lines) + "\n"


def answered_reliability(results: Sequence[QuestionResult]) -> list[ReliabilityBin]:
    """The answers' reliability bins (:func:`rag.evaluation.metrics.answer_reliability`)."""
    return answer_reliability([r.verdict for r in results])


def _calibration_table(results: Sequence[QuestionResult]) -> str:
    table = answered_reliability(results)
    if not table:
        return "No answered question carries a confidence.\n"
    rows = [
        "| confidence | answers | mean confidence | correct |",
        "|---|---:|---:|---:|",
        *[
            f"| {b.low:.1f}–{b.high:.1f} | {b.count} | {b.mean_probability:.1%} | "
            f"{b.observed:.1%} |"
            for b in table
        ],
    ]
    error = expected_calibration_error(table)
    return "\n".join(rows) + f"\n\nExpected calibration error: {error:.1%}.\n"


def markdown(report: EvalReport) -> str:
    """The human-readable report: summary, per-type and per-split tables, failures."""
    failures = [
        r
        for r in report.results
        if not r.verdict.correct or r.verdict.obeyed
    ]  # fmt: skip
    parts = [
        f"# citeqa evaluation: {report.split} split, {report.mode} mode",
        "",
        f"{report.created} · commit `{report.commit or 'unknown'}` · settings "
        f"`{report.settings_fingerprint}` · set `{report.set_path}` · "
        f"{len(report.results)} questions in {report.seconds:.0f} s · {report.machine}",
        "",
        "**" + ("All gates passed." if report.passed else "A gate FAILED.") + "**",
        "",
        "## Summary",
        "",
        headline_table(report.metrics, report.gates),
        "",
        "## By question type",
        "",
        _breakdown_table(report.by_type, "type"),
        "",
    ]
    if len(report.by_split) > 1:
        parts += ["## By split", "", _breakdown_table(report.by_split, "split"), ""]
    parts += [
        "## Calibration",
        "",
        "How often an answer given with the scorer's confidence p was correct (reliability "
        "diagram: the report's `-reliability.png`).",
        "",
        _calibration_table(report.results),
    ]
    parts += [f"## Failures ({len(failures)})", ""]
    parts += [_failure(result) for result in failures] or ["None.\n"]
    return "\n".join(parts)


def write_report(report: EvalReport, directory: Path, stem: str) -> tuple[Path, Path]:
    """Write ``STEM.json`` and ``STEM.md`` into ``directory`` (created); return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{stem}.json", directory / f"{stem}.md"
    json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path
