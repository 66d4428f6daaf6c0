"""Bibliographic facts a PDF states about itself: title, authors, journal, year and DOI.

Read from the document information dictionary (``/Title``, ``/Author``, ``/Subject``,
``/Keywords``, a ``/doi`` key), the XMP packet (``dc:title``, ``dc:creator``, ``dc:identifier``,
``prism:publicationName``, ``prism:doi``, ``prism:coverDate``, ``prism:publicationDate``) and the
first page's text (a DOI, an explicit publication date). Nothing is guessed: a field the file does
not state stays empty. Values that name the file or the program that made it rather than the work
(``paper.docx``, ``Microsoft Word - x.doc``, ``untitled``, a producer string) are not titles, and
the file's creation date is not its publication year. Every field is read on its own: a malformed
or hostile one is skipped, never failing the document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING
from xml.dom.minidom import Attr, Element, Text

from rag.types import DocumentMeta

if TYPE_CHECKING:
    from pypdf import PdfReader

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
#: Every PRISM version (basic 1.2 to 3.0) shares this prefix.
_PRISM = "http://prismstandard.org/namespaces/"
_PDFX = "http://ns.adobe.com/pdfx/1.3/"
_CROSSMARK = "http://crossref.org/crossmark/1.0/"

_MAX_TITLE = 500
_MAX_NAME = 200
_MAX_AUTHORS = 100
_MAX_JOURNAL = 300
_MAX_INFO_KEYS = 200
_MAX_XMP_VALUES = 200
#: Years a publication can have (the upload form accepts the same range).
_YEARS = range(1000, 2101)

#: A DOI (the ``10.`` prefix, a registrant code, a suffix without spaces), as written in text.
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>{}\\|^`]{1,300})")
#: A DOI its text labels as one: ``doi:``, ``DOI 10.…``, ``https://doi.org/``, ``dx.doi.org/``.
_LABELLED_DOI = re.compile(
    r"(?:\bdoi\s*:?\s*|doi\.org/)(10\.\d{4,9}/[^\s\"'<>{}\\|^`]{1,300})", re.I
)
_TRAILING = ".,;:"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>1\d{3}|20\d{2}|2100)(?!\d)"
#: A day and month, or a month (and day), before a year: "9 March ", "March 9, ", "Mar ".
_DAY_MONTH = rf"(?:\d{{1,2}}\s+{_MONTH},?\s+|{_MONTH}\s+(?:\d{{1,2}},?\s+)?)"
#: A publication date as a first page states it: "Published: 9 March 2023", "Published online
#: March 9, 2023", "This article was published on March 9, 2023", "Publication date:
#: 2023-03-09", "Epub 2023 Mar 9"; a bare year only after a colon ("Published: 2023"). Labels are
#: matched with their capital (or in capitals), so that a sentence saying what was published
#: when ("the guidelines published 12 March 2019") is not read as the document's own date.
_PUBLISHED = re.compile(
    r"(?:\b(?:First\s+published|Published|PUBLISHED|Publication\s+date|Date\s+of\s+publication"
    r"|Epub)|\barticle\s+was\s+published)(?:\s+[Oo]nline)?(?:\s+on)?\s*"
    rf"(?:[:\-–]\s*{_DAY_MONTH}?|{_DAY_MONTH}|(?=\d{{4}}(?:-\d\d-\d\d|\s+{_MONTH})))" + _YEAR
)
_ISO_DATE = re.compile(r"^\s*" + _YEAR + r"(?:-\d{2}(?:-\d{2})?)?(?:T|\s|$)")
#: An Elsevier-style citation, the whole of a ``/Subject``: "The Lancet, 395 (2020) 497-506.
#: doi:10.1016/…" (journal, volume, year, pages or article number, DOI).
_CITATION = re.compile(
    r"^(?P<journal>[A-Z][^,;()]{1,150}?),\s*(?:Vol\.?\s*)?\d{1,5}\s*\(" + _YEAR + r"\)"
    r"\s*[A-Za-z]?\d{1,9}(?:\s*[-–]\s*[A-Za-z]?\d{1,9})?\.?\s*"
    r"(?:doi:\s*|DOI:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+$"
)

#: Titles that name a program or a placeholder, not the work (compared case-insensitively).
_PLACEHOLDER_TITLES = frozenset(
    {
        "untitled", "no title", "title", "document", "manuscript", "article", "paper", "pdf",
        "print", "slide 1", "microsoft word", "microsoft powerpoint", "acrobat distiller",
        "adobe acrobat", "pdftex", "latex", "writer", "preview", "word", "quartz pdfcontext",
    }
)  # fmt: skip
#: A program's name before a file name, a placeholder, a publisher's item id, or a file name's
#: extension at the end (``C:\\My Papers\\trial.docx``).
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-|untitled\b|document\d*$|pii:\s*\S"
    r"|adobe\s|acrobat\s)|\.(?:docx?|pdf|rtf|odt|tex|dvi|ps|eps|indd|qxd|txt|pages|xml|html?"
    r"|pptx?|xlsx?)$",
    re.IGNORECASE,
)
#: Names that are accounts or programs, not authors (compared case-insensitively).
_PLACEHOLDER_NAMES = frozenset(
    {
        "microsoft office user", "windows user", "administrator", "admin", "user", "owner",
        "unknown", "author", "anonymous", "(anonymous)", "default", "guest", "apple", "test",
    }
)  # fmt: skip


def _clean(value: object, limit: int) -> str:
    """``value`` as one line of printable text, or "" when it is not text or is too long."""
    if not isinstance(value, str):
        return ""
    text = "".join(
        "" if category == "Cf" else " " if category[0] in "CZ" else c
        for c, category in ((c, unicodedata.category(c)) for c in value)
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else ""


def _info_fields(reader: PdfReader) -> dict[str, str]:
    """The information dictionary's text values by lower-case key (``/title``), each one read
    on its own; values that are not text are left out."""
    try:
        info = reader.metadata
        keys = list(islice(info.keys(), _MAX_INFO_KEYS)) if info is not None else []
    except Exception:  # noqa: BLE001 - a parser of untrusted files may raise anything
        return {}
    fields: dict[str, str] = {}
    for key in keys:
        try:
            value = info[key] if info is not None else None
        except Exception:  # noqa: BLE001
            continue
        if isinstance(key, str) and isinstance(value, str):  # not a ByteStringObject
            fields.setdefault(key.lower(), str(value))
    return fields


def _text(element: Element) -> str:
    return "".join(node.data for node in element.childNodes if isinstance(node, Text))


def _xmp_values(root: Element, namespace: str, name: str) -> Iterator[str]:
    """Every value of the XMP property ``name`` in ``namespace`` (or a namespace starting with
    it), from every ``rdf:Description``: attributes, simple elements and the items of a
    ``rdf:Seq``, ``rdf:Bag`` or ``rdf:Alt`` (an Alt's ``x-default`` item first)."""
    for description in root.getElementsByTagNameNS(_RDF, "Description"):
        attributes = description.attributes
        for index in range(attributes.length):
            attribute = attributes.item(index)
            if (
                isinstance(attribute, Attr)
                and attribute.localName == name
                and (attribute.namespaceURI or "").startswith(namespace)
            ):
                yield attribute.value
        for child in description.childNodes:
            if (
                not isinstance(child, Element)
                or child.localName != name
                or not (child.namespaceURI or "").startswith(namespace)
            ):
                continue
            items = child.getElementsByTagNameNS(_RDF, "li")
            if not items:
                yield _text(child)
                continue
            ordered = sorted(items, key=lambda item: item.getAttribute("xml:lang") != "x-default")
            yield from (_text(item) for item in ordered)


def _xmp_fields(reader: PdfReader) -> dict[tuple[str, str], list[str]]:
    """The XMP properties this module reads, by (namespace, name), each one read on its own;
    empty without a readable packet."""
    try:
        root = getattr(reader.xmp_metadata, "rdf_root", None)
    except Exception:  # noqa: BLE001 - a parser of untrusted files may raise anything
        return {}
    if not isinstance(root, Element):
        return {}
    wanted = [
        (_DC, "title"), (_DC, "creator"), (_DC, "identifier"), (_PRISM, "publicationName"),
        (_PRISM, "doi"), (_PRISM, "coverDate"), (_PRISM, "publicationDate"), (_PDFX, "doi"),
        (_CROSSMARK, "DOI"),
    ]  # fmt: skip
    fields: dict[tuple[str, str], list[str]] = {}
    for namespace, name in wanted:
        try:
            fields[namespace, name] = list(
                islice(_xmp_values(root, namespace, name), _MAX_XMP_VALUES)
            )
        except Exception:  # noqa: BLE001, PERF203 - one malformed property skips only itself
            continue
    return fields


def _strip_doi(doi: str) -> str:
    """A DOI found in text, without the punctuation that ends its sentence or an unbalanced
    closing bracket (``(doi:10.1/x)``); its own brackets are kept (``S0140-6736(20)30183-5``)."""
    while doi and (
        doi[-1] in _TRAILING
        or (doi[-1] == ")" and doi.count(")") > doi.count("("))
        or (doi[-1] == "]" and doi.count("]") > doi.count("["))
    ):
        doi = doi[:-1]
    return doi


def doi_in(text: str, *, labelled_only: bool = False) -> str:
    """The DOI ``text`` states: the first one labelled as a DOI (``doi:``, ``https://doi.org/``),
    else the only bare ``10.…/…`` in it; "" when there is none, or several bare ones and no label
    says which is the document's own.

    Args:
        text: Text to look in.
        labelled_only: Accept only a labelled DOI.
    """
    labelled = _LABELLED_DOI.search(text)
    if labelled:
        return _strip_doi(labelled.group(1))
    if labelled_only:
        return ""
    bare = {_strip_doi(match.group(1)) for match in _DOI.finditer(text)}
    return bare.pop() if len(bare) == 1 else ""


def _year(text: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    year = int(match.group("year"))
    return year if year in _YEARS else None


def is_title(title: str, doc_id: str, programs: set[str]) -> bool:
    """Whether ``title`` names a work rather than its file or the program that made it.

    Args:
        title: A title as the file states it (one line).
        doc_id: The document's id (the file's name), which a title that names the file repeats.
        programs: The file's ``/Creator`` and ``/Producer`` values, in lower case.
    """
    folded = title.casefold().strip(" .-_")
    if len(folded) < 3 or not any(c.isalpha() for c in folded):
        return False
    if folded in _PLACEHOLDER_TITLES or folded in programs or folded == doc_id.casefold():
        return False
    if _JUNK_TITLE.search(title):
        return False
    # One token with a digit, underscore or dot is a file or record name ("1-s2.0-S01406736-main").
    return " " in folded or not re.search(r"[\d_.]", folded)


def is_name(name: str) -> bool:
    """Whether ``name`` can be a person or group that wrote the work, not an account or program."""
    folded = name.casefold()
    return (
        len(folded) >= 2
        and any(c.isalpha() for c in folded)
        and folded not in _PLACEHOLDER_NAMES
        and "@" not in folded
    )


def split_authors(value: str) -> list[str]:
    """The names in an ``/Author`` string: split at ``;``, else at commas and "and" when every
    part is a whole name ("Ann Lee, Bo Chen and Cy Park"); a single "Lee, Ann" stays one name."""
    if ";" in value:
        parts = value.split(";")
    else:
        parts = re.split(r",|\s+and\s+|\s*&\s*", value)
        if len(parts) > 1 and not all(" " in part.strip() for part in parts if part.strip()):
            parts = [value]
    return [part.strip() for part in parts if part.strip()]


def _authors(candidates: list[str]) -> list[str]:
    names: list[str] = []
    for candidate in candidates:
        name = _clean(candidate, _MAX_NAME)
        if name and is_name(name) and name not in names:
            names.append(name)
    return names[:_MAX_AUTHORS]


def pdf_metadata(reader: PdfReader, first_page_text: str, doc_id: str) -> DocumentMeta:
    """The bibliographic facts a PDF states about itself.

    Args:
        reader: The opened PDF.
        first_page_text: The text extracted from its first page ("" when it has none).
        doc_id: The document's id.

    Returns:
        The title (XMP ``dc:title``, else ``/Title``, when it names the work), the authors (XMP
        ``dc:creator``, else ``/Author``), the journal as ``source`` (``prism:publicationName``,
        else an Elsevier-style citation in ``/Subject``), the year (``prism:coverDate`` or
        ``prism:publicationDate``, that citation, else a publication date on the first page) and
        the DOI as the identifier ``doi:…`` (``/doi``, ``prism:doi``, ``pdfx:doi``,
        ``crossmark:DOI``, a DOI in ``dc:identifier``, ``/Subject`` or ``/Keywords``, else one on
        the first page). A field the file does not state is empty.
    """
    info = _info_fields(reader)
    xmp = _xmp_fields(reader)
    programs = {info.get(key, "").casefold().strip() for key in ("/creator", "/producer")}
    programs.discard("")

    titles = [*xmp.get((_DC, "title"), []), info.get("/title", "")]
    title = next(
        (t for t in (_clean(t, _MAX_TITLE) for t in titles) if t and is_title(t, doc_id, programs)),
        "",
    )

    creators = xmp.get((_DC, "creator"), [])
    authors = _authors(split_authors(creators[0]) if len(creators) == 1 else creators)
    if not authors:
        authors = _authors(split_authors(_clean(info.get("/author", ""), 4 * _MAX_NAME)))

    subject = _clean(info.get("/subject", ""), 2000)
    citation = _CITATION.search(subject)
    journals = [*xmp.get((_PRISM, "publicationName"), [])]
    if citation:
        journals.append(citation.group("journal"))
    source = next((j for j in (_clean(j, _MAX_JOURNAL) for j in journals) if j), "")

    years = [
        _year(value, _ISO_DATE)
        for key in ((_PRISM, "coverDate"), (_PRISM, "publicationDate"))
        for value in xmp.get(key, [])
    ]
    years += [int(citation.group("year")) if citation else None]
    years += [_year(first_page_text, _PUBLISHED)]
    year = next((y for y in years if y is not None and y in _YEARS), None)

    doi_fields = [
        *(v for k, v in info.items() if k in ("/doi", "/prism:doi")),
        *xmp.get((_PRISM, "doi"), []), *xmp.get((_PDFX, "doi"), []),
        *xmp.get((_CROSSMARK, "DOI"), []),
    ]  # fmt: skip
    dois = [doi_in(_clean(value, 400)) for value in doi_fields]
    dois += [doi_in(_clean(value, 400)) for value in xmp.get((_DC, "identifier"), [])]
    dois += [doi_in(subject, labelled_only=True), doi_in(_clean(info.get("/keywords", ""), 2000))]
    dois += [doi_in(first_page_text)]
    doi = next((d for d in dois if d), "")

    return DocumentMeta(
        doc_id=doc_id,
        title=title,
        source=source,
        year=year,
        authors=authors,
        identifiers=[f"doi:{doi}"] if doi else [],
    )
