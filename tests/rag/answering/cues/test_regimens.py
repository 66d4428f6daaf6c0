from rag.answering.cues.mentions import AbbreviationForms
from rag.answering.cues.regimens import partners, regimens, states_partners


def test_a_regimen_asked_by_its_partners_is_not_one_with_another_partner() -> None:
    salient = ["os", "gilteritinib", "venetoclax"]
    question = "What was the 1-year OS with gilteritinib plus venetoclax?"
    asked = partners(question, salient)
    assert asked == ["gilteritinib", "venetoclax"]
    assert partners("What was the 1-year OS with gilteritinib?", salient) == []
    assert regimens("AZA/VEN plus gilteritinib, then CR/CRi") == [
        ["aza", "ven", "gilteritinib"], ["cr", "cri"],
    ]  # fmt: skip
    assert regimens("tested in a phase 2 trial in combination with AZA/VEN") == [["aza", "ven"]]
    forms = AbbreviationForms({"AZA": "azacitidine", "VEN": "venetoclax"})
    triplet = "The triplet combination AZA/VEN plus gilteritinib yielded a response in 74%."
    result = "The median OS was 5.8 months."
    assert not states_partners(asked, question, [result, triplet], forms)
    # the nearest text naming a regimen with an asked partner decides
    doublet = "Gilteritinib plus VEN gave a CR rate of 75%."
    assert states_partners(asked, question, [result, doublet, triplet], forms)
    assert states_partners(asked, question, [result, "Azacitidine was given."], forms)
    # a partner named through its long form, and a regimen of other drugs, are no other partner
    assert states_partners(
        ["aza", "ven"], "What OS did AZA/VEN reach?", ["OS with azacitidine/VEN"], forms
    )
    assert states_partners(asked, question, ["CR/CRi was 40% with decitabine/cedazuridine"], forms)
