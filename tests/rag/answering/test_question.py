"""Question analysis: language, kinds of value asked, salient and focus terms."""

import pytest

from rag.answering.cues.kinds import question_types
from rag.answering.question import Question, analyse, is_foreign
from rag.retrieval.statistics import TermStatistics
from tests.stand_ins import LEXICON

STATS = TermStatistics(
    chunks=40,
    doc_freq={"ziftomenib": 3, "rate": 12, "dose": 4, "milademetan": 2},
    topics={},
)


@pytest.mark.parametrize(
    ("question", "foreign"),
    [
        ("What CR rate did ziftomenib reach?", False),
        ("How many patients died in the trial?", False),
        ("¿Cuál fue la supervivencia global con blinatumomab?", True),
        ("Quel a été le taux de réponse avec le milademetan ?", True),
        ("Welche Tagesdosis von Ziftomenib wird empfohlen?", True),
        ("米拉德美坦的中位无进展生存期是多少?", True),
        ("¿Cuántos pacientes recibieron milademetan?", True),
        ("Wie viele Patienten wurden in KOMET-001 aufgenommen?", True),
        ("What did van der Sluis and de Lorenzo report et al?", False),
    ],
)
def test_language(question: str, foreign: bool) -> None:
    assert is_foreign(question) is foreign


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What CR rate did ziftomenib reach?", {"percent"}),
        ("How many patients were enrolled?", {"count"}),
        ("At what dose and on which day was it given?", {"dose", "schedule"}),
        ("What is the trial's registry identifier?", {"identifier"}),
        ("Which genes were most frequently mutated?", {"list"}),
        ("¿Cuántos pacientes?", {"count"}),
        ("Quel a été le taux de réponse ?", {"percent"}),
        ("Welche Tagesdosis wird empfohlen?", {"dose"}),
        ("中位无进展生存期是多少?", {"count", "duration"}),
        ("How does ziftomenib work?", {"mechanism"}),
        ("In which journal was the ziftomenib study published?", {"venue"}),
        ("Where were the results published?", {"venue"}),
        ("Where was the first case reported?", set()),
        ("What was the outcome with ziftomenib?", set()),
    ],
)
def test_kinds_of_value_asked(question: str, kinds: set[str]) -> None:
    assert question_types(question) == kinds


def test_a_foreign_question_keeps_only_names_the_corpus_uses() -> None:
    question = analyse("Quel a été le taux de réponse avec le milademetan ?", STATS, {}, LEXICON)
    assert question.foreign
    assert question.salient == ("milademetan",)


def test_an_english_question_keeps_names_the_corpus_lacks() -> None:
    question = analyse("What CR rate did revumenib reach?", STATS, {}, LEXICON)
    assert "revumenib" in question.salient and not question.foreign
    assert "revumenib" not in question.focus and "rate" in question.focus


def test_names_the_corpus_uses_in_no_spelling_are_unknown() -> None:
    asked = analyse("What dose of revumenib and ziftomenib?", STATS, {}, LEXICON)
    assert asked.unknown == {"revumenib"} and "ziftomenib" in asked.salient
    # Used by the corpus, or in another inflection ("milademetans"), it is known.
    assert not analyse("Did milademetans or ziftomenib work?", STATS, {}, LEXICON).unknown


def test_a_regimen_s_partners_are_read_where_a_value_of_it_is_asked() -> None:
    rate = analyse("What CR rate did ziftomenib plus milademetan reach?", STATS, {}, LEXICON)
    assert rate.partners == ("ziftomenib", "milademetan")
    # which drugs are given with it asks for its partners: no regimen is asked about
    which = analyse("Which drugs are given with ziftomenib plus milademetan?", STATS, {}, LEXICON)
    assert which.partners == ()


def test_a_phase_in_roman_numerals_is_a_phase_not_a_name() -> None:
    question = analyse("What CR rate did ziftomenib reach in phase III?", STATS, {}, LEXICON)
    assert "iii" not in question.salient and question.phases == ("3",)


def test_numbers_the_question_states_are_conditions() -> None:
    question = analyse("How many patients received two cycles of ziftomenib?", STATS, {}, LEXICON)
    assert question.quantified == {"cycles"}
    assert not analyse("How many ziftomenib patients responded?", STATS, {}, LEXICON).quantified


def test_focus_terms_are_weighted_by_rarity_and_abbreviations_expand() -> None:
    question = analyse("What CR rate did ziftomenib reach?", STATS, {"CR": "complete remission"},
                       LEXICON)  # fmt: skip
    assert {"complete", "remission"} <= set(question.weights)
    assert question.weights["rate"] < question.weights["complete"]


def test_the_long_form_of_a_salient_abbreviation_is_subject_not_focus() -> None:
    abbreviations = {"AML": "acute myeloid leukemia"}
    question = analyse("What rate did ziftomenib reach in AML?", STATS, abbreviations, LEXICON)
    assert "aml" in question.salient
    assert {"acute", "myeloid", "leukemia"} <= set(question.weights)
    assert not {"acute", "myeloid", "leukemia"} & set(question.focus)
    assert "rate" in question.focus


@pytest.mark.parametrize(
    ("question", "salient", "parts"),
    [
        ("What CR rate and what ORR did ziftomenib reach?", ("ziftomenib",), []),
        (
            "What CR rate did ziftomenib reach and what did milademetan reach?",
            ("ziftomenib", "milademetan"),
            [
                "What CR rate did ziftomenib reach",
                "what CR rate did milademetan reach",
            ],
        ),
        (
            "What MRD negativity was reported after blinatumomab in infants and after Lipo-MIT "
            "in AML?",
            ("mrd", "negativity", "blinatumomab", "mit", "aml"),
            [
                "What MRD negativity was reported after blinatumomab in infants",
                "What MRD negativity was reported after Lipo-MIT in AML",
            ],
        ),
        (
            "What complete remission rates have ziftomenib and revumenib achieved in AML?",
            ("ziftomenib", "revumenib", "aml"),
            [
                "What complete remission rates have ziftomenib achieved in AML",
                "What complete remission rates have revumenib achieved in AML",
            ],
        ),
        (
            "Which trial enrolled more patients, KOMET-001 or MANTRA-2?",
            ("komet", "001", "mantra"),
            [
                "Which trial enrolled more patients, KOMET-001",
                "Which trial enrolled more patients, MANTRA-2",
            ],
        ),
        (
            "What two-year survival was reported for blinatumomab in infants and for "
            "gilteritinib in AML?",
            ("blinatumomab", "gilteritinib", "aml"),
            [
                "What two-year survival was reported for blinatumomab in infants",
                "What two-year survival was reported for gilteritinib in AML",
            ],
        ),
        (
            "What response rates did milademetan reach in MANTRA-2 and ziftomenib in KOMET-001?",
            ("milademetan", "mantra", "ziftomenib", "komet", "001"),
            [
                "What response rates did milademetan reach in MANTRA-2",
                "What response rates did ziftomenib in KOMET-001",
            ],
        ),
        (
            "What primary endpoints did the milademetan and Lipo-MIT plus CLAG trials use?",
            ("milademetan", "mit", "clag"),
            [
                "What primary endpoints did the milademetan trials use",
                "What primary endpoints did Lipo-MIT plus CLAG trials use",
            ],
        ),
        (
            "What CR rates did ziftomenib and revumenib reach in NPM1-mutant AML?",
            ("cr", "ziftomenib", "revumenib", "npm1", "aml"),
            [
                "What CR rates did ziftomenib reach in NPM1-mutant AML",
                "What CR rates did revumenib reach in NPM1-mutant AML",
            ],
        ),
        (
            "How many KOMET-001 patients had NPM1 mutations and FLT3 mutations?",
            ("komet", "001", "npm1", "flt3"),
            [
                "How many KOMET-001 patients had NPM1 mutations",
                "How many KOMET-001 patients had FLT3 mutations",
            ],
        ),
        ("Which grade 3 or 4 adverse events occurred with milademetan?", ("milademetan",), []),
        (
            "Which countries took part in KOMET-001 and where is the Princess Máxima Center",
            ("komet", "001", "máxima"),
            [
                "Which countries took part in KOMET-001",
                "where is the Princess Máxima Center",
            ],
        ),
        (
            "Where was the blinatumomab study led from and in which countries were the "
            "KOMET-001 hospitals?",
            ("blinatumomab", "komet", "001"),
            [
                "Where was the blinatumomab study led from",
                "in which countries were the KOMET-001 hospitals",
            ],
        ),
        (
            "How many patients received milademetan and how many received ziftomenib?",
            ("milademetan", "ziftomenib"),
            [
                "How many patients received milademetan",
                "how many patients received ziftomenib",
            ],
        ),
        (
            "How many patients were treated with flotetuzumab and how many with magrolimab?",
            ("flotetuzumab", "magrolimab"),
            [
                "How many patients were treated with flotetuzumab",
                "How many patients were treated with magrolimab",  # what was asked of the first
            ],
        ),
        (
            "How many patients were enrolled in MANTRA-2 and how many in the blinatumomab study?",
            ("mantra", "blinatumomab"),
            [
                "How many patients were enrolled in MANTRA-2",
                "How many patients were enrolled in the blinatumomab study",
            ],
        ),
        (
            "How many patients received milademetan and how many infants were enrolled in the "
            "blinatumomab study?",
            ("milademetan", "blinatumomab"),
            [
                "How many patients received milademetan",
                "how many infants were enrolled in the blinatumomab study",
            ],
        ),
        (
            "How many patients were enrolled in MANTRA-2 and what was the dose of ziftomenib?",
            ("mantra", "ziftomenib"),
            [
                "How many patients were enrolled in MANTRA-2",
                "what was the dose of ziftomenib",
            ],
        ),
        (
            "How many patients had molecular testing in MANTRA-2 and how many received two "
            "cycles of Lipo-MIT?",
            ("mantra", "mit"),
            [
                "How many patients had molecular testing in MANTRA-2",
                "how many patients received two cycles of Lipo-MIT",
            ],
        ),
        (
            # "NPM1-mutated" describes the patients asked about; it is no verb leaving them out
            "How many infants were enrolled in the blinatumomab study and how many NPM1-mutated "
            "patients received ziftomenib?",
            ("blinatumomab", "npm1", "ziftomenib"),
            [
                "How many infants were enrolled in the blinatumomab study",
                "how many NPM1-mutated patients received ziftomenib",
            ],
        ),
        (
            # "with A and B plus C" names one regimen; "did A and B plus C reach" two subjects
            "What was the composite CR rate with ASTX727 and venetoclax plus gilteritinib?",
            ("cr", "astx727", "venetoclax", "gilteritinib"),
            [],
        ),
        (
            "What response rates did milademetan and Lipo-MIT plus CLAG reach?",
            ("milademetan", "lipo", "mit", "clag"),
            [
                "What response rates did milademetan reach",
                "What response rates did Lipo-MIT plus CLAG reach",
            ],
        ),
        (
            "What were the ORRs of ivosidenib, olutasidenib and enasidenib?",
            ("orr", "ivosidenib", "olutasidenib", "enasidenib"),
            [],
        ),
        (
            "What mutation appeared at relapse besides NPM1, FLT3-ITD and TET2?",
            ("npm1", "flt3", "itd", "tet2"),
            [],
        ),
        (
            "How many infants were MRD negative or had low MRD levels after blinatumomab?",
            ("mrd", "blinatumomab"),
            [],
        ),
        (
            # two names after "with" joined by a bare "and" are one treatment or population
            "What 2-year OS did NPM1 MRD relapse patients reach with chemotherapy and HCT?",
            ("os", "npm1", "mrd", "hct"),
            [],
        ),
        (
            "What was the CR/CRi rate with FLAG-IDA and venetoclax in R/R AML?",
            ("cr", "cri", "flag", "ida", "venetoclax", "aml"),
            [],
        ),
        (
            "At what dose was gilteritinib started for the patient with NPM1 and FLT3-ITD relapse?",
            ("gilteritinib", "npm1", "flt3", "itd"),
            [],
        ),
        (
            "What is the 2-year disease-free survival with blinatumomab and the 6-month "
            "relapse-free survival with Lipo-MIT plus CLAG?",
            ("blinatumomab", "lipo", "mit", "clag"),
            [
                "What is the 2-year disease-free survival with blinatumomab",
                "What is the 6-month relapse-free survival with Lipo-MIT plus CLAG",
            ],
        ),
        (
            "What composite CR rates did ASTX727 plus venetoclax achieve with ivosidenib and "
            "with enasidenib?",
            ("cr", "astx727", "venetoclax", "ivosidenib", "enasidenib"),
            [
                "What composite CR rates did ASTX727 plus venetoclax achieve with ivosidenib",
                "What composite CR rates did ASTX727 plus venetoclax achieve with enasidenib",
            ],
        ),
    ],
)
def test_a_question_about_several_subjects_has_a_query_per_part(
    question: str, salient: tuple[str, ...], parts: list[str]
) -> None:
    analysed = Question(question, salient, {}, {}, frozenset(), foreign=False)
    assert analysed.parts == parts


def test_the_words_a_follow_up_carries_name_no_part_and_go_with_every_part() -> None:
    def parts(text: str, salient: tuple[str, ...], context: set[str]) -> list[str]:
        question = Question(text, salient, {}, {}, frozenset(), False, context=frozenset(context))
        return question.parts

    versus = "What median OS did it reach versus salvage chemotherapy? (gilteritinib)"
    assert parts(versus, ("os", "gilteritinib"), {"gilteritinib"}) == []
    both = "And what was the ORR with revumenib and with ziftomenib? (NPM1-mutant)"
    assert parts(both, ("orr", "revumenib", "ziftomenib", "npm1"), {"npm1"}) == [
        "And what was the ORR with revumenib (NPM1-mutant)",
        "And what was the ORR with ziftomenib (NPM1-mutant)",
    ]
    # A question that carries nothing keeps its parenthesis as its own words.
    own = "What CR rate did revumenib reach versus salvage chemotherapy (SC)?"
    assert len(parts(own, ("cr", "revumenib", "sc"), set())) == 2


def test_what_is_asked_leaves_the_subject_out() -> None:
    salient = ("ziftomenib", "npm1", "aml")
    text = "What CR rate did ziftomenib reach in NPM1-mutant AML?"
    analysed = Question(text, salient, {}, {}, frozenset(), foreign=False)
    assert analysed.asked == "What CR rate did reach in"
    assert Question("What is NPM1?", ("npm1",), {}, {}, frozenset(), False).asked == ""


def test_a_case_patient_asked_about_by_age_is_no_part_of_what_is_asked() -> None:
    question = Question(
        "What induction did the 65-year-old man receive?", (), {}, {}, frozenset(),
        foreign=False, cases=("65-year-old",),
    )  # fmt: skip
    assert question.asked == "What induction did receive?"
    own = Question(
        "In a 65-year-old man, what CR rate did ziftomenib reach?", ("ziftomenib",), {}, {},
        frozenset(), foreign=False,
    )  # fmt: skip
    assert own.asked == "In a 65-year-old man, what CR rate did reach?"
