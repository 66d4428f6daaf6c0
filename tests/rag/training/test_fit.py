"""Fitting the scorer and choosing its thresholds, on small hand-made examples."""

from dataclasses import replace

from rag.answering.engine import Considered
from rag.answering.extractive import Candidate, ExtractiveAnswerer
from rag.answering.features import FEATURES, Coverage
from rag.answering.question import Question
from rag.answering.scorer import lead
from rag.settings import AnswerSettings
from rag.training.examples import Example
from rag.training.fit import calibrate, choose_thresholds, fit, outcome, precision
from rag.training.run import neutral_scorer
from tests.rag.answering.helpers import passages
from tests.stand_ins import HashingEmbedder

PASSAGES = passages("Drug A reached a CR rate of 35%. Drug A was well tolerated.")
QUESTION = Question("q", ("a",), {}, {}, frozenset(), foreign=False)
SIMILARITY = FEATURES.index("similarity")


def values(similarity: float) -> tuple[float, ...]:
    row = [0.0] * len(FEATURES)
    row[SIMILARITY] = similarity
    return tuple(row)


def example(name: str, answer: float, other: float, answerable: bool = True) -> Example:
    units = PASSAGES[1].units
    none = Coverage((), ())
    candidates = [
        Candidate(1, units[0], "Drug A reached a CR rate of 35%.", none, values(answer), 0.5),
        Candidate(1, units[1], "Drug A was well tolerated.", none, values(other), 0.5),
    ]
    return Example("eval", name, answerable, Considered(QUESTION, PASSAGES, candidates),
                   (answerable, False))  # fmt: skip


EXAMPLES = [example(f"q{i}", 0.6 + i / 50, 0.2 + i / 100) for i in range(10)] + [
    example(f"u{i}", 0.3 + i / 40, 0.1, answerable=False) for i in range(6)
]


def test_the_fitted_model_ranks_what_answers_higher_and_is_reproducible() -> None:
    model = fit(EXAMPLES)
    assert model.weights[SIMILARITY] > 0
    assert model.probability(values(0.8)) > 0.5 > model.probability(values(0.2))
    assert fit(EXAMPLES).to_json() == model.to_json()


def test_thresholds_reach_the_precision_target_with_the_fewest_refusals() -> None:
    model = fit(EXAMPLES)
    answerer = ExtractiveAnswerer(HashingEmbedder(), AnswerSettings(), neutral_scorer())
    chosen = choose_thresholds(answerer, model, EXAMPLES, target=0.9)
    answerer.scorer = chosen
    outcomes = [outcome(answerer, e) for e in EXAMPLES]
    assert precision(outcomes) >= 0.9
    assert sum(o.answered for o in outcomes) >= 9
    lower = ExtractiveAnswerer(HashingEmbedder(), AnswerSettings(),
                               replace(chosen, answer_threshold=chosen.answer_threshold - 0.05,
                                       part_threshold=0.0))  # fmt: skip
    assert precision([outcome(lower, e) for e in EXAMPLES]) < 0.9 or chosen.answer_threshold == 0.1
    assert chosen.part_threshold <= chosen.threshold


def test_calibration_learns_that_a_best_sentence_far_ahead_is_right() -> None:
    # The best sentence scores the same everywhere; it answers where it leads the other clearly,
    # and not in a near tie (there the other one answers).
    clear = [example(f"c{i}", 0.7, 0.1) for i in range(8)]
    tied = [replace(example(f"t{i}", 0.7, 0.69), labels=(False, True)) for i in range(8)]
    model = fit(EXAMPLES)
    slope, lead_weight, intercept = calibrate(clear + tied, model)
    assert lead_weight > 0
    calibrated = replace(model, calibration=(slope, lead_weight, intercept))
    best = model.probability(values(0.7))
    ahead = lead(best, model.probability(values(0.1)))
    close = lead(best, model.probability(values(0.69)))
    assert calibrated.confidence(best, ahead) > 0.5 > calibrated.confidence(best, close)
    assert calibrate(clear + tied, model) == (slope, lead_weight, intercept)  # reproducible
    assert calibrate(clear, model) == (1.0, 0.0, 0.0)  # all right: nothing to learn
