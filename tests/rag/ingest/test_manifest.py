import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.ingest.manifest import load_manifest, merge_meta, record
from rag.types import DocumentMeta
from tests.conftest import SEED_IDS, SEEDS


def test_seed_manifest_covers_every_seed() -> None:
    assert sorted(load_manifest(SEEDS)) == SEED_IDS


def test_seed_manifest_states_only_facts_found_in_the_texts(seed_raw) -> None:
    for doc_id, meta in load_manifest(SEEDS).items():
        raw = seed_raw[doc_id]
        flat = re.sub(r"\s+", " ", raw)
        if meta.title:
            assert meta.title in flat, doc_id
        if meta.source:
            assert meta.source in flat, doc_id
        if meta.year is not None:
            assert str(meta.year) in raw, doc_id
        for author in meta.authors:
            assert author.split(" (")[0] in raw, (doc_id, author)
        for identifier in meta.identifiers:
            assert identifier.removeprefix("doi:") in raw, (doc_id, identifier)


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == {}


def test_invalid_manifest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"documents": [{"title": "no id"}]}')
    with pytest.raises(InputError, match="invalid manifest"):
        load_manifest(tmp_path)


FOUND = DocumentMeta(
    doc_id="trial",
    title="Title in the file",
    source="Blood",
    year=2021,
    authors=["Ann Lee"],
    identifiers=["doi:10.1000/file"],
)


def test_a_declared_field_overrides_the_file_and_an_empty_one_keeps_it() -> None:
    declared = DocumentMeta(doc_id="trial", title="Declared title", year=2022)
    merged = merge_meta(FOUND, declared, "trial")
    assert merged.title == "Declared title" and merged.year == 2022
    assert merged.source == "Blood" and merged.authors == ["Ann Lee"]
    assert merged.identifiers == ["doi:10.1000/file"]


def test_a_declared_doi_replaces_the_files_and_other_identifiers_join_it() -> None:
    replaced = merge_meta(FOUND, DocumentMeta(doc_id="trial", identifiers=["doi:10.1/x"]), "trial")
    assert replaced.identifiers == ["doi:10.1/x"] and replaced.doi == "10.1/x"
    joined = merge_meta(FOUND, DocumentMeta(doc_id="trial", identifiers=["NCT04401449"]), "trial")
    assert joined.identifiers == ["NCT04401449", "doi:10.1000/file"]


def test_without_file_metadata_the_declared_metadata_is_kept_byte_for_byte() -> None:
    """A text document's content hash covers its metadata's JSON: it must not change."""
    for declared in load_manifest(SEEDS).values():
        merged = merge_meta(None, declared, declared.doc_id)
        assert merged.model_dump_json() == declared.model_dump_json()
    assert merge_meta(None, None, "bare") == DocumentMeta(doc_id="bare")
    assert merge_meta(FOUND, None, "renamed") == FOUND.model_copy(update={"doc_id": "renamed"})


def test_record_sets_replaces_and_drops_an_entry(tmp_path: Path) -> None:
    record(tmp_path, "gone", None)
    assert not (tmp_path / "manifest.json").exists(), "nothing to record creates nothing"
    record(tmp_path, "b", DocumentMeta(doc_id="b", title="B"))
    record(tmp_path, "a", DocumentMeta(doc_id="a", year=2020))
    record(tmp_path, "b", DocumentMeta(doc_id="b", title="B2"))
    manifest = load_manifest(tmp_path)
    assert list(manifest) == ["a", "b"] and manifest["b"].title == "B2"
    record(tmp_path, "a", None)
    assert list(load_manifest(tmp_path)) == ["b"]
    record(tmp_path, "b", None)
    assert not (tmp_path / "manifest.json").exists()


def test_concurrent_records_lose_no_entry(tmp_path: Path) -> None:
    def add(number: int) -> None:
        record(tmp_path, f"d{number}", DocumentMeta(doc_id=f"d{number}", year=2000 + number))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(add, range(40)))
    assert sorted(load_manifest(tmp_path)) == sorted(f"d{n}" for n in range(40))
