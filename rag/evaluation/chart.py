"""A PNG bar chart of an evaluation's headline metrics, with their gates marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluation.report import HEADLINE, EvalReport, answered_reliability


def write_chart(report: EvalReport, path: Path) -> Path:
    """Draw every measured headline share (latencies left out) as a bar; gates as ticks, a
    failed one's bar in red."""
    plt = _pyplot()
    shown = [
        (label, report.metrics[metric], metric)
        for metric, label in HEADLINE.items()
        if not metric.endswith("_ms") and report.metrics.get(metric) is not None
    ]
    gates = {g.metric: g for g in report.gates}
    figure, axes = plt.subplots(figsize=(8, 0.32 * len(shown) + 1.2), dpi=110)
    try:
        labels = [label for label, _, _ in shown][::-1]
        values = [100 * float(value or 0) for _, value, _ in shown][::-1]
        metrics = [metric for _, _, metric in shown][::-1]
        colours = [
            "#c0392b" if metric in gates and gates[metric].failed else "#2e86c1"
            for metric in metrics
        ]
        axes.barh(labels, values, color=colours)
        for row, (value, metric) in enumerate(zip(values, metrics, strict=True)):
            axes.text(min(value + 1, 101), row, f"{value:.1f}%", va="center", fontsize=8)
            if metric in gates:
                bound = 100 * gates[metric].bound
                axes.plot([bound, bound], [row - 0.4, row + 0.4], color="black", linewidth=2)
        axes.set_xlim(0, 112)
        axes.set_xlabel("% (black tick: the gate in eval/thresholds.toml)")
        axes.set_title(
            f"citeqa eval · {report.split} split · {report.mode} · "
            f"{(report.commit or 'unknown')[:12]}",
            fontsize=10,
        )
        axes.tick_params(axis="y", labelsize=8)
        _save(figure, path)
    finally:
        plt.close(figure)
    return path


def write_reliability_chart(report: EvalReport, path: Path) -> Path:
    """The reliability diagram of the answers' confidence: per bin, observed accuracy against
    mean confidence (the diagonal is perfect calibration); marker area follows the bin size."""
    plt = _pyplot()
    table = answered_reliability(report.results)
    figure, axes = plt.subplots(figsize=(4.5, 4.5), dpi=110)
    try:
        axes.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1)
        axes.plot(
            [b.mean_probability for b in table], [b.observed for b in table],
            color="#2e86c1", marker="o",
        )  # fmt: skip
        for b in table:
            axes.annotate(str(b.count), (b.mean_probability, b.observed), fontsize=7)
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.05)
        axes.set_xlabel("confidence of the answer (mean per bin)")
        axes.set_ylabel("share answered correctly")
        axes.set_title(f"reliability · {report.split} split · {report.mode}", fontsize=10)
        _save(figure, path)
    finally:
        plt.close(figure)
    return path


def _pyplot() -> Any:
    """matplotlib's pyplot on the file-only Agg backend (heavy, and only needed here)."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: PLC0415

    return pyplot


def _save(figure: Any, path: Path) -> None:
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
