"""The gates of ``citeqa eval``: per mode and split, minimums and maximums of metrics.

``eval/thresholds.toml`` holds tables ``[MODE.SPLIT.min]`` and ``[MODE.SPLIT.max]``, e.g.::

    [extractive.test.min]
    answer_correctness = 0.6
    numeric_fidelity = 1.0

    [extractive.test.max]
    latency_p95_ms = 4000

A run fails when a metric falls below its minimum or rises above its maximum. A metric the run
could not measure (no question of that kind) is reported as skipped, not failed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from rag.errors import DocumentNotFoundError, InputError


class Gate(BaseModel):
    """One bound on one metric, and how the run fared against it."""

    metric: str
    kind: Literal["min", "max"]
    bound: float
    value: float | None
    passed: bool | None = None

    @property
    def failed(self) -> bool:
        """Measured and on the wrong side of the bound."""
        return self.passed is False


def load_gates(path: Path, mode: str, split: str, known: set[str]) -> list[Gate]:
    """The bounds for one mode and split (none when the file has no table for them).

    Raises:
        DocumentNotFoundError: No such file.
        InputError: Not TOML, a bound that is not a number, or a metric that does not exist.
    """
    if not path.is_file():
        raise DocumentNotFoundError(f"{path}: no such thresholds file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    table = data.get(mode, {}).get(split, {})
    gates = []
    for kind in ("min", "max"):
        bounds = table.get(kind, {})
        for metric, bound in bounds.items():
            if metric not in known:
                raise InputError(f"{path}: [{mode}.{split}.{kind}] names no metric {metric!r}")
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                raise InputError(f"{path}: [{mode}.{split}.{kind}] {metric} is not a number")
            gates.append(Gate(metric=metric, kind=kind, bound=float(bound), value=None))
    return gates


def check(gates: list[Gate], metrics: Mapping[str, float | None]) -> list[Gate]:
    """The gates with the run's values and verdicts filled in (pure)."""
    checked = []
    for gate in gates:
        value = metrics.get(gate.metric)
        passed = None
        if value is not None:
            passed = value >= gate.bound if gate.kind == "min" else value <= gate.bound
        checked.append(gate.model_copy(update={"value": value, "passed": passed}))
    return checked
