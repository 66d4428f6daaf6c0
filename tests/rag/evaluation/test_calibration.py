"""Reliability bins and expected calibration error."""

import pytest

from rag.evaluation.calibration import expected_calibration_error, reliability


def test_bins_count_predictions_and_observed_frequency() -> None:
    table = reliability([0.05, 0.15, 0.12, 0.95, 1.0], [False, True, False, True, True])
    assert [(b.low, b.count) for b in table] == [(0.0, 1), (0.1, 2), (0.9, 2)]
    assert table[1].mean_probability == pytest.approx(0.135)
    assert table[1].observed == 0.5 and table[2].observed == 1.0


def test_calibration_error_is_the_weighted_gap() -> None:
    perfect = reliability([0.25, 0.25, 0.25, 0.25], [True, False, False, False])
    assert expected_calibration_error(perfect) == pytest.approx(0.0)
    off = reliability([0.9, 0.9], [False, False])
    assert expected_calibration_error(off) == pytest.approx(0.9)
    assert expected_calibration_error([]) == 0.0
