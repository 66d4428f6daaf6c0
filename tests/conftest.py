"""Shared fixtures: the real seed corpus, the real embedding model, a real Chroma store."""

from __future__ import annotations

import json
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
from rag.settings import LLMSettings, Settings, StoreSettings
from rag.stores.protocol import VectorStore
from rag.types import CleanDocument, DocumentMeta
from tests.llm_process import native_llama_loaded

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


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
def seeded_corpus(
    tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder
) -> Corpus:
    """A real corpus (embedded Chroma) holding the seeds, shared read-only by tests."""
    corpus = open_corpus(make_settings(tmp_path_factory.mktemp("seeded")), embedder)
    corpus.ingest([SEEDS], progress=False)
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


@pytest.fixture(scope="session", autouse=True)
def no_native_model_code_in_pytest() -> Iterator[None]:
    """Native model code runs only in child processes: fail the run if it entered this one."""
    yield
    assert not native_llama_loaded(), "llama.cpp was loaded into the pytest process"
