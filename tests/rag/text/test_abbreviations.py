import random
import re

from rag.text.abbreviations import (
    _candidates,
    best_long_form,
    expand_query,
    find_abbreviations,
    vote_abbreviations,
)


def test_schwartz_hearst_long_form() -> None:
    assert best_long_form("MRD", "assessment of measurable residual disease") == (
        "measurable residual disease"
    )
    assert best_long_form("HCT", "allogeneic hematopoietic cell transplantation") == (
        "hematopoietic cell transplantation"
    )
    assert best_long_form("XYZ", "nothing that matches") is None


def test_mining_prefers_the_most_frequent_definition() -> None:
    text = (
        "We measured measurable residual disease (MRD) in all. Minimal residual disease (MRD) "
        "is an older name. Again measurable residual disease (MRD). Overall survival (OS) and "
        "a value (35%) and a year (2022) are not abbreviations."
    )
    assert find_abbreviations(text) == {
        "MRD": "measurable residual disease",
        "OS": "overall survival",
    }


def test_a_plural_short_form_defines_its_singular() -> None:
    text = "allogeneic HCT or donor-lymphocyte infusions (DLIs). The DLI group did well."
    assert find_abbreviations(text) == {
        "DLI": "donor-lymphocyte infusions",
        "DLIs": "donor-lymphocyte infusions",
    }
    own = "tyrosine kinase inhibitors (TKIs), a tyrosine kinase inhibitor (TKI) each"
    assert find_abbreviations(own)["TKI"] == "tyrosine kinase inhibitor"
    assert find_abbreviations("reads of mass spectra (MS) here") == {"MS": "mass spectra"}


def test_a_shortened_name_is_a_short_form_but_a_gene_is_not_its_mutation() -> None:
    text = "azacitidine (AZA) plus venetoclax (VEN), or FLT3-ITD (FLT3) at relapse"
    assert find_abbreviations(text) == {"AZA": "azacitidine", "VEN": "venetoclax"}


def test_seed_corpus_definitions(seed_docs) -> None:
    text = "\n".join(doc.text for doc in seed_docs.values())
    found = find_abbreviations(text)
    assert found["MRD"] == "measurable residual disease"
    assert found["PFS"] == "progression-free survival"
    assert found["HCT"] == "hematopoietic cell transplantation"


def test_expansion_goes_both_ways() -> None:
    table = {"MRD": "measurable residual disease"}
    forms = {"measurable residual disease": "MRD", "complete remission": "CR"}
    assert expand_query("MRD after therapy", table, forms) == (
        "MRD after therapy measurable residual disease"
    )
    assert expand_query("Is measurable residual disease rising?", table, forms).endswith(" MRD")
    assert expand_query("MRD and measurable residual disease", table, forms) == (
        "MRD and measurable residual disease"
    )
    assert expand_query("nothing here", table, forms) == "nothing here"
    # A long form inside a longer word is not written out: no CR for "incomplete remission".
    assert expand_query("How long did incomplete remission last?", table, forms) == (
        "How long did incomplete remission last?"
    )


def test_a_long_form_the_vote_passed_over_still_names_its_short_form() -> None:
    voted = {"ORR": "overall response rate"}
    short_forms = {"objective response rate": "ORR", "overall response rate": "ORR"}
    assert expand_query("What objective response rates were reached?", voted, {}) == (
        "What objective response rates were reached?"
    )
    assert expand_query("What objective response rates were reached?", voted, short_forms) == (
        "What objective response rates were reached? ORR"
    )
    assert expand_query("Overall response rate and ORR", voted, short_forms) == (
        "Overall response rate and ORR"
    )
    # Whole words only: "nonobjective response rates" is no "objective response rate".
    assert expand_query("nonobjective response rates", {}, short_forms) == (
        "nonobjective response rates"
    )


def _vote(documents: dict[str, str]) -> dict[str, str]:
    lowered = [text.lower() for text in documents.values()]
    return vote_abbreviations(
        [find_abbreviations(text) for text in documents.values()],
        lambda form: sum(form in text for text in lowered),
    )


def test_one_document_has_one_vote_however_often_it_repeats_a_definition() -> None:
    documents = {
        "trial": "The complete remission (CR) rate was 35%.",
        "review": "Complete remission after induction is the goal.",
        "poison": "Cardiac rhythm (CR) was noted. " * 6,
    }
    assert _vote(documents)["CR"] == "complete remission"


def test_a_tie_between_documents_leaves_the_short_form_out() -> None:
    documents = {
        "trial": "Progression-free survival (PFS) was 3.6 months.",
        "poison": "Patient follow-up schedule (PFS) was weekly. " * 6,
        "other": "Overall survival (OS) was 11 months.",
    }
    assert _vote(documents) == {"OS": "overall survival"}


_EVERY_START = re.compile(r"([^()\n]{1,200}?)\s*\(\s*([^()\s;,]{2,10})\s*[;,)]")


def test_candidates_are_those_of_the_regex_tried_at_every_start() -> None:
    rng = random.Random(7)
    alphabet = "ab (),;\n  ABCD\tMRD"
    texts = ["Foo bar\n(FB) and measurable residual disease (MRD), x" * 3, "a" * 450 + " (AB)"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in texts:
        expected = [
            (m.group(1), m.group(2)) for m in _EVERY_START.finditer(text) if m.group(1).strip()
        ]
        assert list(_candidates(text)) == expected, text
