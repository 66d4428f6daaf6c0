"""A llama.cpp model served by a child process that citeqa starts, watches, bounds and restarts.

Native model code (llama.cpp through ``llama_cpp.server``) never runs inside a citeqa process: a
crash there (a segmentation fault in a CPU-specific kernel, an out-of-memory kill) or a hang would
take every other request down with it. Instead :class:`LlamaServer` runs
``python -m llama_cpp.server`` on a loopback port, and citeqa talks to it as to any
OpenAI-compatible server.

- **Start**: the first start waits until the server answers (the model is loaded before it does)
  and raises :class:`~rag.errors.ConfigurationError` with the end of the process's output when it
  exits or does not answer in time: a bad model file or a too-low memory limit is a setting to fix.
- **Watch**: a monitor thread notices at once when the process exits, for whatever reason, and
  starts it again on the same port, waiting longer between restarts while it keeps dying young.
- **Bound**: the process runs in its own session with an address-space limit, and dies with the
  thread that started it (``PR_SET_PDEATHSIG``), so a killed citeqa leaves no model process
  behind. A request that overruns its deadline gets the process killed and restarted
  (:meth:`LlamaServer.restart`), which also ends a hung generation.
- Requests wait for a restarting process only as long as their own deadline allows
  (:meth:`LlamaServer.wait_ready`); past it they fail with :class:`~rag.errors.LLMError`, which
  the answer engine turns into the extractive answer with ``fallback: true``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO, Literal

from rag.errors import ConfigurationError, LLMError
from rag.loopback import answers, free_port

logger = logging.getLogger("citeqa.llm")

#: Seconds between restarts while the process keeps dying within ``STABLE_S`` of its start:
#: doubled each time from the first value up to the second.
BACKOFF_S = (0.5, 30.0)
#: A process that ran this long before dying is restarted without waiting.
STABLE_S = 30.0
#: How often the monitor looks at the process.
POLL_S = 0.2
#: Output kept from a process that died, for the log and for start-up errors.
TAIL_BYTES = 4000
#: While a process marked ready refuses connections (it is dying), how often to look again.
_RECHECK_S = 0.05

# Runs in the child: limit its address space, die with the thread that started it (or at once if
# that is already gone), then become llama_cpp.server with the remaining arguments.
_LAUNCHER = """\
import ctypes, os, resource, runpy, signal, sys
parent, limit = int(sys.argv[1]), int(sys.argv[2])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
if os.getppid() != parent:
    sys.exit(1)
sys.argv = ["llama_cpp.server", *sys.argv[3:]]
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""

State = Literal["starting", "ready", "stopped"]


def _tail(log: IO[bytes]) -> str:
    log.flush()
    size = log.seek(0, os.SEEK_END)
    log.seek(max(0, size - TAIL_BYTES))
    return log.read().decode("utf-8", "replace").strip()


class LlamaServer:
    """One supervised ``llama_cpp.server`` process serving one GGUF model on loopback."""

    def __init__(
        self,
        server_args: list[str],
        *,
        memory_limit_mb: int,
        start_timeout_s: float,
        python: str = sys.executable,
    ) -> None:
        """Describe the server; nothing starts before :meth:`start`.

        Args:
            server_args: Arguments of ``llama_cpp.server`` (model, alias, context, ...); the host
                and port are added here.
            memory_limit_mb: Address-space limit of the process in MiB; 0 for none.
            start_timeout_s: How long a start (model load included) may take.
            python: The interpreter that has ``llama_cpp`` installed.
        """
        self.memory_limit_mb = memory_limit_mb
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._command = [
            python, "-c", _LAUNCHER, str(os.getpid()), str(memory_limit_mb * 1024 * 1024),
            *server_args, "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        self._start_timeout_s = start_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._state: State = "stopped"
        self._restarts = 0
        self._changed = threading.Condition()
        self._closing = threading.Event()
        self._monitor: threading.Thread | None = None
        self._failure: str | None = None

    @property
    def pid(self) -> int | None:
        """The process id of the running server, if any."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def status(self) -> dict[str, object]:
        """The state (``starting``, ``ready`` or ``stopped``), restarts so far and process id."""
        pid = self.pid
        state = self._state if pid is not None or self._state == "stopped" else "starting"
        return {"state": state, "restarts": self._restarts, "pid": pid}

    def start(self) -> None:
        """Start the process and the monitor; return once the model answers.

        Raises:
            ConfigurationError: The process exited or did not answer within the start timeout;
                the message ends with what it printed.
        """
        self._monitor = threading.Thread(target=self._watch, name="citeqa-llama", daemon=True)
        self._monitor.start()
        deadline = time.monotonic() + self._start_timeout_s
        with self._changed:
            while self._state != "ready" and self._failure is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._failure = f"the model did not load within {self._start_timeout_s:g}s"
                    break
                self._changed.wait(left)
            failure = self._failure
        if failure is not None:
            self.close()
            raise ConfigurationError(f"cannot start the llama.cpp server: {failure}")

    def wait_ready(self, timeout: float) -> None:
        """Return once the server answers, waiting at most ``timeout`` seconds for a restart.

        Raises:
            LLMError: The server is stopped or did not come back in time.
        """
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            with self._changed:
                # A process that died a moment ago may be marked ready until the monitor looks.
                while self._state != "ready" or self.pid is None:
                    left = deadline - time.monotonic()
                    if self._closing.is_set() or left <= 0:
                        raise LLMError(f"the model process is {self._state}")
                    self._changed.wait(left)
            if self._accepts():
                return
            # Dying (a crash writing its core), its port already closed: wait for the monitor.
            if time.monotonic() >= deadline:
                raise LLMError("the model process does not accept connections")
            time.sleep(_RECHECK_S)

    def _accepts(self) -> bool:
        """Whether the server's port accepts a connection (on loopback, well under a ms)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=_RECHECK_S):
                return True
        except OSError:
            return False

    def restart(self, reason: str) -> None:
        """Kill the process (a request overran its deadline, or it hangs); the monitor restarts
        it. A generation still running in it ends with it; on return, the process is gone."""
        process = self._process
        if process is not None and process.poll() is None:
            logger.warning("restarting the model process %d: %s", process.pid, reason)
            process.kill()
            process.wait()

    def close(self) -> None:
        """Stop the monitor and the process; idempotent."""
        self._closing.set()
        with self._changed:
            self._changed.notify_all()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=30)
        self._stop_process()

    def _set(self, state: State) -> None:
        with self._changed:
            self._state = state
            self._changed.notify_all()

    def _spawn(self) -> None:
        if self._log is not None:
            self._log.close()
        # Kept open for the life of the process; closed on the next spawn or on stop.
        self._log = tempfile.TemporaryFile(prefix="citeqa-llama-")  # noqa: SIM115
        self._process = subprocess.Popen(
            self._command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._set("starting")

    def _stop_process(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        self._set("stopped")

    def _died(self, process: subprocess.Popen[bytes], ever_ready: bool) -> None:
        tail = _tail(self._log) if self._log is not None else ""
        detail = f"exit status {process.returncode}" + (f"; it printed:\n{tail}" if tail else "")
        if not ever_ready:
            with self._changed:
                self._failure = detail
                self._changed.notify_all()
        logger.warning("the model process %d died (%s)", process.pid, detail)

    def _watch(self) -> None:
        """Start the process, mark it ready once it answers, restart it whenever it dies."""
        delay = BACKOFF_S[0]
        ever_ready = False
        while not self._closing.is_set():
            self._spawn()
            process = self._process
            assert process is not None
            started = time.monotonic()
            while not self._closing.is_set() and process.poll() is None:
                if self._state == "starting" and answers(f"{self.base_url}/models"):
                    ever_ready = True
                    self._set("ready")
                self._closing.wait(POLL_S)
            if self._closing.is_set():
                break
            self._set("starting")
            self._died(process, ever_ready)
            if not ever_ready:
                return
            self._restarts += 1
            delay = BACKOFF_S[0] if time.monotonic() - started > STABLE_S else delay
            if self._closing.wait(delay):
                break
            delay = min(delay * 2, BACKOFF_S[1])
