"""Progress bars stay short in logs and silent when disabled."""

import pytest

from rag.progress import progress_bar


def test_a_log_gets_the_first_and_last_state_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert sum(progress_bar(range(500), desc="rank", unit="q")) == sum(range(500))
    states = [line for line in capsys.readouterr().err.replace("\r", "\n").split("\n") if line]
    assert len(states) == 2
    assert states[0].startswith("rank:   0%") and "500/500" in states[-1]


def test_a_disabled_bar_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(total=3, desc="embedding", enabled=False) as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""
