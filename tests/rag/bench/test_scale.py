from pathlib import Path

import numpy as np

from rag.bench.scale import NOISE, CachedEmbedder, disk_mib, perturbed, recall_at, resident_mib
from tests.stand_ins import HashingEmbedder


def test_perturbed_vectors_stay_unit_and_close() -> None:
    rng = np.random.default_rng(0)
    vector = np.ones(384) / np.sqrt(384)
    moved = perturbed(vector, rng)
    assert abs(np.linalg.norm(moved) - 1.0) < 1e-9
    assert 0.9 < float(moved @ vector) < 1.0
    assert not np.allclose(moved, vector, atol=NOISE / 100)


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
