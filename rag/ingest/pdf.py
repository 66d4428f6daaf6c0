"""Read a PDF's text page by page, within a document's budget.

Two libraries, each for what it does best (measured in ``docs/pdf.md``):

- **pypdf** opens the file and guards it: encryption, the declared and the true page count
  (checked before any page is read), and every content stream a page draws, decoded under pypdf's
  decompression limits, so a decompression bomb is refused before any text is extracted.
- **pypdfium2** (PDFium, the PDF engine of Chromium) extracts each page's text in reading order:
  on two-column journal pages it recovered 99.6% of the words in order, pypdf 97.5% (pypdf glues
  words of justified lines together), pdfminer.six 86% and pdfplumber 48%, at 30 ms a page
  against pypdf's 97.

PDFium marks a hyphen it found at a line end; it is written here as ``-`` and a line break, so
cleaning decides whether the word was hyphenated by the break. Latin ligatures (``ﬁ``, ``ﬂ``)
become their letters (ftfy). The lines at a page's bottom set in a smaller type than its text are
its footnotes (:func:`rag.ingest.layout.footnotes`), kept apart from the page's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any

from rag.errors import DocumentLoadError
from rag.ingest.layout import footnotes
from rag.ingest.limits import DocumentBudget

if TYPE_CHECKING:
    from pypdf import PdfReader

#: What PDFium puts where it found a hyphen at the end of a line.
_LINE_END_HYPHEN = "\ufffe"
#: Form XObjects drawn inside form XObjects are followed this deep.
_MAX_FORM_DEPTH = 8
#: Letters and digits of a line whose type sizes give the line's size.
_SIZE_SAMPLE = 12


@dataclass(frozen=True)
class PdfText:
    """A PDF's text page by page, each page's footnotes apart, and the pypdf reader (for the
    metadata)."""

    pages: list[str]
    footnotes: list[str]
    reader: PdfReader


def _decode_forms(resources: Any, depth: int, seen: set[int]) -> None:
    """Decode every form XObject in ``resources`` (and the forms they draw), under pypdf's
    limits; images are left alone, text extraction never decodes them."""
    if depth > _MAX_FORM_DEPTH or resources is None:
        return
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return
    for reference in xobjects.get_object().values():
        form = reference.get_object()
        if form.get("/Subtype") != "/Form" or id(form) in seen:
            continue
        seen.add(id(form))
        form.get_data()
        _decode_forms(form.get("/Resources"), depth + 1, seen)


def _guard(reader: PdfReader, budget: DocumentBudget) -> None:
    """Check the page counts, then decode what every page draws (raises on a bomb)."""
    from pypdf.generic import DictionaryObject  # noqa: PLC0415 - only PDF ingestion pays for it

    if reader.is_encrypted:
        raise DocumentLoadError(f"{budget.path}: encrypted PDF")
    tree = reader.root_object.get("/Pages")
    tree = tree.get_object() if tree is not None else None
    declared = tree.get("/Count") if isinstance(tree, DictionaryObject) else None
    budget.check_pages(declared if isinstance(declared, int) else 0)
    budget.check_pages(len(reader.pages))
    for page in reader.pages:
        budget.check_time()
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
        _decode_forms(page.get("/Resources"), 0, set())


def _page_text(raw: str) -> str:
    from ftfy.fixes import fix_latin_ligatures  # noqa: PLC0415

    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return fix_latin_ligatures(text.replace(_LINE_END_HYPHEN, "-\n"))


def _line_sizes(textpage: Any, raw: str) -> tuple[list[str], list[float]]:
    """The page's lines (as PDFium ends them) and each one's type size: the median size of its
    first letters and digits (0 for a line without any)."""
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415

    lines = raw.split("\r\n")
    sizes = []
    offset = 0
    for line in lines:
        chars = [offset + i for i, c in enumerate(line) if c.isalnum()][:_SIZE_SAMPLE]
        found = [pdfium_c.FPDFText_GetFontSize(textpage.raw, index) for index in chars]
        sizes.append(float(median(found)) if found else 0.0)
        offset += len(line) + 2
    return lines, sizes


def _split_footnotes(textpage: Any) -> tuple[str, str]:
    """A page's text and its footnotes, each repaired for cleaning (:func:`_page_text`)."""
    raw = textpage.get_text_range()
    lines, sizes = _line_sizes(textpage, raw)
    start, end = footnotes(lines, sizes)
    if start == end:
        return _page_text(raw), ""
    body = "\r\n".join(lines[:start] + lines[end:])
    return _page_text(body), _page_text("\r\n".join(lines[start:end]))


def _extract(path: Path, budget: DocumentBudget, count: int) -> tuple[list[str], list[str]]:
    """Each page's text and footnotes, through PDFium, within the budget."""
    import pypdfium2  # noqa: PLC0415

    pages: list[str] = []
    notes: list[str] = []
    chars = 0
    document = pypdfium2.PdfDocument(path)
    try:
        if len(document) != count:
            raise DocumentLoadError(
                f"{path}: unreadable PDF (PDFium sees {len(document)} pages, pypdf {count})"
            )
        for index in range(count):
            budget.check_time()
            page = document[index]
            textpage = page.get_textpage()
            try:
                text, note = _split_footnotes(textpage)
            finally:
                textpage.close()
                page.close()
            chars += len(text) + len(note)
            budget.check_chars(chars)
            pages.append(text)
            notes.append(note)
    finally:
        document.close()
    return pages, notes


def read_pdf(path: Path, budget: DocumentBudget) -> PdfText:
    """The PDF's text and footnotes, page by page, and its pypdf reader.

    Raises:
        DocumentTooLargeError: Over ``ingest.max_pages`` or ``ingest.max_chars``.
        DocumentLoadError: Encrypted, unreadable (pypdf's or PDFium's error, a decompression
            limit), over ``ingest.max_seconds``, or without a text layer on any page.
    """
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        reader = PdfReader(path)
        _guard(reader, budget)
        pages, notes = _extract(path, budget, len(reader.pages))
    except DocumentLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser of untrusted files may raise anything
        reason = str(exc) or type(exc).__name__
        raise DocumentLoadError(f"{path}: unreadable PDF ({reason})") from exc
    if pages and not any(
        page.strip() or note.strip() for page, note in zip(pages, notes, strict=True)
    ):
        raise DocumentLoadError(
            f"{path}: no text layer on any of its {len(pages)} page(s), as in a scanned PDF; "
            "OCR is not installed, so it cannot be read"
        )
    return PdfText(pages, notes, reader)
