from rag.text.abbreviations import best_long_form, expand_query, find_abbreviations


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


def test_seed_corpus_definitions(seed_docs) -> None:
    text = "\n".join(doc.text for doc in seed_docs.values())
    found = find_abbreviations(text)
    assert found["MRD"] == "measurable residual disease"
    assert found["PFS"] == "progression-free survival"
    assert found["HCT"] == "hematopoietic cell transplantation"


def test_expansion_goes_both_ways() -> None:
    table = {"MRD": "measurable residual disease"}
    assert (
        expand_query("MRD after therapy", table) == "MRD after therapy measurable residual disease"
    )
    assert expand_query("Is measurable residual disease rising?", table).endswith(" MRD")
    assert expand_query("MRD and measurable residual disease", table) == (
        "MRD and measurable residual disease"
    )
    assert expand_query("nothing here", table) == "nothing here"
