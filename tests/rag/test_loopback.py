"""Loopback servers: entered once they answer, refused when they exit or never answer."""

import sys
import urllib.request
from pathlib import Path

import pytest

from rag.errors import ConfigurationError
from rag.loopback import chroma_executable, free_port, running


def test_a_real_http_server_is_entered_once_ready_and_stopped_after() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with running(command, url, timeout=30), urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


def test_an_exiting_or_silent_process_is_an_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with (
        pytest.raises(ConfigurationError, match="exited with status 3"),
        running([sys.executable, "-c", "raise SystemExit(3)"], url, timeout=30),
    ):
        pass
    with (
        pytest.raises(ConfigurationError, match="did not answer"),
        running([sys.executable, "-c", "import time; time.sleep(30)"], url, timeout=1),
    ):
        pass


def test_chroma_is_found_beside_python_then_on_path(tmp_path: Path, monkeypatch) -> None:
    venv, elsewhere = tmp_path / "venv" / "bin", tmp_path / "elsewhere"
    venv.mkdir(parents=True)
    elsewhere.mkdir()
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    monkeypatch.setenv("PATH", str(elsewhere))
    with pytest.raises(ConfigurationError, match="no chroma command"):
        chroma_executable()
    on_path = elsewhere / "chroma"
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    assert chroma_executable() == str(on_path)
    (venv / "chroma").write_text("#!/bin/sh\n")
    assert chroma_executable() == str(venv / "chroma")
