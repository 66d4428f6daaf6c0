"""Vector reuse with the real embedding model and the real seeded Chroma store."""

import pytest

from rag.bench.cache import ReusingEmbedder, stored_vectors

pytestmark = pytest.mark.slow


def test_stored_vectors_map_every_chunk_text(seeded) -> None:
    _, store = seeded
    known = stored_vectors([store])
    records = store.records()
    assert len(known) == len({chunk.text for chunk, _ in records})
    chunk = records[0][0]
    assert known[chunk.text] == store.embeddings([chunk.id])[chunk.id]


def test_reusing_embedder_encodes_only_what_is_new(embedder) -> None:
    marker = [0.5] * 384
    reusing = ReusingEmbedder(embedder, {"already seen": marker})
    first, second = reusing.embed_documents(["already seen", "menin inhibitors"])
    assert first == marker
    assert second == pytest.approx(embedder.embed_documents(["menin inhibitors"])[0], abs=1e-5)
    assert reusing.reused == 1
    reusing.embed_documents(["menin inhibitors"])
    assert reusing.reused == 2
    assert reusing.embed_query("x") == pytest.approx(embedder.embed_query("x"), abs=1e-5)
    assert reusing.model_id == embedder.model_id
