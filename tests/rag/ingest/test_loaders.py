from pathlib import Path

import pytest

from rag.errors import DocumentLoadError, DocumentNotFoundError
from rag.ids import content_hash
from rag.ingest.loaders import discover, doc_id_for, load_file
from tests.rag.ingest.pdfs import make_pdf, paged_pdf


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "My Paper (2024).txt"
    path.write_text("\ufeffHello.\n", encoding="utf-8")
    raw = load_file(path)
    assert raw.doc_id == "My-Paper-2024-" + content_hash("My Paper (2024)")[:8]
    assert raw.text == "Hello.\n"


def test_markdown_headings_and_syntax(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Results\n\nThe **CR rate** was [35%](http://x).\n```\ncode\n```\n")
    raw = load_file(path)
    assert raw.headings == frozenset({"Results"})
    assert "The CR rate was 35%." in raw.text
    assert "**" not in raw.text and "http" not in raw.text and "```" not in raw.text


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "trial.pdf"
    path.write_bytes(make_pdf(["Results", "The CR rate was 35 percent."]))
    raw = load_file(path)
    assert "The CR rate was 35 percent." in raw.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\x00\x01\x02abc", "binary"),
        ("latin1.txt", "Müller".encode("latin-1"), "not valid UTF-8"),
        ("empty.txt", b"  \n\n", "no text"),
        ("image.png", b"\x89PNG", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, name: str, content: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentLoadError, match=message):
        load_file(path)


def test_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError):
        load_file(tmp_path / "nope.txt")
    with pytest.raises(DocumentNotFoundError):
        discover([tmp_path / "nope"])


def test_discover_expands_directories_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("a")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("c")
    (tmp_path / "manifest.json").write_text("{}")
    assert discover([tmp_path]) == [tmp_path / "b.txt", tmp_path / "sub" / "a.md"]


def test_doc_id_needs_usable_characters() -> None:
    with pytest.raises(DocumentLoadError):
        doc_id_for(Path("---.txt"))


def test_pdf_text_is_kept_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "trial.pdf"
    path.write_bytes(paged_pdf([["Results", "The CR rate was 35 percent."], [], ["Page three."]]))
    raw = load_file(path)
    assert [page.strip() for page in raw.pages] == [
        "Results\nThe CR rate was 35 percent.",
        "",
        "Page three.",
    ]
    assert raw.text == "\n\n".join(raw.pages)


def test_text_files_have_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Hello.\n")
    assert load_file(path).pages == ()


def test_a_pdf_without_a_text_layer_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(paged_pdf([[], []]))
    with pytest.raises(DocumentLoadError, match=r"no text layer on any of its 2 page\(s\).*OCR"):
        load_file(path)
