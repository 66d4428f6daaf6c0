"""Bounded work per document: bytes, pages, characters and time, and pypdf's own limit errors."""

from pathlib import Path

import pypdfium2
import pytest
from pypdf import PageObject
from pypdf.errors import LimitReachedError

from rag.errors import DocumentLoadError, DocumentTooLargeError
from rag.ingest.limits import DocumentBudget
from rag.ingest.loaders import load_file
from rag.ingest.pipeline import load_documents
from rag.settings import IngestSettings
from tests.rag.ingest.pdfs import flate_bomb_pdf, many_pages_pdf


def _load(path: Path, **limits: object) -> None:
    load_file(path, DocumentBudget(path, IngestSettings.model_validate(limits)))


def test_a_flate_bomb_is_an_unreadable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(flate_bomb_pdf())
    assert path.stat().st_size < 250_000
    with pytest.raises(DocumentLoadError, match="unreadable PDF.*[Ll]imit"):
        load_file(path)


def test_a_folder_with_a_bomb_ingests_the_other_files(tmp_path: Path) -> None:
    (tmp_path / "bomb.pdf").write_bytes(flate_bomb_pdf())
    (tmp_path / "good.txt").write_text("A trial of a drug.\n\nThe response rate was 35%.\n")
    documents, errors = load_documents([tmp_path])
    assert [d.doc_id for d in documents] == ["good"]
    assert [(Path(e.path).name, e.doc_id, e.too_large) for e in errors] == [
        ("bomb.pdf", "bomb", False)
    ]


def test_any_pypdf_error_is_an_unreadable_pdf(tmp_path: Path, monkeypatch) -> None:
    def fail(*_: object, **__: object) -> str:
        raise LimitReachedError("Limit reached while decompressing.")

    monkeypatch.setattr(PageObject, "get_contents", fail)
    path = tmp_path / "limited.pdf"
    path.write_bytes(many_pages_pdf(1, 1))
    with pytest.raises(DocumentLoadError, match="unreadable PDF.*Limit reached"):
        load_file(path)


def test_any_pdfium_error_is_an_unreadable_pdf(tmp_path: Path, monkeypatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", fail)
    path = tmp_path / "odd.pdf"
    path.write_bytes(many_pages_pdf(1, 1))
    with pytest.raises(DocumentLoadError, match="unreadable PDF.*Data format error"):
        load_file(path)


def test_a_bomb_in_a_form_xobject_is_refused_before_any_text_is_read(
    tmp_path: Path, monkeypatch
) -> None:
    extracted: list[object] = []
    monkeypatch.setattr(pypdfium2, "PdfDocument", lambda *a, **_: extracted.append(a))
    path = tmp_path / "form-bomb.pdf"
    path.write_bytes(flate_bomb_pdf(in_form=True))
    with pytest.raises(DocumentLoadError, match="unreadable PDF.*[Ll]imit"):
        load_file(path)
    assert extracted == []


def test_declared_pages_are_capped_before_any_page_is_read(tmp_path: Path, monkeypatch) -> None:
    extracted: list[object] = []
    monkeypatch.setattr(PageObject, "get_contents", lambda page, *_, **__: extracted.append(page))
    path = tmp_path / "cheap-pages.pdf"
    path.write_bytes(many_pages_pdf(declared=150_000, actual=3))
    with pytest.raises(DocumentTooLargeError, match=r"150000 pages.*ingest\.max_pages \(2000\)"):
        load_file(path)
    path.write_bytes(many_pages_pdf(declared=1, actual=30))
    with pytest.raises(DocumentTooLargeError, match=r"30 pages.*ingest\.max_pages \(10\)"):
        _load(path, max_pages=10)
    assert extracted == []


def test_bytes_and_characters_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 1000)
    with pytest.raises(DocumentTooLargeError, match=r"5000 bytes.*ingest\.max_file_bytes \(4096\)"):
        _load(path, max_file_bytes=4096)
    with pytest.raises(DocumentTooLargeError, match=r"ingest\.max_chars"):
        _load(path, max_chars=4000)
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(many_pages_pdf(declared=200, actual=200))
    with pytest.raises(DocumentTooLargeError, match=r"ingest\.max_chars"):
        _load(pdf, max_chars=1000)


def test_cleaning_time_is_capped(tmp_path: Path) -> None:
    (tmp_path / "slow.txt").write_text("A sentence of text.\n" * 100)
    documents, errors = load_documents([tmp_path], IngestSettings(max_seconds=1e-9))
    assert documents == []
    assert len(errors) == 1 and "ingest.max_seconds" in errors[0].error
    assert not errors[0].too_large
