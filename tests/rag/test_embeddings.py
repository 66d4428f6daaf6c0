import math
import os
from pathlib import Path

import pytest

from rag.embeddings import Embedder, SentenceTransformerEmbedder, default_model_path
from rag.errors import ConfigurationError

pytestmark = pytest.mark.slow


def test_shipped_model_loads_offline(embedder: SentenceTransformerEmbedder) -> None:
    assert isinstance(embedder, Embedder)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert default_model_path().is_dir()
    assert embedder.dimension == 384


def test_vectors_are_normalised_and_meaningful(embedder: SentenceTransformerEmbedder) -> None:
    docs = embedder.embed_documents(
        ["Complete remission was reached by 35% of patients.", "The weather was sunny in Rome."]
    )
    query = embedder.embed_query("What proportion of patients achieved complete remission?")
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-4) for v in docs)
    similarity = [sum(a * b for a, b in zip(query, d, strict=True)) for d in docs]
    assert similarity[0] > similarity[1] + 0.2


def test_queries_embedded_together_match_each_embedded_alone(
    embedder: SentenceTransformerEmbedder,
) -> None:
    queries = ["What CR rate did ziftomenib reach in NPM1-mutant AML?", "What CR rate did reach"]
    together = embedder.embed_queries(queries)
    for query, vector in zip(queries, together, strict=True):
        alone = embedder.embed_query(query)
        assert sum(a * b for a, b in zip(alone, vector, strict=True)) > 0.9999
    assert sum(a * b for a, b in zip(*together, strict=True)) < 0.99


def test_empty_batch_and_bad_path(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    assert embedder.embed_documents([]) == []
    assert embedder.embed_queries([]) == []
    with pytest.raises(ConfigurationError, match="not a sentence-transformers model"):
        SentenceTransformerEmbedder(tmp_path, "nothing")
