"""Run a server process on loopback for as long as a block lasts (the load benchmarks, tests)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.errors import ConfigurationError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    """Whether ``url`` answers a GET with success within 2 seconds."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            status: int = response.status
    except (urllib.error.URLError, OSError):
        return False
    return 200 <= status < 300


@contextmanager
def running(
    command: list[str], ready_url: str, timeout: float = 120, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Run ``command`` until the block ends; enter once ``ready_url`` answers with success.

    Raises:
        ConfigurationError: The process exited, or did not answer within ``timeout`` seconds.
    """
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        deadline = time.monotonic() + timeout
        while not answers(ready_url):
            if process.poll() is not None:
                raise ConfigurationError(f"{command[0]} exited with status {process.returncode}")
            if time.monotonic() > deadline:
                raise ConfigurationError(f"{command[0]} did not answer at {ready_url}")
            time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def chroma_executable() -> str:
    """Chroma's ``chroma`` command: next to this Python's executable (a virtualenv's ``bin``),
    else the first on ``PATH``.

    Raises:
        ConfigurationError: Neither exists (chromadb is not installed).
    """
    beside = Path(sys.executable).with_name("chroma")
    if beside.is_file():
        return str(beside)
    found = shutil.which("chroma")
    if found is None:
        raise ConfigurationError(f"no chroma command beside {sys.executable} or on PATH")
    return found


@contextmanager
def chroma_server(path: Path, timeout: float = 60) -> Iterator[int]:
    """Run ``chroma run`` on 127.0.0.1 with its data in ``path`` until the block ends; enter,
    with the port it listens on, once its heartbeat answers.

    Raises:
        ConfigurationError: No chroma command, or the server exited or did not answer in time.
    """
    port = free_port()
    command = [chroma_executable(), "run", "--path", str(path), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=timeout):
        yield port
