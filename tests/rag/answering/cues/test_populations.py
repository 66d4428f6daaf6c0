import pytest

from rag.answering.cues.populations import (
    ALTERED,
    EXPOSED,
    NAIVE,
    UNALTERED,
    age_groups,
    contradicts,
    exposures,
    names_own_population,
    pools,
    states_age_group,
    subgroups,
    the_other_alternative,
)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What CR rate did ziftomenib reach in NPM1-mutant AML?", {"npm1": ALTERED}),
        (
            "What was the ORR in KMT2A-rearranged or FLT3-ITD positive AML?",
            {"kmt2a": ALTERED, "flt3": ALTERED, "itd": ALTERED},
        ),
        ("What ORR did milademetan reach in patients with TP53 mutations?", {"tp53": ALTERED}),
        ("How many patients in MANTRA-2 had TP53 mutations?", {"tp53": ALTERED}),
        ("How many patients harboring FLT3 mutations responded?", {"flt3": ALTERED}),
        ("What ORR did milademetan reach in TP53-wildtype tumors?", {"tp53": UNALTERED}),
        ("What ORR was reached without TP53 mutations?", {"tp53": UNALTERED}),
        ("What was the 6-month RFS of patients who received HSCT after Lipo-MIT?", {"hsct": ""}),
        # What the patients received is theirs even as an ordinary word; a generic one is not.
        ("How long did patients survive with and without salvage therapy?", {"salvage": ""}),
        ("What was the median OS of those who received salvage chemotherapy?", {"salvage": ""}),
        ("What was the ORR of patients who received treatment?", {}),
        ("What CR rate did ziftomenib reach?", {}),
        ("What was the ORR with Lipo-MIT plus CLAG?", {}),
    ],
)
def test_a_subgroup_of_the_patients_is_read_from_how_the_question_puts_it(
    question: str, named: dict[str, str]
) -> None:
    salient = ["ziftomenib", "npm1", "kmt2a", "flt3", "itd", "milademetan", "tp53", "hsct",
               "lipo", "mit", "clag"]  # fmt: skip
    assert subgroups(question, salient) == named


def test_a_subgroup_said_only_with_the_other_status_is_contradicted() -> None:
    assert contradicts("tp53", ALTERED, "activity against MDM2amp, TP53 -wt laboratory models")
    assert contradicts("tp53", ALTERED, "in wild-type TP53 solid tumors")
    assert not contradicts("tp53", ALTERED, "in TP53-mutated AML")
    assert not contradicts("tp53", ALTERED, "wild-type TP53 and mutated TP53 alike")
    assert not contradicts("tp53", ALTERED, "TP53 was sequenced")  # no status said
    assert contradicts("tp53", UNALTERED, "patients with TP53 mutations")
    assert not contradicts("hsct", "", "HSCT-negative")  # a subgroup with no status asked


def test_a_drug_the_patients_were_naive_to_or_had_received_is_a_subgroup() -> None:
    assert exposures("What ORR did it reach in venetoclax-naïve patients?") == {"venetoclax": NAIVE}
    assert exposures("in patients naive to TKIs") == {"tkis": NAIVE}
    for text in ("with prior VEN exposure", "VEN-exposed", "previously treated with VEN"):
        assert exposures(text) == {"ven": EXPOSED}, text
    assert exposures("irrespective of prior TKI treatment") == {}
    assert exposures("after prior therapy") == {}  # a generic word
    assert exposures("VEN-naive patients and those with prior VEN exposure") == {}  # both
    question = "What median OS did magrolimab reach in venetoclax-naive patients?"
    assert subgroups(question, ["magrolimab", "venetoclax"]) == {"venetoclax": NAIVE}
    # Said of the term or of another of its forms (here, its abbreviation), with the other status.
    exposed = "only 2 out of 17 patients with prior VEN exposure showed a response"
    assert contradicts("venetoclax", NAIVE, exposed, {"ven"})
    assert not contradicts("venetoclax", NAIVE, exposed)
    assert not contradicts("venetoclax", EXPOSED, exposed, {"ven"})
    assert not contradicts("venetoclax", NAIVE, "AZA/VEN was given", {"ven"})  # no status


def test_a_subgroup_said_only_beside_another_by_or_is_pooled() -> None:
    lead = "patients who have R/R with NPM1-mutated or KMT2A-rearranged AML."
    assert pools("kmt2a", lead) and pools("npm1", lead)
    assert pools("kmt2a", "in NPM1- or KMT2A-rearranged leukemia")
    assert not pools("kmt2a", f"{lead} In KMT2A-rearranged AML, the CR rate was 25%.")
    assert not pools("kmt2a", "an inhibitor of the menin-KMT2A interaction")  # no status said
    assert not pools("kmt2a", "NPM1-mutated and KMT2A-rearranged AML alike")


def test_a_sentence_opening_with_its_people_names_the_population_of_its_value() -> None:
    assert names_own_population("Among all 27 efficacy-evaluable pts, the CRc rate was 63.0%.")
    assert names_own_population("In patients with FLT3-ITD, the ORR was 40%.")
    assert names_own_population("Of the 41 patients, 10 relapsed.")
    assert not names_own_population("In these patients, the ORR was 40%.")
    assert not names_own_population("The ORR was 40% in 20 patients.")


def test_a_sentence_may_report_on_the_other_of_two_alternatives() -> None:
    lead = "Azacitidine (AZA) or decitabine plus venetoclax (VEN) is the standard of care."
    sentence = "The median OS was 14.7 months with AZA/VEN."
    assert the_other_alternative("decitabine", lead, sentence)
    assert the_other_alternative("azacitidine", lead, "The median OS was 9 months with decitabine.")
    assert not the_other_alternative("azacitidine", lead, "With azacitidine or AZA it was 14.7.")
    assert not the_other_alternative("decitabine", lead, "The median OS was 14.7 months.")
    assert not the_other_alternative("decitabine", "Decitabine plus VEN was given.", sentence)


def test_children_asked_must_be_named_and_adults_not_contradicted() -> None:
    assert age_groups("What ORR did FLAG-IDA reach in pediatric AML?") == ["children"]
    assert age_groups("What was the EFS of infants treated with blinatumomab?") == ["children"]
    assert age_groups("What CR rate did older adults reach?") == ["adults"]
    assert age_groups("What ORR in adults and in children?") == []  # both
    assert age_groups("What ORR did ziftomenib reach?") == []
    assert age_groups("Was it safe in women of childbearing potential?") == []
    # Children must be named by the nearest text naming an age group, or the document's subject.
    assert not states_age_group("children", ["The ORR in R/R AML was 75%.", ""])
    assert states_age_group("children", ["The 2-year DFS was 81.6%.", "Thirty infants."])
    assert states_age_group("children", ["The 2-year DFS was 81.6%."], {"infants"})
    assert not states_age_group("children", ["In adults, the ORR was 40%.", "Infants."])
    # Adults stand unless the nearest naming an age group names only children.
    assert states_age_group("adults", ["The ORR in R/R AML was 75%."])
    assert not states_age_group("adults", ["The 2-year DFS was 81.6%.", "Thirty infants."])
    assert states_age_group("adults", ["The CR rate in adults and children was 60%."])
