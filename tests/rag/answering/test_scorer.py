"""The answer scorer's arithmetic and its model file."""

import json
import math
from dataclasses import replace

import pytest

from rag.answering.features import FEATURES
from rag.answering.scorer import LEAD_CAP, ScorerModel, lead, load_scorer
from rag.errors import ConfigurationError


def model(**weights: float) -> ScorerModel:
    n = len(FEATURES)
    return ScorerModel(
        features=FEATURES,
        mean=tuple(0.5 for _ in range(n)),
        scale=tuple(2.0 for _ in range(n)),
        weights=tuple(weights.get(name, 0.0) for name in FEATURES),
        bias=-1.0,
        threshold=0.6,
        part_threshold=0.4,
        answer_threshold=0.7,
        about={"command": "citeqa train"},
    )


def test_probability_is_the_logistic_of_standardised_features() -> None:
    scorer = model(similarity=2.0, bm25=-1.0)
    values = [0.5] * len(FEATURES)
    values[FEATURES.index("similarity")] = 1.5
    values[FEATURES.index("bm25")] = 2.5
    logit = -1.0 + 2.0 * (1.5 - 0.5) / 2.0 - 1.0 * (2.5 - 0.5) / 2.0
    assert scorer.probability(values) == pytest.approx(1 / (1 + math.exp(-logit)))
    assert sum(scorer.contributions(values)) == pytest.approx(logit + 1.0)


def test_the_model_file_round_trips() -> None:
    scorer = model(similarity=1.25)
    assert ScorerModel.from_json(scorer.to_json()) == scorer
    calibrated = replace(scorer, calibration=(0.65, 0.9, 1.6))
    assert ScorerModel.from_json(calibrated.to_json()).calibration == (0.65, 0.9, 1.6)
    assert ScorerModel.from_json(calibrated.to_json()).answer_threshold == 0.7


def test_confidence_weighs_the_first_sentence_and_its_lead() -> None:
    scorer = replace(model(), calibration=(0.5, 0.25, 1.0))
    logit = math.log(0.1 / 0.9)
    expected = 1 / (1 + math.exp(-(0.5 * logit + 0.25 * 2.0 + 1.0)))
    assert scorer.confidence(0.1, 2.0) == pytest.approx(expected)
    assert model().confidence(0.3, 4.0) == pytest.approx(0.3)  # the identity by default
    assert 0 < scorer.confidence(0.0, 0.0) < scorer.confidence(1.0, 0.0) < 1
    assert scorer.confidence(0.3, 0.0) < scorer.confidence(0.3, 3.0)


def test_the_lead_is_the_log_odds_ahead_of_the_runner_up_within_the_cap() -> None:
    assert lead(0.5, 0.2) == pytest.approx(math.log(4.0))
    assert lead(0.2, 0.5) == pytest.approx(-math.log(4.0))
    assert lead(0.999, 0.001) == LEAD_CAP
    assert lead(0.1, None) == LEAD_CAP  # no rival at all


def test_a_model_for_other_features_is_refused() -> None:
    text = model().to_json().replace('"similarity"', '"cosine"')
    with pytest.raises(ConfigurationError, match="retrain"):
        ScorerModel.from_json(text)
    with pytest.raises(ConfigurationError, match="not a citeqa scorer"):
        ScorerModel.from_json("{}")


def test_a_model_from_an_earlier_version_asks_to_be_retrained(tmp_path) -> None:
    body = json.loads(model().to_json())
    del body["answer_threshold"], body["calibration"]
    with pytest.raises(ConfigurationError, match="earlier citeqa.*retrain it with citeqa train"):
        ScorerModel.from_json(json.dumps(body))
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=f"^{path}: the scorer model was written"):
        load_scorer(path)


def test_the_committed_model_loads_and_says_how_it_was_made(tmp_path) -> None:
    committed = load_scorer()
    assert committed.features == FEATURES
    assert committed.about["command"] == "citeqa train"
    assert 0 < committed.part_threshold <= committed.threshold < 1
    assert 0 < committed.answer_threshold < 1 and committed.calibration[1] > 0
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_scorer(tmp_path / "missing.json")
