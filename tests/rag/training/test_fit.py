"""Fitting the scorer and choosing its thresholds, on small hand-made examples."""

from dataclasses import replace

from rag.answering.engine import Considered
from rag.answering.extractive import Candidate, ExtractiveAnswerer
from rag.answering.features import FEATURES, Coverage
from rag.answering.question import Question
from rag.answering.scorer import ScorerModel
from rag.settings import AnswerSettings
from rag.training.examples import Example
from rag.training.fit import Outcome, calibrate, choose_thresholds, fit, outcome, precision
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
                               ScorerModel(**{**vars(chosen), "threshold": chosen.threshold - 0.05,
                                              "part_threshold": 0.0}))  # fmt: skip
    assert precision([outcome(lower, e) for e in EXAMPLES]) < 0.9 or chosen.threshold == 0.1


def test_calibration_maps_first_sentence_scores_to_how_often_answers_were_right() -> None:
    # Answers whose first sentence scored 0.2 were right 3 times in 4, those at 0.6 always:
    # the selected best sentence is right more often than its own probability says.
    examples = [example(f"c{i}", 0.5, 0.1) for i in range(12)]
    outcomes = [Outcome(True, i % 4 != 0, 0.2) for i in range(8)]
    outcomes += [Outcome(True, True, 0.6) for _ in range(4)]
    slope, intercept = calibrate(examples, outcomes)
    calibrated = replace(fit(EXAMPLES), calibration=(slope, intercept))
    assert calibrated.confidence(0.2) > 0.5
    assert calibrated.confidence(0.6) > calibrated.confidence(0.2)
    assert calibrate(examples, [Outcome(True, True, 0.3)] * 12) == (1.0, 0.0)  # nothing to learn
    assert calibrate(examples, outcomes) == (slope, intercept)  # reproducible
