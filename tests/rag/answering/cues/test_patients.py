from rag.answering.cues.patients import (
    case_age,
    case_ages,
    names_case,
    refers_to_patient,
    states_case_age,
)


def test_a_case_patient_asked_about_by_age_is_the_one_the_paragraph_introduced() -> None:
    assert case_ages("What induction did the 65-year-old man receive?") == ["65-year-old"]
    assert case_ages("When did the 65 year old man relapse?") == ["65-year-old"]
    # The asker's own patient, described, is no case of the literature.
    assert case_ages("In a 70-year-old patient, what CR rate did ziftomenib reach?") == []
    introduced = "In 2022, a 65-year-old man underwent a bone marrow biopsy."
    later = "Unfortunately, the patient relapsed 5 months after allogeneic HCT."
    assert states_case_age("65-year-old", [later, "After 1 cycle of CPX-351, a CR.", introduced])
    other = "In 2021, a 75-year-old man received the diagnosis of AML."
    assert not states_case_age("65-year-old", [later, other, introduced])  # nearest decides
    assert not states_case_age("65-year-old", ["The median OS was 5.8 months."])  # no case
    assert names_case(introduced) and not names_case(later)


def test_a_case_told_on_in_later_paragraphs_is_the_one_its_document_opened_last() -> None:
    relapse = "Treatment with gilteritinib was initiated at 120 mg/d."
    lead = "Already 4 weeks after detecting MRD, the patient developed a relapse."
    assert states_case_age("52-year-old", [relapse, lead], in_force="52")
    assert not states_case_age("52-year-old", [relapse, lead], in_force="75")
    assert not states_case_age("52-year-old", [relapse, lead])  # no case opened before
    # discussion around a mention of the patient, not the sentence or its lead-in
    general = "The prognosis is especially dismal after an early relapse."
    mention = "In our patient 3, the relapse probability was especially high."
    assert not states_case_age("65-year-old", [general, "Outcome is poor.", mention], "65")
    assert refers_to_patient(mention) and refers_to_patient("She relapsed.")
    assert not refers_to_patient("Those patients relapsed.")


def test_a_case_s_age_is_the_number_of_its_label() -> None:
    assert case_age("65-year-old") == "65"
    assert [case_age(case) for case in case_ages("Did the 7 year old boy relapse?")] == ["7"]
