from pathlib import Path

import numpy as np

from rag.bench.scale import NOISE, disk_mib, perturbed, resident_mib


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
