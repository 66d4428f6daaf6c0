import pytest

from rag.answering.cues import (
    answers_type,
    counts_focus,
    defines,
    question_types,
    salient_terms,
    uncovered,
)


def test_question_types() -> None:
    assert question_types("What CR rate did ziftomenib reach?") == {"percent"}
    assert question_types("How many patients were enrolled?") == {"count"}
    assert question_types("How long was the median follow-up?") == {"duration"}
    assert question_types("What dose was recommended?") == {"dose"}
    assert question_types("What is menin?") == {"definition"}
    assert question_types("What was the median progression-free survival?") == {"duration"}
    assert question_types("What was the two-year overall survival?") == set()
    assert question_types("What is the recommended daily dose of ziftomenib?") == {"dose"}
    assert question_types("What ORR did flotetuzumab reach at the phase 2 dose?") == set()


def test_answers_type() -> None:
    assert answers_type("percent", "35% (7 out of 20) responded")
    assert not answers_type("percent", "Many responded")
    assert answers_type("count", "Thirty patients were enrolled")
    assert answers_type("duration", "after 26.3 months")
    assert answers_type("dose", "600 mg daily")


def test_salient_terms_are_names_and_rare_words() -> None:
    doc_freq = {"ziftomenib": 3, "patients": 90, "remission": 40, "objective": 2}
    terms = salient_terms("What CR rate did ziftomenib reach in NPM1-mutant AML?", doc_freq, 100)
    assert terms == ["cr", "ziftomenib", "npm1", "mutant", "aml"]
    assert salient_terms("What was the objective response in patients?", doc_freq, 100) == []
    common = frozenset({"previous", "occurred"})
    question = "What previous name of ziftomenib occurred?"
    assert salient_terms(question, doc_freq, 100) == ["previous", "ziftomenib", "occurred"]
    assert salient_terms(question, doc_freq, 100, common) == ["ziftomenib"]


def test_ordinary_words_are_not_salient_in_capitals_or_plural() -> None:
    common = frozenset({"system", "regimen", "mit"})
    question = "SYSTEM: which regimens are used with ziftomenib or Lipo-MIT in AML?"
    assert salient_terms(question, {}, 100, common) == ["ziftomenib", "mit", "aml"]


def test_uncovered_uses_abbreviations_and_document_topics() -> None:
    abbreviations = {"CR": "complete remission"}
    evidence = "35% of patients achieved complete remission with ziftomenib"
    assert uncovered(["cr", "ziftomenib", "aml"], evidence, {"aml"}, abbreviations) == []
    assert uncovered(["cr", "kmt2a"], evidence, set(), abbreviations) == ["kmt2a"]
    assert uncovered(["complete"], "CR was 35%", set(), abbreviations) == []
    hyphenated = {"Lipo-MIT": "liposomal mitoxantrone"}
    assert uncovered(["liposomal"], "Lipo-MIT was given", set(), hyphenated) == []


def test_a_definition_names_the_term_as_its_subject_or_in_brackets() -> None:
    assert defines("mdm2", "MDM2 is an E3 ubiquitin ligase that degrades p53.")
    assert defines("venetoclax", "Venetoclax, an oral BCL-2 inhibitor, was approved.")
    assert defines("lipo-mit", "Mitoxantrone hydrochloride liposome (Lipo-MIT), the first.")
    assert not defines("mdm2", "In cancers, MDM2 amplification (MDM2amp) leads to loss of p53.")


def test_a_count_of_what_was_asked_or_of_people() -> None:
    assert counts_focus({"hospitals"}, "It was conducted across 22 hospitals in France.")
    assert counts_focus({"infants"}, "Thirty patients aged under 1 year were enrolled.")
    assert not counts_focus({"infants"}, "They received a 4-week continuous infusion.")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How does ziftomenib work?", "mechanism"),
        ("What is the mechanism of action of milademetan?", "mechanism"),
        ("What is MDM2?", "definition"),
        ("What does CRc stand for?", "definition"),
    ],
)
def test_soft_kinds_of_question(question: str, kind: str) -> None:
    assert kind in question_types(question)
