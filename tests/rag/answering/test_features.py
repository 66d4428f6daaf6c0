"""Candidate features: coverage of the question, sentence BM25, value kinds."""

import numpy as np
import pytest

from rag.answering.cues.mentions import AbbreviationForms
from rag.answering.features import (
    FEATURES,
    Evidence,
    coverage,
    features,
    phrase_coverage,
    sentence_bm25,
    token_match,
)
from rag.answering.question import analyse
from rag.retrieval.statistics import TermStatistics
from rag.text.words import terms
from tests.stand_ins import LEXICON

STATS = TermStatistics(chunks=50, doc_freq={"ziftomenib": 4, "rate": 20}, topics={})


def evidence(
    text: str,
    *,
    title: str = "",
    lead_in: str = "",
    topics=frozenset(),
    passage: str = "",
    section_kind: str = "body",
    paragraph: tuple[str, ...] = (),
) -> Evidence:
    return Evidence(
        text=text, rank=2, similarity=0.6, asked_similarity=0.5, asked_token_match=0.7,
        lead_in=lead_in, doc_id="trial-report", title=title, section_kind=section_kind,
        first_in_chunk=True, top_document=False, topics=topics, passage=passage,
        paragraph=paragraph,
    )  # fmt: skip


def test_a_sentence_saying_the_drug_is_about_the_document_subject() -> None:
    question = analyse("What CR rate did ziftomenib reach?", STATS, {}, LEXICON)
    plain = evidence("The drug reached a CR rate of 35%.")
    assert coverage(question, plain, {}).salient == ("ziftomenib",)
    titled = evidence("The drug reached a CR rate of 35%.", title="Ziftomenib in AML")
    assert coverage(question, titled, {}).salient == ()
    subject = evidence("The drug reached a CR rate of 35%.", topics=frozenset({"ziftomenib"}))
    assert coverage(question, subject, {}).salient == ()


def test_the_asked_kind_of_value_must_be_stated() -> None:
    question = analyse("What CR rate did ziftomenib reach?", STATS, {}, LEXICON)
    assert coverage(question, evidence("Ziftomenib induced remissions."), {}).kinds == ("percent",)
    assert coverage(question, evidence("Ziftomenib: CR in 7 of 20."), {}).kinds == ()


def test_how_a_drug_works_is_answered_by_a_sentence_stating_a_mechanism() -> None:
    question = analyse("How does milademetan work?", STATS, {}, LEXICON)
    tested = evidence("Milademetan was tested against a variety of cell-line tumor models.")
    assert coverage(question, tested, {}).kinds == ("mechanism",)
    inhibitor = evidence("Milademetan is a selective inhibitor of the MDM2-p53 interaction.")
    assert coverage(question, inhibitor, {}).kinds == ()


def test_a_sentence_defining_the_asked_name_is_about_the_question() -> None:
    common = TermStatistics(chunks=50, doc_freq={"venetoclax": 40}, topics={})
    question = analyse("What kind of drug is venetoclax?", common, {}, LEXICON)
    definition = evidence("Venetoclax is an oral, highly selective BCL-2 inhibitor.")
    assert coverage(question, definition, {}).related
    assert not coverage(question, evidence("Doses of venetoclax vary by trial."), {}).related


def test_the_sentence_introducing_a_case_answers_only_what_it_says_a_word_of() -> None:
    intro = evidence("In 2022, a 65-year-old man underwent a bone marrow biopsy.")
    induction = analyse("What induction did the 65-year-old man get?", STATS, {}, LEXICON)
    assert not coverage(induction, intro, {}).related
    biopsy = analyse("Why did the 65-year-old man undergo a biopsy?", STATS, {}, LEXICON)
    assert coverage(biopsy, intro, {}).related


def test_a_sentence_stating_the_asked_kind_mentions_the_word_naming_it() -> None:
    common = TermStatistics(
        chunks=50, doc_freq={"gilteritinib": 40, "dose": 2, "used": 2}, topics={}
    )
    question = analyse("What dose of gilteritinib is used?", common, {}, LEXICON)
    assert coverage(question, evidence("Gilteritinib was initiated at 120 mg/d."), {}).related
    assert not coverage(question, evidence("Gilteritinib was initiated early."), {}).related


def test_a_subgroup_is_named_by_the_sentence_not_by_its_documents_subject() -> None:
    # The whole trial's 6-month RFS is no answer for the patients who received HSCT, though the
    # trial report is about HSCT; a sentence about those patients is, as is one whose lead-in
    # or title names them. The drug itself may still be the document's subject.
    stats = TermStatistics(chunks=50, doc_freq={"ziftomenib": 4, "hsct": 5}, topics={})
    question = analyse(
        "What 6-month RFS did patients who received HSCT reach with ziftomenib?", stats, {}, LEXICON
    )
    assert question.subgroups == {"hsct": ""}
    about = frozenset({"ziftomenib", "hsct"})
    overall = evidence("The 6-month RFS was 80.8%.", topics=about)
    assert coverage(question, overall, {}).salient == ("hsct",)
    named = evidence("The 6-month RFS of 6 patients who received HSCT was 100%.", topics=about)
    assert coverage(question, named, {}).salient == ()
    led = evidence("The 6-month RFS was 100%.", lead_in="Six pts underwent HSCT.", topics=about)
    assert coverage(question, led, {}).salient == ()
    # Named two sentences before, the subgroup is no longer the one reported on.
    earlier = evidence(
        "In 41 patients, the 6-month RFS was 50%.",
        lead_in="Six pts underwent HSCT. Nevertheless, relapses were frequent.",
        topics=about,
    )
    assert coverage(question, earlier, {}).salient == ("hsct",)


def test_a_subgroup_said_with_the_other_status_is_not_the_one_asked() -> None:
    # "TP53-wt" in the sentence before names TP53, but not the patients with TP53 mutations.
    stats = TermStatistics(
        chunks=50, doc_freq={"milademetan": 4, "tp53": 5, "mutations": 40}, topics={}
    )
    question = analyse(
        "What ORR did milademetan reach in patients with TP53 mutations?", stats, {}, LEXICON
    )
    wild = evidence("The ORR was 19.4%.", lead_in="Milademetan in TP53-wt solid tumors.")
    assert coverage(question, wild, {}).salient == ("tp53",)
    mutated = evidence("The ORR was 10%.", lead_in="Milademetan in TP53-mutated solid tumors.")
    assert coverage(question, mutated, {}).salient == ()


def test_the_stage_and_age_group_are_read_back_through_the_paragraph() -> None:
    # The sentence and its lead-in name no stage; the paragraph's opening names R/R AML.
    stats = TermStatistics(chunks=50, doc_freq={"gilteritinib": 4, "children": 30}, topics={})
    paragraph = (
        "Median OS was longer with gilteritinib.",
        "A total of 247 patients were randomized.",
        "A phase 3 study in R/R AML compared gilteritinib with salvage chemotherapy.",
    )
    sentence = "The 2-year survival rate was 20.6% with gilteritinib."
    read = evidence(sentence, lead_in=" ".join(reversed(paragraph[:2])), paragraph=paragraph)
    new = analyse(
        "What was the 2-year survival with gilteritinib in newly diagnosed AML?", stats, {}, LEXICON
    )
    assert "newly diagnosed" in coverage(new, read, {}).salient
    relapsed = analyse(
        "What was the 2-year survival with gilteritinib in R/R AML?", stats, {}, LEXICON
    )
    assert "relapsed or refractory" not in coverage(relapsed, read, {}).salient
    children = analyse(
        "What was the 2-year survival with gilteritinib in children?", stats, {}, LEXICON
    )
    assert coverage(children, read, {}).salient == ("children",)
    infants = evidence(sentence, paragraph=("Thirty infants received gilteritinib.",))
    assert coverage(children, infants, {}).salient == ()


def test_a_case_patient_is_the_one_introduced_earlier_in_the_paragraph() -> None:
    question = analyse("When did the 65-year-old man relapse after transplant?", STATS, {}, LEXICON)
    later = "Unfortunately, the patient relapsed 5 months after transplant."
    introduced = (
        "After 1 cycle, the patient achieved a CR.",
        "In 2022, a 65-year-old man was ill.",
    )
    found = coverage(question, evidence(later, paragraph=introduced), {})
    assert found.salient == () and found.related  # "65", "old", "man": said where introduced
    other = ("In 2021, a 75-year-old man was ill.",)
    assert coverage(question, evidence(later, paragraph=other), {}).salient == ("65-year-old",)


def test_patients_said_to_have_received_the_drug_are_not_those_naive_to_it() -> None:
    stats = TermStatistics(
        chunks=50, doc_freq={"magrolimab": 3, "venetoclax": 6, "ven": 6}, topics={}
    )
    question = analyse(
        "What median OS did magrolimab reach in venetoclax-naive patients?", stats, {}, LEXICON
    )
    abbreviations = {"VEN": "venetoclax"}
    exposed = evidence("Magrolimab gave a median OS of 3.1 months with prior VEN exposure.")
    assert "venetoclax" in coverage(question, exposed, abbreviations).salient
    naive = evidence("Magrolimab gave a median OS of 9 months in VEN-naive patients.")
    assert "venetoclax" not in coverage(question, naive, abbreviations).salient


def test_an_endpoints_short_form_is_named_by_any_form_of_the_endpoint() -> None:
    # The document defines ORR as the objective response rate; its "best overall response"
    # still names the ORR asked.
    stats = TermStatistics(chunks=50, doc_freq={"milademetan": 4, "orr": 3}, topics={})
    question = analyse("What ORR did milademetan reach?", stats, {}, LEXICON)
    best = evidence("Milademetan: the best overall response was 19.4% (6/31).")
    assert coverage(question, best, {"orr": "objective response rate"}).salient == ()
    endpoint = evidence("Milademetan: the primary endpoint was objective response rate (ORR).")
    assert coverage(question, endpoint, {"orr": "objective response rate"}).kinds == ("percent",)


def test_a_subgroup_pooled_with_another_is_not_the_one_asked_unless_asked_so() -> None:
    stats = TermStatistics(
        chunks=50, doc_freq={"ziftomenib": 4, "kmt2a": 5, "npm1": 5, "flt3": 5}, topics={}
    )
    pooled = evidence(
        "The CR rate was 30%.", lead_in="Ziftomenib in NPM1-mutated or KMT2A-rearranged AML."
    )
    kmt2a = analyse(
        "What CR rate did ziftomenib reach in KMT2A-rearranged AML?", stats, {}, LEXICON
    )
    assert coverage(kmt2a, pooled, {}).salient == ("kmt2a",)
    union = analyse(
        "What CR rate did ziftomenib reach in NPM1-mutated or KMT2A-rearranged AML?",
        stats, {}, LEXICON,
    )  # fmt: skip
    assert coverage(union, pooled, {}).salient == ()


def test_an_amount_of_treatment_the_question_states_is_stated_by_the_answer() -> None:
    question = analyse("What ORR did ziftomenib reach after two cycles?", STATS, {}, LEXICON)
    one = evidence("Ziftomenib: the ORR after one cycle was 70.4%.")
    assert coverage(question, one, {}).salient == ("2 cycles",)
    two = evidence("The ORR was 80%.", lead_in="Ziftomenib was given for 2 cycles.")
    assert coverage(question, two, {}).salient == ()


def test_an_age_bound_the_question_puts_is_stated_by_the_answer() -> None:
    question = analyse("What OS did ziftomenib reach in patients older than 60?", STATS, {},
                       LEXICON)  # fmt: skip
    everyone = evidence("Ziftomenib: the 6-month OS was 71.4%.")
    assert coverage(question, everyone, {}).salient == ("age 60",)
    older = evidence("Ziftomenib: the OS of patients aged 60 years or older was 50%.")
    assert coverage(question, older, {}).salient == ()


def test_a_table_row_states_the_asked_time_point_itself() -> None:
    # Rows above a row are other records: their "2 y" is no time point of this row's value,
    # though a sentence's lead-in may state it ("... followed for 2 years. Its OS was 73%.").
    question = analyse("What was the 2-year OS with ziftomenib?", STATS, {}, LEXICON)
    row = "Ziftomenib cohort Median OS, 18.4 mo"
    above = "Ziftomenib 2 y EFS, 54%"
    table = evidence(row, lead_in=above, section_kind="table")
    assert coverage(question, table, {}).salient == ("2-year",)
    assert coverage(question, evidence(row, lead_in=above), {}).salient == ()
    stated = evidence("Ziftomenib cohort 2 y OS, 73%", lead_in=above, section_kind="table")
    assert coverage(question, stated, {}).salient == ()


def test_an_asked_median_is_not_answered_by_a_landmark_rate() -> None:
    question = analyse("What was the median OS with ziftomenib?", STATS, {}, LEXICON)
    assert question.endpoints == ("median overall survival",)
    landmark = evidence("Ziftomenib: after a median follow-up of 3 months, the 6-month OS was 71%.")
    assert coverage(question, landmark, {}).salient == ("median overall survival",)
    median = evidence("Ziftomenib: the median OS was 5.1 months.")
    assert coverage(question, median, {}).salient == ()


def test_the_asked_endpoint_must_be_named_by_the_sentence_itself() -> None:
    question = analyse("What median duration of response did ziftomenib reach?", STATS, {}, LEXICON)
    assert question.endpoints == ("median duration of response",)
    pfs = evidence("Ziftomenib: the median PFS was 3.5 months.")
    assert coverage(question, pfs, {}).salient == ("median duration of response",)
    lead = evidence("It was 3.5 months.", lead_in="The median DOR of ziftomenib was long. ")
    assert coverage(question, lead, {}).salient == ("median duration of response",)
    dor = evidence("Ziftomenib: the median DOR was 3.5 months.")
    assert coverage(question, dor, {}).salient == ()
    values = features(
        question, pfs, coverage(question, pfs, {}), AbbreviationForms({}), best_similarity=0.6,
        best_asked_similarity=0.5, best_asked_token_match=0.7, bm25=1.0, best_bm25=1.0,
    )  # fmt: skip
    assert values[FEATURES.index("salient_missing")] == 0.0  # the drug is named


def test_a_stated_dose_must_be_the_one_the_sentence_or_its_lead_in_reports() -> None:
    question = analyse("How many patients reached CR on ziftomenib at 400 mg?", STATS, {}, LEXICON)
    other = evidence("Ziftomenib: 7 of 20 patients reached CR at the 600 mg dose.")
    assert coverage(question, other, {}).salient == ("400 mg",)
    same = evidence("7 of 20 patients reached CR.", lead_in="Ziftomenib was given at 400 mg. ")
    assert coverage(question, same, {}).salient == ()


def test_a_regimen_asked_must_be_the_one_the_nearest_text_naming_a_regimen_names() -> None:
    question = analyse("What was the 1-year OS with gilteritinib plus venetoclax?", STATS, {},
                       LEXICON)  # fmt: skip
    forms = AbbreviationForms({"AZA": "azacitidine", "VEN": "venetoclax"})
    result = "The 1-year OS rate of the 14 patients was 27%."
    triplet = evidence(result, lead_in="AZA/VEN plus gilteritinib gave responses in 74%. ")
    assert coverage(question, triplet, forms).salient == ("gilteritinib plus venetoclax",)
    doublet = evidence(result, lead_in="Gilteritinib plus VEN gave responses in 74%. ")
    assert coverage(question, doublet, forms).salient == ()


def test_a_term_named_only_among_examples_of_the_population_is_unmentioned() -> None:
    question = analyse("What was the ORR of ziftomenib in sarcoma?", STATS, {}, LEXICON)
    example = evidence(
        "With ziftomenib the ORR was 19%, including a patient with sarcoma who had 100% shrinkage."
    )
    assert "sarcoma" in coverage(question, example, {}).salient
    own = evidence("With ziftomenib the ORR in sarcoma was 19%, including 2 CRs.")
    assert coverage(question, own, {}).salient == ()


def test_a_subgroup_named_before_a_sentence_opening_with_its_own_people_is_not_theirs() -> None:
    question = analyse("What CR rate did ziftomenib reach in TP53-mutated patients?", STATS, {},
                       LEXICON)  # fmt: skip
    assert "tp53" in question.subgroups
    genes = "The most frequently mutated genes were CEBPA, followed by TP53 (7.4%). "
    own = evidence("Among all 27 ziftomenib pts, the CR rate was 63.0%.", lead_in=genes)
    assert coverage(question, own, {}).salient == ("tp53",)
    theirs = evidence("With ziftomenib the CR rate was 63.0%.", lead_in=genes)
    assert coverage(question, theirs, {}).salient == ()


def test_a_stated_ordinal_must_be_the_sentence_s_or_its_lead_in_s() -> None:
    question = analyse("How many infants received a second course of blinatumomab?", STATS, {},
                       LEXICON)  # fmt: skip
    one = evidence("Thirty infants received one cycle of blinatumomab.")
    assert coverage(question, one, {}).salient == ("ordinal 2",)
    second = evidence("Four infants received a 2nd course.", lead_in="Blinatumomab was given. ")
    assert coverage(question, second, {}).salient == ()


def test_terms_carried_from_the_conversation_need_one_mention() -> None:
    question = analyse("And what dose? (ziftomenib KOMET-001)", STATS, {}, LEXICON,
                       context={"ziftomenib", "komet", "001"})  # fmt: skip
    assert coverage(question, evidence("Ziftomenib was given at 600 mg."), {}).salient == ()
    assert coverage(question, evidence("Placebo was given at 600 mg."), {}).salient


def test_sentence_bm25_rewards_rare_terms_and_penalises_length() -> None:
    weights = {"ziftomenib": 2.0, "rate": 0.5}
    short = sentence_bm25(weights, "Ziftomenib rate")
    assert short > sentence_bm25(weights, "Rate rate")
    padded = "Ziftomenib rate " + "words " * 60
    assert short > sentence_bm25(weights, padded) > 0
    assert sentence_bm25(weights, "") == 0.0


def test_sentence_bm25_counts_a_plural_and_its_singular_as_one_word() -> None:
    # "What primary endpoints ...": "The primary endpoint was ..." matches both words, not one.
    weights = {"primary": 2.0, "endpoints": 3.0}
    primary = sentence_bm25(weights, "The primary endpoint was the CRc rate.")
    assert primary > sentence_bm25(weights, "Secondary endpoints were ORR and safety.")
    sentence = "The primary endpoint was the CRc rate."
    assert primary == sentence_bm25({"primary": 2.0, "endpoint": 3.0}, sentence)


def named_features(question_text: str, sentence: str, best_bm25: float = 1.0) -> dict[str, float]:
    """The features of ``sentence`` (similarity 0.6 of the best 0.8) for ``question_text``."""
    question = analyse(question_text, STATS, {}, LEXICON)
    item = evidence(sentence)
    values = features(question, item, coverage(question, item, {}), AbbreviationForms({}),
                      best_similarity=0.8, best_asked_similarity=0.5,
                      best_asked_token_match=0.7, bm25=1.0,
                      best_bm25=best_bm25)  # fmt: skip
    return dict(zip(FEATURES, values, strict=True))


def test_features_follow_the_declared_order() -> None:
    named = named_features(
        "What CR rate did ziftomenib reach?", "Ziftomenib reached a CR rate of 35% (7 of 20).", 2.0
    )
    assert named["similarity_gap"] == pytest.approx(-0.2)
    assert named["passage_rank"] == 0.5 and named["bm25"] == 0.5
    assert named["kind_asked"] == 1.0 and named["kind_stated"] == 1.0
    assert named["salient_in_sentence"] == 1.0 and named["salient_missing"] == 0.0
    assert named["no_salient"] == 0.0
    assert named["has_number"] == 1.0 and named["foreign"] == 0.0


def test_a_question_naming_no_subject_is_told_apart_from_one_whose_subject_is_named() -> None:
    assert analyse("What rate was reached?", STATS, {}, LEXICON).salient == ()
    named = named_features("What rate was reached?", "A rate of 35% was reached.")
    assert named["no_salient"] == 1.0 and named["salient_missing"] == 0.0


def test_front_matter_is_told_by_its_own_text_in_any_section() -> None:
    question = "What CR rate did ziftomenib reach?"
    assert named_features(question, "Blood. 2024;143(12):1101-1115.")["front_matter"] == 1.0
    assert named_features(question, "Ziftomenib reached a CR rate of 35%.")["front_matter"] == 0.0


def test_phrase_coverage_counts_question_pairs_kept_together() -> None:
    question = analyse("What is the pain associated with CHIKV?", STATS, {}, LEXICON)
    assert question.pairs == [("pain", "asso"), ("asso", "chik")]
    together = "Nerve endings in the joints explain pain associated with CHIKF."
    scattered = "CHIKV infection brings fatigue, and pain is associated with it."
    reversed_order = "Associated pain is typical of CHIKV infection."
    assert phrase_coverage(question.pairs, terms(together)) == 1.0
    assert phrase_coverage(question.pairs, terms(scattered)) == 0.5
    assert phrase_coverage(question.pairs, terms(reversed_order)) == 0.5
    assert phrase_coverage([], terms(together)) == 0.0


def test_a_list_answers_only_a_question_asking_for_one() -> None:
    sentence = "It ran in France, Italy, Spain and the U.S."
    asked = named_features("Which countries took part in the trial?", sentence)
    assert asked["list_stated"] == 1.0 and asked["list_answered"] == 1.0
    other = named_features("Where did the trial run?", sentence)
    assert other["list_stated"] == 1.0 and other["list_answered"] == 0.0


def test_a_stated_trial_phase_must_be_the_passage_s() -> None:
    question = analyse("What CR rate did ziftomenib reach in phase 3?", STATS, {}, LEXICON)
    sentence = "Ziftomenib reached a CR rate of 35%."
    other = evidence(sentence, passage=f"In the phase 1/2 KOMET-001 study: {sentence}")
    assert coverage(question, other, {}).salient == ("phase 3",)
    same = evidence(sentence, passage=f"In the phase III trial: {sentence}")
    assert coverage(question, same, {}).salient == ()


def test_token_match_is_the_mean_of_each_question_tokens_best_match() -> None:
    question = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    sentence = np.array([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8], [0.0, 0.0, 1.0]])
    assert token_match(question, sentence) == pytest.approx((1.0 + 0.6) / 2)
    assert token_match(question, sentence[:1]) == pytest.approx(0.5)  # one word unmatched
    assert token_match(question, np.zeros((0, 3))) == 0.0
    assert token_match(np.zeros((0, 3)), sentence) == 0.0


def test_asked_token_match_gap_is_measured_from_the_best_rival() -> None:
    question = analyse("What CR rate did ziftomenib reach?", STATS, {}, LEXICON)
    item = evidence("Ziftomenib reached a CR rate of 35%.")
    values = features(
        question, item, coverage(question, item, {}), AbbreviationForms({}), best_similarity=0.6,
        best_asked_similarity=0.5, best_asked_token_match=0.9, bm25=1.0, best_bm25=1.0,
    )  # fmt: skip
    named = dict(zip(FEATURES, values, strict=True))
    assert named["asked_token_match"] == 0.7 and named["asked_token_match_gap"] == pytest.approx(
        -0.2
    )
