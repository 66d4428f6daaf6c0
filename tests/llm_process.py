"""Helpers for tests that crash or freeze the real model process: when is it generating, and is
any native model code loaded into this (the pytest) process."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wait_until_busy(pid: int, seconds: float = 0.3, timeout: float = 60) -> None:
    """Return once the process has used ``seconds`` of CPU beyond what it had used on entry:
    the model is evaluating a prompt or generating."""
    start = cpu_seconds(pid)
    deadline = time.monotonic() + timeout
    while cpu_seconds(pid) - start < seconds:
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} did not start working within {timeout}s")
        time.sleep(0.02)


def native_llama_loaded() -> bool:
    """Whether llama.cpp's Python package or native library is loaded into this process."""
    maps = Path("/proc/self/maps").read_text()
    return "llama_cpp" in maps or "libllama" in maps or "libggml" in maps


def cmdline(pid: int) -> list[str]:
    """The arguments process ``pid`` was started with; empty once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode(errors="replace").split("\0")[:-1]


def children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (any thread's)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def model_process_of(pid: int, timeout: float = 120) -> int:
    """The llama.cpp child of citeqa process ``pid``, once it serves (its model is loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children(pid):
            argv = cmdline(child)
            serving = len(argv) > 2 and "llama_cpp.server" in argv[2]
            if serving and _accepts(int(argv[argv.index("--port") + 1])):
                return child
        time.sleep(0.1)
    raise AssertionError(f"no serving llama.cpp process under {pid} within {timeout}s")


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True
