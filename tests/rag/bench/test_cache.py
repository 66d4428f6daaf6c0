"""Vector reuse: the cache's logic with a stand-in embedder, and the lookup built from the real
seeded Chroma store."""

from pathlib import Path

import numpy as np
import pytest

from rag.bench.cache import CachedEmbedder, stored_vectors
from rag.ids import content_hash
from tests.stand_ins import HashingEmbedder


@pytest.mark.slow
def test_stored_vectors_map_every_chunk_text(seeded) -> None:
    _, store = seeded
    known = stored_vectors([store])
    records = store.records()
    assert len(known) == len({chunk.text for chunk, _ in records})
    chunk = records[0][0]
    assert known[content_hash(chunk.text)] == store.embeddings([chunk.id])[chunk.id]


def test_known_vectors_are_served_and_counted_and_only_the_rest_embedded() -> None:
    inner = HashingEmbedder()
    marker = [0.5] * inner.dimension
    reusing = CachedEmbedder(inner, {content_hash("already seen"): marker}, reuse=True)
    first, second = reusing.embed_documents(["already seen", "menin inhibitors"])
    assert first == marker
    assert second == HashingEmbedder().embed_query("menin inhibitors")
    assert reusing.reused == 1 and inner.calls == 1
    reusing.embed_documents(["menin inhibitors"])
    assert reusing.reused == 2 and inner.calls == 1


def test_a_cached_embedder_reuses_vectors_once_told_to() -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(inner)
    first = cached.embed_documents(["a b", "c d", "a b"])
    cached.embed_documents(["c d"])  # timed through it: embedded again
    assert inner.calls == 2
    cached.reuse = True
    again = cached.embed_documents(["c d", "e f"])
    assert inner.calls == 3 and first[0] == first[2] and again[0] == first[1]
    assert cached.model_id == inner.model_id and cached.embed_query("a b") == first[0]


def test_a_cached_embedders_vectors_survive_a_save_and_load(tmp_path: Path) -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(inner)
    first = cached.embed_documents(["a b", "c d"])
    path = tmp_path / "vectors" / "model.npz"
    cached.save(path)
    assert [p.name for p in path.parent.iterdir()] == ["model.npz"]
    later = CachedEmbedder(inner)
    assert later.load(path) == 2 and later.load(tmp_path / "absent.npz") == 0
    later.reuse = True
    again = later.embed_documents(["c d", "a b"])
    assert inner.calls == 1
    assert np.allclose(again, [first[1], first[0]])


def test_token_vectors_are_reused_like_vectors_and_queries_never() -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(inner, {content_hash("known by its vector"): [0.5] * 64})
    cached.reuse = True
    first = cached.embed_with_tokens(["known by its vector", "a b"])
    assert inner.calls == 1 and cached.reused == 0  # a vector alone has no tokens to serve
    again = cached.embed_with_tokens(["a b", "known by its vector"])
    assert inner.calls == 1 and cached.reused == 2
    assert np.array_equal(again[0].tokens, first[1].tokens) and again[0].tokens.dtype == np.float32
    assert cached.embed_documents(["a b"]) == [first[1].vector]  # its vector is known now
    cached.embed_with_tokens(["a b"], query=True)
    assert cached.reused == 3  # the query was embedded, not served
