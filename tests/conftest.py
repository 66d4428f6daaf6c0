"""Shared fixtures: the real seed corpus, the real embedding model, a real Chroma store, a real
uvicorn server on loopback serving it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.answering.engine import AnswerEngine
from rag.answering.llm import LLMAnswerer, make_llm
from rag.assemble import make_engine, open_corpus
from rag.corpus import Corpus
from rag.embeddings import SentenceTransformerEmbedder, make_embedder
from rag.ingest.clean import clean_document
from rag.ingest.manifest import load_manifest
from rag.loopback import free_port, running
from rag.settings import LLMSettings, Settings, StoreSettings
from rag.stores.protocol import VectorStore
from rag.types import CleanDocument, DocumentMeta
from tests.llm_process import native_llama_loaded

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
CITEQA = str(Path(sys.executable).with_name("citeqa"))
API_KEY = "test-key-0123456789"


@pytest.fixture(scope="session")
def seed_raw() -> dict[str, str]:
    """Raw text of every seed document by id."""
    return {doc_id: (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8") for doc_id in SEED_IDS}


@pytest.fixture(scope="session")
def seed_docs(seed_raw: dict[str, str]) -> dict[str, CleanDocument]:
    """Every seed document cleaned, with its manifest metadata."""
    manifest = load_manifest(SEEDS)
    return {
        doc_id: clean_document(raw, manifest.get(doc_id, DocumentMeta(doc_id=doc_id)))
        for doc_id, raw in seed_raw.items()
    }


def make_settings(tmp: Path, **store: object) -> Settings:
    """Settings whose store lives under ``tmp``."""
    return Settings(store=StoreSettings(data_dir=tmp, **store))


def write_tiny_scifact(folder: Path) -> None:
    """A three-document SciFact in BEIR layout, two test queries with one relevant document each."""
    (folder / "qrels").mkdir(parents=True)
    docs = {
        "1": ("Menin inhibitors", "Ziftomenib blocks the menin-KMT2A interaction in leukemia."),
        "2": ("Vitamin D", "Vitamin D supplementation did not reduce fractures in older adults."),
        "3": ("Influenza", "Oseltamivir shortened influenza symptoms by one day."),
    }
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": d, "title": t, "text": x}) + "\n" for d, (t, x) in docs.items())
    )
    queries = {"10": "Ziftomenib inhibits menin.", "11": "Vitamin D prevents fractures."}
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, t in queries.items())
    )
    for split, rows in (("train", "10\t1\t1\n"), ("test", "10\t1\t1\n11\t2\t1\n")):
        (folder / "qrels" / f"{split}.tsv").write_text("query-id\tcorpus-id\tscore\n" + rows)


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2 model, loaded once for the whole run."""
    return make_embedder(Settings())


@pytest.fixture(scope="session")
def seeded_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the seeds, written by a ``citeqa ingest`` process that has exited.
    Read-only: a test that needs a store of the seeds copies it (``shutil.copytree``) rather than
    embedding the seeds again (half a minute on 2 cores)."""
    data = tmp_path_factory.mktemp("seeded-folder") / "data"
    env = {**os.environ, "CITEQA_STORE__DATA_DIR": str(data)}
    done = subprocess.run(
        [CITEQA, "ingest", str(SEEDS)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture(scope="session")
def seeded_corpus(
    tmp_path_factory: pytest.TempPathFactory,
    seeded_folder: Path,
    embedder: SentenceTransformerEmbedder,
) -> Corpus:
    """A real corpus (embedded Chroma) holding the seeds, shared read-only by tests."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    shutil.copytree(seeded_folder, data)
    corpus = open_corpus(make_settings(data), embedder)
    assert corpus.snapshot().store.count() > 100
    return corpus


@pytest.fixture(scope="session")
def seeded(seeded_corpus: Corpus) -> tuple[Settings, VectorStore]:
    """The seeded corpus's settings and vector store."""
    return seeded_corpus.settings, seeded_corpus.snapshot().store


@pytest.fixture(scope="session")
def engine(seeded_corpus: Corpus) -> AnswerEngine:
    """An extractive answer engine over the seeded corpus."""
    return make_engine(seeded_corpus.settings, corpus=seeded_corpus)


@pytest.fixture(scope="session")
def gemma() -> Iterator[LLMAnswerer]:
    """The real Gemma 3 270M model in a llama.cpp process that citeqa supervises, loaded once."""
    with make_llm(LLMSettings(timeout_s=120)) as llm:
        yield llm


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory, seeded_folder: Path) -> dict[str, str]:
    """The environment of the shared server: a copy of the seeds' store, and a write key."""
    data = tmp_path_factory.mktemp("server") / "data"
    shutil.copytree(seeded_folder, data)
    return {**os.environ, "CITEQA_STORE__DATA_DIR": str(data), "CITEQA_API_KEY": API_KEY}


@pytest.fixture(scope="session")
def base_url(server_env: dict[str, str]) -> Iterator[str]:
    """A real uvicorn server (``citeqa serve``) on loopback, shared by the service and browser
    tests; a test that changes its store undoes the change."""
    port = free_port()
    command = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/readyz", timeout=120, env=server_env):
        yield url


@pytest.fixture(scope="session", autouse=True)
def no_native_model_code_in_pytest() -> Iterator[None]:
    """Native model code runs only in child processes: fail the run if it entered this one."""
    yield
    assert not native_llama_loaded(), "llama.cpp was loaded into the pytest process"
