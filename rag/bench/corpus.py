"""Build a benchmark corpus's index through the normal ingestion path, in a store of its own."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.assemble import open_corpus
from rag.corpus import Corpus
from rag.embeddings import Embedder
from rag.errors import InputError
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings
from rag.stores.protocol import VectorStore
from rag.types import IngestReport


@dataclass
class BenchIndex:
    """One benchmark corpus, and how ingesting it went."""

    corpus: Corpus
    report: IngestReport

    @property
    def settings(self) -> Settings:
        """The corpus's settings (its store under the benchmark work folder)."""
        return self.corpus.settings

    @property
    def store(self) -> VectorStore:
        """The corpus's vector store."""
        return self.corpus.snapshot().store

    @property
    def sparse(self) -> BM25Index:
        """The corpus's BM25 index."""
        return self.corpus.snapshot().sparse


def bench_settings(settings: Settings, name: str) -> Settings:
    """``settings`` with the store moved to ``work_dir/NAME``, so benchmark corpora never mix
    with the user's documents or with each other."""
    store = settings.store.model_copy(update={"data_dir": settings.bench.work_dir / name})
    return settings.model_copy(update={"store": store})


def write_corpus(documents: Iterable[tuple[str, str, str]], folder: Path) -> int:
    """Write ``(doc_id, title, text)`` as ``DOC_ID.txt`` files (title as the first line) plus a
    manifest of titles; unchanged files are left alone, files of other documents removed.
    Returns how many documents the folder holds."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for doc_id, title, text in documents:
        path = folder / f"{doc_id}.txt"
        body = f"{title}\n\n{text}\n" if title else f"{text}\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")
        manifest.append({"doc_id": doc_id, "title": title})
    wanted = {f"{entry['doc_id']}.txt" for entry in manifest}
    for path in folder.glob("*.txt"):
        if path.name not in wanted:
            path.unlink()
    (folder / "manifest.json").write_text(json.dumps({"documents": manifest}), encoding="utf-8")
    return len(manifest)


def build_index(
    settings: Settings,
    name: str,
    documents: Iterable[tuple[str, str, str]],
    embedder: Embedder,
    *,
    progress: bool = True,
    evidence: bool = True,
) -> BenchIndex:
    """Write the corpus under ``work_dir/NAME/corpus`` and ingest it (pruning what is gone);
    a second run with the same documents embeds nothing. A benchmark of retrieval alone passes
    ``evidence=False``: no sentence evidence index is built (see :class:`rag.corpus.Corpus`).

    Raises:
        InputError: A document could not be ingested.
    """
    local = bench_settings(settings, name)
    folder = local.store.data_dir / "corpus"
    write_corpus(documents, folder)
    corpus = open_corpus(local, embedder, evidence=evidence)
    report = corpus.ingest([folder], prune=True, progress=progress)
    if report.errors:
        raise InputError(f"{name}: {len(report.errors)} documents failed: {report.errors[0].error}")
    return BenchIndex(corpus, report)
