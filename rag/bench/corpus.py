"""Build a benchmark corpus's index through the normal ingestion path, in a store of its own."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.embeddings import Embedder
from rag.errors import InputError
from rag.ingest.pipeline import Ingestor
from rag.retrieval.sparse import BM25Index, sync_index
from rag.settings import Settings
from rag.stores.chroma_store import ChromaStore, make_store
from rag.types import IngestReport


@dataclass
class BenchIndex:
    """The settings, store and BM25 index of one benchmark corpus, and how ingesting it went."""

    settings: Settings
    store: ChromaStore
    sparse: BM25Index
    report: IngestReport


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
) -> BenchIndex:
    """Write the corpus under ``work_dir/NAME/corpus`` and ingest it (pruning what is gone);
    a second run with the same documents embeds nothing.

    Raises:
        InputError: A document could not be ingested.
    """
    local = bench_settings(settings, name)
    folder = local.store.data_dir / "corpus"
    write_corpus(documents, folder)
    store = make_store(local)
    report = Ingestor(local, embedder, store).ingest([folder], prune=True, progress=progress)
    if report.errors:
        raise InputError(f"{name}: {len(report.errors)} documents failed: {report.errors[0].error}")
    return BenchIndex(local, store, sync_index(store, local.sparse_index_dir()), report)
