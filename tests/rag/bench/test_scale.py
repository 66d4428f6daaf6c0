from pathlib import Path

import numpy as np

from rag.bench.scale import CachedEmbedder, disk_mib, recall_at, resident_mib, variant
from tests.stand_ins import HashingEmbedder


def test_a_copy_is_a_distinct_unit_vector_close_to_its_source() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    copies = [variant(vectors, 7, rng) for _ in range(20)]
    for copy in copies:
        assert abs(np.linalg.norm(copy) - 1.0) < 1e-9
        assert 0.75 < float(copy @ vectors[7]) < 0.999
    nearest = max(float(a @ b) for n, a in enumerate(copies) for b in copies[n + 1 :])
    assert nearest < 0.98  # not near-duplicates of each other


def test_memory_and_disk(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 2**20)
    assert disk_mib(tmp_path) == 1.0
    assert resident_mib() > 10


def test_recall_is_the_mean_share_of_the_exact_list_found() -> None:
    assert recall_at([["a", "b"], ["c", "x"]], [["a", "b"], ["c", "d"]]) == 0.75
    assert recall_at([], []) == 0.0


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
