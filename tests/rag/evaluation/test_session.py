import subprocess
from pathlib import Path

from rag.evaluation.session import git_commit, machine
from tests.conftest import ROOT


def test_git_commit_names_the_checkout(tmp_path: Path) -> None:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    commit = git_commit(ROOT)
    assert commit is not None and commit.removesuffix("+dirty") == head
    assert git_commit(tmp_path) is None


def test_machine_names_the_cores() -> None:
    assert "cores" in machine()
