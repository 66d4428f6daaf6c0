"""Calibration of predicted probabilities: reliability bins and expected calibration error
(pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ReliabilityBin:
    """Predictions with probability in ``[low, high)``: how many, their mean, and how often the
    predicted event happened."""

    low: float
    high: float
    count: int
    mean_probability: float
    observed: float


def reliability(
    probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width reliability bins over [0, 1] (empty bins left out)."""
    out = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        members = [
            (p, o)
            for p, o in zip(probabilities, outcomes, strict=True)
            if low <= p < high or (i == bins - 1 and p == 1.0)
        ]
        if members:
            out.append(
                ReliabilityBin(
                    low,
                    high,
                    len(members),
                    sum(p for p, _ in members) / len(members),
                    sum(1 for _, o in members if o) / len(members),
                )
            )
    return out


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """Count-weighted mean gap between predicted and observed frequency."""
    total = sum(b.count for b in table)
    if not total:
        return 0.0
    return sum(b.count * abs(b.mean_probability - b.observed) for b in table) / total
