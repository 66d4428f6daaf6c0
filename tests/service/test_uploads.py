"""The metadata an upload's form fields declare: parsed, bounded and validated with a 422 that
names the field."""

import pytest
from fastapi import HTTPException

from rag.types import DocumentMeta
from service.uploads import declared_meta


def test_every_field_is_declared() -> None:
    fields = {
        "title": ["  A   trial "],
        "authors": ["Stein EM; Erba HP", "Wang ES"],
        "year": ["2023"],
        "journal": ["Blood"],
        "doi": ["https://doi.org/10.1182/blood.2023"],
        "other": ["ignored"],
    }
    assert declared_meta("trial", fields) == DocumentMeta(
        doc_id="trial",
        title="A trial",
        source="Blood",
        year=2023,
        authors=["Stein EM", "Erba HP", "Wang ES"],
        identifiers=["doi:10.1182/blood.2023"],
    )


def test_no_fields_or_empty_ones_declare_nothing() -> None:
    assert declared_meta("trial", {}) is None
    assert declared_meta("trial", {"title": [""], "authors": [" ; "], "year": [""]}) is None


def test_a_doi_prefix_is_accepted() -> None:
    meta = declared_meta("trial", {"doi": ["doi:10.1056/NEJMoa2214171"]})
    assert meta is not None and meta.doi == "10.1056/NEJMoa2214171"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": ["23"]}, "year: an integer from 1000 to 2100"),
        ({"year": ["2101"]}, "year: an integer from 1000 to 2100"),
        ({"year": ["twenty"]}, "year: an integer from 1000 to 2100"),
        ({"year": ["２０２３"]}, "year: an integer from 1000 to 2100"),
        ({"year": ["9" * 5000]}, "year: at most 20 characters"),
        ({"doi": ["NEJMoa2214171"]}, "doi: shaped like 10.1056/NEJMoa2214171"),
        ({"doi": ["10.1056/has space"]}, "doi: shaped like"),
        ({"title": ["x" * 501]}, "title: at most 500 characters"),
        ({"journal": ["x" * 301]}, "journal: at most 300 characters"),
        ({"authors": ["x" * 201]}, "authors: at most 200 characters"),
        ({"authors": [";".join(f"A{n}" for n in range(101))]}, "authors: at most 100 names"),
        ({"title": ["One", "Two"]}, "title: give one value, not 2"),
    ],
)
def test_bad_values_are_a_422_naming_the_field(fields: dict[str, list[str]], message: str) -> None:
    with pytest.raises(HTTPException) as raised:
        declared_meta("trial", fields)
    assert raised.value.status_code == 422
    assert str(raised.value.detail).startswith(message)
