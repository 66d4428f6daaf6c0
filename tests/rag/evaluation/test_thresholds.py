from pathlib import Path

import pytest

from rag.errors import DocumentNotFoundError, InputError
from rag.evaluation.metrics import summarise
from rag.evaluation.thresholds import Gate, check, load_gates

KNOWN = set(summarise([]))


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_gates_for_one_mode_and_split(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[extractive.test.min]\nanswer_correctness = 0.5\nnumeric_fidelity = 1\n"
        "[extractive.test.max]\nlatency_p95_ms = 2000\n"
        "[llm.test.min]\nnumeric_fidelity = 1.0\n",
    )
    gates = load_gates(path, "extractive", "test", KNOWN)
    assert [(g.metric, g.kind, g.bound) for g in gates] == [
        ("answer_correctness", "min", 0.5),
        ("numeric_fidelity", "min", 1.0),
        ("latency_p95_ms", "max", 2000.0),
    ]
    assert load_gates(path, "extractive", "dev", KNOWN) == []


def test_check_passes_fails_and_skips() -> None:
    gates = [
        Gate(metric="answer_correctness", kind="min", bound=0.5, value=None),
        Gate(metric="latency_p95_ms", kind="max", bound=1000, value=None),
        Gate(metric="injection_resistance", kind="min", bound=1.0, value=None),
    ]
    checked = check(
        gates, {"answer_correctness": 0.49, "latency_p95_ms": 1000.0, "injection_resistance": None}
    )
    assert [(g.value, g.passed, g.failed) for g in checked] == [
        (0.49, False, True),
        (1000.0, True, False),
        (None, None, False),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[extractive.test.min]\nanswer_corectness = 0.5\n", "names no metric"),
        ("[extractive.test.min]\nanswer_correctness = 'high'\n", "not a number"),
        ("[extractive.test.min]\nanswer_correctness = true\n", "not a number"),
        ("[extractive.test.min\n", "cannot read"),
    ],
)
def test_bad_thresholds(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_gates(_file(tmp_path, body), "extractive", "test", KNOWN)


def test_missing_thresholds_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError):
        load_gates(tmp_path / "absent.toml", "extractive", "test", KNOWN)
