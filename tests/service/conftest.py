"""A real uvicorn server on loopback, serving a store that holds the seeds."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.loopback import free_port, running
from tests.conftest import SEEDS

API_KEY = "test-key-0123456789"


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("server-data")
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(data), "CITEQA_API_KEY": API_KEY}
    citeqa = str(Path(sys.executable).with_name("citeqa"))
    subprocess.run([citeqa, "ingest", str(SEEDS)], env=env, check=True, capture_output=True)
    return env


@pytest.fixture(scope="session")
def base_url(server_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    citeqa = str(Path(sys.executable).with_name("citeqa"))
    command = [citeqa, "serve", "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/readyz", timeout=120, env=server_env):
        yield url
