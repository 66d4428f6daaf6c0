import math
import os
from pathlib import Path

import numpy as np
import pytest

from rag.answering.features import token_match
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


def test_token_vectors_come_with_the_same_vector_from_one_pass(
    embedder: SentenceTransformerEmbedder,
) -> None:
    texts = ["Ziftomenib reached a CR rate of 35%.", "The weather was sunny in Rome."]
    embedded = embedder.embed_with_tokens(texts)
    assert [e.vector for e in embedded] == embedder.embed_documents(texts)
    assert [e.vector for e in embedder.embed_with_tokens(texts[:1], query=True)] == (
        embedder.embed_queries(texts[:1])
    )
    for text, item in zip(texts, embedded, strict=True):
        pieces = embedder.tokenizer.tokenize(text)  # the special tokens are left out
        assert item.tokens.shape == (len(pieces), 384) and item.tokens.dtype == np.float32
        assert np.allclose(np.linalg.norm(item.tokens, axis=1), 1.0, atol=1e-5)


def test_token_match_favours_the_sentence_that_answers(
    embedder: SentenceTransformerEmbedder,
) -> None:
    question, answer, background = embedder.embed_with_tokens(
        [
            "How many patients were enrolled in the trial?",
            "The trial enrolled 83 patients with relapsed AML.",
            "Menin inhibitors block a protein interaction that drives leukemia.",
        ]
    )
    assert (
        token_match(question.tokens, answer.tokens)
        > token_match(question.tokens, background.tokens) + 0.1
    )


def test_empty_batch_and_bad_path(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    assert embedder.embed_documents([]) == []
    assert embedder.embed_queries([]) == []
    assert embedder.embed_with_tokens([]) == []
    with pytest.raises(ConfigurationError, match="not a sentence-transformers model"):
        SentenceTransformerEmbedder(tmp_path, "nothing")
