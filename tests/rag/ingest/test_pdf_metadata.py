"""What a PDF states about itself, read from its information dictionary, its XMP packet and its
first page; nothing guessed, and nothing a hostile file holds fails the document."""

import io

import pytest
from pypdf import PdfReader, PdfWriter

from rag.ingest.pdf_metadata import doi_in, is_title, pdf_metadata, split_authors
from tests.rag.ingest.pdfs import build_pdf

_RDF = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">%s</rdf:RDF>'
    b'</x:xmpmeta><?xpacket end="w"?>'
)
#: An XMP description as publishers write it: under a uuid, with PRISM 2.0 and an attribute.
_PUBLISHER_XMP = _RDF % (
    b'<rdf:Description rdf:about="uuid:6f1e" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/" '
    b'prism:doi="10.1016/S0140-6736(20)30183-5">'
    b'<dc:title><rdf:Alt><rdf:li xml:lang="de">Eine Studie</rdf:li>'
    b'<rdf:li xml:lang="x-default">Clinical features of patients infected with 2019 novel '
    b"coronavirus in Wuhan, China</rdf:li></rdf:Alt></dc:title>"
    b"<dc:creator><rdf:Seq><rdf:li>Chaolin Huang</rdf:li><rdf:li>Yeming Wang</rdf:li>"
    b"<rdf:li>Microsoft Office User</rdf:li></rdf:Seq></dc:creator>"
    b"<prism:publicationName>The Lancet</prism:publicationName>"
    b"<prism:coverDate>2020-02-15</prism:coverDate>"
    b"</rdf:Description>"
)


def _reader(info: dict[str, str] | None = None, xmp: bytes | None = None) -> PdfReader:
    """A one-page PDF (pypdf writes ``/Producer pypdf``) with this metadata, read back."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    if info:
        writer.add_metadata(info)
    if xmp is not None:
        writer.xmp_metadata = xmp
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _with_trailer_entry(entry: bytes, objects: list[bytes]) -> PdfReader:
    """A PDF built from ``objects`` (a catalog, pages and page first) whose trailer also holds
    ``entry`` (``/Info 5 0 R``)."""
    data = build_pdf(objects).replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + entry + b" >>")
    return PdfReader(io.BytesIO(data))


_PAGE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


def test_the_information_dictionary_states_title_authors_and_doi() -> None:
    reader = _reader(
        {
            "/Title": "Ziftomenib in Relapsed or Refractory NPM1-Mutated AML",
            "/Author": "Harry P. Erba, Amir T. Fathi and Eunice S. Wang",
            "/doi": "10.1200/JCO.24.02024",
            "/CreationDate": "D:20240101120000Z",
        }
    )
    meta = pdf_metadata(reader, "", "ziftomenib")
    assert meta.title == "Ziftomenib in Relapsed or Refractory NPM1-Mutated AML"
    assert meta.authors == ["Harry P. Erba", "Amir T. Fathi", "Eunice S. Wang"]
    assert meta.identifiers == ["doi:10.1200/JCO.24.02024"]
    assert meta.doi == "10.1200/JCO.24.02024"
    assert meta.year is None, "the creation date is not the publication year"
    assert meta.source == ""


def test_xmp_under_any_description_states_every_field() -> None:
    meta = pdf_metadata(_reader({"/Title": "untitled"}, _PUBLISHER_XMP), "", "huang-2020")
    assert meta.title.startswith("Clinical features of patients"), "the x-default title"
    assert meta.authors == ["Chaolin Huang", "Yeming Wang"], "an account name is no author"
    assert meta.source == "The Lancet"
    assert meta.year == 2020
    assert meta.doi == "10.1016/S0140-6736(20)30183-5"


def test_an_elsevier_subject_states_journal_year_and_doi() -> None:
    subject = "The Lancet, 395 (2020) 497-506. doi:10.1016/S0140-6736(20)30183-5"
    meta = pdf_metadata(_reader({"/Subject": subject}), "", "huang")
    assert (meta.source, meta.year, meta.doi) == (
        "The Lancet",
        2020,
        "10.1016/S0140-6736(20)30183-5",
    )


def test_a_subject_that_is_an_abstract_states_nothing() -> None:
    subject = "We compared two regimens, 10 (2019) patients responded; see 10.1000/other."
    meta = pdf_metadata(_reader({"/Subject": subject}), "", "abstract")
    assert (meta.source, meta.year, meta.identifiers) == ("", None, [])


@pytest.mark.parametrize(
    "title",
    [
        "Microsoft Word - NEJMoa2214171.doc",
        "paper.docx",
        "C:\\My Papers\\trial v2.docx",
        "untitled",
        "Untitled-3",
        "PII: S0140-6736(20)30183-5",
        "1-s2.0-S0140673620301835-main",
        "pypdf",  # the producer pypdf writes
        "trial-report",  # the document id, i.e. the file's name
        "Document1",
    ],
)
def test_titles_that_name_a_file_or_program_are_left_empty(title: str) -> None:
    assert pdf_metadata(_reader({"/Title": title}), "", "trial-report").title == ""


def test_a_title_of_one_word_can_still_be_a_title() -> None:
    assert is_title("Leukemia", "doc", set())
    assert not is_title("manuscript_v3", "doc", set())


def test_the_first_page_states_a_labelled_doi_and_a_publication_date() -> None:
    page = (
        "ORIGINAL ARTICLE\nBlinatumomab Added to Chemotherapy in Infant Lymphoblastic Leukemia\n"
        "The guidelines published 12 March 2019 recommend ...\n"
        "This article was published on March 9, 2023, at NEJM.org.\n"
        "N Engl J Med 2023;388:1572-81. DOI: 10.1056/NEJMoa2214171.\n"
        "See also 10.1056/NEJMoa1111111."
    )
    meta = pdf_metadata(_reader(), page, "blina")
    assert meta.doi == "10.1056/NEJMoa2214171"
    assert meta.year == 2023
    assert meta.title == "" and meta.authors == [], "titles are not guessed from the page"


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("Received: 2 May 2022 / Accepted: 3 Jan 2023 / Published online: 9 Feb 2023", 2023),
        ("Publication date: 2021-06-30", 2021),
        ("Epub 2020 Mar 9.", 2020),
        ("Published: 2019", 2019),
        ("Copyright © 2018 Elsevier", None),
        ("Results published in 2017 showed", None),
        ("Published 2016 guidelines", None),
    ],
)
def test_only_an_explicit_publication_date_gives_the_year(line: str, year: int | None) -> None:
    assert pdf_metadata(_reader(), line, "doc").year == year


def test_a_file_that_states_nothing_gets_its_id_alone() -> None:
    meta = pdf_metadata(_reader({"/CreationDate": "D:20240101"}), "Some text.", "bare")
    assert meta.model_dump() == {
        "doc_id": "bare",
        "title": "",
        "source": "",
        "year": None,
        "authors": [],
        "identifiers": [],
    }


def test_doi_forms_and_ambiguity() -> None:
    assert doi_in("(https://doi.org/10.1016/S0140-6736(20)30183-5).") == (
        "10.1016/S0140-6736(20)30183-5"
    )
    assert doi_in("doi:10.1056/NEJMoa2214171;") == "10.1056/NEJMoa2214171"
    assert doi_in("cited as 10.1000/abc, and nothing else") == "10.1000/abc"
    assert doi_in("two bare ones: 10.1000/abc and 10.1000/def") == "", "not guessed"
    assert doi_in("10.1000/abc", labelled_only=True) == ""


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Lee, Ann", ["Lee, Ann"]),
        ("Ann Lee, Bo Chen and Cy Park", ["Ann Lee", "Bo Chen", "Cy Park"]),
        ("Lee A; Chen B;", ["Lee A", "Chen B"]),
        ("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
    ],
)
def test_an_author_string_is_split_only_where_every_part_is_a_name(
    value: str, names: list[str]
) -> None:
    assert split_authors(value) == names


def test_a_malformed_information_entry_is_skipped() -> None:
    info = b"<< /Title (A Trial of Something) /Author 99 0 R /doi <FEFF> /Keywords [1 2] >>"
    reader = _with_trailer_entry(b"/Info 4 0 R", [*_PAGE, info])
    meta = pdf_metadata(reader, "", "doc")
    assert meta.title == "A Trial of Something"
    assert meta.authors == [] and meta.identifiers == []


def test_an_information_dictionary_that_is_not_one_is_skipped() -> None:
    reader = _with_trailer_entry(b"/Info 4 0 R", [*_PAGE, b"42"])
    assert pdf_metadata(reader, "DOI: 10.1000/xyz", "doc").doi == "10.1000/xyz"


@pytest.mark.parametrize(
    "packet",
    [
        b"<not xml",
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        _RDF % b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>',
    ],
)
def test_a_malformed_xmp_packet_is_skipped(packet: bytes) -> None:
    meta = pdf_metadata(_reader({"/Title": "A Trial of Something"}, packet), "", "doc")
    assert meta.title == "A Trial of Something"


def test_overlong_and_control_character_values_are_cleaned_or_dropped() -> None:
    reader = _reader({"/Title": "A\x00 Trial\n of\u00ad Something", "/Author": "x " * 5000})
    meta = pdf_metadata(reader, "", "doc")
    assert meta.title == "A Trial of Something"
    assert meta.authors == []
