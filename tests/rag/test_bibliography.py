"""BibTeX and RIS from document metadata: what is stated and nothing else, keys unique and stable,
special characters escaped, every document exported."""

import re

import pytest

from rag.bibliography import (
    citation_keys,
    document_metas,
    references,
    to_bibtex,
    to_ris,
)
from rag.errors import DocumentNotFoundError
from rag.ingest.manifest import load_manifest
from rag.types import CleanDocument, DocumentMeta, DocumentSummary
from tests.conftest import SEEDS

BLINA = load_manifest(SEEDS)["blinatumomab-interfant-06"]
BARE = DocumentMeta(doc_id="lipo-mit-clag-rr-aml")


def _entries(bibtex: str) -> list[str]:
    return re.findall(r"^@\w+\{[^,]+,$", bibtex, re.MULTILINE)


def _braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_a_journal_article_carries_every_stated_field() -> None:
    bibtex = to_bibtex([BLINA])
    assert bibtex.startswith("@article{vandersluis2023,\n")
    assert "  title = {{Blinatumomab Added to Interfant-06 Chemotherapy “Safe" in bibtex
    assert "  author = {van der Sluis, IM and de Lorenzo, P and Kotecha, RS},\n" in bibtex
    assert "  journal = {N Engl J Med},\n  year = {2023},\n" in bibtex
    assert "  doi = {10.1056/NEJMoa2214171},\n" in bibtex
    assert "  url = {https://doi.org/10.1056/NEJMoa2214171},\n}\n" in bibtex


def test_a_document_without_metadata_is_a_misc_under_its_display_title() -> None:
    assert (
        to_bibtex([BARE]) == "@misc{lipo-mit-clag-rr-aml,\n  title = {{lipo-mit-clag-rr-aml}},\n}\n"
    )
    assert (
        to_ris([BARE])
        == "TY  - GEN\r\nID  - lipo-mit-clag-rr-aml\r\nTI  - lipo-mit-clag-rr-aml\r\nER  - \r\n"
    )


def test_missing_fields_are_left_out_never_invented() -> None:
    meta = DocumentMeta(doc_id="d", title="A title", authors=["Ann Lee"])
    bibtex, ris = to_bibtex([meta]), to_ris([meta])
    for absent in ("journal", "year", "doi", "url"):
        assert f"{absent} =" not in bibtex
    for tag in ("PY", "T2", "JO", "DO", "UR"):
        assert f"\r\n{tag}  - " not in ris
    assert bibtex.startswith("@misc{d,"), "no year: the key is the document id"


def test_special_characters_are_escaped_and_braces_balance() -> None:
    meta = DocumentMeta(
        doc_id="odd_id",
        title="50% of {A} & B_1 cost $5 #2 ~x^2 \\n – naïve",
        source="J. {Weird}",
        authors=["Department of Health and Human Services", "Ørsted H"],
        year=2020,
    )
    bibtex = to_bibtex([meta])
    assert _braces_balance(bibtex)
    assert (
        r"{{50\% of \textbraceleft{}A\textbraceright{} \& B\_1 cost \$5 \#2 "
        r"\textasciitilde{}x\textasciicircum{}2 \textbackslash{}n – naïve}}" in bibtex
    ), "non-ASCII kept as UTF-8"
    assert r"journal = {J. \textbraceleft{}Weird\textbraceright{}}" in bibtex
    assert "author = {{Department of Health and Human Services} and Ørsted, H}" in bibtex
    assert bibtex.startswith("@article{services2020,"), "a group's last word, as a surname's"


def test_keys_are_unique_and_do_not_depend_on_the_order() -> None:
    metas = [
        DocumentMeta(doc_id="b", authors=["Stein EM"], year=2023),
        DocumentMeta(doc_id="a", authors=["Eytan M. Stein"], year=2023),
        DocumentMeta(doc_id="c", authors=["Lee, Ann"], year=2023),
        DocumentMeta(doc_id="stein2023a", title="an id that looks like a key"),
    ]
    keys = citation_keys(metas)
    assert keys == ["stein2023c", "stein2023b", "lee2023", "stein2023a"]
    assert dict(zip([m.doc_id for m in metas], keys, strict=True)) == dict(
        zip([m.doc_id for m in reversed(metas)], citation_keys(metas[::-1]), strict=True)
    )
    assert len(_entries(to_bibtex(metas))) == 4


def test_a_document_given_twice_is_exported_once() -> None:
    assert len(_entries(to_bibtex([BLINA, BLINA, BARE]))) == 2
    assert to_ris([BLINA, BLINA]).count("ER  - ") == 1


def test_ris_has_one_tag_per_line_and_crlf_throughout() -> None:
    ris = to_ris([BLINA, BARE])
    assert "\n" not in ris.replace("\r\n", "")
    lines = ris.split("\r\n")
    assert lines[:4] == [
        "TY  - JOUR",
        "ID  - vandersluis2023",
        "TI  - Blinatumomab Added to Interfant-06 Chemotherapy “Safe and Efficacious” in "
        "Infants with Newly Diagnosed KMT2A-Rearranged ALL",
        "AU  - van der Sluis, IM",
    ]
    assert "AU  - Kotecha, RS" in lines and "PY  - 2023" in lines
    assert "T2  - N Engl J Med" in lines and "JO  - N Engl J Med" in lines
    assert "DO  - 10.1056/NEJMoa2214171" in lines
    assert "UR  - https://doi.org/10.1056/NEJMoa2214171" in lines
    assert lines.count("ER  - ") == 2
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines if line)


def test_a_newline_in_a_value_cannot_start_a_tag() -> None:
    meta = DocumentMeta(doc_id="d", title="Line one\r\nER  - injected")
    ris = to_ris([meta])
    assert ris.count("\r\n") == 4 and "TI  - Line one ER - injected\r\n" in ris
    assert "title = {{Line one ER - injected}}" in to_bibtex([meta])


def test_references_dispatches_on_the_format() -> None:
    assert references([BARE], "bibtex") == to_bibtex([BARE])
    assert references([BARE], "ris") == to_ris([BARE])


def _summary(doc_id: str, title: str) -> DocumentSummary:
    return DocumentSummary(doc_id=doc_id, title=title, chunks=1, content_hash="h")


def test_document_metas_picks_stored_documents_in_order() -> None:
    archived = CleanDocument(meta=BLINA, text="t", sections=[], blocks=[], content_hash="h")
    summaries = [_summary(BLINA.doc_id, "x"), _summary("unarchived", "Stored title")]

    def load(doc_id: str) -> CleanDocument | None:
        return archived if doc_id == BLINA.doc_id else None

    everything = document_metas(summaries, load)
    assert everything == [BLINA, DocumentMeta(doc_id="unarchived", title="Stored title")]
    picked = document_metas(summaries, load, ["unarchived", BLINA.doc_id, "unarchived"])
    assert [m.doc_id for m in picked] == ["unarchived", BLINA.doc_id]
    with pytest.raises(DocumentNotFoundError, match="'nope', 'other'"):
        document_metas(summaries, load, ["nope", BLINA.doc_id, "other"])
