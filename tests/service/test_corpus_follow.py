"""A running service follows the corpus when another process or worker changes it: with the
embedded store and a second-process `citeqa ingest`, and with a real `chroma run` and two uvicorn
workers. Answers stay 200 throughout."""

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.loopback import chroma_server, free_port, running
from tests.conftest import API_KEY, CITEQA, SEEDS

pytestmark = [pytest.mark.integration, pytest.mark.slow]

NEW = "Investigational agent QX-417 achieved complete remission in 41 of 50 patients."
QUESTION = {"question": "What CR rate did ziftomenib reach in NPM1-mutant AML?"}


def _finds(url: str, mode: str) -> bool:
    hits = httpx.post(f"{url}/v1/search", json={"query": NEW, "k": 1, "mode": mode}, timeout=30)
    assert hits.status_code == 200, hits.text
    return bool(hits.json()) and NEW in hits.json()[0]["text"]


def _wait_until_found(url: str, timeout: float = 60) -> float:
    started = time.monotonic()
    while not all(_finds(url, mode) for mode in ("dense", "sparse", "hybrid")):
        assert time.monotonic() - started < timeout, "the change was not served in time"
        time.sleep(0.2)
    return time.monotonic() - started


@pytest.fixture
def served(tmp_path: Path, seeded_folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    shutil.copytree(seeded_folder, tmp_path / "data")
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(tmp_path / "data"),
           "CITEQA_STORE__REFRESH_S": "1"}  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{url}/readyz", timeout=120, env=env):
        yield url, env


def test_a_second_process_ingest_is_served_without_a_restart(served, tmp_path: Path) -> None:
    url, env = served
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    changed = library / "milademetan-mantra-2.txt"
    changed.write_text(NEW + "\n\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    before = httpx.get(f"{url}/readyz").json()["revision"]
    statuses: list[int] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            statuses.append(httpx.post(f"{url}/v1/ask", json=QUESTION, timeout=60).status_code)

    asking = threading.Thread(target=ask)
    asking.start()
    try:
        ingest = subprocess.run(
            [CITEQA, "ingest", str(library)], env=env, capture_output=True, text=True, check=False
        )
        assert ingest.returncode == 0, ingest.stderr
        _wait_until_found(url)
    finally:
        stop.set()
        asking.join()
    assert statuses and set(statuses) == {200}
    assert httpx.get(f"{url}/readyz").json()["revision"] != before


def test_an_upload_through_one_worker_is_served_by_the_other(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    with chroma_server(tmp_path / "server") as chroma_port:
        env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(tmp_path / "data"),
               "CITEQA_STORE__HOST": "127.0.0.1", "CITEQA_STORE__PORT": str(chroma_port),
               "CITEQA_STORE__REFRESH_S": "1", "CITEQA_API_KEY": API_KEY}  # fmt: skip
        subprocess.run([CITEQA, "ingest", str(SEEDS)], env=env, check=True, capture_output=True)
        with running(serve, f"{url}/readyz", timeout=180, env=env):
            workers = _workers(url)
            upload = httpx.post(
                f"{url}/v1/documents",
                files={"file": ("qx-417.txt", f"QX-417 trial\n\n{NEW}\n".encode())},
                headers={"Authorization": f"Bearer {API_KEY}"},
                timeout=120,
            )
            assert upload.status_code == 201, upload.text
            revision = upload.json()["revision"]
            _wait_until_found(url)
            deadline = time.monotonic() + 60
            while {w for w, r in workers.items() if r == revision} != set(workers):
                assert time.monotonic() < deadline, workers
                workers |= _workers(url)
            for _ in range(10):  # whichever worker answers finds it
                assert all(_finds(url, mode) for mode in ("dense", "sparse"))


def _workers(url: str, tries: int = 40, timeout: float = 90) -> dict[int, str]:
    """The revision each worker serves, from at least ``tries`` /readyz calls and until both
    have answered (the second may still be loading when the first is ready)."""
    seen: dict[int, str] = {}
    deadline = time.monotonic() + timeout
    calls = 0
    while calls < tries or len(seen) < 2:
        assert time.monotonic() < deadline, seen
        ready = httpx.get(f"{url}/readyz", timeout=30).json()
        seen[ready["worker"]] = ready["revision"]
        calls += 1
    return seen
