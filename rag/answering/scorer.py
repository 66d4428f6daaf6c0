"""The learned answer scorer: a logistic model over candidate features (pure arithmetic).

The committed model, ``rag/answering/scorer.json``, is written by ``citeqa train`` (see
:mod:`rag.training`; eval/README.md says how closely a rerun reproduces it). It holds the feature
names, their standardisation, the weights, and the thresholds chosen on the tuning data. Its
output is the probability that a sentence answers the question.

An answer's **confidence** is another probability: that the answer is right. The best candidate
among dozens is right more often than its own probability says (it won a selection), so the
model also holds a Platt calibration of the answer's first sentence's log-odds, fitted on how
the tuning questions were answered (:func:`rag.training.fit.calibrate`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rag.answering.features import FEATURES
from rag.errors import ConfigurationError


@dataclass(frozen=True)
class ScorerModel:
    """A fitted logistic model and the answer thresholds chosen with it."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    part_threshold: float
    about: dict[str, Any] = field(default_factory=dict)
    #: Slope and intercept on the log-odds of an answer's first sentence (the identity: 1, 0).
    calibration: tuple[float, float] = (1.0, 0.0)

    def contributions(self, values: Sequence[float]) -> list[float]:
        """Each feature's term of the log-odds."""
        return [
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, values, self.mean, self.scale, strict=True)
        ]

    def probability(self, values: Sequence[float]) -> float:
        """The probability that the candidate with ``values`` answers its question."""
        return _sigmoid(self.bias + sum(self.contributions(values)))

    def confidence(self, probability: float) -> float:
        """The probability that an answer whose first sentence has ``probability`` is right."""
        slope, intercept = self.calibration
        return _sigmoid(slope * logit(probability) + intercept)

    def to_json(self) -> str:
        """The model as the committed, reviewable JSON text."""
        body = {
            "about": self.about,
            "threshold": self.threshold,
            "part_threshold": self.part_threshold,
            "calibration": {"slope": self.calibration[0], "intercept": self.calibration[1]},
            "bias": self.bias,
            "features": {
                name: {"weight": w, "mean": m, "scale": s}
                for name, w, m, s in zip(
                    self.features, self.weights, self.mean, self.scale, strict=True
                )
            },
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ScorerModel:
        """Parse ``to_json``'s text.

        Raises:
            ConfigurationError: The text is no scorer model for this version's features.
        """
        try:
            body = json.loads(text)
            features = body["features"]
            names = tuple(features)
            model = cls(
                features=names,
                mean=tuple(float(features[n]["mean"]) for n in names),
                scale=tuple(float(features[n]["scale"]) or 1.0 for n in names),
                weights=tuple(float(features[n]["weight"]) for n in names),
                bias=float(body["bias"]),
                threshold=float(body["threshold"]),
                part_threshold=float(body["part_threshold"]),
                about=dict(body.get("about", {})),
                calibration=_calibration(body.get("calibration", {"slope": 1, "intercept": 0})),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigurationError(f"not a citeqa scorer model: {exc}") from exc
        if names != FEATURES:
            raise ConfigurationError(
                f"the scorer model's features {list(names)} are not this version's "
                f"{list(FEATURES)}; retrain it with citeqa train"
            )
        return model


def _calibration(body: dict[str, Any]) -> tuple[float, float]:
    return float(body["slope"]), float(body["intercept"])


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def logit(probability: float) -> float:
    """The log-odds of ``probability``, clipped to (1e-9, 1 - 1e-9)."""
    clipped = min(max(probability, 1e-9), 1 - 1e-9)
    return math.log(clipped / (1 - clipped))


def load_scorer(path: Path | None = None) -> ScorerModel:
    """The scorer model at ``path``, or the committed one.

    Raises:
        ConfigurationError: The file is missing or no scorer model.
    """
    if path is None:
        text = resources.files("rag.answering").joinpath("scorer.json").read_text("utf-8")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"cannot read the scorer model {path}: {exc}") from exc
    return ScorerModel.from_json(text)
