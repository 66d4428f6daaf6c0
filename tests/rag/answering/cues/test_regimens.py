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


def test_a_drug_combined_with_others_is_one_of_its_partners() -> None:
    salient = ["crc", "lipo", "mit", "idarubicin"]
    question = "What was the CRc rate with Lipo-MIT plus idarubicin?"
    asked = partners(question, salient)
    assert asked == ["lipo-mit", "idarubicin"]
    assert partners("What CRc did Lipo-MIT combined with idarubicin reach?", salient) == asked
    methods = "Pts received the Lipo-MIT (18 mg/m^2, day 1) combined with CLAG every 4 weeks."
    assert regimens(methods, lambda word: word == "Lipo-MIT") == [["lipo-mit", "clag"]]
    assert regimens(methods) == [["clag"]]
    forms = AbbreviationForms({})
    result = "Among all 27 efficacy-evaluable pts, the CRc rate was 63.0% (17/27)."
    assert not states_partners(asked, question, [result, methods], forms)
    lipo_clag = "What was the CRc rate with Lipo-MIT plus CLAG?"
    assert states_partners(["lipo-mit", "clag"], lipo_clag, [result, methods], forms)
    # the word before "in combination with" is no partner unless it names one
    trial = "IMGN632 was studied in a phase 2 trial in combination with AZA/VEN."
    assert regimens(trial, lambda word: word == "IMGN632") == [["aza", "ven"]]
