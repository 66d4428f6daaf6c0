"""The learned answer scorer: a logistic model over candidate features (pure arithmetic).

The committed model, ``rag/answering/scorer.json``, is written by ``citeqa train`` (see
:mod:`rag.training`; eval/README.md says how closely a rerun reproduces it). It holds the feature
names, their standardisation, the weights, and the thresholds chosen on the tuning data. Its
output is the probability that a sentence answers the question.

An answer's **confidence** is another probability: that the answer is right. The best candidate
among dozens is right more often than its own probability says (it won a selection), and more
often still when no other candidate comes close: a best sentence far ahead of the next one that
could answer is rarely the wrong pick, one in a near tie often is. So the model also holds a
calibration over two numbers, the log-odds of the answer's first sentence and its **lead** over
the most probable other complete candidate (:func:`lead`), fitted on each tuning question's best
complete candidate (:func:`rag.training.fit.calibrate`). Whether a question is answered at all
is decided on this confidence (``answer_threshold``).
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

#: What a model file holds beyond its features and bias since answers have a confidence;
#: a file without them was written by an earlier version.
_LATER_KEYS = ("answer_threshold", "calibration")

#: The most an answer's lead over the next candidate counts, in log-odds either way; the lead of
#: a candidate that no other complete candidate rivals.
LEAD_CAP = 5.0


@dataclass(frozen=True)
class ScorerModel:
    """A fitted logistic model and the answer thresholds chosen with it: ``answer_threshold`` on
    an answer's (or a part's answer's) confidence, ``threshold`` on the probability of a
    runner-up or of a sentence that answers with others, ``part_threshold`` the least
    probability of any answer's sentence."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    part_threshold: float
    answer_threshold: float
    about: dict[str, Any] = field(default_factory=dict)
    #: The weights of the log-odds of an answer's first sentence and of its lead, and the
    #: intercept (1, 0, 0: the confidence is that sentence's probability).
    calibration: tuple[float, float, float] = (1.0, 0.0, 0.0)

    def contributions(self, values: Sequence[float]) -> list[float]:
        """Each feature's term of the log-odds."""
        return [
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, values, self.mean, self.scale, strict=True)
        ]

    def probability(self, values: Sequence[float]) -> float:
        """The probability that the candidate with ``values`` answers its question."""
        return _sigmoid(self.bias + sum(self.contributions(values)))

    def confidence(self, probability: float, lead: float) -> float:
        """The probability that an answer is right whose first sentence has ``probability`` and
        leads the next complete candidate by ``lead`` (see :func:`lead`)."""
        slope, lead_weight, intercept = self.calibration
        return _sigmoid(slope * logit(probability) + lead_weight * lead + intercept)

    def to_json(self) -> str:
        """The model as the committed, reviewable JSON text."""
        body = {
            "about": self.about,
            "answer_threshold": self.answer_threshold,
            "threshold": self.threshold,
            "part_threshold": self.part_threshold,
            "calibration": {
                "slope": self.calibration[0],
                "lead": self.calibration[1],
                "intercept": self.calibration[2],
            },
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
        except ValueError as exc:
            raise ConfigurationError(f"not a citeqa scorer model: {exc}") from exc
        if isinstance(body, dict) and {"features", "bias"} <= set(body):
            lacking = [key for key in _LATER_KEYS if key not in body]
            if lacking:
                raise ConfigurationError(
                    f"the scorer model was written by an earlier citeqa (it lacks {lacking}); "
                    "retrain it with citeqa train"
                )
        try:
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
                answer_threshold=float(body["answer_threshold"]),
                about=dict(body.get("about", {})),
                calibration=_calibration(body["calibration"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigurationError(f"not a citeqa scorer model: {exc}") from exc
        if names != FEATURES:
            raise ConfigurationError(
                f"the scorer model's features {list(names)} are not this version's "
                f"{list(FEATURES)}; retrain it with citeqa train"
            )
        return model


def _calibration(body: dict[str, Any]) -> tuple[float, float, float]:
    return float(body["slope"]), float(body["lead"]), float(body["intercept"])


def lead(probability: float, runner_up: float | None) -> float:
    """How far a candidate of ``probability`` is ahead of ``runner_up``, the most probable other
    complete candidate (None: there is none), in log-odds, within ``LEAD_CAP`` either way."""
    if runner_up is None:
        return LEAD_CAP
    return max(-LEAD_CAP, min(LEAD_CAP, logit(probability) - logit(runner_up)))


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
        try:
            return ScorerModel.from_json(text)
        except ConfigurationError as exc:
            raise ConfigurationError(f"{path}: {exc}") from exc
    return ScorerModel.from_json(text)
