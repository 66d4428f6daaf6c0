"""A benchmark's result: tables and headline metrics, written as JSON and Markdown."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from rag.evaluation.thresholds import Gate


class Table(BaseModel):
    """One results table: a title, column names, rows of cells, and a note under it."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""

    def markdown(self) -> str:
        """The table in Markdown."""
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "---|" * len(self.columns))
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines) + "\n"


class BenchResult(BaseModel):
    """Everything one ``citeqa bench NAME`` run measured."""

    name: str
    quick: bool
    created: str
    commit: str | None
    machine: str
    command: str = Field(description="The command line that reproduces the run.")
    seconds: float
    settings: dict[str, object]
    metrics: dict[str, float] = Field(description="Headline numbers, the ones floors can gate.")
    tables: list[Table]
    gates: list[Gate] = Field(default_factory=list)

    def markdown(self) -> str:
        """The human-readable result."""
        variant = "quick" if self.quick else "full"
        head = [
            f"## {self.name} ({variant})",
            "",
            f"`{self.command}` · {self.created} · commit `{self.commit or 'unknown'}` · "
            f"{self.machine} · {self.seconds:.0f} s",
            "",
        ]
        gates = [
            f"- floor {g.metric} {'≥' if g.kind == 'min' else '≤'} {g.bound:g}: "
            f"{g.value if g.value is None else round(g.value, 4)} "
            f"{'pass' if g.passed else 'FAIL' if g.failed else 'skipped'}"
            for g in self.gates
        ]
        return "\n".join(head + [t.markdown() for t in self.tables] + gates) + "\n"


def write_bench_report(result: BenchResult, directory: Path) -> list[Path]:
    """Write ``bench-NAME-[quick-]STAMP.json`` and ``.md`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = result.created.replace(":", "").replace("-", "")[:15]
    stem = f"bench-{result.name}-{'quick-' if result.quick else ''}{stamp}"
    json_path, md_path = directory / f"{stem}.json", directory / f"{stem}.md"
    json_path.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    md_path.write_text(result.markdown(), encoding="utf-8")
    return [json_path, md_path]


def pct(value: float | None) -> str:
    """A share as a table cell."""
    return "–" if value is None else f"{value:.3f}"
