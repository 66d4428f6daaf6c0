"""The LangChain-tutorial baseline with the real embedding model and a real Chroma."""

from pathlib import Path

import pytest
from langchain_core.documents import Document

from rag.bench.baseline import CHUNK_SIZE, TutorialRAG, ratio, span_recall

pytestmark = pytest.mark.slow


def test_span_recall_and_ratio() -> None:
    chunk = Document(page_content="x" * 100, metadata={"doc_id": "a", "start_index": 50})
    assert span_recall([chunk], "a", 60, 140)
    assert not span_recall([chunk], "a", 140, 160)
    assert not span_recall([chunk], "b", 60, 70)
    assert ratio(0.8, 0.4) == "2.00×" and ratio(1.0, 0.0) == "–"


def test_tutorial_pipeline_indexes_once_and_ranks(tmp_path: Path, embedder) -> None:
    long = "Ziftomenib is a menin inhibitor. " * 60
    docs = [("zif", long), ("other", "The capital of France is Paris.")]
    tutorial = TutorialRAG(embedder, tmp_path, "tutorial")
    stored = tutorial.index(docs, progress=False)
    assert stored > len(long) // CHUNK_SIZE
    assert tutorial.index(docs, progress=False) == stored  # already indexed
    assert tutorial.documents("Which drug inhibits menin?", 5)[0] == "zif"
    [best] = tutorial.search("Paris", 1)
    assert best.metadata["doc_id"] == "other" and best.metadata["start_index"] == 0
