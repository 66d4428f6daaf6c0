"""Start real servers on loopback for tests, and stop them."""

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(
    command: list[str], ready_url: str, timeout: float = 120, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Run ``command`` until the block ends; enter once ``ready_url`` answers with success."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(ready_url, timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"{command[0]} did not start")
            time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
