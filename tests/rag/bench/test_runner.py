"""`citeqa bench` end to end on a tiny BEIR-format collection: real ingestion, real models."""

import tomllib
from pathlib import Path

import pytest

from rag.bench.runner import BENCHMARKS, run_bench
from rag.errors import DocumentNotFoundError, InputError
from rag.settings import BenchSettings, EvalSettings, Settings, StoreSettings
from tests.conftest import ROOT, write_tiny_scifact


@pytest.mark.slow
@pytest.mark.integration
def test_scifact_runs_on_any_beir_folder(tmp_path: Path) -> None:
    write_tiny_scifact(tmp_path / "data" / "scifact")
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path / "store"),
        bench=BenchSettings(data_dir=tmp_path / "data", work_dir=tmp_path / "work"),
        evaluation=EvalSettings(reports_dir=tmp_path / "reports"),
    )
    result, paths = run_bench(settings, "scifact", quick=False, progress=False)
    assert result.metrics["hybrid_ndcg_at_10"] == 1.0
    assert result.metrics["chunks"] >= 3
    assert [p.suffix for p in paths] == [".json", ".md"]
    assert "SciFact test split" in paths[1].read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.integration
def test_unknown_benchmark_and_missing_data(tmp_path: Path) -> None:
    settings = Settings(bench=BenchSettings(data_dir=tmp_path, work_dir=tmp_path / "work"))
    with pytest.raises(InputError, match="unknown benchmark"):
        run_bench(settings, "msmarco", quick=True, progress=False)
    with pytest.raises(DocumentNotFoundError, match="corpus.jsonl"):
        run_bench(settings, "scifact", quick=False, progress=False)
    no_floors = BenchSettings(data_dir=tmp_path, floors_path=tmp_path / "floors.toml")
    with pytest.raises(DocumentNotFoundError, match="no such floors file"):
        run_bench(Settings(bench=no_floors), "scifact", quick=False, progress=False)


def test_floors_file_names_only_benchmarks_variants_and_numeric_bounds() -> None:
    floors = tomllib.loads((ROOT / BenchSettings().floors_path).read_text(encoding="utf-8"))
    assert {"scifact", "covid-qa", "pubmedqa"} <= set(floors) <= set(BENCHMARKS)
    assert floors["scifact"]["full"]["min"]["hybrid_ndcg_at_10"] >= 0.68
    for variants in floors.values():
        assert set(variants) <= {"quick", "full"}
        for kinds in variants.values():
            assert set(kinds) <= {"min", "max"}
            for bounds in kinds.values():
                assert all(type(bound) in (int, float) for bound in bounds.values())
