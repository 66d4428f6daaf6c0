"""Optional extras: checked without importing them, named with the command that installs them,
and kept out of the runtime's imports."""

import subprocess
import sys

import pytest

from rag import extras
from rag.errors import ConfigurationError


def test_an_installed_extra_passes() -> None:
    extras.require("eval")


def test_a_missing_extra_names_its_packages_and_the_install_command(monkeypatch) -> None:
    monkeypatch.setitem(extras.EXTRAS, "eval", {"yaml": "pyyaml", "no_such_mod": "no-such-pkg"})
    with pytest.raises(ConfigurationError) as error:
        extras.require("eval")
    message = str(error.value)
    assert "citeqa[eval]" in message and "no-such-pkg" in message and "pyyaml" not in message
    assert "bash scripts/setup eval" in message


def test_the_runtime_does_not_import_the_benchmark_harness() -> None:
    heavy = ["matplotlib", "langchain_chroma", "rag.bench.runner", "rag.evaluation.session"]
    code = (
        f"import sys, rag, rag.cli, service.app; print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
