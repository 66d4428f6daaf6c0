from rag.answering.cues.mentions import AbbreviationForms, introduces, term_set, uncovered
from rag.text.words import covered


def test_uncovered_uses_abbreviations_and_document_topics() -> None:
    abbreviations = {"CR": "complete remission"}
    evidence = "35% of patients achieved complete remission with ziftomenib"
    assert uncovered(["cr", "ziftomenib", "aml"], evidence, {"aml"}, abbreviations) == []
    assert uncovered(["cr", "kmt2a"], evidence, set(), abbreviations) == ["kmt2a"]
    assert uncovered(["complete"], "CR was 35%", set(), abbreviations) == []
    hyphenated = {"Lipo-MIT": "liposomal mitoxantrone"}
    assert uncovered(["liposomal"], "Lipo-MIT was given", set(), hyphenated) == []
    # An ordinary word of a question, mentioned by the word reports use for it.
    reported = "Grade 3 or 4 adverse events included thrombocytopenia"
    assert uncovered(["side", "effects"], reported, set(), {}, names=False) == []
    assert uncovered(["side", "effects"], reported, set(), {}) == ["side", "effects"]  # names


def test_a_name_the_corpus_does_not_use_is_mentioned_only_as_itself() -> None:
    # "ziftomenab" shares its first letters with "ziftomenib", yet names another drug.
    evidence = "35% of patients achieved CR with ziftomenib; relapsed disease"
    assert uncovered(["ziftomenab"], evidence, set(), {}) == []  # a known word of its root
    assert uncovered(["ziftomenab"], evidence, set(), {}, {"ziftomenab"}) == ["ziftomenab"]
    assert uncovered(["relapse"], evidence, set(), {}, {"relapse"}) == []  # an inflection


def test_a_name_is_mentioned_by_its_root_not_by_its_first_four_letters() -> None:
    assert uncovered(["neutrophils"], "febrile neutropenia (55.6%)", set(), {}) == []
    assert uncovered(["mitomycin"], "mitoxantrone was given", set(), {}) == ["mitomycin"]
    # A question's ordinary words are mentioned by any word sharing their start.
    assert uncovered(["mitomycin"], "mitoxantrone was given", set(), {}, names=False) == []


def test_abbreviation_forms_answer_as_the_mapping_does_and_work_each_term_out_once() -> None:
    forms = AbbreviationForms({"CR": "complete remission", "Lipo-MIT": "liposomal mitoxantrone"})
    assert forms.long_form("cr") == frozenset({"complete", "remission"})
    assert forms.long_form("ziftomenib") == frozenset()
    assert forms.short_forms("liposomal") == (frozenset({"lipo", "mit"}),)
    assert forms.short_forms("liposomal") is forms.short_forms("liposomal")
    evidence = "CR in 7 of 20; Lipo-MIT was given"
    salient = ["complete", "liposomal", "kmt2a"]
    assert uncovered(salient, evidence, set(), forms) == ["kmt2a"]


def test_every_short_form_of_a_long_form_stands_for_it() -> None:
    long = "donor-lymphocyte infusions"
    forms = AbbreviationForms({"DLI": long, "DLIs": long})
    assert set(forms.short_forms("infusion")) == {frozenset({"dli"}), frozenset({"dlis"})}
    evidence = "the 2-year OS was 25% in the DLI group"
    assert uncovered(["lymphocyte", "infusion"], evidence, set(), forms) == []


def test_short_forms_are_found_through_the_long_forms_words_as_by_a_scan_of_all() -> None:
    abbreviations = {
        "CR": "complete remission", "CRi": "complete remission with incomplete recovery",
        "NPM1m": "npm1 mutated", "OS": "overall survival", "ORR": "overall response rate",
        "RT": "radiotherapy", "ITD": "internal tandem duplication", "Rx": "rx",
    }  # fmt: skip
    forms = AbbreviationForms(abbreviations)
    pairs = sorted({(long, short.lower()) for short, long in abbreviations.items()})
    terms = ["remissions", "complete", "comp", "npm1", "npm1mut", "overall", "over", "rx"]
    terms += ["radiotherapies", "tandem", "duplications", "survive", "ziftomenib", "co"]
    for term in terms:
        scanned = tuple(
            term_set(short) for long, short in pairs if covered(term, set(term_set(long)))
        )
        assert forms.short_forms(term) == scanned, term
    assert forms.short_forms("npm1") == (frozenset({"npm1m"}),)  # a name and a longer word
    assert forms.short_forms("remissions") == (
        frozenset({"cr"}), frozenset({"cri"}),
    )  # fmt: skip


def test_a_sentence_opening_with_a_name_and_what_it_is_introduces_it() -> None:
    assert introduces("Ziftomenib, an oral inhibitor of menin-KMT2A, was studied in AML.")
    assert introduces("IMGN632, a CD123-targeting antibody-drug conjugate, was studied.")
    assert introduces("Venetoclax (VEN), the BCL-2 inhibitor, was added.")
    assert not introduces("Overall, the CR/CRi rate in R/R AML was 69%.")
    assert not introduces("Similarly, an open-label phase 3 trial randomized 202 patients.")
    assert not introduces("However, a high proportion of patients lose the clone.")
    assert not introduces("In 2021, a 75-year-old man received the diagnosis.")
    assert not introduces("The drug, a menin inhibitor, was studied.")
    assert introduces("Flotetuzumab was studied in a phase 1/2 study in 88 patients.")
    assert not introduces("Patients were evaluated at day 28.")
    assert introduces("Uproleselan is an E-selectin antagonist that disrupts cell adhesion.")
    assert not introduces("It is a rare disease.")
