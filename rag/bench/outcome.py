"""What one benchmark hands back to the command: headline metrics and tables."""

from __future__ import annotations

from dataclasses import dataclass

from rag.bench.report import Table


@dataclass(frozen=True)
class BenchOutcome:
    """Headline metrics (floors may gate them) and the tables of the report."""

    metrics: dict[str, float]
    tables: list[Table]
