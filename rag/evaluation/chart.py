"""A PNG bar chart of an evaluation's headline metrics, with their minimums marked."""

from __future__ import annotations

from pathlib import Path

from rag.evaluation.report import HEADLINE, EvalReport


def write_chart(report: EvalReport, path: Path) -> Path:
    """Draw every measured headline share (latencies left out) as a bar; minimums as ticks."""
    import matplotlib  # noqa: PLC0415 - heavy, and only needed here

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt  # noqa: PLC0415

    shown = [
        (label, report.metrics[metric], metric)
        for metric, label in HEADLINE.items()
        if not metric.endswith("_ms") and report.metrics.get(metric) is not None
    ]
    minimums = {g.metric: g for g in report.gates if g.kind == "min"}
    figure, axes = plt.subplots(figsize=(8, 0.32 * len(shown) + 1.2), dpi=110)
    try:
        labels = [label for label, _, _ in shown][::-1]
        values = [100 * float(value or 0) for _, value, _ in shown][::-1]
        metrics = [metric for _, _, metric in shown][::-1]
        colours = [
            "#c0392b" if metric in minimums and minimums[metric].failed else "#2e86c1"
            for metric in metrics
        ]
        axes.barh(labels, values, color=colours)
        for row, (value, metric) in enumerate(zip(values, metrics, strict=True)):
            axes.text(min(value + 1, 101), row, f"{value:.1f}%", va="center", fontsize=8)
            if metric in minimums:
                bound = 100 * minimums[metric].bound
                axes.plot([bound, bound], [row - 0.4, row + 0.4], color="black", linewidth=2)
        axes.set_xlim(0, 112)
        axes.set_xlabel("% (black tick: minimum in eval/thresholds.toml)")
        axes.set_title(
            f"citeqa eval · {report.split} split · {report.mode} · "
            f"{(report.commit or 'unknown')[:12]}",
            fontsize=10,
        )
        axes.tick_params(axis="y", labelsize=8)
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path)
    finally:
        plt.close(figure)
    return path
