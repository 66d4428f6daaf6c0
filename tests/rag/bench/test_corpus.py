import json
from pathlib import Path

from rag.bench.corpus import bench_settings, write_corpus
from rag.settings import Settings


def test_write_corpus_keeps_unchanged_files_and_drops_others(tmp_path: Path) -> None:
    assert write_corpus([("a", "Title", "Text."), ("b", "", "More.")], tmp_path) == 2
    assert (tmp_path / "a.txt").read_text() == "Title\n\nText.\n"
    before = (tmp_path / "a.txt").stat().st_mtime_ns
    write_corpus([("a", "Title", "Text.")], tmp_path)
    assert (tmp_path / "a.txt").stat().st_mtime_ns == before
    assert not (tmp_path / "b.txt").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest == {"documents": [{"doc_id": "a", "title": "Title"}]}


def test_bench_settings_move_the_store_only() -> None:
    settings = Settings()
    local = bench_settings(settings, "scifact")
    assert local.store.data_dir == settings.bench.work_dir / "scifact"
    assert local.collection_name() == settings.collection_name()
