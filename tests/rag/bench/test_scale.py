from pathlib import Path

import numpy as np

from rag.bench.scale import disk_mib, recall_at, resident_mib, variant


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
