"""GET /v1/references on a real embedded corpus with a hashing embedder (fast): BibTeX or RIS as a
file to save, chosen by ``format`` or the Accept header, for all or the named documents."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.assemble import open_corpus
from rag.corpus import Corpus
from rag.settings import Settings, StoreSettings
from service.app import create_app
from service.metrics import Metrics
from service.routes.references import accepted_format
from tests.stand_ins import HashingEmbedder

TEXT = "A trial of a drug in {name}.\n\nThe response rate was 35% in the {name} trial.\n"
MANIFEST = {
    "documents": [
        {
            "doc_id": "komet",
            "title": "Ziftomenib in NPM1-mutant AML & more",
            "source": "J Clin Oncol",
            "year": 2025,
            "authors": ["Wang ES", "Erba HP"],
            "identifiers": ["doi:10.1200/JCO-24-02024"],
        }
    ]
}


@dataclass
class _Resources:
    settings: Settings
    corpus: Corpus
    metrics: Metrics = field(default_factory=Metrics)


def _client(settings: Settings, library: Path) -> TestClient:
    app = create_app(settings)
    corpus = open_corpus(settings, HashingEmbedder())
    corpus.ingest([library], progress=False)
    app.state.resources = _Resources(settings, corpus)
    return TestClient(app)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("komet", "plain"):
        (folder / f"{name}.txt").write_text(TEXT.format(name=name), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    return folder


@pytest.fixture
def client(tmp_path: Path, library: Path) -> Iterator[TestClient]:
    yield _client(Settings(store=StoreSettings(data_dir=tmp_path / "data")), library)


def test_every_stored_document_as_bibtex_by_default(client: TestClient) -> None:
    response = client.get("/v1/references")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename=citeqa-references.bib"
    body = response.text
    assert body.startswith("@article{wang2025,\n")
    assert r"title = {{Ziftomenib in NPM1-mutant AML \& more}}" in body
    assert "doi = {10.1200/JCO-24-02024}" in body
    assert "@misc{plain,\n  title = {{plain}},\n}\n" in body


def test_the_named_documents_as_ris(client: TestClient) -> None:
    response = client.get("/v1/references", params={"format": "ris", "doc_id": ["plain"]})
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/x-research-info-systems; charset=utf-8"
    )
    assert response.headers["content-disposition"].endswith("filename=citeqa-references.ris")
    assert response.text == "TY  - GEN\r\nID  - plain\r\nTI  - plain\r\nER  - \r\n"


def test_the_accept_header_chooses_when_no_format_is_given(client: TestClient) -> None:
    ris = client.get("/v1/references", headers={"Accept": "application/x-research-info-systems"})
    assert ris.text.startswith("TY  - JOUR\r\n") and ris.headers["vary"] == "Accept"
    both = "application/x-research-info-systems;q=0.5, application/x-bibtex"
    assert client.get("/v1/references", headers={"Accept": both}).text.startswith("@article")
    explicit = client.get(
        "/v1/references?format=bibtex",
        headers={"Accept": "application/x-research-info-systems"},
    )
    assert explicit.text.startswith("@article"), "format wins over Accept"


def test_an_unknown_document_is_a_404_naming_it(client: TestClient) -> None:
    response = client.get("/v1/references", params={"doc_id": ["plain", "nowhere"]})
    assert response.status_code == 404
    assert response.json()["error"] == {"type": "not_found", "message": "no document 'nowhere'"}


def test_an_unknown_format_is_a_422(client: TestClient) -> None:
    response = client.get("/v1/references", params={"format": "endnote"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "query.format: Input should be 'bibtex' or 'ris'"


def test_the_read_key_protects_it(tmp_path: Path, library: Path) -> None:
    settings = Settings(store=StoreSettings(data_dir=tmp_path / "data"), read_api_key="reader")
    client = _client(settings, library)
    assert client.get("/v1/references").status_code == 401
    allowed = client.get("/v1/references", headers={"Authorization": "Bearer reader"})
    assert allowed.status_code == 200


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        ("", None),
        ("*/*", None),
        ("text/html, application/x-bibtex;q=0.9", "bibtex"),
        ("application/x-bibtex;q=0.2, application/x-research-info-systems;q=0.8", "ris"),
        ("application/x-research-info-systems;q=0", None),
        ("application/x-research-info-systems;q=oops", None),
    ],
)
def test_accepted_format(accept: str, kind: str | None) -> None:
    assert accepted_format(accept) == kind
