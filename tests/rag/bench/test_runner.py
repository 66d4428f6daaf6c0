"""`citeqa bench` end to end on a tiny BEIR-format collection: real ingestion, real models."""

import json
from pathlib import Path

import pytest

from rag.bench.runner import run_bench
from rag.errors import DocumentNotFoundError, InputError
from rag.settings import BenchSettings, EvalSettings, Settings, StoreSettings

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def _tiny_scifact(folder: Path) -> None:
    (folder / "qrels").mkdir(parents=True)
    docs = {
        "1": ("Menin inhibitors", "Ziftomenib blocks the menin-KMT2A interaction in leukemia."),
        "2": ("Vitamin D", "Vitamin D supplementation did not reduce fractures in older adults."),
        "3": ("Influenza", "Oseltamivir shortened influenza symptoms by one day."),
    }
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": d, "title": t, "text": x}) + "\n" for d, (t, x) in docs.items())
    )
    queries = {"10": "Ziftomenib inhibits menin.", "11": "Vitamin D prevents fractures."}
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, t in queries.items())
    )
    for split, rows in (("train", "10\t1\t1\n"), ("test", "10\t1\t1\n11\t2\t1\n")):
        (folder / "qrels" / f"{split}.tsv").write_text("query-id\tcorpus-id\tscore\n" + rows)


def test_scifact_runs_on_any_beir_folder(tmp_path: Path) -> None:
    _tiny_scifact(tmp_path / "data" / "scifact")
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


def test_unknown_benchmark_and_missing_data(tmp_path: Path) -> None:
    settings = Settings(bench=BenchSettings(data_dir=tmp_path, work_dir=tmp_path / "work"))
    with pytest.raises(InputError, match="unknown benchmark"):
        run_bench(settings, "msmarco", quick=True, progress=False)
    with pytest.raises(DocumentNotFoundError, match="corpus.jsonl"):
        run_bench(settings, "scifact", quick=False, progress=False)
