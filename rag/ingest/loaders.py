"""Read files into raw text: plain text, Markdown and PDF. Parsing only, no cleaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import DocumentLoadError, DocumentNotFoundError
from rag.ids import document_id
from rag.ingest.limits import DocumentBudget
from rag.ingest.pdf import read_pdf
from rag.ingest.pdf_metadata import pdf_metadata
from rag.settings import IngestSettings
from rag.types import DocumentMeta

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".pdf"})
_BINARY_SNIFF_BYTES = 8192
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
#: Link texts, targets and emphasised spans are bounded, so that a line of openers that never close
#: costs time linear in its length.
_MD_LINK = re.compile(r"!?\[([^\]]{0,300})\]\([^)]{0,500}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class RawDocument:
    """A file's text as extracted, before cleaning.

    ``pages`` holds a paged file's text page by page (``text`` is then the pages joined by blank
    lines) and ``footnotes`` each page's footnotes; both are empty for files without pages.
    """

    doc_id: str
    path: Path
    text: str
    headings: frozenset[str] = field(default_factory=frozenset)
    pages: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    #: The bibliographic metadata the file itself states (a PDF's), if it states any.
    found: DocumentMeta | None = None


def doc_id_for(path: Path) -> str:
    """The document id of a file: its stem when that is a safe id, else a safe form of it with a
    hash of the stem (see :func:`rag.ids.document_id`), so two names never share an id."""
    doc_id = document_id(path.stem)
    if doc_id is None:
        raise DocumentLoadError(f"{path}: cannot derive a document id from the file name")
    return doc_id


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise DocumentLoadError(f"{path}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentLoadError(
            f"{path}: not valid UTF-8 (byte {exc.start}); convert the file to UTF-8"
        ) from exc


def _markdown_to_text(markdown: str) -> tuple[str, frozenset[str]]:
    """Strip Markdown syntax; return the text and the heading lines it declared."""
    lines: list[str] = []
    headings: set[str] = set()
    for line in markdown.split("\n"):
        if _MD_FENCE.match(line):
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            title = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", heading.group(1))).strip()
            headings.add(title)
            lines.extend(["", title, ""])
            continue
        lines.append(_MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", line)))
    return "\n".join(lines), frozenset(headings)


def load_file(path: Path, budget: DocumentBudget | None = None) -> RawDocument:
    """Read one file within ``budget`` (the default ingest limits when None).

    Raises:
        DocumentNotFoundError: The path does not exist.
        DocumentTooLargeError: Over ``ingest.max_file_bytes``, ``max_pages`` or ``max_chars``.
        DocumentLoadError: Unsupported type, unreadable, binary, not UTF-8, empty, or over
            ``ingest.max_seconds``.
    """
    if not path.exists():
        raise DocumentNotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentLoadError(f"{path}: unsupported file type {suffix or '(none)'}")
    budget = budget or DocumentBudget(path, IngestSettings())
    headings: frozenset[str] = frozenset()
    pages: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    found: DocumentMeta | None = None
    try:
        budget.check_bytes(path.stat().st_size)
        if suffix == ".pdf":
            pdf = read_pdf(path, budget)
            pages, footnotes = tuple(pdf.pages), tuple(pdf.footnotes)
            found = pdf_metadata(pdf.reader, pages[0] if pages else "", doc_id_for(path))
            text = "\n\n".join(pages)
        else:
            text = _decode(path, path.read_bytes())
            budget.check_chars(len(text))
            if suffix in (".md", ".markdown"):
                text, headings = _markdown_to_text(text)
    except OSError as exc:
        raise DocumentLoadError(f"{path}: cannot read ({exc.strerror})") from exc
    if not text.strip():
        raise DocumentLoadError(f"{path}: no text")
    return RawDocument(
        doc_id=doc_id_for(path),
        path=path,
        text=text,
        headings=headings,
        pages=pages,
        footnotes=footnotes,
        found=found,
    )


def discover(paths: list[Path]) -> list[Path]:
    """Expand directories into the supported files below them, sorted; keep files as given.

    Raises:
        DocumentNotFoundError: A path does not exist.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise DocumentNotFoundError(f"{path}: no such file or directory")
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found
