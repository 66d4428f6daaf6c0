"""Fitting the answer scorer and choosing its thresholds.

The model is an L2-regularised logistic regression (scikit-learn, ``lbfgs``, deterministic) on
standardised features, so its outputs are probabilities. The questions of a source weigh the
same, the dev split three times as much as COVID-QA (:func:`sample_weights`). Its numbers are
rounded to six decimals, so the written model is the same text on every machine.

Then the answers' confidence is calibrated (:func:`calibrate`): over each tuning question's most
probable complete candidate, a logistic model of "it answers" on its log-odds and its lead over
the next complete candidate.

The thresholds are chosen by answering the tuning questions again with the fitted model, each the
lowest on its grid at which the answered precision on the evaluation set's dev split reaches the
target (fewest false refusals at the stated precision), in turn: the answer threshold on the
confidence (0.10 to 0.95), the threshold of runners-up and of sentences answering together
(likewise: a sentence under 10% is never one of several), and the part threshold (a sentence
answering one part of a multi-part question, and the least probability of any answer's
sentence), at or below the latter, on a grid that reaches down to 0.02 (``PART_GRID``).
Multi-part questions are answered again part by part, as in service.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answering.extractive import Candidate, ExtractiveAnswerer, runner_up
from rag.answering.features import FEATURES
from rag.answering.scorer import ScorerModel, lead, logit
from rag.training.examples import Example

GRID = tuple(round(0.05 * i, 2) for i in range(2, 20))
#: The solver's tolerance: tight enough that it stops at the optimum, which is unique (the loss is
#: strictly convex), not wherever a loose tolerance lets it, so the noise in the last bits of the
#: embeddings (how the texts were batched) does not move the rounded weights.
TOLERANCE = 1e-10
#: Iterations allowed to reach ``TOLERANCE``.
MAX_ITER = 100_000
#: The part threshold's grid reaches lower, to 0.02: it is the least probability of any answer's
#: sentence, whose confidence must reach the answer threshold as well (a part's among the
#: sentences naming its own subject).
PART_GRID = (0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, *GRID)
_DIGITS = 6


@dataclass(frozen=True)
class Outcome:
    """How a tuning question was answered at some thresholds."""

    answered: bool
    correct: bool
    #: The answer's confidence (None for a refusal).
    confidence: float | None = None


def matrix(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every candidate of ``examples``."""
    rows = [c.values for e in examples for c in e.considered.candidates]
    labels = [label for e in examples for label in e.labels]
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(labels)


#: How much the evaluation set's dev split weighs against COVID-QA in total: it is the product's
#: own kind of question (chosen by 5-fold cross-validation on the tuning data).
EVAL_WEIGHT = 3.0
#: Each source's total weight.
SOURCE_TOTALS = {"eval": EVAL_WEIGHT, "covid-qa": 1.0}


def sample_weights(examples: Sequence[Example]) -> np.ndarray:
    """Per-candidate weights under which every question of a source weighs the same, and the
    evaluation set's dev split ``EVAL_WEIGHT`` times as much as COVID-QA in total, so that the
    product's own kind of question is not drowned by the larger benchmark."""
    per_source = Counter(e.source for e in examples)
    weights = np.asarray(
        [
            SOURCE_TOTALS.get(e.source, 1.0) / (per_source[e.source] * len(e.labels))
            for e in examples
            for _ in e.labels
        ],
        dtype=np.float64,
    )
    normalised: np.ndarray = weights / weights.mean()
    return normalised


def fit(examples: Sequence[Example], regularisation: float = 1.0) -> ScorerModel:
    """A logistic model of "answers the question" over the candidates of ``examples`` (the
    thresholds are placeholders until :func:`choose_thresholds`)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy import

    x, y = matrix(examples)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    learner = LogisticRegression(C=regularisation, solver="lbfgs", tol=TOLERANCE, max_iter=MAX_ITER)
    learner.fit((x - mean) / scale, y, sample_weight=sample_weights(examples))

    def rounded(values: Sequence[float]) -> tuple[float, ...]:
        return tuple(round(float(v), _DIGITS) for v in values)

    return ScorerModel(
        features=FEATURES,
        mean=rounded(mean),
        scale=rounded(scale),
        weights=rounded(learner.coef_[0]),
        bias=round(float(learner.intercept_[0]), _DIGITS),
        threshold=0.5,
        part_threshold=0.5,
        answer_threshold=0.5,
    )


def outcome(answerer: ExtractiveAnswerer, example: Example) -> Outcome:
    """Answer ``example`` again with ``answerer``'s scorer and thresholds."""
    scorer = answerer.scorer
    considered = example.considered
    result = answerer.select(
        considered.question,
        rescored(scorer, considered.candidates),
        considered.passages,
        [rescored(scorer, part) for part in considered.parts],
    )
    if result.refused:
        return Outcome(False, False)
    # A sentence quoted before the one it refers back to may be no candidate (its passage offers
    # only the sentences a sentence search found): it is not what answers.
    chosen = [(s.markers[0], s.quotes[s.markers[0]]) for s in result.sentences]
    labels = by_span(example)
    correct = example.answerable and any(labels.get(key, False) for key in chosen)
    return Outcome(True, correct, result.confidence)


def rescored(model: ScorerModel, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with ``model``'s probabilities, most probable first."""
    return sorted(
        (replace(c, probability=model.probability(c.values)) for c in candidates),
        key=lambda c: -c.probability,
    )


def by_span(example: Example) -> dict[tuple[int, tuple[int, int]], bool]:
    """Each candidate's label, by its passage marker and span."""
    candidates = example.considered.candidates
    return {(c.marker, c.span): label for c, label in zip(candidates, example.labels, strict=True)}


def calibrate(examples: Sequence[Example], model: ScorerModel) -> tuple[float, float, float]:
    """The answers' confidence: the weights of the log-odds and of the lead
    (:func:`rag.answering.scorer.lead`) and the intercept of a logistic model of "it answers"
    over each tuning question's most probable complete candidate under ``model`` (every
    candidate of an unanswerable question is wrong), the sources weighed as in
    :func:`sample_weights` (the evaluation set's dev split ``EVAL_WEIGHT`` times as much as
    COVID-QA). The identity (1, 0, 0) when all are right or all wrong."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy import

    rows: list[tuple[str, float, float, bool]] = []
    for e in examples:
        ranked = rescored(model, e.considered.candidates)
        best = next((c for c in ranked if c.complete), None)
        if best is not None:
            ahead = lead(best.probability, runner_up(best, ranked))
            label = by_span(e)[(best.marker, best.span)]
            rows.append((e.source, logit(best.probability), ahead, label))
    if len({label for *_, label in rows}) < 2:
        return 1.0, 0.0, 0.0
    counts = Counter(source for source, *_ in rows)
    weights = np.asarray([SOURCE_TOTALS.get(s, 1.0) / counts[s] for s, *_ in rows])
    x = np.asarray([[odds, ahead] for _, odds, ahead, _ in rows])
    y = np.asarray([label for *_, label in rows])
    learner = LogisticRegression(C=1.0, solver="lbfgs", tol=TOLERANCE, max_iter=MAX_ITER)
    learner.fit(x, y, sample_weight=weights / weights.mean())
    slope, lead_weight = (round(float(w), _DIGITS) for w in learner.coef_[0])
    return slope, lead_weight, round(float(learner.intercept_[0]), _DIGITS)


def precision(outcomes: Sequence[Outcome]) -> float:
    """Share of answered questions answered correctly (1.0 when none is answered)."""
    answered = [o for o in outcomes if o.answered]
    return sum(o.correct for o in answered) / len(answered) if answered else 1.0


def choose_thresholds(
    answerer: ExtractiveAnswerer,
    model: ScorerModel,
    examples: Sequence[Example],
    target: float,
) -> ScorerModel:
    """``model`` with the answer, runner-up and part thresholds chosen on the ``eval`` examples
    (see the module docstring); the highest grid point when none reaches the target."""
    tuning = [e for e in examples if e.source == "eval"]

    def reaches(answer: float, threshold: float, part: float) -> bool:
        answerer.scorer = replace(
            model, answer_threshold=answer, threshold=threshold, part_threshold=part
        )
        return precision([outcome(answerer, e) for e in tuning]) >= target

    answer = next((a for a in GRID if reaches(a, GRID[0], PART_GRID[0])), GRID[-1])
    threshold = next((t for t in GRID if reaches(answer, t, t)), GRID[-1])
    part = next(
        (p for p in PART_GRID if p <= threshold and reaches(answer, threshold, p)), threshold
    )
    answerer.scorer = replace(
        model, answer_threshold=answer, threshold=threshold, part_threshold=part
    )
    return answerer.scorer
