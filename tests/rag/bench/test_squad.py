import pytest

from rag.bench.squad import exact_match, normalise_answer, token_f1


def test_normalise_answer() -> None:
    assert normalise_answer("The  Mother-to-child, transmission!") == "mothertochild transmission"


def test_token_f1_and_exact_match() -> None:
    assert token_f1("mother to child transmission", "Mother to child transmission.") == 1.0
    assert token_f1("transmission by droplets", "mother to child transmission") == pytest.approx(
        2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4)
    )
    assert token_f1("", "anything") == 0.0
    assert token_f1("unrelated words", "anything") == 0.0
    assert exact_match("The answer.", "answer")
    assert not exact_match("an answer here", "answer")
