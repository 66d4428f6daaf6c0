import re
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.ingest.manifest import load_manifest
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
